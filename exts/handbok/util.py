"""Small shared helpers: logging with type/subtype, id and list parsing."""

from __future__ import annotations

import re

from sphinx.util import logging

logger = logging.getLogger("handbok")

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_HELP = ("Ett id får bara innehålla små bokstäver a–z, siffror och bindestreck "
           "(till exempel huddinge-metod-2).")


def warn(message: str, subtype: str, location) -> None:
    """Emit a located, suppressible warning (``suppress_warnings = ["handbok.<subtype>"]``)."""
    logger.warning(message, type="handbok", subtype=subtype, location=location)


def split_ids(value: str | None) -> list[str]:
    """Split a comma or whitespace separated option into ids, keeping order, dropping repeats."""
    if not value:
        return []
    seen: list[str] = []
    for part in re.split(r"[,\s]+", value.strip()):
        if part and part not in seen:
            seen.append(part)
    return seen


def valid_id(value: str) -> bool:
    return bool(ID_RE.match(value))
