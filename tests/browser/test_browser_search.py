"""Swedish search in the browser: Sphinx's own search page with the Swedish stemmer.

To add a query, add a line to QUERIES: what an employee would type, and the page (docname)
that must be among the first five results.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from .helpers import goto_loaded

QUERIES: list[tuple[str, str]] = [
    # inflected forms
    ("vänorter", "casebook/vanortsutbyte/skolledare"),
    ("strategi vänorter", "policy/huddinge/strategi"),
    ("vänorten", "casebook/vanortsutbyte/ungdomsutbyte"),
    ("undersköterska", "casebook/jobbskuggning/aldreomsorg"),
    ("äldreomsorg", "casebook/jobbskuggning/aldreomsorg"),
    ("studiebesöket", "casebook/studiebesok/natverk-skola"),
    ("ventilation", "casebook/projekt/energi-skolor"),
    ("livsmedelskontrollen", "casebook/konferens/eu-information"),
    ("inspektören", "casebook/konferens/eu-information"),
    ("ungdomsråd", "casebook/vanortsutbyte/ungdomsutbyte"),
    # Pages titled "Uppföljning ..." come first; their front page leads to every year.
    ("uppföljningen", "docs/uppfoljning/index"),
    ("skärmläsaren", "docs/tillganglighet"),
    # compounds and several words
    ("vänortsutbyte", "casebook/index"),
    ("ungdomsutbyten", "casebook/vanortsutbyte/ungdomsutbyte"),
    ("jobbskuggning", "casebook/jobbskuggning/aldreomsorg"),
    ("energismarta skolbyggnader", "casebook/projekt/energi-skolor"),
    ("digitala läromedel", "casebook/studiebesok/natverk-skola"),
    ("kunskapshöjande insatser", "policy/huddinge/strategi"),
    ("delfinansiering", "casebook/projekt/energi-skolor"),
    ("internationella programmet Haninge", "policy/haninge/program"),
    ("tillgänglighetsredogörelse", "docs/tillganglighet"),
    # names of programmes and funds
    ("Erasmus", "casebook/jobbskuggning/aldreomsorg"),
    ("Interreg", "casebook/projekt/energi-skolor"),
]

TOP = 5


def search(page, site, query: str) -> list[str]:
    """Open the search page with a query; return result docnames in rank order."""
    goto_loaded(page, site.url("search.html?q=" + quote(query)))
    page.wait_for_function(
        # searchtools.js sets the heading to "Search Results" (Swedish: Sökresultat) when done.
        """() => {
            const h = document.querySelector('#search-results h2');
            return h && h.textContent.trim() === 'Sökresultat';
        }""",
        timeout=10000,
    )
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search > li > a", "links => links.map(a => a.href)"
    )
    out = []
    for href in hrefs:
        path = urlsplit(href).path.lstrip("/")
        out.append(path.removesuffix(".html"))
    return out


def test_search_page_uses_swedish_stemmer(site, page):
    goto_loaded(page, site.url("search.html"))
    assert page.evaluate("document.documentElement.lang") == "sv"
    stemmed = page.evaluate("new Stemmer().stemWord('vänorter')")
    assert stemmed == page.evaluate("new Stemmer().stemWord('vänort')")


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_swedish_query_finds_page_in_top_five(site, page, query, expected):
    results = search(page, site, query)
    assert expected in results[:TOP], f"{query!r}: top {TOP} were {results[:TOP]}"


def test_query_for_missing_word_finds_nothing(site, page):
    assert search(page, site, "flygplansmotor") == []
