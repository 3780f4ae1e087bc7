"""Shared helpers: located warnings, ids, Swedish collation, case periods and links."""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
import subprocess
import types
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import NamedTuple, TypeAlias
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
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


#: English details of YAML, Python, docutils, MyST, Sphinx and sphinx-design that an editor's
#: text can cause, in Swedish (issue 25: every warning an editor can cause is Swedish). Checked
#: in order on the message with its white space made single; ``{0}``… are the pattern's groups.
#: Compiled when a detail is first put in Swedish (:func:`_details`): most builds put none, and
#: compiling them cost every build about ten milliseconds (issue 30).
_DETAILS: tuple[tuple[str, str], ...] = tuple(
    (pattern, swedish) for pattern, swedish in (
        # YAML and dates (the front matter)
        (r"^month must be in 1\.\.12$", "månaden ska vara 1–12"),
        (r"^day is out of range for month$", "dagen finns inte i den månaden"),
        (r"^year \d+ is out of range$", "året kan inte läsas"),
        (r"^did not find expected ',' or '\]'$",
         "en hakparentes ']' eller ett kommatecken saknas"),
        (r"^did not find expected ',' or '\}'$",
         "en klammerparentes '}' eller ett kommatecken saknas"),
        (r"^did not find expected key$", "en rad har fel indrag, eller ett citattecken stängs "
         "inte"),
        (r"^did not find expected (?:<document start>|node content|alphabetic or numeric "
         r"character)$", "ett tecken står där inget värde får börja"),
        (r"^mapping values are not allowed here$",
         "ett kolon står mitt i ett värde; skriv värdet inom citattecken"),
        (r"^found character '(.*)' that cannot start any token$",
         "tecknet '{0}' kan inte börja ett värde (ofta ett tabbtecken)"),
        (r"^found unexpected end of stream$", "ett citattecken stängs inte"),
        (r"^found undefined alias.*$", "ett '*' i början av ett värde; skriv värdet inom "
         "citattecken"),
        (r"^expected a comment or a line break, but found '(.*)'$",
         "tecknet '{0}' står efter ett värde inom citattecken"),
        (r"^found duplicate anchor.*$", "ett '&' i början av ett värde; skriv värdet inom "
         "citattecken"),
        # the value of a field (docutils' option converters)
        (r"^(?:[^\"]*: )?\"(.*)\" unknown; choose from (.*)$", "'{0}' finns inte; välj en av {1}"),
        (r"^(?:[^\"]*: )?negative value; must be positive or zero$",
         "talet får inte vara negativt"),
        (r"^(?:[^\"]*: )?negative or zero value; must be positive$",
         "talet ska vara större än noll"),
        (r"^(?:[^\"]*: )?invalid literal for int\(\) with base 10: (.*)$", "{0} är inget heltal"),
        (r"^(?:[^\"]*: )?could not convert string to float: (.*)$", "{0} är inget tal"),
        (r"^(?:[^\"]*: )?no argument is allowed; \"(.*)\" supplied$",
         "fältet ska stå utan värde, men har värdet '{0}'"),
        (r"^(?:[^\"]*: )?argument required but none supplied$", "fältet behöver ett värde"),
        (r"^(?:[^\"]*: )?cannot make \"(.*)\" into a class name$",
         "'{0}' kan inte vara ett klassnamn; skriv bokstäver, siffror och bindestreck"),
        (r"^(?:[^\"]*: )?not a positive measure of one of the following units: (.*)$",
         "värdet ska vara ett mått, till exempel 200px eller 50%"),
        # a block (directive)
        (r"^'([^']*)': Has content, but none permitted$",
         "blocket {{{0}}} ska inte ha någon text under fälten"),
        (r"^'([^']*)': Splitting content across first line and body, when an options block is "
         r"present, is not recommended$",
         "texten börjar på blockets första rad och fortsätter under fälten; skriv den på ett "
         "ställe"),
        (r"^Directive '([^']*)': (\d+) argument\(s\) required, (\d+) supplied$",
         "blocket {{{0}}} behöver {1} värden efter namnet, men har {2}"),
        (r"^Directive '([^']*)': maximum (\d+) argument\(s\) allowed, (\d+) supplied$",
         "blocket {{{0}}} tar högst {1} värden efter namnet, men har {2}"),
        (r"^Error in \"([^\"]*)\" directive: maximum (\d+) argument\(s\) allowed, (\d+) "
         r"supplied\..*$", "blocket {{{0}}} tar högst {1} värden efter namnet, men har {2}"),
        (r"^Error in \"([^\"]*)\" directive: (\d+) argument\(s\) required, (\d+) supplied\..*$",
         "blocket {{{0}}} behöver {1} värden efter namnet, men har {2}"),
        (r"^Error in \"([^\"]*)\" directive: unknown option: \"([^\"]*)\"\..*$",
         "blocket {{{0}}} har inget fält ':{1}:'"),
        (r"^Error in \"([^\"]*)\" directive: no content permitted\..*$",
         "blocket {{{0}}} ska inte ha någon text under fälten"),
        (r"^Error in \"([^\"]*)\" directive: invalid option value: \(option: \"([^\"]*)\"; "
         r"value: None\) .*$", "fältet ':{1}:' i blocket {{{0}}} behöver ett värde"),
        (r"^Error in \"([^\"]*)\" directive: invalid option value: \(option: \"([^\"]*)\"; "
         r"value: (.*?)\) .*$", "fältet ':{1}:' i blocket {{{0}}} har ett värde som inte kan "
         "användas ({2})"),
        (r"^Error in \"([^\"]*)\" directive: invalid option block\..*$",
         "fälten i blocket {{{0}}} kan inte läsas"),
        (r"^Error in \"([^\"]*)\" directive: .*$", "blocket {{{0}}} kan inte läsas"),
        (r"^Content block expected for the \"([^\"]*)\" directive; none found$",
         "blocket {{{0}}} behöver text under fälten"),
        (r"^The \"([^\"]*)\" directive is empty; content required.*$",
         "blocket {{{0}}} behöver text under fälten"),
        (r"^All children of an? '([^']*)' should be (?:an? )?'([^']*)'.*$",
         "allt inuti blocket {{{0}}} ska vara block {{{1}}}"),
        (r"^The parent of an? '([^']*)' should be an? '([^']*)'.*$",
         "blocket {{{0}}} ska stå inuti ett block {{{1}}}"),
        (r"^(?:Transition must be child of <?document>? or <?section>?|Document or section may not "
         r"(?:begin|end) with a transition|At least one body element must separate "
         r"transitions; adjacent transitions are not allowed)$",
         "en skiljelinje (---) får bara stå mellan två stycken, inte först, sist eller inuti "
         "ett block"),
        (r"^Pygments lexer name '([^']*)' is not known$",
         "kodspråket '{0}' finns inte, så koden visas utan färger"),
        (r"^Interpreted text role \"([^\"]*)\" not implemented$", "rollen {{{0}}} finns inte"),
        (r"^Unknown interpreted text role \"([^\"]*)\".*$", "rollen {{{0}}} finns inte"),
        (r"^unknown role name: (.*)$", "rollen {{{0}}} finns inte"),
        (r"^undefined label: (.*)$", "etiketten '{0}' finns inte"),
        (r"^'([^']*)' reference target not found: (.*)$",
         "länken med rollen {{{0}}} leder till '{1}', som inte finns"),
        (r"^Duplicate explicit target name: \"([^\"]*)\"$", "namnet '{0}' används två gånger"),
        # docutils', Sphinx's, MyST's and sphinx-design's other messages about what was written
        (r"^(?:[^:]*: )?must supply an argument; choose from (.*)$",
         "fältet behöver ett värde; välj en av {0}"),
        (r"^(?:[^:]*: )?int\(\) argument must be .*$", "fältet behöver ett heltal"),
        (r"^Invalid class attribute value for \"([^\"]*)\" directive: \"(.*)\"$",
         "'{1}' kan inte vara ett klassnamn i blocket {{{0}}}; skriv bokstäver och bindestreck"),
        (r"^Line block ends without a blank line$",
         "rader som börjar med '|' ska följas av en tom rad"),
        (r"^Explicit markup ends without a blank line; unexpected unindent$",
         "ett block i reStructuredText ska följas av en tom rad"),
        (r"^(?:[^:]*: )?unknown encoding: \"(.*)\"$", "teckenkodningen '{0}' finns inte"),
        (r"^(?:[^:]*: )?'(.*)' invalid; must be a single character or a Unicode code$",
         "'{0}' ska vara ett enda tecken"),
        (r"^Invalid context: the \"([^\"]*)\" directive can only be used within a substitution "
         r"definition$", "blocket {{{0}}} kan bara stå i en ersättning (substitution)"),
        (r"^Figure caption must be a paragraph or empty comment.*$",
         "bildtexten i en figur ska vara ett vanligt stycke"),
        (r"^content should be one image.*$",
         "blocket ska innehålla en bild och sedan en bildtext i ett stycke"),
        (r"^(?:[^:]*: )?\"(.*)\" is no valid measure$",
         "'{0}' är inget mått; skriv till exempel 200px eller 50%"),
        (r"^(?:Invalid directive argument: |[^:]*: )?argument must be 1 or 4 \(xs sm md lg\) "
         r"values.*$", "värdet ska vara ett tal, eller fyra tal för skärmens storlekar "
         "(xs sm md lg)"),
        (r"^(?:[^:]*: )?(.*) is not in: \((.*)\)$", "'{0}' är inte ett av värdena {1}"),
        (r"^\.\. (\S+) content is not a list$", "blocket {{{0}}} ska innehålla en punktlista"),
        (r"^Error parsing content block for the \"([^\"]*)\" directive: exactly one bullet list "
         r"expected.*$", "blocket {{{0}}} ska innehålla exakt en punktlista"),
        (r"^Error parsing content block for the \"([^\"]*)\" directive: exactly one table "
         r"expected.*$", "blocket {{{0}}} ska innehålla exakt en tabell"),
        (r"^Error parsing content block for the \"([^\"]*)\" directive.*$",
         "texten i blocket {{{0}}} kan inte läsas"),
        (r"^(?:Directive \"(?:include|literalinclude)\": error reading file: |Include file "
         r"')(.*?)'?(?: not found or reading it failed)?$",
         "filen '{0}' som ska tas med finns inte eller kan inte läsas"),
        (r"^Directive '([^']*)' cannot be mocked.*$",
         "blocket {{{0}}} kan inte stå inuti ett annat block här; skriv det utanför"),
        (r"^Invalid (\S+) directive.*$", "blocket {{{0}}} kan inte läsas"),
        (r"^duplicate object description of (.*), other instance in (\S+).*$",
         "'{0}' beskrivs två gånger (också på sidan {1})"),
        (r"^duplicate label (.*), other instance in (\S+)$",
         "etiketten '{0}' används två gånger (också på sidan {1})"),
        (r"^\"role\" directive arguments not valid role names: \"(.*)\"$",
         "'{0}' kan inte vara namnet på en roll"),
        (r"^invalid line number spec: '(.*)'$", "radnumren '{0}' kan inte läsas"),
        (r"^toctree glob pattern '(.*)' didn't match any documents$",
         "mönstret '{0}' i innehållslistan passar ingen sida"),
        (r"^Literal block expected; none found$", "ett kodblock väntades men saknas"),
        (r"^Invalid (?:[\w-]+ icon|octicon) content: .*?icon: (.*?)'?$",
         "ikonen '{0}' finns inte"),
        (r"^(?:invalid (?:PEP|RFC|CWE) number (.*)|(?:PEP|RFC) number must be .*\"(.*)\" is "
         r"invalid)$", "numret '{0}{1}' kan inte läsas"),
        (r"^exception while evaluating only directive expression: .*$",
         "villkoret i blocket {{only}} kan inte läsas"),
        (r"^equation not found: (.*)$", "ekvationen '{0}' finns inte"),
        (r"^unknown document: '(.*)'$", "sidan '{0}' finns inte"),
        (r"^unknown keyword: '(.*)'$", "nyckelordet '{0}' finns inte"),
        (r"^unknown option: '(.*)'$", "programflaggan '{0}' finns inte"),
        (r"^term not in glossary: '(.*)'$", "termen '{0}' finns inte i ordlistan"),
        (r"^more than one target found for 'any' cross-reference '(.*?)': could be .*$",
         "länken '{0}' kan leda till flera mål; skriv vilken sorts mål den ska leda till"),
        # The programming languages' domains (C, C++, Python, JavaScript): the handbook has no
        # code to describe, so the detail of the parser is left out.
        (r"^.*?(?:Invalid|Unparseable) (C\+\+|C) (?:declaration|cross-reference).*$",
         "beskrivningen av programkod i {0} kan inte läsas"),
        (r"^Error (?:in|when parsing) .*declar.*$", "beskrivningen av programkod kan inte läsas"),
        (r"^(C\+\+|C) namespace pop on empty stack.*$",
         "ett block för programkod i {0} stänger en namnrymd som inte är öppen"),
        (r"^Undefined substitution referenced: \"([^\"]*)\"$", "ersättningen '{0}' finns inte"),
    ))


