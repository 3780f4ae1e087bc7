"""Swedish for the warnings that MyST, docutils and Sphinx give an editor.

A filter in front of Sphinx's warning output rewrites each known English warning into a
located Swedish one of the handbook's own subtype (so ``suppress_warnings`` names it as
``handbok.<subtype>``), before Sphinx counts, suppresses or prints it:

- MyST's "Unknown option key" names the field and suggests the nearest one ("Menade du …");
- MyST's "Non-consecutive header level increase" says which heading level to use;
- Sphinx's "image file not readable" says that the picture is missing, and "download file
  not readable" that the file is;
- a toctree entry or a cross-reference that leads nowhere is said in Swedish, once;
- a page without a title (an empty file) gets one warning at the file itself instead of one
  "toctree contains reference to document … that doesn't have a title" per page of the site;
- the toctree warnings about a file left out for its name are not repeated (safety.py warned
  at the file);
- an unknown block (``:::{fall}``) or role names the nearest one that exists ("Menade du …");
  an ``include`` of a file that is not there says so;
- MyST's own front-matter warnings are dropped where the handbook warned at the line already;
- every other warning of MyST, docutils or Sphinx gets a Swedish frame of its own subtype
  (``handbok.tool-message``), the English text kept at the end as the technical detail, so no
  warning reaches an editor in English only. Its original ``type.subtype`` can still be
  suppressed.
"""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.logging import (
    NAMESPACE,
    MemoryHandler,
    WarningStreamHandler,
    get_node_location,
    is_suppressed_warning,
)

from .state import READING_LINE, build_state
from .util import did_you_mean, in_swedish, warn
from .vocabulary import Subtype

_OPTION_RE = re.compile(r"(?:'(?P<directive>[^']+)': )?"
                        r"Unknown option key: (?P<name>'[^']*'|\"[^\"]*\") "
                        r"\(allowed: (?P<allowed>\[.*\])\)", re.S)
_VALUE_RE = re.compile(r"Invalid option value for '(?P<name>[^']+)': (?P<detail>.*)$", re.S)
_HEADING_RE = re.compile(r"H(?P<parent>\d) to H(?P<level>\d)")


def _options(record: logging.LogRecord) -> str | tuple[Subtype, str] | None:
    message = record.getMessage()
    match = _OPTION_RE.search(message)
    if match is None:
        value = _VALUE_RE.search(message)
        if value is not None:
            return Subtype.BAD_OPTION, (f"Värdet i fältet ':{value['name']}:' kan inte "
                                        f"användas: {in_swedish(value['detail'])}. "
                                        "Kontrollera stavningen.")
        if "Invalid options format" not in message:
            return None
        detail = message.split("Invalid options format", 1)[1].strip(": ")
        return Subtype.BAD_OPTION, (
            f"Fälten överst i direktivet kan inte läsas ({detail}). Skriv varje fält på en "
            "egen rad som ':namn: värde', med kolonet först på raden, och inga citattecken "
            "runt bara en del av värdet.")
    try:
        name = ast.literal_eval(match["name"])
        allowed = [str(a) for a in ast.literal_eval(match["allowed"])]
    except (ValueError, SyntaxError):
        return None
    hint = did_you_mean(name, allowed).replace("'", ":", 1).replace("'?", ":?")
    fields = ", ".join(f":{a}:" for a in allowed) or "inga fält"
    directive = f"{{{match['directive']}}}" if match["directive"] else "det här direktivet"
    return (f"Fältet ':{name}:' finns inte i {directive} och används inte.{hint} "
            f"Fält som finns: {fields}.")


def _heading(record: logging.LogRecord) -> str | None:
    match = _HEADING_RE.search(record.getMessage())
    if match is None:
        return None
    parent, level = int(match["parent"]), int(match["level"])
    return (f"Rubriken hoppar från nivå {parent} till nivå {level} ('{'#' * level}' efter "
            f"'{'#' * parent}'). Skärmläsare och innehållsförteckningen följer nivåerna, så "
            f"skriv rubriken med '{'#' * (parent + 1)}'.")


