"""The benchmark at a small size: an incremental build after editing one case reads that one
document and writes exactly the pages that show it. (Times are for ``make bench`` only.)"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402


def test_incremental_build_reads_one_and_writes_only_pages_showing_the_case(tmp_path):
    res = run.measure(30, runs=1, work=tmp_path, check_only=True)
    edited = run.gen.make_cases(30)[15]
    body, title = res["incremental"]["body"], res["incremental"]["title"]
    # A new sentence in the text: only the case's own page shows it.
    assert body["reads"] == [edited.docname]
    assert body["writes"] == [edited.docname]
    # A new title: the case page, its type's table and the policies whose methods and goals
    # list it (plus casebook/index and index, the type page's toctree parents).
    assert title["reads"] == [edited.docname]
    assert title["writes"] == title["expected_writes"]
    assert len(title["writes"]) < 10
