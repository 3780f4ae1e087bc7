"""The garbage collector during a build (issue 30, handbok/startup.py)."""

from __future__ import annotations

import gc
import shutil
from io import StringIO

from handbok.startup import BUILD_THRESHOLD, PYTHON_THRESHOLD, START_THRESHOLD, BuildCollection
from sphinx.testing.util import SphinxTestApp


def test_the_build_collects_less_often_and_leaves_the_collector_as_it_was(rootdir, tmp_path):
    gc.unfreeze()  # a build earlier in this test process may have left its objects frozen
    before = gc.get_threshold(), gc.get_freeze_count()
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-ext-basic", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    seen: list[tuple[tuple[int, int, int], int]] = []
    app.connect("doctree-resolved",
                lambda app, doctree, docname: seen.append((gc.get_threshold(),
                                                           gc.get_freeze_count())))
    try:
        # The builder is made: what start-up made is frozen.
        started = gc.get_freeze_count()
        assert gc.get_threshold() == BUILD_THRESHOLD and started > before[1]
        app.build()
        assert app.warning.getvalue() == ""
        # While writing, the environment read is frozen too.
        assert seen and all(t == BUILD_THRESHOLD and n > started for t, n in seen)
        # Python's thresholds are back; what the build made stays frozen, so the process's
        # last collection at exit does not walk it, until the next build in this process.
        assert gc.get_threshold() == before[0]
        assert gc.get_freeze_count() > started
        BuildCollection().pause()
        assert gc.get_freeze_count() == 0
    finally:
        gc.set_threshold(*before[0])
        app.cleanup()


def test_a_build_that_failed_midway_does_not_leave_its_thresholds_behind():
    before = gc.get_threshold()
    try:
        for left in (START_THRESHOLD, BUILD_THRESHOLD):
            gc.set_threshold(*left)
            collection = BuildCollection()
            collection.pause()
            assert gc.get_threshold() == START_THRESHOLD
            collection.resume()
            assert gc.get_threshold() == PYTHON_THRESHOLD
        gc.set_threshold(1000, 15, 5)  # a program's own thresholds are kept
        collection = BuildCollection()
        collection.pause()
        collection.resume()
        assert gc.get_threshold() == (1000, 15, 5)
    finally:
        gc.set_threshold(*before)
