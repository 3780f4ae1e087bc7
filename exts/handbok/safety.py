"""Untrusted by default: nothing an editor writes may inject script, reach another host or
publish a file from outside the repository.

Everything an editor or a pull request writes is untrusted. This module closes the classes of
hole, not single cases, each with a located Swedish warning:

- raw HTML and raw code become inert text (docutils' ``raw_enabled`` is off as well);
- links, toctree entries and the sidebar drop ``javascript:``, ``data:`` and ``vbscript:``
  addresses (every scheme outside :data:`util.SAFE_SCHEMES`);
- source file and folder names are limited to ``a-z 0-9 -``: any other file is left out of
  the build (its name would reach the page's address, inline options and attributes);
- files are included (``include``, ``literalinclude``, ``csv-table :file:``, images,
  downloads) only from inside the repository, never from a hidden folder such as ``.git``;
- nothing is fetched over the network while building: ``:url:`` options are refused;
- images come only from the repository: a picture on another host (which every reader's
  browser would call) or in a ``data:`` address is not published;
- ``html_meta`` front matter keeps only harmless names (no ``http-equiv``);
- an editor's own Graphviz code is shown as text (it could read files and make links);
- a page's front matter cannot change how MyST reads Markdown (``myst: enable_extensions:
  [substitution]`` would run Jinja2, that is Python, while building).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst.directives.misc import Raw
from docutils.parsers.rst.states import Inliner
from docutils.transforms import Transform
from docutils.utils import SystemMessage
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import TopmatterReadError, merge_file_level, read_topmatter
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import MystWarnings, create_warning
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.environment import BuildEnvironment
from sphinx.project import EXCLUDE_PATHS
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.matching import get_matching_files

from .state import READING_LINE
from .text import slug
from .util import REPORTED_LINKS, Location, block_failed, safe_uri, warn
from .vocabulary import Subtype

#: A source file's or folder's name (without the file's extension).
NAME_RE = re.compile(r"^[a-z0-9-]+$")
#: ``html_meta`` names that only describe the page.
SAFE_META_NAMES = frozenset({"description", "keywords", "author", "robots"})
_URL_RE = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.\-]*:|//)")


class NeutraliseUnsafeMarkup(SphinxTransform):
    """Replace raw nodes by literal text, drop links, toctree entries, remote images and meta
    tags that are not safe."""

    default_priority = 200

    def apply(self, **kwargs: object) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            warn(
                "Rå HTML eller annan rå kod visas som vanlig text i handboken. "
                "Skriv texten i Markdown i stället.",
                Subtype.RAW,
                raw,
            )
            text = raw.astext()
            if isinstance(raw.parent, nodes.TextElement):
                raw.replace_self(nodes.literal(text, text))
            else:
                raw.replace_self(nodes.literal_block(text, text))
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri")
            if uri is not None and not safe_uri(uri):
                warn_unsafe_link(uri, ref)
                ref.replace_self(nodes.inline(ref.astext(), ref.astext()))
        for toctree in self.document.findall(addnodes.toctree):
            kept = []
            for title, ref in toctree["entries"]:
                if ref is not None and "://" in ref and not safe_uri(ref):
                    if (self.env.docname, ref) not in REPORTED_LINKS:
                        warn_unsafe_link(ref, toctree)
                    continue
                kept.append((title, ref))
            toctree["entries"] = kept
        for image in list(self.document.findall(nodes.image)):
            self._check_image(image)
        for ref in list(self.document.findall(addnodes.download_reference)):
            target = ref.get("reftarget", "")
            if not _URL_RE.match(target) and not self._inside(target):
                _warn_outside(target, ref)
                ref.replace_self(nodes.inline(ref.astext(), ref.astext()))
        for meta in list(self.document.findall(nodes.meta)):
            attributes = {k for k in meta.attributes if k not in nodes.Element.basic_attributes
                          and k != "content"}
            name = str(meta.get("name", "")).lower()
            if attributes == {"name"} and name in SAFE_META_NAMES:
                continue
            shown = meta.get("name") or meta.get("http-equiv") or " ".join(sorted(attributes))
            warn(f"Metataggen '{shown}' (html_meta) är inte tillåten och tas bort. Bara "
                 f"{', '.join(sorted(SAFE_META_NAMES))} får användas, och aldrig http-equiv.",
                 Subtype.HTML_META, meta if meta.line else (self.env.docname, 1))
            meta.parent.remove(meta)

    def _inside(self, path: str) -> bool:
        return inside_repository(self.env, path)

    def _folder(self, path: str) -> bool:
        try:
            return Path(self.env.relfn2path(path.strip())[1]).is_dir()
        except (ValueError, KeyError, OSError):
            return False

    def _check_image(self, image: nodes.image) -> None:
        uri = image.get("uri", "")
        if _URL_RE.match(uri):
            warn(f"Bilden '{_short(uri)}' finns inte i handboken och visas inte: en bild från "
                 "en annan webbplats (eller i en data:-adress) skulle få varje läsares "
                 "webbläsare att kontakta den webbplatsen. Spara bilden i handbokens mapp "
                 "(till exempel _static/) och länka till filen där.", Subtype.REMOTE_IMAGE,
                 image)
        elif not self._inside(uri.replace("*", "x")):
            _warn_outside(uri, image)
        elif self._folder(uri):
            warn(f"Bilden '{_short(uri)}' är en mapp och inte en bildfil, så den visas inte. "
                 "Skriv bildfilens namn efter mappen, till exempel _static/bild.png.",
                 Subtype.MISSING_IMAGE, image)
        else:
            return
        alt = image.get("alt", "")
        parent = image.parent
        removed: nodes.Element = image
        if isinstance(parent, nodes.reference) and len(parent.children) == 1:
            removed = parent
            parent = removed.parent
        if alt and isinstance(parent, nodes.TextElement):
            removed.replace_self(nodes.inline(alt, alt))
        elif parent is not None:
            parent.remove(removed)


def warn_unsafe_link(uri: str, location: Location) -> None:
    warn(f"Länken {_short(uri)!r} är inte tillåten och visas som text (i en "
         "innehållsförteckning tas den bort). Använd en webbadress som börjar med https://.",
         Subtype.UNSAFE_LINK, location)


def _short(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[:length] + " …"


def _warn_outside(path: str, location: Location) -> None:
    warn(f"Filen '{_short(path)}' ligger utanför handbokens mapp (eller i en dold mapp) och "
         "tas inte med. Lägg filen i handbokens mapp och ange sökvägen därifrån.",
         Subtype.OUTSIDE_REPOSITORY, location)


def inside_repository(env: BuildEnvironment, path: str, docname: str | None = None) -> bool:
    """Whether ``path`` (as a directive on the current page names it) is a file inside the
    source folder, outside its hidden folders (``.git``)."""
    path = "".join(path.split("\n")).strip()
    if not path or "\0" in path:
        return False
    try:
        _rel, absolute = env.relfn2path(path, docname)
        relative = Path(absolute).relative_to(Path(env.srcdir).resolve())
    except (ValueError, KeyError, OSError):
        return False
    return not any(part.startswith(".") for part in relative.parts)


# --- directives that read files ----------------------------------------------------------------


class SafeLiteralInclude(LiteralInclude):
    """``literalinclude`` of a file inside the repository only."""

    #: A standard directive made safe, not one of the handbook's own (docs/referens.md).
    handbok_override = True

    def run(self) -> list[nodes.Node]:
        if not inside_repository(self.env, self.arguments[0]):
            _warn_outside(self.arguments[0], _where(self))
            return []
        return super().run()


class SafeCSVTable(CSVTable):
    """``csv-table`` without ``:url:``, and with ``:file:`` only inside the repository."""

    handbok_override = True

    # Sphinx's CSVTable returns a list of nodes, docutils' a sequence of tables and messages.
    def run(self) -> list[nodes.Node]:  # type: ignore[override]
        if "url" in self.options:
            _warn_network(self.options["url"], _where(self))
            return []
        env = self.state.document.settings.env
        if "file" in self.options and not inside_repository(env, self.options["file"]):
            _warn_outside(self.options["file"], _where(self))
            return []
        return super().run()


class SafeRaw(Raw):
    """``raw`` never reads a file or the network, and its text is shown as text (by
    :class:`NeutraliseUnsafeMarkup`), since docutils' ``raw_enabled`` is off."""

    handbok_override = True

    def run(self) -> list[nodes.Node]:
        source, line = self.state_machine.get_source_and_line(self.lineno)
        if "url" in self.options:
            _warn_network(self.options["url"], _where(self))
            return []
        if "file" in self.options:
            _warn_outside(self.options["file"], _where(self))
            return []
        text = "\n".join(self.content)
        node = nodes.raw("", text, format=" ".join(self.arguments[0].lower().split()))
        node.source, node.line = source, line
        return [node]


