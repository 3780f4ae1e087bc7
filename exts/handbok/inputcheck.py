"""Editor mistakes that would otherwise crash the build or lose text silently.

Each check gives a located warning in Swedish that says what is wrong and how to fix it:

- a source file that is not UTF-8 (Sphinx would stop with "Encoding error");
- front matter that YAML cannot read, that is not ``key: value`` lines, or whose policy fields
  have the wrong type (a list instead of a text, an impossible date);
- quotes or lists nested deeper than the Markdown parser follows (it drops the rest of the page
  without a word);
- a line so long that it is surely a mistake (a pasted file in a field);
- a link with an unsafe scheme such as ``javascript:`` (the parser leaves it as text, silently);
- an include that includes itself, directly or in a circle (Python would hit its recursion
  limit);
- a repeated front-matter key (YAML keeps the last one without a word);
- a ``::::`` block closed by ``:::`` (MyST would read the rest of the page into it and answer
  in English with a flood of follow-on warnings): the closing line is repaired;
- an invisible character (a non-breaking space, a zero-width space) in a directive's id, which
  MyST reads as two arguments: it is replaced;
- a page outside every toctree: Sphinx's English ``toc.not_included`` is replaced by a Swedish
  warning that explains ``orphan: true``.

The source checks read the page with MyST's own Markdown parser (its tokens and their lines),
not with patterns that imitate it.
"""

from __future__ import annotations

import codecs
import datetime
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.parsers.mdit import create_md_parser
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from . import frontmatter
from .util import REPORTED_LINKS, safe_uri, warn
from .vocabulary import POLICY_FIELDS, Subtype

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

CODEC = "handbok-utf-8"
MAX_LINE = 20_000
MAX_QUOTE_DEPTH = 15  # markdown-it stops at 20 nested blocks
MAX_SAME_INCLUDE = 10
BLOCKED_SCHEMES = ("javascript", "vbscript", "file", "data")
POLICY_KEYS = ("policy", *POLICY_FIELDS)

#: Keys of what the checks remember while one document is read, in Sphinx's per-document
#: store (``env.current_document``, made anew for every document): nothing outlives it.
UNDECODABLE_LINES = "handbok:undecodable-lines"
INCLUDE_COUNTS = "handbok:include-counts"


# --- non-UTF-8 bytes ----------------------------------------------------------------------------


def _current_docname(env: BuildEnvironment) -> str | None:
    try:
        return env.current_document.docname or None
    except AttributeError:
        return None


def _undecodable(env: BuildEnvironment, exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):  # the handler is registered for decoding
        raise exc
    docname = _current_docname(env)
    data = exc.object
    line = data[: exc.start].count(b"\n") + 1
    env.current_document.setdefault(UNDECODABLE_LINES, set())
    reported: set[int] = env.current_document[UNDECODABLE_LINES]
    if docname and line not in reported:
        reported.add(line)
        warn("Filen är inte sparad som UTF-8: tecken på raden kan inte läsas och visas som '�'. "
             "Spara filen med teckenkodningen UTF-8 (i de flesta redigerare: Spara som → "
             "Kodning: UTF-8) och skriv om å, ä och ö om de blivit fel.", Subtype.ENCODING,
             (docname, line))
    return "\ufffd", exc.end


def _decode(data: ReadableBuffer, errors: str = "strict") -> tuple[str, int]:
    data = bytes(data)
    skip = 3 if data.startswith(codecs.BOM_UTF8) else 0
    text, used = codecs.utf_8_decode(data[skip:], "handbok-undecodable", True)
    return text, used + skip


class _IncrementalDecoder(codecs.BufferedIncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__(errors)
        self.first = True

    def _buffer_decode(self, data: ReadableBuffer, errors: str, final: bool
                       ) -> tuple[str, int]:
        raw = bytes(data)
        skip = 0
        if self.first:
            if len(raw) < 3 and not final and codecs.BOM_UTF8.startswith(raw):
                return "", 0
            self.first = False
            skip = 3 if raw[:3] == codecs.BOM_UTF8 else 0
        text, used = codecs.utf_8_decode(raw[skip:], "handbok-undecodable", final)
        return text, used + skip

    def reset(self) -> None:
        super().reset()
        self.first = True


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != CODEC:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        name=CODEC, encode=utf8.encode, decode=_decode,
        incrementalencoder=utf8.incrementalencoder, incrementaldecoder=_IncrementalDecoder,
        streamreader=utf8.streamreader, streamwriter=utf8.streamwriter,
    )


