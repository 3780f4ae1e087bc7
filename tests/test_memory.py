"""Sphinx's doctree caches are not kept during a build (issue 30, handbok/memory.py)."""

from __future__ import annotations

import shutil
from io import StringIO

from handbok.memory import CACHES, KeepNothing
from sphinx.testing.util import SphinxTestApp


def test_keep_nothing_forgets_what_is_put_in():
    cache = KeepNothing()
    cache["a"] = 1
    value = cache["b"] = b"bytes"  # Sphinx's chained assignment still hands the value on
    assert value == b"bytes"
    assert cache.setdefault("c", 3) == 3
    assert len(cache) == 0 and cache.pop("a", None) is None


def test_a_build_keeps_no_doctree_in_memory(rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-ext-basic", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert app.warning.getvalue() == ""
        # The installed Sphinx still has both caches under these names: when a release
        # renames them, the caches are kept again and this test says so.
        for name in CACHES:
            cache = getattr(app.env, name)
            assert isinstance(cache, KeepNothing), f"Sphinx has no {name} any more"
            assert len(cache) == 0
        # The pages were written from the doctrees read back from the doctree folder.
        page = (app.outdir / "policy.html").read_text(encoding="utf-8")
        assert "Ansvarsmatris: Alfa strategi" in page
    finally:
        app.cleanup()
