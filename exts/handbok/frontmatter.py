"""The one reader of a page's front matter, for the extension and the command-line tools.

MyST finds the front matter block (its ``front_matter`` plugin: a first line ``---`` up to the
next line ``---``) and turns the values into the page's metadata. What MyST does not keep is
where each key stands and whether a key is repeated; this module reads the same block once with
YAML's composer, which gives values and source lines together, so every warning about a field
points at the field's own line.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import yaml
from sphinx.environment import BuildEnvironment

from .util import in_swedish

#: The C loader when PyYAML has it (about ten times faster on thousands of pages).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The problem of a block that is not ``key: value`` lines (a list, a bare text).
NOT_MAPPING = "not a mapping"


@dataclass
class FrontMatter:
    """The front matter of one source text."""

    #: The values, as YAML reads them (dates as :class:`datetime.date`).
    values: dict[str, Any] = field(default_factory=dict)
    #: 1-based line of each top-level key in the source file.
    lines: dict[str, int] = field(default_factory=dict)
    #: (key, line, line of its first occurrence) for every repeated key.
    repeated: list[tuple[str, int, int]] = field(default_factory=list)
    #: (problem, line) when YAML cannot read the block or it is not ``key: value`` lines.
    error: tuple[str, int] | None = None
    #: The raw YAML text and the line of its first row in the source file.
    text: str = ""
    first_line: int = 2
    #: The line of the closing ``---``.
    end_line: int = 1

    def line(self, key: str) -> int:
        """The line of ``key``; for an absent key, the block's opening ``---`` (line 1)."""
        return self.lines.get(key, 1)

    def text_value(self, key: str) -> str:
        """A value as the page shows it: stripped text, empty for a missing or null value."""
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value).strip()


def split(text: str) -> tuple[str, int, int] | None:
    """(YAML text, line of its first row, line of the closing ``---``) or None."""
    if not text.startswith("---"):
        return None
    lines = text.splitlines()
    if lines[0].strip() != "---":
        return None
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            return "\n".join(lines[1:end]), 2, end + 1
    return None


def body(text: str) -> tuple[str, int]:
    """The text after the front matter and the line it starts on."""
    found = split(text)
    if found is None:
        return text, 1
    _yaml, _first, end = found
    return "\n".join(text.splitlines()[end:]), end + 1


def read(text: str) -> FrontMatter | None:
    """The front matter of a Markdown source, or None when it has none."""
    found = split(text)
    if found is None:
        return None
    raw, first, end = found
    fm = FrontMatter(text=raw, first_line=first, end_line=end)
    loader = LOADER(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return fm
        if not isinstance(node, yaml.MappingNode):
            fm.error = (NOT_MAPPING, first)
            return fm
        seen: dict[str, int] = {}
        for key_node, _value_node in node.value:
            key = str(key_node.value)
            line = first + key_node.start_mark.line
            if key in seen:
                fm.repeated.append((key, line, seen[key]))
            else:
                seen[key] = line
        fm.lines = seen
        values = loader.construct_document(node)
    except Exception as error:  # noqa: BLE001 - YAML raises several kinds (ValueError for dates)
        fm.error = (_problem(error), first + _error_row(raw, error))
        return fm
    finally:
        loader.dispose()
    fm.values = values if isinstance(values, dict) else {}
    return fm


def _problem(error: Exception) -> str:
    return in_swedish(getattr(error, "problem", None) or str(error))


def _error_row(raw: str, error: Exception) -> int:
    """0-based row of a YAML error: the first row that fails on its own, else YAML's mark."""
    rows = raw.splitlines()
    for offset, row in enumerate(rows):
        try:
            yaml.load(row, Loader=LOADER)  # noqa: S506 - safe loader
        except Exception:  # noqa: BLE001
            return offset
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        return min(int(mark.line), max(len(rows) - 1, 0))
    return 0


# --- the front matter of the page being read --------------------------------------------------

_KEY = "handbok:front-matter"


def remember(env: BuildEnvironment, docname: str, fm: FrontMatter | None) -> None:
    """Keep the front matter read at ``source-read`` for the rest of the page's reading."""
    if env.current_document.docname == docname:
        env.current_document[_KEY] = fm


def of_page(env: BuildEnvironment, docname: str) -> FrontMatter | None:
    """The front matter of the page being read: the one read at ``source-read``, else read
    from the source file."""
    if env.current_document.docname == docname and _KEY in env.current_document:
        fm: FrontMatter | None = env.current_document[_KEY]
        return fm
    try:
        with open(env.doc2path(docname), encoding="utf-8") as f:
            return read(f.read())
    except (OSError, UnicodeDecodeError):
        return None
