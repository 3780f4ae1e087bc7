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
  limit).
"""

from __future__ import annotations

import codecs
import datetime
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from . import frontmatter
from .util import safe_uri, warn
from .vocabulary import POLICY_FIELDS, Subtype

CODEC = "handbok-utf-8"
MAX_LINE = 20_000
MAX_QUOTE_DEPTH = 15  # markdown-it stops at 20 nested blocks
MAX_SAME_INCLUDE = 10
BLOCKED_SCHEMES = ("javascript", "vbscript", "file", "data")
POLICY_KEYS = ("policy", *POLICY_FIELDS)

_state: dict = {"app": None, "reported": set(), "includes": {}}


# --- non-UTF-8 bytes ----------------------------------------------------------------------------


def _current_docname() -> str | None:
    app = _state["app"]
    try:
        return app.env.current_document.docname or None
    except AttributeError:
        return None


def _undecodable(exc: UnicodeDecodeError) -> tuple[str, int]:
    docname = _current_docname()
    data = exc.object
    line = data[: exc.start].count(b"\n") + 1
    key = (docname, line)
    if docname and key not in _state["reported"]:
        _state["reported"].add(key)
        warn("Filen är inte sparad som UTF-8: tecken på raden kan inte läsas och visas som '�'. "
             "Spara filen med teckenkodningen UTF-8 (i de flesta redigerare: Spara som → "
             "Kodning: UTF-8) och skriv om å, ä och ö om de blivit fel.", Subtype.ENCODING,
             (docname, line))
    return "\ufffd", exc.end


codecs.register_error("handbok-undecodable", _undecodable)


def _decode(data, errors="strict"):
    data = bytes(data)
    skip = 3 if data.startswith(codecs.BOM_UTF8) else 0
    text, used = codecs.utf_8_decode(data[skip:], "handbok-undecodable", True)
    return text, used + skip


class _IncrementalDecoder(codecs.BufferedIncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__(errors)
        self.first = True

    def _buffer_decode(self, data, errors, final):
        skip = 0
        if self.first:
            if len(data) < 3 and not final and codecs.BOM_UTF8.startswith(bytes(data)):
                return "", 0
            self.first = False
            skip = 3 if bytes(data[:3]) == codecs.BOM_UTF8 else 0
        text, used = codecs.utf_8_decode(bytes(data[skip:]), "handbok-undecodable", final)
        return text, used + skip

    def reset(self) -> None:
        super().reset()
        self.first = True


def _search(name: str):
    if name.replace("_", "-") != CODEC:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        name=CODEC, encode=utf8.encode, decode=_decode,
        incrementalencoder=utf8.incrementalencoder, incrementaldecoder=_IncrementalDecoder,
        streamreader=utf8.streamreader, streamwriter=utf8.streamwriter,
    )


codecs.register(_search)


def _remember_app(app: Sphinx, config: Config) -> None:
    _state["app"] = app


def _use_codec(app: Sphinx, env, docnames) -> None:
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


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    _state["includes"] = {}
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
                warn(f"Länken {uri!r} är inte tillåten och visas som text. Använd en "
                     "webbadress som börjar med https://.", Subtype.UNSAFE_LINK,
                     (docname, _line(text, match.start())))


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
    docname = _current_docname() or parent_docname
    key = (docname, str(relative_path))
    count = _state["includes"].get(key, 0) + 1
    _state["includes"][key] = count
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


def setup_inputcheck(app: Sphinx) -> None:
    app.connect("config-inited", _remember_app)
    app.connect("env-before-read-docs", _use_codec)
    app.connect("source-read", check_source)
    app.connect("include-read", check_include)
