"""Swedish hyphenation of headings and table cells on a phone (issue 27).

Chromium has no Swedish hyphenation dictionary here (``hyphens: auto`` with ``lang="sv"``
does not hyphenate), so at 320 and 375 px a long compound in a heading ("Studiebesök om
digital bygglovshantering") or a narrow table column was broken mid-word without a hyphen.

At build time pyphen's Swedish patterns give the hyphenation points of the long words (ten
letters or more) in the page's headings, captions and table cells; the page carries them in a
``<meta name="handbok-hyphens">`` tag. On a narrow screen ``handbok-hyphens.js`` puts soft
hyphens (U+00AD) at those points, so the browser breaks there with a hyphen, and only where
it must. The page's HTML itself, the search index, printed PDFs and wide screens never hold
them, and the script removes them from copied text.
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

SCRIPT = "handbok-hyphens.js"
#: Shorter words always fit a heading's line on a phone.
MIN_LETTERS = 10
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


def long_words(body: str) -> list[str]:
    """The long words of the headings, captions and table cells of a page body, each once."""
    found: dict[str, None] = {}
    for match in _BLOCK.finditer(body):
        text = html.unescape(_TAG.sub(" ", match.group(2)))
        for word in _LONG_WORD.findall(text):
            found.setdefault(word, None)
    return list(found)


def hyphenation_meta(body: str) -> str:
    """The ``<meta>`` tag with the page's hyphenation points ("" when it has no long word)."""
    points = [h for h in (hyphenate_word(w) for w in long_words(body)) if "-" in h]
    if not points:
        return ""
    return f'<meta name="handbok-hyphens" content="{html.escape(" ".join(points))}">\n'


def _page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
          doctree: nodes.document | None) -> None:
    if app.builder.format != "html" or "body" not in context:
        return
    context["metatags"] = context.get("metatags", "") + hyphenation_meta(context["body"])


def _static_dir(app: Sphinx) -> None:
    static = str(Path(__file__).parent / "static")
    if app.builder.format == "html" and static not in app.config.html_static_path:
        app.config.html_static_path.append(static)


def setup_hyphenate(app: Sphinx) -> None:
    app.connect("builder-inited", _static_dir)
    app.connect("html-page-context", _page)
    app.add_js_file(SCRIPT, loading_method="defer")