def _where(directive: Directive) -> str:
    """``file:line`` of a directive (docutils' directives have no ``get_location``)."""
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    return f"{source}:{line}"


def _warn_network(url: str, location: Location) -> None:
    warn(f"Adressen '{_short(url)}' hämtas inte: handboken hämtar ingenting över nätet när "
         "webbplatsen byggs. Spara filen i handbokens mapp och använd :file: i stället.",
         Subtype.NETWORK, location)


def check_include(app: Sphinx, relative_path: Path, parent_docname: str,
                  content: list[str]) -> None:
    """``include`` (Sphinx's and MyST's): a file outside the repository is left out."""
    rel = Path(relative_path)
    if rel.is_absolute() or any(part == ".." or part.startswith(".") for part in rel.parts):
        docname = app.env.current_document.docname or parent_docname
        content[0] = ""
        line = 1
        try:
            source = Path(app.env.doc2path(docname)).read_text(encoding="utf-8",
                                                                errors="replace")
            found = re.search(r"\{include\}[ \t]*\S*" + re.escape(rel.name), source)
            line = source.count("\n", 0, found.start()) + 1 if found else 1
        except OSError:
            pass
        _warn_outside(str(relative_path), (docname, line))


# --- file and folder names ---------------------------------------------------------------------


def check_file_names(app: Sphinx, config: Config) -> None:
    """Leave out every source file whose name or folder is not ``a-z 0-9 -``, with a warning."""
    srcdir = Path(app.srcdir)
    suffixes = tuple(config.source_suffix) if isinstance(config.source_suffix, dict) else (
        ".rst",)
    excluded = [*config.exclude_patterns, *config.templates_path, *EXCLUDE_PATHS]
    # Docnames left out for their names: their toctree warnings are not repeated (messages.py).
    # On the application, for messages.py (issue 24: state kept on the application).
    app.handbok_bad_names = bad = set()  # type: ignore[attr-defined]
    for filename in get_matching_files(srcdir, config.include_patterns, excluded):
        name = str(filename)
        suffix = next((s for s in suffixes if name.endswith(s)), None)
        if suffix is None:
            continue
        parts = name[: -len(suffix)].split("/")
        if all(NAME_RE.match(part) for part in parts):
            continue
        bad.add(name[: -len(suffix)])
        wrong = next(part for part in parts if not NAME_RE.match(part))
        what = "Filnamnet" if wrong == parts[-1] else f"Mappnamnet '{wrong}' i"
        app.config.exclude_patterns = [*app.config.exclude_patterns, _glob_escape(name)]
        suggestion = "/".join(_suggest(part) for part in parts) + suffix
        warn(f"{what} '{name}' får bara innehålla små bokstäver a–z, siffror och bindestreck "
             f"(inte å, ä, ö, stora bokstäver, mellanslag, understreck eller andra tecken). "
             f"Filen tas inte med på webbplatsen. Byt namn, till exempel till '{suggestion}'.",
             Subtype.BAD_FILENAME, f"{srcdir / name}:1")
    return None


