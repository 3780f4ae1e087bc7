"""Every page shows the navigation: when it changes, every page is written again.

Sphinx rewrites only the pages it re-read (and their toctree parents), so after a policy page
is added, renamed, deleted or retitled, the sidebar of every other page would still show the
old navigation. We keep a fingerprint of the navigation (the toctree structure and the titles
of the pages in it) and, when it changes, ask Sphinx to write all pages again. Nothing is
re-read, and case pages are orphans, so adding or editing a case never changes it.

Case pages are orphans, so nothing in the sidebar is marked as the current page: the sidebar
HTML of every case page in one folder is the same. The book theme builds it anew for each page
(about a fifth of a case page's build time); we build it once per folder and reuse it, and keep
it for the next build (issue 30).

That reuse wraps a listener of pydata-sphinx-theme found by its name (``add_toctree_functions``
in the module ``pydata_sphinx_theme...``) and the ``generate_toctree_html`` function it puts in
the page context. When the theme is pydata-based and either is missing, the extension warns
(``handbok.theme``) instead of silently building every sidebar again;
tests/test_theme_coupling.py builds the real theme to see that the swap still happens and that
shared sidebars are the same HTML as the theme's own.

Page chrome (issue 12), in ``html-page-context`` after the themes' own listeners:

- a page outside the menu (a case) marks the nearest menu page above it (its type page, and
  so the casebook) as the current section of the sidebar;
- the edit button, the book theme's single source button, keeps its text ("Föreslå en
  ändring"): the theme drops the text of a button that is alone;
- sphinx-design's CSS and JavaScript only on pages that use sphinx-design.
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .state import build_state, keep_for_next_build, read_in_this_build, read_kept
from .util import PYDATA_THEME, settings_digest, theme_is_pydata_based, warn
from .vocabulary import Priority, Subtype

#: Its html-page-context listener that puts ``generate_toctree_html`` in the page context.
THEME_LISTENER = "add_toctree_functions"

#: A listener of ``html-page-context``.
PageContextHandler = Callable[[Sphinx, str, str, dict[str, Any], nodes.document | None], object]


def fingerprint(env: BuildEnvironment) -> list[tuple[str, str, tuple[str, ...]]]:
    docs = set(env.toctree_includes) | {d for ds in env.toctree_includes.values() for d in ds}
    docs.add(env.config.root_doc)
    titles = {d: env.titles[d].astext() if d in env.titles else "" for d in docs}
    return sorted((d, titles[d], tuple(env.toctree_includes.get(d, ()))) for d in docs)


def nav_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    new = fingerprint(env)
    last = build_state(env, "navigation", dict)
    old = last.get("fingerprint")
    last["fingerprint"] = new
    if old is None or old == new:
        return []
    return sorted(env.found_docs)


#: The shared sidebars of the last build, in the doctree folder (issue 30: an incremental build
#: that writes one case page builds no sidebar, and so compiles no CSS selector).
SIDEBARS_FILE = "handbok-sidebars.json"


def _sidebars_stamp(env: BuildEnvironment, builder: str) -> str | None:
    """What the shared sidebars are made from besides the menu pages' sources: the menu (its
    pages, titles and order), the builder, every setting and the versions of Sphinx, the
    themes and Beautiful Soup."""
    settings = settings_digest(env.config)
    if settings is None:
        return None
    versions = [str(getattr(sys.modules.get(name), "__version__", ""))
                for name in ("sphinx", PYDATA_THEME, "sphinx_book_theme", "bs4")]
    # This module marks the current section in them: a change to it makes them again.
    code = Path(__file__).read_text(encoding="utf-8")
    text = json.dumps([fingerprint(env), builder, settings, versions, code], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SidebarCache:
    """The pages of the menu and the sidebar HTML shared by the pages outside it, while one
    application writes. :func:`setup_navigation` makes one per application (never one per
    process), and it starts again whenever Sphinx has a new toctree structure.

    The shared sidebars are kept between builds (:data:`SIDEBARS_FILE`): the next build starts
    from them unless the menu, a setting, Sphinx or the theme changed, or a page of the menu
    (whose toctrees and titles the sidebar shows) was read again."""

    def __init__(self) -> None:
        self.includes: dict[str, list[str]] | None = None
        self.in_nav: set[str] = set()
        self.html: dict[tuple[object, ...], str] = {}
        self.stamp: str | None = None
        self.stored: int = 0
        #: The builder's name, set when the builder is made (share_orphan_sidebars).
        self.builder = ""

    def pages_in_nav(self, env: BuildEnvironment) -> set[str]:
        if self.includes is not env.toctree_includes:
            self.includes = env.toctree_includes
            self.in_nav = {d for d, _t, _c in fingerprint(env)}
            self.html = self._last_build(env)
            self.stored = len(self.html)
        return self.in_nav

    def _last_build(self, env: BuildEnvironment) -> dict[tuple[object, ...], str]:
        self.stamp = _sidebars_stamp(env, self.builder) if self.builder else None
        if self.stamp is None or read_in_this_build(env) & self.in_nav:
            return {}
        data = read_kept(env.doctreedir, SIDEBARS_FILE)
        if not isinstance(data, dict) or data.get("stamp") != self.stamp:
            return {}
        entries = data.get("sidebars")
        return {tuple(key): html for key, html in (entries if isinstance(entries, list) else [])
                if isinstance(key, list) and isinstance(html, str)}

    def save(self, app: Sphinx, exception: Exception | None) -> None:
        if self.stamp is None or len(self.html) == self.stored or exception is not None:
            return
        # Only a cache: when it cannot be written, the next build makes the sidebars again.
        if keep_for_next_build(app.doctreedir, SIDEBARS_FILE, {
                "stamp": self.stamp,
                "sidebars": [[list(k), v] for k, v in self.html.items()]}):
            self.stored = len(self.html)


def _theme_warning(message: str, location: str | None = None) -> None:
    warn(message, Subtype.THEME, location)


def _sharing(add_toctree_functions: PageContextHandler, cache: SidebarCache | None = None
             ) -> PageContextHandler:
    """Wrap the theme's page-context handler so orphan pages share one sidebar per folder."""
    cache = cache or SidebarCache()
    missing: list[str] = []  # warn once per build, not once per page

    def handler(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: nodes.document | None) -> object:
        result = add_toctree_functions(app, pagename, templatename, context, doctree)
        _one_heading_toc(context)
        generate = context.get("generate_toctree_html")
        if generate is None and not missing:
            missing.append(pagename)
            _theme_warning(
                f"Temat {PYDATA_THEME} lägger inte längre generate_toctree_html i sidans "
                f"sammanhang, så sidor utanför menyn delar inte sidomeny (varje sidomeny byggs "
                f"för sig). Se över share_orphan_sidebars i exts/handbok/navigation.py.",
                location=pagename,
            )
        # A page without a doctree (the index, the search page) is outside the menu too.
        if generate is None or pagename in cache.pages_in_nav(app.env):
            return result
        folder = posixpath.dirname(pagename)

        def shared(kind: str, startdepth: int = 1, show_nav_level: int = 1,
                   **kwargs: object) -> object:
            # Other kinds return objects a template may change; a page without a doctree
            # shares only while its menu comes from Sphinx's own toctree function (the 404
            # page's has absolute links).
            if kind != "sidebar" or (doctree is None and not _sphinx_toctree(context)):
                return generate(kind, startdepth, show_nav_level, **kwargs)
            key = (folder, startdepth, show_nav_level, repr(sorted(kwargs.items())))
            if key not in cache.html:
                # Kept as text: the theme's soup would be serialised again by every page that
                # prints it (issue 30); a sidebar kept from the last build is text too.
                cache.html[key] = str(generate(kind, startdepth, show_nav_level, **kwargs))
            return cache.html[key]

        context["generate_toctree_html"] = shared
        return result

    # What share_orphan_sidebars and the tests read: the theme's handler and the cache.
    handler.__dict__.update(handbok_wraps=add_toctree_functions, handbok_cache=cache)
    return handler


