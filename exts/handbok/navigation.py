"""Every page shows the navigation: when it changes, every page is written again.

Sphinx rewrites only the pages it re-read (and their toctree parents), so after a policy page
is added, renamed, deleted or retitled, the sidebar of every other page would still show the
old navigation. We keep a fingerprint of the navigation (the toctree structure and the titles
of the pages in it) and, when it changes, ask Sphinx to write all pages again. Nothing is
re-read, and case pages are orphans, so adding or editing a case never changes it.

Case pages are orphans, so nothing in the sidebar is marked as the current page: the sidebar
HTML of every case page in one folder is the same. The book theme builds it anew for each page
(about a fifth of a case page's build time); we build it once per folder and reuse it.

That reuse wraps a listener of pydata-sphinx-theme found by its name (``add_toctree_functions``
in the module ``pydata_sphinx_theme...``) and the ``generate_toctree_html`` function it puts in
the page context. When the theme is pydata-based and either is missing, the extension warns
(``handbok.theme``) instead of silently building every sidebar again;
tests/test_theme_coupling.py builds the real theme to see that the swap still happens and that
shared sidebars are the same HTML as the theme's own.
"""

from __future__ import annotations

import posixpath

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .util import PYDATA_THEME, theme_is_pydata_based, warn
from .vocabulary import Subtype

#: Its html-page-context listener that puts ``generate_toctree_html`` in the page context.
THEME_LISTENER = "add_toctree_functions"


def fingerprint(env: BuildEnvironment) -> list:
    docs = set(env.toctree_includes) | {d for ds in env.toctree_includes.values() for d in ds}
    docs.add(env.config.root_doc)
    titles = {d: env.titles[d].astext() if d in env.titles else "" for d in docs}
    return sorted((d, titles[d], tuple(env.toctree_includes.get(d, ()))) for d in docs)


def nav_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    new = fingerprint(env)
    old = getattr(env, "handbok_nav", None)
    env.handbok_nav = new
    if old is None or old == new:
        return []
    return sorted(env.found_docs)


_shared: dict = {"includes": None, "in_nav": set(), "html": {}}


def _in_nav(env: BuildEnvironment) -> set[str]:
    if _shared["includes"] is not env.toctree_includes:
        _shared["includes"] = env.toctree_includes
        _shared["in_nav"] = {d for d, _t, _c in fingerprint(env)}
        _shared["html"] = {}
    return _shared["in_nav"]


def _theme_warning(message: str, location=None) -> None:
    warn(message, Subtype.THEME, location)


def _sharing(add_toctree_functions):
    """Wrap the theme's page-context handler so orphan pages share one sidebar per folder."""
    missing = []  # warn once per build, not once per page

    def handler(app, pagename, templatename, context, doctree):
        result = add_toctree_functions(app, pagename, templatename, context, doctree)
        generate = context.get("generate_toctree_html")
        if generate is None and not missing:
            missing.append(pagename)
            _theme_warning(
                f"Temat {PYDATA_THEME} lägger inte längre generate_toctree_html i sidans "
                f"sammanhang, så sidor utanför menyn delar inte sidomeny (varje sidomeny byggs "
                f"för sig). Se över share_orphan_sidebars i exts/handbok/navigation.py.",
                location=pagename,
            )
        if generate is None or doctree is None or pagename in _in_nav(app.env):
            return result
        folder = posixpath.dirname(pagename)

        def shared(kind, startdepth=1, show_nav_level=1, **kwargs):
            if kind != "sidebar":  # other kinds return objects a template may change
                return generate(kind, startdepth, show_nav_level, **kwargs)
            key = (folder, startdepth, show_nav_level, repr(sorted(kwargs.items())))
            if key not in _shared["html"]:
                _shared["html"][key] = generate(kind, startdepth, show_nav_level, **kwargs)
            return _shared["html"][key]

        context["generate_toctree_html"] = shared
        return result

    handler.handbok_wraps = add_toctree_functions
    return handler


def share_orphan_sidebars(app: Sphinx) -> bool:
    """Swap the theme's listener for the sharing one; whether the sidebars are now shared.

    Returns True when the listener was swapped (now or by an earlier call). When the theme is
    pydata-based but the listener is not found, warns (``handbok.theme``) and returns False.
    """
    listeners = app.events.listeners.get("html-page-context", [])
    swapped = False
    for n, listener in enumerate(listeners):
        func = listener.handler
        if getattr(func, "handbok_wraps", None) is not None:
            swapped = True
        elif (getattr(func, "__name__", "") == THEME_LISTENER
                and getattr(func, "__module__", "").startswith(PYDATA_THEME)):
            listeners[n] = listener._replace(handler=_sharing(func))
            swapped = True
    if not swapped and theme_is_pydata_based(app.builder):
        _theme_warning(
            f"Funktionen {THEME_LISTENER} i {PYDATA_THEME} hittades inte bland lyssnarna på "
            f"html-page-context, så sidor utanför menyn delar inte sidomeny (varje sidomeny "
            f"byggs för sig). Temat har ändrats: se över share_orphan_sidebars i "
            f"exts/handbok/navigation.py."
        )
    return swapped


def setup_navigation(app: Sphinx) -> None:
    app.connect("env-get-updated", nav_changed)
    app.connect("builder-inited", share_orphan_sidebars)
