"""The fixed cost of every build, most felt in an incremental one (issue 30).

Sphinx compiles the theme's Jinja templates (about forty files of sphinx-book-theme,
pydata-sphinx-theme and Sphinx's basic theme) again in every process: about a second of CPU,
a quarter of an incremental build that writes one page. Jinja can keep the compiled templates
(``FileSystemBytecodeCache``); each entry is keyed by the template's name and file and checked
against a checksum of its source, so an edited template is compiled again. The cache lives
in the build's doctree folder, next to the pickled environment, never in the output.

While a build starts (the extensions and the theme are imported, the pickled environment is
read), Python makes objects and frees almost none, yet its garbage collector walks every
object again and again: reading a 2 MB environment took 100 ms instead of 30. From the
extension's setup until the builder is made, the collector runs less often
(:data:`START_THRESHOLD`, as mypy does for its whole run).

The build itself makes many objects that live until its end (the environment, the domain's
records, the search index) and many short-lived cycles (each page's doctree). With Python's
own thresholds the collector walked the long-lived ones again and again: 2.3 to 3 s of a full
build of 1,000 cases (19 to 21 s of CPU) went to it. So (:class:`BuildCollection`):

- when the builder is made, what start-up made (modules, the theme, the pickled environment)
  is frozen (``gc.freeze``): the collector leaves it alone, as CPython's documentation advises
  for long-lived objects;
- the build runs with :data:`BUILD_THRESHOLD`: the youngest generation is collected after
  5,000 new objects instead of 700, the middle one half as often. Larger values cost more
  (20,000 took half a second more at 1,000 cases: a larger youngest generation no longer fits
  the processor's cache);
- when reading is over (``env-updated``), the garbage of reading (the read doctrees) is
  collected once and what is left, the environment that writing reads, is frozen as well;
- when the build ends, Python's own thresholds are back. What is frozen stays frozen: a
  ``sphinx-build`` process ends there, and Python's last collection at exit would otherwise
  walk every object of the build once more (0.3 s of the 1.1 s of an incremental build of
  1,000 cases). A second build in the same process (the tests) unfreezes it when it starts,
  so the first build's garbage is collected then.
"""

from __future__ import annotations

import gc
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx

from .vocabulary import Priority

CACHE_DIR = "handbok-templates"
#: The collector's thresholds while a build starts (Python's own: 700, 10, 10).
START_THRESHOLD = (50_000, 20, 10)
#: ... and while it reads and writes.
BUILD_THRESHOLD = (5_000, 20, 10)
PYTHON_THRESHOLD = (700, 10, 10)


def _cache_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return
    folder = Path(app.doctreedir) / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


class BuildCollection:
    """The collector during this application's start and build, and the thresholds it had
    before (see the module's text)."""

    def __init__(self) -> None:
        self.saved: tuple[int, int, int] | None = None

    def pause(self) -> None:
        # A build before this one in the same process left its objects frozen.
        gc.unfreeze()
        current = gc.get_threshold()
        # Left raised by a build that failed before its end: Python's own.
        raised = current in (START_THRESHOLD, BUILD_THRESHOLD)
        self.saved = PYTHON_THRESHOLD if raised else current
        gc.set_threshold(*START_THRESHOLD)

    def build(self, app: Sphinx) -> None:
        if self.saved is not None:
            gc.freeze()
            gc.set_threshold(*BUILD_THRESHOLD)

    def read(self, app: Sphinx, env: object) -> None:
        if self.saved is not None:
            gc.collect()
            gc.freeze()

    def resume(self, app: Sphinx | None = None, exception: Exception | None = None) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None


def setup_startup(app: Sphinx) -> None:
    """Called first of the extension's setup functions, so the collector is paused while the
    others import their modules."""
    collection = BuildCollection()  # this application's, handed to its listeners
    collection.pause()
    app.connect("builder-inited", collection.build, priority=Priority.COLLECTOR)
    app.connect("builder-inited", _cache_templates)
    app.connect("env-updated", collection.read, priority=Priority.COLLECTOR_READ)
    app.connect("build-finished", collection.resume, priority=Priority.COLLECTOR_END)