def _suggest(part: str) -> str:
    return slug(part) or "sida"


def _glob_escape(name: str) -> str:
    # A glob character stands for "a character a good name cannot have": no good file matches.
    return re.sub(r"[*?\[\]]", "[!a-z0-9-]", name)


class NoGraphviz(SphinxDirective):
    """``graphviz``, ``graph`` and ``digraph`` written by an editor: the DOT code is shown as
    text. Graphviz reads files named in the code (``image``, ``shapefile``) and turns ``URL``
    and ``href`` into links that no check sees; the handbook draws its own diagrams."""

    handbok_override = True

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {k: directives.unchanged for k in (
        "alt", "align", "caption", "layout", "graphviz_dot", "name", "class")}

    def run(self) -> list[nodes.Node]:
        warn("Egna diagram med Graphviz ritas inte i handboken, eftersom koden kan läsa filer "
             "och göra länkar som inte kontrolleras. Koden visas som text. Beskriv det du vill "
             "visa i text eller i en tabell.", Subtype.RAW, self.get_location())
        text = "\n".join(self.content) or " ".join(self.arguments)
        return [nodes.literal_block(text, text)]


def raw_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
             options: dict[str, object] | None = None, content: list[str] | None = None
             ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """The ``raw`` role (and roles derived from it with ``.. role::``): the text as text."""
    env = inliner.document.settings.env
    warn("Rå HTML eller annan rå kod visas som vanlig text i handboken. Skriv texten i "
         "Markdown i stället.", Subtype.RAW, (env.docname, lineno))
    return [nodes.literal(rawtext, text)], []