codecs.register(_search)


def _use_codec(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # Error handlers are process-wide, like Sphinx's own: each build binds the handler to its
    # own environment before it reads (parallel readers inherit it when they fork).
    codecs.register_error("handbok-undecodable", functools.partial(_undecodable, env))
    # Only the reading step changes; config.source_encoding stays as Sphinx wants it.
    if str(env.settings.get("input_encoding", "")).lower().replace("_", "-") in (
        "utf-8", "utf-8-sig", "utf8"
    ):
        env.settings["input_encoding"] = CODEC


# --- checks on the source text ------------------------------------------------------------------

_QUOTES_RE = re.compile(r"^[ \t]*(?:>[ \t]*){" + str(MAX_QUOTE_DEPTH) + ",}", re.M)
_LINK_RE = re.compile(
    r"\]\(\s*<?([A-Za-z][A-Za-z0-9+.\-\s]*:[^)\s>]*)|<([A-Za-z][A-Za-z0-9+.\-]*:[^>\s]*)>"
)
_LONG_RE = re.compile(r"^.{" + str(MAX_LINE) + ",}", re.M)


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


#: Invisible characters an editor may paste into an id, and what replaces them.
INVISIBLE = {"\u00a0": "-", "\u202f": "-", "\u2007": "-", "\u200b": "", "\u200c": "",
             "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": ""}
_INVISIBLE_NAMES = {"\u00a0": "ett hårt mellanslag", "\u202f": "ett smalt hårt mellanslag",
                    "\u2007": "ett hårt mellanslag", "\u00ad": "ett mjukt bindestreck"}
_DIRECTIVE_RE = re.compile(r"^\{(?P<name>[\w-]+)\}(?P<args>.*)$", re.S)
_FENCE_LINE_RE = re.compile(r"^\s*(?P<colons>:{2,})\s*$")
#: A line of two colons only: a ':::' block closed with one colon too few.
_TWO_COLONS_RE = re.compile(r"^[ \t]*::[ \t]*$", re.M)


def _markdown(app: Sphinx) -> MarkdownIt:
    """MyST's Markdown parser with the site's settings (cheap to make: no cache to go stale)."""
    # MyST sets its settings on the environment at run time.
    return create_md_parser(app.env.myst_config, RendererHTML)  # type: ignore[attr-defined]


def check_blocks(app: Sphinx, docname: str, text: str) -> str:
    """Fences that do not match and invisible characters in ids: warn, and return the text
    repaired so the page still builds as the editor meant it."""
    # A fence closed by too few colons needs an opener of four or more, or a closing line of
    # two colons: most pages are not parsed a second time.
    if ("::::" not in text and not _TWO_COLONS_RE.search(text)
            and not any(ch in text for ch in INVISIBLE)):
        return text
    lines = text.split("\n")
    try:
        tokens = _markdown(app).parse(text)
    except Exception:  # noqa: BLE001 - MyST reports what it cannot parse itself
        return text
    for token in tokens:
        if token.type not in ("colon_fence", "fence") or not token.map:
            continue
        start, end = token.map
        match = _DIRECTIVE_RE.match(token.info.strip())
        if match and any(ch in match["args"] for ch in INVISIBLE):
            _repair_invisible(docname, lines, start, match["name"])
        if token.type != "colon_fence":
            continue
        closing = _FENCE_LINE_RE.match(lines[end - 1]) if end - 1 > start else None
        if closing and len(closing["colons"]) >= len(token.markup):
            continue
        short = next((n for n in range(start + 1, end) if (m := _FENCE_LINE_RE.match(lines[n]))
                      and len(m["colons"]) < len(token.markup)), None)
        if short is None:
            continue
        closing_line = _FENCE_LINE_RE.match(lines[short])
        opened, closed = token.markup, closing_line["colons"] if closing_line else ""
        warn(f"Blocket som börjar med '{opened}' stängs med '{closed}' på rad {short + 1}. "
             f"Ett block stängs bara av lika många kolon som det öppnas med, så resten av "
             f"sidan skulle ha hamnat i blocket. Skriv '{opened}' på rad {short + 1} (eller "
             f"'{closed}' här).", Subtype.FENCE, (docname, start + 1))
        lines[short] = lines[short].replace(closed, opened, 1)
    return "\n".join(lines)


def _repair_invisible(docname: str, lines: list[str], index: int, name: str) -> None:
    line = lines[index]
    found = sorted({ch for ch in line if ch in INVISIBLE})
    what = ", ".join(_INVISIBLE_NAMES.get(ch, f"ett osynligt tecken (U+{ord(ch):04X})")
                     for ch in found)
    for ch in found:
        line = line.replace(ch, INVISIBLE[ch])
    lines[index] = line
    ident = line.split("}", 1)[1].strip() if "}" in line else ""
    warn(f"Raden med {{{name}}} innehåller {what}. Det syns inte men delar id:t i två delar. "
         f"Id:t läses nu som '{ident}'. Skriv om id:t med vanliga tecken och bindestreck.",
         Subtype.INVISIBLE_CHAR, (docname, index + 1))


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    source[0] = check_blocks(app, docname, source[0])
    text = source[0]
    fm = frontmatter.read(text)
    frontmatter.remember(app.env, docname, fm)
    if fm is not None:
        _check_front_matter(docname, fm)
    if len(text) > MAX_LINE:
        for match in _LONG_RE.finditer(text):
            warn(f"Raden är {len(match.group(0)):,} tecken lång. ".replace(",", " ")
                 + "Det ser ut som att en hel fil eller ett stort stycke text har klistrats in "
                 "av misstag. Korta texten till några meningar.", Subtype.TOO_LONG,
                 (docname, _line(text, match.start())))
    if ">" in text:
        for match in _QUOTES_RE.finditer(text):
            depth = match.group(0).count(">")
            warn(f"Citatet är nästlat i {depth} nivåer. Texten efter det visas inte, eftersom "
                 f"Markdown bara följer {MAX_QUOTE_DEPTH} nivåer här. Ta bort de extra "
                 "'>'-tecknen.", Subtype.TOO_DEEP, (docname, _line(text, match.start())))
    if ":" in text:
        for match in _LINK_RE.finditer(text):
            uri = match.group(1) or match.group(2)
            # The Markdown parser silently leaves these as text; other schemes become links
            # that safety.py neutralises with its own warning.
            scheme = "".join(uri.split()).partition(":")[0].lower()
            if scheme in BLOCKED_SCHEMES and not safe_uri(uri):
                warn(f"Länken {uri!r} är inte tillåten och visas som text (i en "
                     "innehållsförteckning tas den bort). Använd en webbadress som börjar med "
                     "https://.", Subtype.UNSAFE_LINK,
                     (docname, _line(text, match.start())))
                REPORTED_LINKS.add((docname, uri))


def _check_front_matter(docname: str, fm: frontmatter.FrontMatter) -> None:
    if fm.error is not None and fm.error[0] == frontmatter.NOT_MAPPING:
        warn("Sidhuvudet (front matter) ska bestå av rader 'nyckel: värde', till exempel "
             "'status: gällande', inte av en lista med '-'.", Subtype.FRONT_MATTER,
             (docname, fm.error[1]))
        return
    if fm.error is not None:
        problem, line = fm.error
        warn(f"Sidhuvudet (front matter) kan inte läsas: {problem}. Kontrollera raden: varje "
             "rad ska vara 'nyckel: värde', hakparenteser och citattecken ska stängas och datum "
             "skrivas ÅÅÅÅ-MM-DD. Hela sidhuvudet ignoreras tills felet är rättat.",
             Subtype.FRONT_MATTER, (docname, line))
        return
    for key, line, first in fm.repeated:
        warn(f"Fältet '{key}' står två gånger i sidhuvudet (rad {first} och rad {line}). Bara "
             f"det sista värdet, '{fm.text_value(key)}', används. Ta bort den rad som är fel.",
             Subtype.FRONT_MATTER, (docname, line))
    meta = fm.values
    if "policy" not in meta:
        return
    for key in POLICY_KEYS:
        value = meta.get(key)
        if isinstance(value, (list, dict)):
            warn(f"Fältet '{key}' i sidhuvudet ska vara en enkel text, inte en lista. "
                 f"Skriv till exempel '{key}: ...' med ett enda värde på raden.",
                 Subtype.POLICY_META, (docname, fm.line(key)))
    adopted = meta.get("adopted")
    if adopted is not None and not isinstance(adopted, datetime.date):
        try:
            datetime.date.fromisoformat(str(adopted))
        except ValueError:
            warn(f"Fältet 'adopted' ska vara ett datum ÅÅÅÅ-MM-DD, inte '{adopted}'. "
                 "Lämna det tomt om datumet inte är känt.", Subtype.POLICY_META,
                 (docname, fm.line("adopted")))


# --- circular includes --------------------------------------------------------------------------


def check_include(app: Sphinx, relative_path: Path, parent_docname: str,
                  content: list[str]) -> None:
    docname = _current_docname(app.env) or parent_docname
    app.env.current_document.setdefault(INCLUDE_COUNTS, {})
    counts: dict[tuple[str, str], int] = app.env.current_document[INCLUDE_COUNTS]
    key = (docname, str(relative_path))
    count = counts[key] = counts.get(key, 0) + 1
    if count < MAX_SAME_INCLUDE:
        return
    content[0] = ""
    if count == MAX_SAME_INCLUDE:
        line = 1
        try:
            source = Path(app.env.doc2path(docname)).read_text(encoding=CODEC)
            match = re.search(r"\{include\}", source)
            line = _line(source, match.start()) if match else 1
        except OSError:
            pass
        warn(f"Filen '{relative_path}' inkluderas i sig själv, direkt eller via en annan fil "
             "(cirkulär inkludering). Ta bort den {include} som pekar tillbaka.",
             Subtype.INCLUDE_LOOP, (docname, line))


# --- pages outside every toctree -----------------------------------------------------------------

#: Sphinx's own warning, in English and without a line; replaced by :func:`check_toctrees`.
SPHINX_NOT_INCLUDED = "toc.not_included"


def _replace_sphinx_toc_warning(app: Sphinx, config: Config) -> None:
    if SPHINX_NOT_INCLUDED not in config.suppress_warnings:
        config.suppress_warnings = [*config.suppress_warnings, SPHINX_NOT_INCLUDED]


def check_toctrees(app: Sphinx, env: BuildEnvironment) -> None:
    """Sphinx's check (``BuildEnvironment.check_consistency``), said in Swedish with a line."""
    included = set().union(*env.included.values())
    for docname in sorted(env.all_docs):
        if (docname in env.files_to_rebuild or docname == env.config.root_doc
                or docname in included or "orphan" in env.metadata[docname]):
            continue
        casebook = app.config.handbok_casebook.rpartition("/")[0]
        where = ("toctree-listan på typens sida i exempelsamlingen"
                 if casebook and docname.startswith(f"{casebook}/") else "en toctree-lista")
        # Line 1: the front matter, where 'orphan: true' goes.
        warn(f"Sidan finns inte i någon innehållsförteckning (toctree), så den syns inte i "
             f"menyn och går bara att nå via länkar. Lägg till den i {where}, eller skriv "
             "'orphan: true' i sidhuvudet (front matter) om den bara ska nås via länkar.",
             Subtype.NOT_IN_TOC, (docname, 1))


def setup_inputcheck(app: Sphinx) -> None:
    app.connect("config-inited", _replace_sphinx_toc_warning)
    app.connect("env-check-consistency", check_toctrees)
    app.connect("env-before-read-docs", _use_codec)
    app.connect("source-read", check_source)
    app.connect("include-read", check_include)
