"""The query set of `make bench-search`: enough Swedish queries, of each kind, whose pages
exist (a renamed page must not silently lower an engine's recall)."""

from __future__ import annotations

import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "bench"))
import search  # noqa: E402  (tests/bench/search.py, the bench itself)


def test_at_least_thirty_queries_of_every_kind():
    queries = search.read_queries()
    assert len(queries) >= 30
    kinds = {q["kind"] for q in queries}
    assert kinds == {"del", "böjning", "fler"}
    # A part of a compound finds the compound: "vänort" is answered by "Vänortsutbyten".
    vanort = next(q for q in queries if q["query"] == "vänort")
    assert "casebook/vanortsutbyte/index" in vanort["pages"]


def test_every_expected_page_exists():
    for q in search.read_queries():
        for page in q["pages"]:
            assert (REPO / f"{page}.md").is_file(), f"{q['query']!r}: {page}.md finns inte"


def test_recall_counts_the_first_five_only():
    pages = ["a", "b"]
    assert search.recall(["x", "a", "y", "z", "w", "b"], pages) == 0.5
    assert search.recall(["b", "a"], pages) == 1.0
    assert search.docname("http://h/casebook/vanortsutbyte/") == "casebook/vanortsutbyte/index"
    assert search.docname("http://h/docs/sokning.html#resultat") == "docs/sokning"
