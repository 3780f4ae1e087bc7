"""The site's search page: Sphinx's own search, made to work for a Swedish handbook.

``static/handbok-search.js`` is loaded on ``search.html`` only. It makes the Swedish plural
rule give a number (Sphinx's ``ngettext`` indexes with it, and ``(n != 1)`` gives true or
false, so every results page threw a TypeError and never said "Sökningen är klar"), takes
snippets from the article only (not from the theme's header buttons), and ranks a page whose
title holds the query's words, or begins with them, first. It also lets only the first ten
results fetch their pages for snippets.

Sphinx's search, with these fixes, was measured against Pagefind on 40 Swedish queries
(``make bench-search``, tests/bench/search.py): it found more of the right pages and sends
fewer bytes, so the site keeps it. The figures are on docs/sokning.md.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

SCRIPT = "handbok-search.js"
STATIC = str(Path(__file__).parent / "static")


def _static_dir(app: Sphinx) -> None:
    if app.builder.format == "html" and STATIC not in app.config.html_static_path:
        app.config.html_static_path.append(STATIC)


def _search_script(app: Sphinx, pagename: str, templatename: str, context: dict,
                   doctree) -> None:
    if pagename == "search":
        app.add_js_file(SCRIPT, loading_method="defer")


def setup_search(app: Sphinx) -> None:
    app.connect("builder-inited", _static_dir)
    app.connect("html-page-context", _search_script)