def _no_editor_graphviz(app: Sphinx, config: Config) -> None:
    # After every extension's setup(): sphinx.ext.graphviz registers these names.
    for name in ("graphviz", "graph", "digraph"):
        app.add_directive(name, NoGraphviz, override=True)


#: What a page's front matter may set under ``myst:``: nothing that changes how Markdown is
#: read. ``enable_extensions: [substitution]`` alone would run Jinja2 expressions, that is
#: Python, while building; ``url_schemes`` would let other links through.
PAGE_MYST_KEYS = frozenset({"html_meta"})


class SafeSphinxRenderer(SphinxRenderer):
    """MyST's renderer; an ``include`` of a file outside the repository is refused before the
    file is read (MyST reads it itself, not through the directive's ``run``).

    Every block and role, of any extension (docutils, Sphinx, MyST, sphinx-design, the
    handbook), runs here: an exception it raises on what the editor wrote becomes a located
    Swedish warning and a line of text in its place, and the rest of the page and the site
    build (issue 25). Only docutils' own stop (``SystemMessage`` at its halt level) passes."""

    def run_directive(self, name: str, first_line: str, content: str, position: int,
                      *args: Any, **kwargs: Any) -> list[nodes.Element]:
        directive_class, _messages = directives.directive(
            name, self.language_module_rst, self.document)
        path = "".join(first_line.split("\n")).strip()
        if (directive_class is not None and issubclass(directive_class, Include)
                and not (path.startswith("<") and path.endswith(">"))
                and not inside_repository(self.sphinx_env, path)):
            _warn_outside(path, (self.sphinx_env.docname, position))
            return []
        # Where the editor's text is, for a warning that a tool gives without a place.
        self.sphinx_env.current_document[READING_LINE] = position
        try:
            return super().run_directive(name, first_line, content, position, *args, **kwargs)
        except SystemMessage:
            raise
        except Exception as exc:  # noqa: BLE001 - the rest of the site must build
            text = block_failed("block", name, exc, (self.sphinx_env.docname, position))
            return [nodes.paragraph(text, text, classes=["handbok-broken-block"])]

    def render_restructuredtext(self, token: SyntaxTreeNode) -> None:
        """``{eval-rst}``: reStructuredText's blocks and roles run inside docutils' parser; one
        that raises loses this block only."""
        try:
            super().render_restructuredtext(token)
        except SystemMessage:
            raise
        except Exception as exc:  # noqa: BLE001 - the rest of the site must build
            line = token_line(token) if token.map else 0
            text = block_failed("block", "eval-rst", exc, (self.sphinx_env.docname, line))
            self.current_node += nodes.paragraph(text, text, classes=["handbok-broken-block"])

    def render_myst_role(self, token: SyntaxTreeNode) -> None:
        if token.map:
            self.sphinx_env.current_document[READING_LINE] = token_line(token)
        try:
            super().render_myst_role(token)
        except SystemMessage:
            raise
        except Exception as exc:  # noqa: BLE001 - the rest of the site must build
            name = token.meta.get("name", "?")
            line = token_line(token) if token.map else 0
            block_failed("role", name, exc, (self.sphinx_env.docname, line))
            self.current_node += nodes.Text(token.content)


