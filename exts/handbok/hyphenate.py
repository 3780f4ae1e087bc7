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

Loading pyphen's Swedish patterns costs about a tenth of a second, as much as the rest of
the extension's work in an incremental build that writes one page (issue 30). The points of
every word looked up are kept between builds in the doctree folder (:data:`CACHE_FILE`, next
to the pickled environment, like the templates' cache of ``startup.py``), so a build whose
pages have no new long word never loads them. A word's points depend only on the word and
pyphen's version, which is part of the file.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyphen
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .state import keep_for_next_build, read_kept, write_memo

SCRIPT = "handbok-hyphens.js"
#: Shorter words always fit a heading's, a cell's or the menu's line on a phone (a 320 px
#: screen's narrowest column, a table's, holds eight letters).
MIN_LETTERS = 8
_BLOCK = re.compile(r"<(h[1-6]|caption|th|td)\b[^>]*>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_LONG_WORD = re.compile(rf"\b[^\W\d_]{{{MIN_LETTERS},}}\b", re.UNICODE)
#: The words' points kept between builds, in the doctree folder.
CACHE_FILE = "handbok-hyphens.json"
#: What the points depend on besides the word: a cache of another pyphen is read again.
CACHE_KEY = f"pyphen {pyphen.__version__} sv_SE"


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


class HyphenCache:
    """The points of the words one application looked up, read from and written to
    :data:`CACHE_FILE`; :func:`setup_hyphenate` makes one per application."""

    def __init__(self) -> None:
        self.points: dict[str, str] | None = None
        self.added = False

    def _load(self, app: Sphinx) -> dict[str, str]:
        if self.points is None:
            self.points = {}
            data = read_kept(app.doctreedir, CACHE_FILE)
            if isinstance(data, dict) and data.get("key") == CACHE_KEY:
                words = data.get("words")
                # Only a word's own letters with hyphens between them: a damaged file can
                # never put anything else on a page.
                self.points = {w: p for w, p in (words.items() if isinstance(words, dict)
                                                 else ())
                               if isinstance(w, str) and isinstance(p, str)
                               and p.replace("-", "") == w}
        return self.points

    def word(self, app: Sphinx, word: str) -> str:
        """``word`` with hyphens at its points, as :func:`hyphenate_word` gives it."""
        points = self._load(app)
        if word not in points:
            points[word] = hyphenate_word(word)
            self.added = True
        return points[word]

    def save(self, app: Sphinx, exception: Exception | None) -> None:
        if not self.added or self.points is None:
            return
        # Only a cache: when it cannot be written, the next build looks the words up again.
        if keep_for_next_build(app.doctreedir, CACHE_FILE,
                               {"key": CACHE_KEY, "words": self.points}):
            self.added = False


def hyphenation_meta(body: str, *more: str,
                     hyphenate: Callable[[str], str] = hyphenate_word) -> str:
    """The ``<meta>`` tag with the page's hyphenation points ("" when it has no long word)."""
    points = [h for h in (hyphenate(w) for w in long_words(body, *more)) if "-" in h]
    if not points:
        return ""
    return f'<meta name="handbok-hyphens" content="{html.escape(" ".join(points))}">\n'


def _page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
          doctree: nodes.document | None, cache: HyphenCache | None = None) -> None:
    if app.builder.format != "html" or "body" not in context:
        return
    links = [str(context[key].get("title") or "") for key in ("prev", "next")
             if isinstance(context.get(key), dict)]
    hyphenate = hyphenate_word if cache is None else functools.partial(cache.word, app)
    context["metatags"] = context.get("metatags", "") + hyphenation_meta(
        context["body"], *nav_titles(app.env), *links, hyphenate=hyphenate)


def _static_dir(app: Sphinx) -> None:
    static = str(Path(__file__).parent / "static")
    if app.builder.format == "html" and static not in app.config.html_static_path:
        app.config.html_static_path.append(static)


def setup_hyphenate(app: Sphinx) -> None:
    app.connect("builder-inited", _static_dir)
    cache = HyphenCache()  # this application's, passed to its listeners
    app.connect("html-page-context", functools.partial(_page, cache=cache))
    app.connect("build-finished", cache.save)
    app.add_js_file(SCRIPT, loading_method="defer")