def _first_arg(record: logging.LogRecord) -> object:
    """The first value Sphinx put into its message (a path or a page), or "?"."""
    return record.args[0] if isinstance(record.args, tuple) and record.args else "?"


def _image(record: logging.LogRecord) -> str | None:
    path = _first_arg(record)
    return (f"Bilden '{path}' finns inte eller kan inte läsas, så den visas inte. Kontrollera "
            "filnamnet (stora och små bokstäver räknas) och att bilden ligger i handbokens "
            "mapp.")


def _toctree(record: logging.LogRecord) -> str | None:
    ref = _first_arg(record)
    return (f"Innehållsförteckningen (toctree) pekar på sidan '{ref}', som inte finns eller "
            "inte tas med. Skriv sidans sökväg från den här sidans mapp, utan .md, till "
            "exempel 'policy/index', och kontrollera stavningen.")


def _xref(record: logging.LogRecord) -> str | None:
    match = re.search(r"target not found: (?P<target>.*)$", record.getMessage(), re.S)
    target = match["target"] if match else "?"
    return (f"Länken {target} leder ingenstans: det finns ingen sida, rubrik eller etikett med "
            "det namnet. En webbadress ska börja med https://, en sida skrivs med sökvägen och "
            ".md, till exempel [Uppföljning](../docs/uppfoljning/index.md).")


def _download(record: logging.LogRecord) -> str | None:
    path = _first_arg(record)
    return (f"Filen '{path}' att ladda ner finns inte eller kan inte läsas, så länken visas "
            "inte. Kontrollera filnamnet och att filen ligger i handbokens mapp. En webbadress "
            "ska börja med https://.")


def _known_names(app: Sphinx, kind: str) -> list[str]:
    """The directives or roles an editor can use: docutils', Sphinx's, the extensions' and
    the handbook domain's (its default domain)."""
    from docutils.parsers.rst import directives, roles
    # docutils keeps its registries in module-level dicts it does not type.
    names: set[object]
    if kind == "directive":
        names = {*vars(directives)["_directive_registry"], *vars(directives)["_directives"]}
    else:
        names = {*vars(roles)["_role_registry"], *vars(roles)["_roles"]}
    env = getattr(app, "env", None)
    if env is not None:
        domain = env.domains.get("handbok") if hasattr(env.domains, "get") else None
        if domain is not None:
            names |= set(domain.directives if kind == "directive" else domain.roles)
    return sorted(str(n) for n in names if n)


def _unknown(app: Sphinx, kind: str, record: logging.LogRecord) -> str | None:
    match = re.search(r"(?:type: |role )(?P<name>'[^']*'|\"[^\"]*\")", record.getMessage())
    if match is None:
        return None
    name = match["name"][1:-1]
    hint = did_you_mean(name, _known_names(app, kind)).replace("'", "", 2)
    if kind == "directive":
        return (f"Blocket {{{name}}} finns inte, så det visas inte.{hint} Kontrollera "
                "stavningen efter ':::{'. Referenssidan visar handbokens block.")
    return (f"Rollen {{{name}}} finns inte, så texten efter den visas som den är.{hint} "
            "Kontrollera stavningen mellan klammerparenteserna. Referenssidan visar "
            "handbokens roller.")


_INCLUDE_RE = re.compile(r'Directive "(?:include|literalinclude)": file not found: (?P<path>.*)$'
                         r"|Problems with \"(?:include|literalinclude)\" directive path:.*?"
                         r"(?:No such file or directory|InputError)[^']*'(?P<path2>[^']*)'", re.S)


def _include(record: logging.LogRecord) -> tuple[Subtype, str] | None:
    match = _INCLUDE_RE.search(record.getMessage())
    if match is None:
        return None
    path = (match["path"] or match["path2"] or "?").strip().strip("'\"")
    return Subtype.MISSING_FILE, (
        f"Filen '{path}' som ska tas med på sidan (include) finns inte eller kan inte läsas. "
        "Skriv sökvägen från den här sidans mapp och kontrollera stavningen (stora och små "
        "bokstäver räknas).")