@functools.cache
def _details() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern, re.S), swedish) for pattern, swedish in _DETAILS)


#: A detail docutils already says in Swedish: Swedish small words, none of English's, no code.
_ALREADY_SWEDISH = re.compile(r"^(?=.*\b(?:och|inte|får|ska|av|för|på|i|med|en|ett)\b)"
                              r"(?!.*\b(?:the|is|are|must|should|not|of|and|or|for|in|with|no|"
                              r"be|to|unknown|invalid|error|directive|role)\b)[^`]*$",
                              re.IGNORECASE)


def in_swedish(detail: str) -> str:
    """A technical detail (a message of YAML, docutils, MyST, Sphinx or sphinx-design) in
    Swedish, or, for one we do not know, marked as the English it is:
    ``(tekniskt meddelande på engelska: …)``."""
    text = " ".join(str(detail).split()).strip().rstrip(".")
    for pattern, swedish in _details():
        match = pattern.match(text)
        if match:
            return swedish.format(*(_plain_choices(g or "") for g in match.groups()))
    if _ALREADY_SWEDISH.match(text):
        return text  # docutils' own Swedish translation ("termer i ordlistan får inte …")
    return f"(tekniskt meddelande på engelska: {text})"


def _plain_choices(text: str) -> str:
    """``"type", "year", or "unit"`` (docutils' list of choices) as ``'type', 'year', 'unit'``."""
    return text.replace('"', "'").replace(", or ", ", ").replace("' or '", "', '")