class SafeInclude(Include):
    """``include`` in reStructuredText (``{eval-rst}``): only a file inside the repository,
    refused before it is read."""

    handbok_override = True

    def run(self) -> Sequence[nodes.Node]:
        path = self.arguments[0]
        if not (path.startswith("<") and path.endswith(">")) and not inside_repository(
                self.env, path):
            _warn_outside(path, self.get_location())
            return []
        return super().run()


class SafeMystParser(MystParser):
    """MyST's parser, with a page's own MyST settings limited to :data:`PAGE_MYST_KEYS`.

    The body is MyST's ``MystParser.parse`` (myst-parser 5), with the front matter filtered
    before it is merged into the configuration."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        config = document.settings.env.myst_config
        try:
            topmatter = read_topmatter(inputstring)
        except TopmatterReadError:
            topmatter = None  # MyST reports it while rendering
        if topmatter:
            topmatter = _page_settings(topmatter, document.settings.env.docname)

            def warning(wtype: MystWarnings, msg: str) -> None:
                create_warning(document, msg, wtype, line=1, append_to=document)

            config = merge_file_level(config, topmatter, warning)
        parser = create_md_parser(config, SafeSphinxRenderer)
        parser.options["document"] = document
        parser.render(inputstring)


def _page_settings(topmatter: dict[str, Any], docname: str) -> dict[str, Any]:
    myst = topmatter.get("myst")
    myst = dict(myst) if isinstance(myst, dict) else {}
    topmatter = dict(topmatter)
    # MyST's older top-level keys: html_meta still works, substitutions is refused.
    for key in ("html_meta", "substitutions"):
        if key in topmatter:
            myst.setdefault(key, topmatter.pop(key))
    if not myst:
        return topmatter
    refused = sorted(str(key) for key in myst if key not in PAGE_MYST_KEYS)
    for key in refused:
        warn(f"Inställningen '{key}' under 'myst:' i sidhuvudet används inte: en sida kan inte "
             "ändra hur Markdown läses, eftersom det kan köra kod eller släppa igenom länkar "
             f"när webbplatsen byggs. Ta bort raden. Tillåtet under 'myst:' är bara "
             f"{', '.join(sorted(PAGE_MYST_KEYS))}.", Subtype.PAGE_SETTINGS, (docname, 1))
    return {**topmatter, "myst": {k: v for k, v in myst.items() if k in PAGE_MYST_KEYS}}


def _no_raw(app: Sphinx) -> None:
    app.env.settings["raw_enabled"] = False


class EmptyQuote(SphinxTransform):
    """An empty ``pull-quote``, ``epigraph`` or ``highlights`` (a quote with a class and no
    text) stops Sphinx's own code-block transform (docutils asserts it loses the class): said
    at its line and left out, before that transform runs."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.block_quote)):
            if node.children or not node.get("classes"):
                continue
            warn(f"Blocket {{{node['classes'][0]}}} är tomt och visas inte. Skriv texten mellan "
                 "blockets första och sista rad, eller ta bort blocket.", Subtype.DIRECTIVE_ERROR,
                 node)
            node.parent.remove(node)


