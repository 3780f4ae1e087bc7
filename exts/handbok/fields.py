"""The field block of every directive, read as the editor wrote it (issue 25, "no silent loss").

MyST reads a directive's fields (``:key: value`` lines right after the opening line) and stops
at the first line that is not a field. Everything after it becomes body text without a word,
and a field written twice keeps its last value. This module closes that class of mistakes for
every directive of the site, before and while the directive runs:

- at ``source-read`` (the text as written, so every line number is exact): a tab or a control
  character in a field (two Excel cells pasted), an invisible character in a field (a soft
  hyphen, a zero-width space: "osynligt tecken U+00AD på rad 104") and a field written twice
  are each reported at their line, and tabs, control and invisible characters are removed so
  MyST reads the block;
- in the directive (:class:`.fieldblock.FieldBlock`): fields after a blank line or a stray
  line in the field block are read as fields, with a warning at the line, instead of becoming
  body text;
- :func:`guard_directives`: an exception inside any of the extension's directives becomes a
  located Swedish warning; the rest of the page and of the site still builds.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.parsers.rst import directives as rst_directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .fieldblock import FIELD_LINE_RE
from .util import block_failed, warn
from .vocabulary import Subtype

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: The opening line of a directive: ``:::{case} id`` or ```{case} id``.
_OPENER_RE = re.compile(
    r"^\s*(?:(?:\d+[.)]|[-*+])\s+)?(?P<fence>:{3,}|`{3,}|~{3,})\s*\{(?P<name>[\w:-]+)\}")
_CLOSER_RE = re.compile(r"^\s*(?::{3,}|`{3,}|~{3,})\s*$")

#: Characters that do not show: their names in messages.
INVISIBLE_NAMES = {
    "\u00ad": "mjukt bindestreck", "\u200b": "nollbrett mellanslag",
    "\u200c": "nollbred icke-sammanfogare", "\u200d": "nollbred sammanfogare",
    "\u2060": "ordsammanfogare", "\ufeff": "BOM-tecken", "\u180e": "mongoliskt vokalskiljetecken",
    "\u200e": "vänster-till-höger-markering", "\u200f": "höger-till-vänster-markering",
    "\u202a": "riktningstecken", "\u202b": "riktningstecken", "\u202c": "riktningstecken",
    "\u202d": "riktningstecken", "\u202e": "riktningstecken", "\u2066": "riktningstecken",
    "\u2067": "riktningstecken", "\u2068": "riktningstecken", "\u2069": "riktningstecken",
}


def invisible(ch: str) -> bool:
    """A character that takes no visible space (format characters, soft hyphen)."""
    return ch in INVISIBLE_NAMES or unicodedata.category(ch) == "Cf"


def control(ch: str) -> bool:
    """A tab or another control character (not the line break)."""
    return ch != "\n" and unicodedata.category(ch) == "Cc"


def describe(ch: str) -> str:
    """``osynligt tecken U+00AD (mjukt bindestreck)``."""
    if control(ch):
        what = "tabbtecken" if ch == "\t" else "styrtecken"
        return f"{what} U+{ord(ch):04X}"
    name = INVISIBLE_NAMES.get(ch)
    return f"osynligt tecken U+{ord(ch):04X}" + (f" ({name})" if name else "")


def _registered(name: str) -> type[Directive] | None:
    """The directive class registered under ``name`` (docutils' registry of the directives
    Sphinx and the extensions added, and those docutils has loaded), or None."""
    registry: dict[str, type[Directive]] = getattr(rst_directives, "_directives", {})
    return registry.get(name.lower())


# --- the source as written ----------------------------------------------------------------------


def check_field_blocks(app: Sphinx, docname: str, source: list[str]) -> None:
    """Warn about and repair per-line mistakes in every directive's field block."""
    text = source[0]
    if ":" not in text:
        return
    lines = text.split("\n")
    changed = False
    index = 0
    # The front matter's values are fields too.
    if lines and lines[0].strip() == "---":
        end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), 0)
        for n in range(1, end):
            cleaned = _clean_line(docname, n + 1, lines[n])
            if cleaned != lines[n]:
                lines[n], changed = cleaned, True
            _check_front_matter_line(docname, n + 1, cleaned)
        index = end + 1
    # Headings are names too: an invisible character in one ends up in every listing. And a
    # line that is a heading, a block's opening or closing line or a field once its invisible
    # characters are gone would silently stop being one.
    for n in range(index, len(lines)):
        line = lines[n]
        if _HEADING_RE.match(line):
            cleaned = _clean_line(docname, n + 1, line, what="Rubriken")
        # isprintable() first, in C: a control or invisible character is never printable, and
        # most lines have none (a character by character look costs seconds on a long file).
        elif not line.isprintable() and any(control(ch) or invisible(ch) for ch in line):
            plain = "".join(ch for ch in line if not (control(ch) or invisible(ch)))
            if not (_HEADING_RE.match(plain) or _OPENER_RE.match(plain)
                    or _CLOSER_RE.match(plain) or FIELD_LINE_RE.match(plain)):
                continue
            cleaned = _clean_line(docname, n + 1, line, what="Raden")
        else:
            continue
        if cleaned != line:
            lines[n], changed = cleaned, True
    while index < len(lines):
        opener = _OPENER_RE.match(lines[index])
        index += 1
        if not opener:
            continue
        cls = _registered(opener["name"])
        spec = getattr(cls, "option_spec", None) or {}
        if not spec:
            continue
        seen: dict[str, int] = {}
        gap = 0
        while index < len(lines):
            line = lines[index]
            if not line.strip():
                gap += 1
                if gap > 2:
                    break
                index += 1
                continue
            if _CLOSER_RE.match(line) or _OPENER_RE.match(line):
                break
            cleaned = _clean_line(docname, index + 1, line)
            if cleaned != line:
                lines[index], changed = cleaned, True
            match = FIELD_LINE_RE.match(cleaned)
            if not match:
                if gap:
                    break
                index += 1
                continue
            gap = 0
            key = match["key"]
            if key in seen and key in spec:
                first = seen[key]
                warn(f"Fältet ':{key}:' står två gånger (rad {first} och rad {index + 1}). Bara "
                     f"värdet på rad {index + 1} används. Ta bort den rad som är fel.",
                     Subtype.DUPLICATE_FIELD, (docname, index + 1))
            seen.setdefault(key, index + 1)
            index += 1
    if changed:
        source[0] = "\n".join(lines)


_HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]")
_FRONT_KEY_RE = re.compile(r"^(?P<key>[^\s:#][^:]*?):(?:[ \t]+(?P<value>.*))?$")
#: Front matter keys Sphinx and MyST read, besides the policy fields.
_OTHER_KEYS = ("orphan", "nocomments", "nosearch", "tocdepth", "title", "myst", "html_meta",
               "jupytext", "kernelspec", "substitutions")
#: Quotes and dashes a word processor writes instead of the plain ones.
WORD_QUOTES = "”“„’‘»«"


def _check_front_matter_line(docname: str, lineno: int, line: str) -> None:
    """A key with capitals or a typo ("Status:", "reveiw-by:") is not read; a value that
    starts with a Word quote keeps the quote as part of the value."""
    from .vocabulary import POLICY_FIELDS
    match = _FRONT_KEY_RE.match(line)
    if not match:
        return
    key, value = match["key"].strip(), (match["value"] or "").strip()
    known = ("policy", *POLICY_FIELDS, *_OTHER_KEYS)
    if key not in known:
        from .util import did_you_mean
        hint = did_you_mean(key, known)
        if hint or key.lower() in known:
            hint = hint or f" Menade du '{key.lower()}'?"
            warn(f"Fältet '{key}' i sidhuvudet finns inte och läses inte.{hint} Skriv "
                 "fältets namn med små bokstäver, precis som i mallen.", Subtype.FRONT_MATTER,
                 (docname, lineno))
    if value and value[0] in WORD_QUOTES:
        warn(f"Värdet i fältet '{key}' börjar med ett typografiskt citattecken "
             f"('{value[0]}'), som ordbehandlare skriver. Det blir en del av värdet. Skriv "
             "vanliga raka citattecken (\") eller inga alls.", Subtype.FRONT_MATTER,
             (docname, lineno))


def _clean_line(docname: str, lineno: int, line: str, what: str = "Fältet") -> str:
    bad = [ch for ch in dict.fromkeys(line) if control(ch) or invisible(ch)]
    if not bad:
        return line
    chars = ", ".join(describe(ch) for ch in bad)
    warn(f"{what} innehåller {chars} på rad {lineno}. Tecknet syns inte (eller delar texten, "
         "som när två celler klistras in från Excel) och har tagits bort: kontrollera att "
         "värdet blev rätt och skriv om raden med vanliga tecken.", Subtype.INVISIBLE_CHAR,
         (docname, lineno))
    out = []
    for ch in line:
        if control(ch):
            out.append(" ")
        elif not invisible(ch):
            out.append(ch)
    return "".join(out)


# --- table rows with more cells than the header -----------------------------------------------

_DELIMITER_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.M)


def _cells(line: str) -> int:
    """The number of cells of a Markdown table row (escaped and code pipes do not count)."""
    text = re.sub(r"`[^`]*`", "", line.replace("\\|", "")).strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return text.count("|") + 1