def _sphinx_toctree(context: dict[str, Any]) -> bool:
    """Whether the page's ``toctree`` function is the HTML builder's own, not another
    extension's (sphinx-notfound-page makes the 404 page's links absolute)."""
    module = getattr(context.get("toctree"), "__module__", None)
    return isinstance(module, str) and module.startswith("sphinx.builders.html")


def _one_heading_toc(context: dict[str, Any]) -> None:
    """A page whose contents are one heading (a case) has no in-page contents: the theme's
    ``generate_toc_html`` gives "" for it, but finds that with a CSS selector, and the first
    selector of a process compiles soupsieve's patterns, a tenth of a second of an incremental
    build that writes one page (issue 30). Answered here without one; any other page, or kind,
    asks the theme."""
    theirs = context.get("generate_toc_html")
    toc = context.get("toc")
    if theirs is None or not isinstance(toc, str) or toc.count("<li") != 1:
        return

    def generate_toc_html(kind: str = "html") -> object:
        return "" if kind == "html" else theirs(kind)

    context["generate_toc_html"] = generate_toc_html


def share_orphan_sidebars(app: Sphinx, cache: SidebarCache | None = None) -> bool:
    """Swap the theme's listener for the sharing one; whether the sidebars are now shared.

    Returns True when the listener was swapped (now or by an earlier call). When the theme is
    pydata-based but the listener is not found, warns (``handbok.theme``) and returns False.
    """
    if cache is not None:
        cache.builder = app.builder.name
    listeners = app.events.listeners.get("html-page-context", [])
    swapped = False
    for n, listener in enumerate(listeners):
        func = listener.handler
        if getattr(func, "handbok_wraps", None) is not None:
            swapped = True
        elif (getattr(func, "__name__", "") == THEME_LISTENER
                and getattr(func, "__module__", "").startswith(PYDATA_THEME)):
            listeners[n] = listener._replace(handler=_sharing(func, cache))
            swapped = True
    if not swapped and theme_is_pydata_based(app.builder):
        _theme_warning(
            f"Funktionen {THEME_LISTENER} i {PYDATA_THEME} hittades inte bland lyssnarna på "
            f"html-page-context, så sidor utanför menyn delar inte sidomeny (varje sidomeny "
            f"byggs för sig). Temat har ändrats: se över share_orphan_sidebars i "
            f"exts/handbok/navigation.py."
        )
    return swapped