class LeftoverPending(SphinxTransform):
    """A docutils ``pending`` node whose transform never ran (a ``class`` block without text
    inside ``{eval-rst}``, noted in MyST's separate document) would stop the HTML writer: said
    at its line and left out, after every other transform of the reading."""

    default_priority = 999

    def apply(self, **kwargs: Any) -> None:
        # An image without a line (sphinx-design's card images) would be warned about without
        # one when the page is written: it gets the line of the element before it.
        line = None
        for node in self.document.findall(nodes.Element):
            if node.line:
                line = node.line
            elif isinstance(node, nodes.image) and line:
                node.line, node.source = line, node.source or self.document["source"]
        for node in list(self.document.findall(nodes.pending)):
            name = node.details.get("directive", "") if isinstance(node.details, dict) else ""
            warn(f"Blocket {{{name or '?'}}} har ingen text att gälla för och visas inte. Skriv "
                 "texten som blocket ska gälla direkt under det, eller ta bort blocket.",
                 Subtype.DIRECTIVE_ERROR, node)
            node.parent.remove(node)


def _guard_transform(cls: type[Transform]) -> type[Transform]:
    """``cls`` whose ``apply`` says, at the page, that it could not finish, and lets the page
    and the site build (a transform of Sphinx or an extension meeting an odd doctree)."""
    if getattr(cls, "handbok_guarded", False):
        return cls

    def apply(self: Transform, **kwargs: Any) -> None:
        try:
            # docutils' stubs leave apply() out of Transform; every transform defines it.
            cls.apply(self, **kwargs)  # type: ignore[attr-defined]
        except SystemMessage:
            raise
        except Exception as exc:  # noqa: BLE001 - the rest of the site must build
            env = getattr(self.document.settings, "env", None)
            warn("Sidan kunde inte bearbetas helt: ett steg efter läsningen stötte på en form "
                 f"i texten som det inte klarar (tekniskt fel: {type(exc).__name__} i "
                 f"{cls.__name__}). Resten av sidan och webbplatsen byggs ändå. Kontrollera "
                 "block och roller som är tomma eller har en ovanlig form.",
                 Subtype.DIRECTIVE_ERROR, (env.docname if env else None, 1))
            return None

    return type(cls.__name__, (cls,), {"apply": apply, "handbok_guarded": True,
                                       "__module__": cls.__module__,
                                       "__doc__": cls.__doc__})


def guard_transforms(app: Sphinx) -> None:
    """Every transform and post-transform registered for this application (Sphinx's, MyST's,
    sphinx-design's, the handbook's), guarded by :func:`_guard_transform`."""
    for kinds in (app.registry.transforms, app.registry.post_transforms):
        kinds[:] = [_guard_transform(cls) for cls in kinds]


def setup_safety(app: Sphinx) -> None:
    app.add_source_parser(SafeMystParser, override=True)
    app.add_transform(NeutraliseUnsafeMarkup)
    app.add_directive("include", SafeInclude, override=True)
    app.add_directive("literalinclude", SafeLiteralInclude, override=True)
    app.add_directive("csv-table", SafeCSVTable, override=True)
    app.add_directive("raw", SafeRaw, override=True)
    app.add_role("raw", raw_role, override=True)
    app.connect("config-inited", check_file_names)
    app.connect("config-inited", _no_editor_graphviz)
    app.connect("builder-inited", _no_raw)
    app.add_transform(EmptyQuote)
    app.add_transform(LeftoverPending)
    app.connect("builder-inited", guard_transforms)
    app.connect("include-read", check_include)
