"""Peak memory of a build: Sphinx's two doctree caches are not kept (issue 30).

A serial Sphinx build keeps every page's doctree in memory from reading to writing
(``BuildEnvironment._write_doc_doctree_cache``, filled in ``Builder.write_doctree``) and the
pickled bytes of every doctree it reads back (``_pickled_doctree_cache``). Both grow with the
number of pages: at 2,000 cases they were two thirds of the build's peak (321 MB against 171 MB
without them), and at 10,000 cases they would be most of a gigabyte. Sphinx itself leaves the
first one out in a parallel build (sphinx-doc/sphinx#11290: "-j1 + not caching" was also the
faster build of CPython's documentation), and reads each doctree back from the doctree folder
instead, as every build before Sphinx 6.1 did. We do the same in a serial build: the caches are
replaced by mappings that keep nothing, so each page's doctree is unpickled when it is written
and freed after. The output is the same; only where the doctree comes from changes.

Both attributes are private to Sphinx. When a Sphinx release renames them, nothing breaks:
the caches are simply kept again (tests/test_memory.py fails and says so).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: The environment's caches that grow with every page read.
CACHES = ("_write_doc_doctree_cache", "_pickled_doctree_cache")


class KeepNothing(dict[Any, Any]):
    """A mapping that forgets what is put into it: every lookup misses."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass

    def setdefault(self, key: Any, default: Any = None) -> Any:
        return default


def _keep_no_doctrees(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    # Every build: a loaded environment gets new empty dicts from its __setstate__.
    for name in CACHES:
        if isinstance(getattr(env, name, None), dict):
            setattr(env, name, KeepNothing())


def setup_memory(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _keep_no_doctrees)