def block_failed(kind: str, name: str, exc: BaseException, location: Location) -> str:
    """Say, at ``location``, that a block (``kind`` "block") or a role (``kind`` "role") of
    any extension raised on what the editor wrote; the text to show in its place."""
    what, it = ("Blocket", "blocket") if kind == "block" else ("Rollen", "rollen")
    warn(f"{what} {{{name}}} kunde inte visas: texten har en form som {it} inte kan läsa "
         f"(tekniskt fel: {type(exc).__name__}). Resten av sidan byggs ändå. Kontrollera "
         "fälten och texten mot exemplen på referenssidan.", Subtype.DIRECTIVE_ERROR, location)
    return f"Här skulle {it} {{{name}}} ha visats."


def settings_digest(config: Config) -> str | None:
    """A digest of every setting of a build, the same in every process for the same settings
    (a file kept between builds is made again when one changed, issue 30); None when a
    setting cannot be written down."""
    def plain(value: object) -> object:
        if isinstance(value, (set, frozenset)):
            return sorted(map(str, value))
        if isinstance(value, (type, types.FunctionType)):
            return f"{value.__module__}.{value.__qualname__}"
        return repr(value)

    try:
        text = json.dumps({c.name: c.value for c in config}, sort_keys=True, default=plain,
                          ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
