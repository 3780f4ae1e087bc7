"""Shared helpers: located warnings, ids, Swedish collation, case periods and links."""

from __future__ import annotations

import difflib
import re
import subprocess
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import NamedTuple, TypeAlias
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .state import write_memo
from .text import slug as slug  # part of this module's helpers (an explicit re-export)
from .text import swedish_date
from .vocabulary import Subtype

logger = logging.getLogger("handbok")

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Where a warning points: a docname, (docname or path, line), a node, or nowhere (the
#: ``location`` of Sphinx's logger).
Location: TypeAlias = str | tuple[str | None, int | None] | nodes.Node | None

ID_HELP = ("Ett id får bara innehålla små bokstäver a–z, siffror och bindestreck "
           "(till exempel huddinge-metod-2).")


def warn(message: str, subtype: Subtype, location: Location, *, once: bool = False) -> None:
    """Emit a located, suppressible warning (``suppress_warnings = ["handbok.<subtype>"]``).
    ``once``: only the first of the same message in this build (Sphinx's own filter, made
    anew for every application)."""
    logger.warning(message, type="handbok", subtype=subtype.value, location=location,
                   once=once)


def split_ids(value: str | None) -> list[str]:
    """Split a comma or whitespace separated option into ids, keeping order, dropping repeats."""
    if not value:
        return []
    seen: list[str] = []
    for part in re.split(r"[,\s]+", value.strip()):
        if part and part not in seen:
            seen.append(part)
    return seen


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """`` Menade du 'studiebesök'?`` for a misspelt choice (case, å/ä/ö and typos), else ''."""
    def plain(text: str) -> str:
        return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()

    by_plain = {plain(c): c for c in choices}
    match = difflib.get_close_matches(plain(value), list(by_plain), n=1, cutoff=0.75)
    return f" Menade du '{by_plain[match[0]]}'?" if match else ""


def split_comma(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,;]", value) if p.strip()]


def valid_id(value: str) -> bool:
    return bool(ID_RE.match(value))


#: The theme the handbook's theme adaptations (tables, sidebar sharing) rely on.
PYDATA_THEME = "pydata_sphinx_theme"


def theme_is_pydata_based(builder: Builder) -> bool:
    """Whether the builder's HTML theme is pydata-sphinx-theme or inherits from it."""
    theme = getattr(builder, "theme", None)
    if theme is None:
        return False
    return any(Path(d).name == PYDATA_THEME for d in theme.get_theme_dirs())


SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
#: (docname, address) of the unsafe links the source check has already warned about, so the
#: toctree check of the same page does not say it twice.
REPORTED_LINKS: set[tuple[str, str]] = set()


def safe_uri(uri: str) -> bool:
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
    cleaned = "".join(ch for ch in uri if ch > " " and ch != "\x7f")
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES


# --- Swedish collation ------------------------------------------------------------------------

_SV = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})


def sv_key(text: str) -> str:
    """Sort key that puts å, ä, ö after z, as Swedish does."""
    return text.lower().translate(_SV)


# --- case periods -------------------------------------------------------------------------------

PERIOD_HELP = ("Skriv perioden som ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD, eller som ett intervall "
               "med snedstreck: 2019-03/2019-05.")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_period(text: str) -> tuple[str, str] | None:
    """``'2019-03/2019-05'`` -> ``('2019-03', '2019-05')``; None when malformed."""
    parts = [p.strip() for p in re.split(r"\s*(?:/|–|—)\s*", text.strip())]
    if not 1 <= len(parts) <= 2:
        return None
    bounds = []
    for part in parts:
        match = _DATE_RE.match(part)
        if not match:
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            date(year or 0, month or 1, day or 1)
        except ValueError:
            return None
        bounds.append(part)
    start, end = bounds[0], bounds[-1]
    if end[:len(start)] < start[:len(end)]:
        return None
    return start, end


def reversed_period(text: str) -> tuple[str, str] | None:
    """``'2020/2019'`` -> ``('2020', '2019')``: both ends readable, the end before the start."""
    parts = [p.strip() for p in re.split(r"\s*(?:/|–|—)\s*", text.strip())]
    if len(parts) != 2 or parse_period(text) is not None:
        return None
    if any(parse_period(part) is None for part in parts):
        return None
    return parts[0], parts[1]


def period_label(text: str) -> str:
    """A period as readers say it: '2019-03/2019-04' -> 'mars–april 2019'."""
    period = parse_period(text) if text else None
    if period is None:
        return text
    start, end = period
    if start == end:
        return swedish_date(start)
    if len(start) == len(end) and start[:4] == end[:4] and len(start) > 4:
        if len(start) == 10 and start[:7] == end[:7]:
            return f"{int(start[8:])}–{swedish_date(end)}"
        if len(start) == 7:
            return f"{swedish_date(start, with_year=False)}–{swedish_date(end)}"
        return f"{swedish_date(start, with_year=False)} – {swedish_date(end)}"
    if len(start) == len(end) == 4:
        return f"{start}–{end}"
    return f"{swedish_date(start)} – {swedish_date(end)}"


def period_years(start: str, end: str) -> list[int]:
    return list(range(int(start[:4]), int(end[:4]) + 1))


# --- links --------------------------------------------------------------------------------------


