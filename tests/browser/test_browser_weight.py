"""A first visit weighs at most half of a bare sphinx-book-theme page (issue 12).

The same measurement as ``make weight`` (tests/bench/weight.py), on the site the tests built:
every response of a first visit in Chromium, gzipped as a server would send it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from .conftest import Site

_SPEC = importlib.util.spec_from_file_location(
    "handbok_weight", Path(__file__).resolve().parents[1] / "bench" / "weight.py")
weight = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(weight)


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    served = Site(weight.build_bare(tmp_path_factory.mktemp("bare")))
    yield served
    served.close()


@pytest.mark.parametrize("path", ["index.html", "policy/huddinge/strategi.html",
                                  "casebook/studiebesok/bygglov.html"])
def test_first_visit_is_at_most_half_of_a_bare_theme_page(site, bare, browser, path):
    base = weight.first_visit(browser, bare.url("index.html"))
    ours = weight.first_visit(browser, site.url(path))
    assert base["requests"] > 10 and base["gzip"] > 500_000  # the bare page did load the theme
    urls = [r["url"] for r in ours["responses"]]
    assert not [u for u in urls if "fontawesome" in u or "webfonts" in u], urls
    assert not [u for u in urls if "sphinx-design" in u or "design-tabs" in u], urls
    assert all(r["status"] == 200 for r in ours["responses"]), ours["responses"]
    assert ours["gzip"] / base["gzip"] <= 0.5, (ours["gzip"], base["gzip"])
