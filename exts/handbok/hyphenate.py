"""Swedish hyphenation of headings that works in every browser (issue 27).

Chromium has no Swedish hyphenation dictionary here (``hyphens: auto`` with ``lang="sv"``
does not hyphenate), so at 320 and 375 px a long compound in a heading ("Studiebesök om
digital bygglovshantering") was broken mid-word without a hyphen. At build time the words of
ten letters or more in the page's headings and tables (narrow columns on a phone) get soft
hyphens (U+00AD) at
the points of pyphen's Swedish patterns; the browser breaks there with a hyphen, and only
where it must. The search index is built from the document, not from the HTML, so it never
holds them; the search page removes them from snippets, and ``handbok-hyphens.js`` removes
them from copied text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyphen
from sphinx.application import Sphinx

SCRIPT = "handbok-hyphens.js"
SHY = "\u00ad"
#: Shorter words always fit a heading's line on a phone.
MIN_LETTERS = 10
_BLOCK = re.compile(r"(<(h[1-6]|caption|th|td)\b[^>]*>)(.*?)(</\2>)",
                    re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"(<[^>]+>|&[#\w]+;)")
_LONG_WORD = re.compile(r"\b\w{%d,}\b" % MIN_LETTERS, re.UNICODE)


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="sv_SE")


@lru_cache(maxsize=4096)
def hyphenate_word(word: str) -> str:
    if any(ch.isdigit() for ch in word) or "_" in word:
        return word
    return _dictionary().inserted(word, hyphen=SHY)


def _text(part: str) -> str:
    return _LONG_WORD.sub(lambda m: hyphenate_word(m.group(0)), part)


def hyphenate_headings(html: str) -> str:
    """``html`` with soft hyphens in the long words of its headings and tables (text only:
    tags, attributes and entities stay as they are)."""
    def block(match: re.Match) -> str:
        parts = _TAG.split(match.group(3))
        inner = "".join(p if _TAG.fullmatch(p) else _text(p) for p in parts)
        return match.group(1) + inner + match.group(4)
    return _BLOCK.sub(block, html)


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.format != "html" or "body" not in context:
        return
    context["body"] = hyphenate_headings(context["body"])


def _static_dir(app: Sphinx) -> None:
    static = str(Path(__file__).parent / "static")
    if app.builder.format == "html" and static not in app.config.html_static_path:
        app.config.html_static_path.append(static)


def setup_hyphenate(app: Sphinx) -> None:
    app.connect("builder-inited", _static_dir)
    app.connect("html-page-context", _page)
    app.add_js_file(SCRIPT, loading_method="defer")