def _builder(app_or_builder: Sphinx | Builder) -> Builder:
    return app_or_builder.builder if isinstance(app_or_builder, Sphinx) else app_or_builder


def in_output(app_or_builder: Sphinx | Builder, docname: str) -> bool:
    """False for a page a one-file builder (singlehtml) leaves out: orphans outside toctrees."""
    builder = _builder(app_or_builder)
    if builder.name != "singlehtml":
        return True
    env = builder.env
    memo = write_memo(env)
    if "in-toctrees" not in memo:
        included, todo = set(), [builder.config.root_doc]
        while todo:
            doc = todo.pop()
            if doc not in included:
                included.add(doc)
                todo.extend(env.toctree_includes.get(doc, ()))
        memo["in-toctrees"] = included
    return docname in memo["in-toctrees"]


def link(app_or_builder: Sphinx | Builder, fromdocname: str, todocname: str, anchor: str,
         text: str | nodes.Element, classes: list[str] | None = None) -> nodes.Element:
    """A reference to ``todocname#anchor``, or the bare text where the page is not output."""
    builder = _builder(app_or_builder)
    child = text if isinstance(text, nodes.Element) else nodes.inline(text, text,

                                                                  classes=classes or [])
    if not in_output(builder, todocname):
        return child
    try:
        return make_refnode(builder, fromdocname, todocname, anchor, child)
    except NoUri:
        # The target page is not part of this output (e.g. an orphan case page in a LaTeX
        # document): show the text without a link.
        return child


# --- follow-up files ----------------------------------------------------------------------------

#: Folder of the follow-up workbooks and Word reports in the output.
REPORT_DIR = "export/uppfoljning"
#: Folder of the HTML output where ``make handouts`` writes the training modules' PDFs.
HANDOUT_DIR = "utskrift"


def handout_file(module: str, edition: str = "deltagare") -> str:
    """File name of a module's handout: ``<page name>-deltagare.pdf`` or ``-handledare.pdf``
    (the ``handout`` role links it, ``handbok utskrift`` writes it)."""
    return f"{module}-{edition}.pdf"


class ReadyPack(NamedTuple):
    """A pack of training modules for a common session, which ``make handouts`` prints besides
    the modules (``<name>-deltagare.pdf``, ``<name>-handledare.pdf``) and the ``handout`` role
    links by its name."""

    name: str
    #: The modules' numbers, in the order of the training index's contents.
    modules: tuple[int, ...]
    #: The session, at the head of both editions' titles ("" for the modules' titles only).
    title: str = ""
    #: Words in the title of the facilitator note that is the session's time plan: it opens
    #: the facilitator's edition, and the modules' other time plans are left out.
    plan: str = ""


#: The ready packs: two hours for förvaltningschefer (modules 1 and 3, 60 minutes each) and
#: a 45-minute workplace meeting for all employees (module 1 with its 45-minute plan).
READY_PACKS = (
    ReadyPack("paket-1-3", (1, 3)),
    ReadyPack("arbetsplatstraff", (1,), "Arbetsplatsträff på 45 minuter", "45 minuter"),
)


def one_name_per_municipality(pairs: Iterable[tuple[str, object]]) -> dict[str, str]:
    """``(name, source)`` pairs -> each spelling's one name: spellings that differ only in case
    and spaces ("Huddinge Kommun", "Huddinge kommun") are one municipality, named as most of
    its policies write it (on a tie, the spelling with fewer capitals, then the one of the
    source that sorts first). Deterministic,
    whatever order the pairs come in."""
    groups: dict[str, dict[str, list[str]]] = {}
    for name, source in pairs:
        if name:
            key = slug(" ".join(name.split()))
            groups.setdefault(key, {}).setdefault(name, []).append(str(source))
    out: dict[str, str] = {}
    for spellings in groups.values():
        # Swedish writes "Huddinge kommun": on a tie the spelling with fewer capitals wins.
        best = min(spellings, key=lambda n: (-len(spellings[n]), sum(c.isupper() for c in n),
                                             min(spellings[n]), n))
        out.update((n, best) for n in spellings)
    return out


def report_file(municipality: str, year: int | None, ext: str) -> str:
    """The output path of a follow-up file: ``export/uppfoljning/uppfoljning-<kommun>-<år>``."""
    parts = ["uppfoljning", *([slug(municipality)] if municipality else []),
             *([str(year)] if year else [])]
    return f"{REPORT_DIR}/{'-'.join(parts)}.{ext}"


def absolute_url(app: Sphinx, docname: str, anchor: str = "") -> str:
    """A page's address from ``html_baseurl`` (relative to the site root when it is empty)."""
    builder = app.builder
    uri = builder.get_target_uri(docname) if builder.format == "html" else f"{docname}.html"
    if anchor:
        uri += f"#{anchor}"
    base = (app.config.html_baseurl or "").rstrip("/")
    return f"{base}/{uri}" if base else uri


#: What a spreadsheet program reads as a formula when a cell starts with it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading apostrophe before a formula start."""
    return "'" + text if text.startswith(FORMULA_START) else text


def git_output(cwd: Path, *args: str) -> str | None:
    """What ``git <args>`` prints in ``cwd``; None when git fails or is not there."""
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None
