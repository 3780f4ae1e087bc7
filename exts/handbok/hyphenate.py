"""Swedish hyphenation of headings and table cells on a phone (issue 27).

Chromium has no Swedish hyphenation dictionary here (``hyphens: auto`` with ``lang="sv"``
does not hyphenate), so at 320 and 375 px a long compound in a heading ("Studiebesök om
digital bygglovshantering") or a narrow table column was broken mid-word without a hyphen.

At build time pyphen's Swedish patterns give the hyphenation points of the long words (eight
letters or more) in the page's headings, captions and table cells, in the navigation (the
titles of the menu's pages, shown in the sidebar drawer) and in the links to the previous and
next page; the page carries them in a ``<meta name="handbok-hyphens">`` tag.
``handbok-hyphens.js`` puts soft hyphens (U+00AD) at those points, so the browser breaks there
with a hyphen, and only where it must: in the article on a narrow screen, in the sidebars
(whose column is narrow at any width, and which are never printed) and the previous/next
links on every screen. The page's HTML itself, the search index, printed PDFs and a wide
screen's article never hold them, and the script removes them from copied text. A field's
name (Målgrupp, Tidsåtgång) is never hyphenated: its column is as wide as its longest word
(handbok.css).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyphen
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .state import write_memo

SCRIPT = "handbok-hyphens.js"
#: Shorter words always fit a heading's, a cell's or the menu's line on a phone (a 320 px
#: screen's narrowest column, a table's, holds eight letters).
MIN_LETTERS = 8
_BLOCK = re.compile(r"<(h[1-6]|caption|th|td)\b[^>]*>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_LONG_WORD = re.compile(rf"\b[^\W\d_]{{{MIN_LETTERS},}}\b", re.UNICODE)


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="sv_SE")


@lru_cache(maxsize=4096)
def hyphenate_word(word: str, mark: str = "-") -> str:
    """``word`` with ``mark`` at its Swedish hyphenation points."""
    return str(_dictionary().inserted(word, hyphen=mark))


def long_words(body: str, *more: str) -> list[str]:
    """The long words of the headings, captions and table cells of a page body,
    and of the texts ``more`` (HTML too), each once."""
    found: dict[str, None] = {}
    texts = [m.group(2) for m in _BLOCK.finditer(body)] + list(more)
    for part in texts:
        text = html.unescape(_TAG.sub(" ", part))
        for word in _LONG_WORD.findall(text):
            found.setdefault(word, None)
    return list(found)


def nav_titles(env: BuildEnvironment) -> list[str]:
    """The titles of the pages in the menu (the root and every page of a toctree), which
    the sidebar of every page shows; worked out once per build."""
    memo = write_memo(env)
    if "hyphenate-nav" not in memo:
        docs = {env.config.root_doc} | set(env.toctree_includes)
        docs |= {d for found in env.toctree_includes.values() for d in found}
        memo["hyphenate-nav"] = [env.titles[d].astext() for d in sorted(docs) if d in env.titles]
    titles: list[str] = memo["hyphenate-nav"]
    return titles


def hyphenation_meta(body: str, *more: str) -> str:
    """The ``<meta>`` tag with the page's hyphenation points ("" when it has no long word)."""
    points = [h for h in (hyphenate_word(w) for w in long_words(body, *more)) if "-" in h]
    if not points:
        return ""
    return f'<meta name="handbok-hyphens" content="{html.escape(" ".join(points))}">\n'


def _page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
          doctree: nodes.document | None) -> None:
    if app.builder.format != "html" or "body" not in context:
        return
    links = [str(context[key].get("title") or "") for key in ("prev", "next")
             if isinstance(context.get(key), dict)]
    context["metatags"] = context.get("metatags", "") + hyphenation_meta(
        context["body"], *nav_titles(app.env), *links)


def _static_dir(app: Sphinx) -> None:
    static = str(Path(__file__).parent / "static")
    if app.builder.format == "html" and static not in app.config.html_static_path:
        app.config.html_static_path.append(static)


def setup_hyphenate(app: Sphinx) -> None:
    app.connect("builder-inited", _static_dir)
    app.connect("html-page-context", _page)
    app.add_js_file(SCRIPT, loading_method="defer")