def _markdown(app: Sphinx) -> MarkdownIt:
    """MyST's own Markdown parser with the site's settings, made once per application."""
    md: MarkdownIt | None = getattr(app, "_handbok_fields_md", None)
    if md is None:
        from markdown_it.renderer import RendererHTML
        from myst_parser.parsers.mdit import create_md_parser
        # Both attributes are set at run time: MyST's settings on the environment, and this
        # parser on the application (issue 24: state kept on the application).
        md = app._handbok_fields_md = create_md_parser(  # type: ignore[attr-defined]
            app.env.myst_config, RendererHTML)  # type: ignore[attr-defined]
    return md


def check_tables(app: Sphinx, docname: str, source: list[str]) -> None:
    """A row pasted from Excel with an extra cell: Markdown drops the cell without a word."""
    text = source[0]
    if "|" not in text or not _DELIMITER_RE.search(text):
        return
    try:
        tokens = _markdown(app).parse(text)
    except Exception:  # noqa: BLE001 - MyST reports what it cannot parse itself
        return
    lines = text.split("\n")
    for token in tokens:
        if token.type != "table_open" or not token.map:
            continue
        start, end = token.map
        header = _cells(lines[start])
        for index in range(start + 2, min(end, len(lines))):
            count = _cells(lines[index])
            if count > header:
                warn(f"Raden i tabellen har {count} celler, men rubrikraden har {header}. Det "
                     f"som står i cell {header + 1} och framåt visas inte. Lägg till en kolumn "
                     "i rubrikraden, eller slå ihop cellerna (ofta har en cell från Excel "
                     "delats i två).", Subtype.TABLE_CELLS, (docname, index + 1))


# --- any exception inside a directive ---------------------------------------------------------


def _guard(cls: type[Directive]) -> type[Directive]:
    run = cls.run
    if getattr(run, "handbok_guarded", False):
        return cls

    @functools.wraps(run)
    def guarded(self: Directive) -> Sequence[nodes.Node]:
        try:
            return run(self)
        except Exception as exc:  # noqa: BLE001 - the rest of the site must build
            if exc.__class__.__module__.startswith("docutils"):
                raise
            try:
                location = self.get_location() if isinstance(self, SphinxDirective) else None
            except Exception:  # noqa: BLE001
                location = None
            text = block_failed("block", self.name, exc, location)
            return [nodes.paragraph(text, text, classes=["handbok-broken-block"])]

    guarded.__dict__["handbok_guarded"] = True
    cls.run = guarded  # type: ignore[method-assign]  # the wrapper replaces the method
    return cls


def guard_directives(app: Sphinx) -> None:
    """Wrap ``run`` of every directive the extension registered."""
    registry = getattr(rst_directives, "_directives", {})
    for value in list(registry.values()):
        cls = value if isinstance(value, type) else None
        if cls is not None and cls.__module__.startswith("handbok."):
            _guard(cls)


# --- a question without an answer --------------------------------------------------------------


def check_dropdowns(app: Sphinx, doctree: nodes.document) -> None:
    """A self-check question (a sphinx-design dropdown) whose answer is empty."""
    for node in doctree.findall(nodes.container):
        if node.get("design_component") != "dropdown":
            continue
        body = [child for child in node.children
                if not isinstance(child, (nodes.rubric, nodes.title))
                and not (isinstance(child, nodes.Element)
                         and "sd-summary-title" in child["classes"])]
        if any(child.astext().strip() for child in body):
            continue
        title = node.children[0].astext().strip() if node.children else ""
        warn(f"Frågan '{title[:80]}' har inget svar: den öppnas till en tom ruta. Skriv svaret "
             "på raderna mellan frågan och ':::'.", Subtype.EMPTY_ANSWER, node)


def _safely(check: Callable[[Sphinx, str, list[str]], None]
            ) -> Callable[[Sphinx, str, list[str]], None]:
    """A check of the source that fails says so at the file; the page is still read."""
    @functools.wraps(check)
    def run(app: Sphinx, docname: str, source: list[str]) -> None:
        try:
            check(app, docname, source)
        except Exception as exc:  # noqa: BLE001 - the rest of the site must build
            warn(f"Kontrollen av sidans fält kunde inte göras ({type(exc).__name__}). Sidan "
                 "byggs ändå; kontrollera fälten mot mallen.", Subtype.DIRECTIVE_ERROR,
                 (docname, 1))
    return run


def setup_fields(app: Sphinx) -> None:
    # Before inputcheck's own source-read handler would not matter: it repairs other things.
    app.connect("source-read", _safely(check_field_blocks))
    app.connect("source-read", _safely(check_tables))
    app.connect("doctree-read", check_dropdowns)
    guard_directives(app)