#: What each tool is called in a message about it.
TOOLS = {"myst": "Markdown-läsaren (MyST)", "docutils": "docutils", "misc": "Sphinx"}


def _tool_message(record: logging.LogRecord) -> str:
    """The Swedish frame of a warning of MyST, docutils or Sphinx the handbook does not know."""
    tool = TOOLS.get(str(getattr(record, "type", "") or "misc"), "Sphinx")
    if getattr(record, "location", None) is None:  # not about a page: a setting or a file
        return (f"{tool} varnar: {in_swedish(record.getMessage())}. Kontrollera inställningarna "
                "i conf.py, eller fråga redaktionen.")
    return (f"{tool} kan inte läsa det här stället i sidan: {in_swedish(record.getMessage())}. "
            "Kontrollera raden mot exemplen på referenssidan och i mallarna, eller fråga "
            "redaktionen.")


#: (type, subtype) of a third-party warning -> (our subtype, the Swedish message).
REWRITES: dict[tuple[str | None, str | None],
               tuple[Subtype, Callable[[logging.LogRecord],
                                       str | tuple[Subtype, str] | None]]] = {

    ("myst", "directive_option"): (Subtype.UNKNOWN_OPTION, _options),
    ("myst", "header"): (Subtype.HEADING_LEVEL, _heading),
    ("image", "not_readable"): (Subtype.MISSING_IMAGE, _image),
    ("toc", "not_readable"): (Subtype.TOCTREE_MISSING, _toctree),
    ("toc", "not_included"): (Subtype.TOCTREE_MISSING, _toctree),
    ("toc", "excluded"): (Subtype.TOCTREE_MISSING, _toctree),
    ("myst", "xref_missing"): (Subtype.UNKNOWN_LINK, _xref),
    ("download", "not_readable"): (Subtype.MISSING_FILE, _download),
}
#: Warnings Sphinx repeats for every page it writes (a toctree is resolved for each sidebar).
ONCE = {("toc", "not_readable"), ("toc", "not_included"), ("toc", "excluded")}


