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
  at the file).
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
from sphinx.util.logging import NAMESPACE, WarningStreamHandler, get_node_location

from .state import build_state
from .util import did_you_mean, warn
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
                                        f"användas: {value['detail'].strip()}. Kontrollera "
                                        "stavningen.")
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

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (getattr(record, "type", None), getattr(record, "subtype", None))
        if kind[0] == "toc" and kind[1] in ("no_title", "excluded", "not_readable"):
            ref = record.args[0] if isinstance(record.args, tuple) and record.args else None
            said = (_untitled(self.app) if kind[1] == "no_title"
                    else getattr(self.app, "handbok_bad_names", set()))
            if ref in said:
                return False
        rewrite = REWRITES.get(kind)
        if rewrite is None:
            return True
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
    app.connect("env-check-consistency", check_titles)
