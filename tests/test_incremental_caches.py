"""What an incremental build keeps between builds gives what the build would make (issue 30).

The hyphenation points of words and the in-page contents of a one-heading page are found
without the costly parts (pyphen's patterns, soupsieve's selectors); these tests check that
the answers are the same as those parts give. tests/test_consistency.py checks the shared
sidebars kept between builds: its incremental builds must give the HTML of a fresh build.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from handbok import hyphenate, navigation
from pydata_sphinx_theme.toctree import add_toctree_functions

WORDS = ["bygglovshantering", "förvaltningschefer", "internationellt", "Kulturförvaltningen"]


def _app(tmp_path):
    return SimpleNamespace(doctreedir=str(tmp_path))


def test_hyphen_cache_gives_pyphens_points_and_keeps_them(tmp_path, monkeypatch):
    cache = hyphenate.HyphenCache()
    assert [cache.word(_app(tmp_path), w) for w in WORDS] == [
        hyphenate.hyphenate_word(w) for w in WORDS]
    cache.save(_app(tmp_path), None)
    stored = json.loads((tmp_path / hyphenate.CACHE_FILE).read_text(encoding="utf-8"))
    assert stored["key"] == hyphenate.CACHE_KEY and set(stored["words"]) == set(WORDS)

    # The next build finds every word in the file and never asks pyphen.
    def no_pyphen(word: str, mark: str = "-") -> str:
        raise AssertionError(f"pyphen asked for {word}")

    expected = [hyphenate.hyphenate_word(w) for w in WORDS]
    monkeypatch.setattr(hyphenate, "hyphenate_word", no_pyphen)
    again = hyphenate.HyphenCache()
    assert [again.word(_app(tmp_path), w) for w in WORDS] == expected
    assert not again.added


@pytest.mark.parametrize("stored", [
    {"key": hyphenate.CACHE_KEY, "words": {"bygglovshantering": "<script>alert(1)</script>"}},
    {"key": hyphenate.CACHE_KEY, "words": {"bygglovshantering": "bygg-lov-han-te-ring-x"}},
    {"key": "pyphen 0.0.0 sv_SE", "words": {"bygglovshantering": "b-ygglovshantering"}},
    {"key": hyphenate.CACHE_KEY, "words": ["bygglovshantering"]},
    "inte json",
])
def test_hyphen_cache_ignores_a_damaged_or_other_file(tmp_path, stored):
    path = tmp_path / hyphenate.CACHE_FILE
    path.write_text(stored if isinstance(stored, str) else json.dumps(stored), encoding="utf-8")
    cache = hyphenate.HyphenCache()
    word = "bygglovshantering"
    assert cache.word(_app(tmp_path), word) == hyphenate.hyphenate_word(word)
    assert cache.added


def _theme_toc(toc: str, kind: str = "html") -> str:
    context = {"toc": toc, "theme_show_toc_level": 1}
    add_toctree_functions(None, "sida", "page.html", context, None)
    return str(context["generate_toc_html"](kind))


@pytest.mark.parametrize("toc", [
    '<ul>\n<li><a class="reference internal" href="#">Studiebesök om skolmat</a></li>\n</ul>\n',
    '<ul>\n<li><a class="reference internal" href="#">Rubrik &lt;li&gt; i text</a></li>\n</ul>\n',
    '<ul>\n<li><a class="reference internal" href="#">Titel</a><ul>\n<li><a class="reference '
    'internal" href="#del">Del</a></li>\n</ul>\n</li>\n</ul>\n',
    '<ul>\n<li><a class="reference internal" href="#a">A</a></li>\n<li><a class="reference '
    'internal" href="#b">B</a></li>\n</ul>\n',
])
@pytest.mark.parametrize("kind", ["html", "raw"])
def test_one_heading_contents_are_the_themes_own(toc, kind):
    context: dict[str, object] = {"toc": toc, "theme_show_toc_level": 1}
    add_toctree_functions(None, "sida", "page.html", context, None)
    navigation._one_heading_toc(context)
    generate = context["generate_toc_html"]
    assert callable(generate)
    assert str(generate(kind)) == _theme_toc(toc, kind)