class SwedishWarnings(logging.Filter):
    """Rewrite known English warnings in place; drop the ones already said at the file."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app
        self.seen: set[tuple[object, ...]] = set()
        self.front_matter: set[str | None] = set()

    def _other(self, record: logging.LogRecord, kind: tuple[object, object]) -> bool:
        """A warning of MyST, docutils or Sphinx without its own entry in :data:`REWRITES`:
        a specific Swedish message where there is one, else the Swedish frame."""
        subtype: Subtype = Subtype.TOOL_MESSAGE
        message: str | None = None
        try:
            if kind == ("myst", "directive_unknown"):
                subtype, message = Subtype.UNKNOWN_DIRECTIVE, _unknown(self.app, "directive",
                                                                       record)
            elif kind == ("myst", "role_unknown"):
                subtype, message = Subtype.UNKNOWN_TEXT_ROLE, _unknown(self.app, "role", record)
            else:
                found = _include(record)
                if found is not None:
                    subtype, message = found
            if message is None:
                subtype, message = Subtype.TOOL_MESSAGE, _tool_message(record)
        except Exception:  # noqa: BLE001 - a message we cannot read stays as it was
            return True
        if self.app.config is not None and is_suppressed_warning(
                "handbok", subtype.value, self.app.config.suppress_warnings):
            return False
        record.msg, record.args = message, ()
        record.type, record.subtype = "handbok", subtype.value
        if record.levelno > logging.WARNING:  # docutils' "severe" for a missing file
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (getattr(record, "type", None), getattr(record, "subtype", None))
        if kind == ("handbok", Subtype.FRONT_MATTER.value):
            self.front_matter.add(_docname(record))
        elif kind == ("myst", "topmatter") and _docname(record) in self.front_matter:
            return False  # said in Swedish at the line already (inputcheck.py)
        if record.levelno < logging.WARNING or kind[0] == "handbok":
            return True
        locate(self.app, record)
        config = getattr(self.app, "config", None)
        if isinstance(kind[0], str) and config is not None and is_suppressed_warning(
                kind[0], str(kind[1] or ""), config.suppress_warnings):
            return True  # Sphinx's own filter drops it under its original name
        if kind[0] == "toc" and kind[1] in ("no_title", "excluded", "not_readable"):
            ref = record.args[0] if isinstance(record.args, tuple) and record.args else None
            said = (_untitled(self.app) if kind[1] == "no_title"
                    else getattr(self.app, "handbok_bad_names", set()))
            if ref in said:
                return False
        if kind in REWRITES:
            return self.filter_known(record, kind)
        return self._other(record, kind)

    def filter_known(self, record: logging.LogRecord,
                     kind: tuple[str | None, str | None]) -> bool:
        rewrite = REWRITES[kind]
        if kind in ONCE:
            location = getattr(record, "location", None)
            if isinstance(location, nodes.Node):
                location = get_node_location(location)
            key = (kind, str(record.args), str(location))
            if key in self.seen:
                return False
            self.seen.add(key)
        subtype, say = rewrite
        try:
            message = say(record)
        except Exception:  # noqa: BLE001 - a message we cannot read stays as it was
            message = None
        if isinstance(message, tuple):
            subtype, message = message
        if message is not None:
            record.msg, record.args = message, ()
            record.type, record.subtype = "handbok", subtype.value
        return True


def locate(app: Sphinx, record: logging.LogRecord) -> None:
    """A warning without a place, or at a node without a line, gets the line of the block or
    role being read (``READING_LINE``), or of the nearest enclosing element."""
    location = getattr(record, "location", None)
    if isinstance(location, nodes.Node):
        if location.line or location.source is None:
            return
        parent = location.parent
        while parent is not None and not parent.line:
            parent = parent.parent
        if parent is not None:
            record.location = parent
            return
    elif location is not None:
        return
    env = getattr(app, "env", None)
    current = getattr(env, "current_document", None)
    if current is not None and current.docname:
        record.location = (current.docname, current.get(READING_LINE, 1))


class _Locate(logging.Filter):
    """:func:`locate` when the warning is given: Sphinx holds back the warnings of the reading
    until it is over (``pending_warnings``), when no page is being read any more."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            locate(self.app, record)
        return True


def _locate_while_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, MemoryHandler) and not any(
                isinstance(f, _Locate) for f in handler.filters):
            handler.addFilter(_Locate(app))


def _docname(record: logging.LogRecord) -> str | None:
    location = getattr(record, "location", None)
    if isinstance(location, tuple) and location:
        return str(location[0])
    if isinstance(location, nodes.Node):
        location = get_node_location(location)
    if isinstance(location, str):
        return location.rsplit(":", 1)[0]
    return None


def _untitled(app: Sphinx) -> set[str]:
    return set(build_state(app.env, "untitled", dict)) if app.env else set()


def _install(app: Sphinx, config: Config) -> None:
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, WarningStreamHandler):
            if not any(isinstance(f, SwedishWarnings) for f in handler.filters):
                handler.filters.insert(0, SwedishWarnings(app))


def check_titles(app: Sphinx, env: BuildEnvironment) -> None:
    """A page in a toctree without a title (most often an empty file): one warning, here."""
    listed = set().union(*env.toctree_includes.values()) if env.toctree_includes else set()
    untitled = set()
    for docname in sorted(env.all_docs):
        # Sphinx's own test: a page whose table of contents is empty has no title to link.
        if docname in listed and not len(env.tocs.get(docname, ())):
            untitled.add(docname)
            warn("Sidan har ingen rubrik, så den kan inte visas i menyn eller i "
                 "innehållsförteckningarna. Är filen tom? Skriv en rubrik med '#' överst, "
                 "till exempel '# Strategi för internationellt arbete'.", Subtype.EMPTY_FILE,
                 (docname, 1))
    state = build_state(env, "untitled", dict)
    state.clear()
    state.update(dict.fromkeys(untitled, True))


def setup_messages(app: Sphinx) -> None:
    app.connect("config-inited", _install)
    app.connect("env-before-read-docs", _locate_while_reading)
    app.connect("env-check-consistency", check_titles)