def section_in_nav(env: BuildEnvironment, pagename: str,
                   cache: SidebarCache | None = None) -> str | None:
    """The nearest page of the menu above a page outside it: ``folder/index``, then the
    folders above; never the start page."""
    in_nav = (cache or SidebarCache()).pages_in_nav(env)
    folder = posixpath.dirname(pagename)
    while folder:
        candidate = posixpath.join(folder, "index")
        if candidate != pagename and candidate in in_nav:
            return candidate
        folder = posixpath.dirname(folder)
    return None


def _mark_current(html: str, href: str) -> str:
    """The sidebar HTML with the entry linking to ``href`` and its parents marked current."""
    soup = BeautifulSoup(str(html), "html.parser")
    anchor = soup.find("a", href=href)
    if anchor is None:
        return str(html)
    parent = anchor.find_parent("li")
    for li in [parent, *(parent.find_parents("li") if parent is not None else [])]:
        if li is None:
            continue
        classes = li.get_attribute_list("class")
        li["class"] = " ".join([*classes, *[c for c in ("current", "active") if c not in classes]])
        details = li.find("details", recursive=False)
        if details is not None:
            details["open"] = "open"
    return str(soup)


def mark_current_section(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                         doctree: nodes.document | None, cache: SidebarCache | None = None
                         ) -> None:
    cache = cache or SidebarCache()
    generate = context.get("generate_toctree_html")
    if generate is None or doctree is None or pagename in cache.pages_in_nav(app.env):
        return
    section = section_in_nav(app.env, pagename, cache)
    if section is None:
        return
    href = app.builder.get_relative_uri(pagename, section)

    def marked(kind: str, startdepth: int = 1, show_nav_level: int = 1,
               **kwargs: object) -> object:
        result = generate(kind, startdepth, show_nav_level, **kwargs)
        if kind != "sidebar":
            return result
        key = ("current-section", posixpath.dirname(pagename), section, startdepth,
               show_nav_level, repr(sorted(kwargs.items())))
        if key not in cache.html:
            cache.html[key] = _mark_current(result, href)
        return cache.html[key]

    context["generate_toctree_html"] = marked


#: The book theme's label of the edit button, and of sphinx-design's assets.
EDIT_BUTTON = "source-edit-button"
DESIGN_ASSETS = ("sphinx-design.min.css", "design-tabs.js")


def show_edit_button_text(app: Sphinx, pagename: str, templatename: str,
                          context: dict[str, Any], doctree: nodes.document | None) -> None:
    for button in context.get("header_buttons", []):
        if button.get("label") == EDIT_BUTTON and not button.get("text"):
            button["text"] = button.get("tooltip", "")
            button["classes"] = "handbok-edit-button"


#: A class of sphinx-design in the page's HTML (``class="sd-card ..."``).
DESIGN_CLASS_RE = re.compile(r'class="(?:[^"]*\s)?sd-')


def uses_design(doctree: nodes.document | None, body: str | None = None) -> bool:
    """Whether the page uses sphinx-design: a class ``sd-...`` in its HTML when given (one
    search of a string, not a walk over every node of the page: issue 30), else in its
    doctree."""
    if doctree is None:
        return False
    if body is not None:
        return DESIGN_CLASS_RE.search(body) is not None
    return any(cls.startswith("sd-") for node in doctree.findall(nodes.Element)
               for cls in node["classes"])


def design_assets_where_used(app: Sphinx, pagename: str, templatename: str,
                             context: dict[str, Any], doctree: nodes.document | None) -> None:
    body = context.get("body")
    if uses_design(doctree, body if isinstance(body, str) else None):
        return
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key]
                            if not str(getattr(asset, "filename", asset)).endswith(DESIGN_ASSETS)]


def setup_navigation(app: Sphinx) -> None:
    app.connect("env-get-updated", nav_changed)
    cache = SidebarCache()  # this application's, passed to its listeners
    app.connect("builder-inited", functools.partial(share_orphan_sidebars, cache=cache))
    app.connect("html-page-context", functools.partial(mark_current_section, cache=cache),
                priority=Priority.PAGE_CHROME)
    app.connect("build-finished", cache.save)
    app.connect("html-page-context", show_edit_button_text, priority=Priority.PAGE_CHROME)
    app.connect("html-page-context", design_assets_where_used, priority=Priority.PAGE_CHROME)
