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
(:data:`START_THRESHOLD`, as mypy does for its whole run); then Python's own thresholds are
back, so the build itself collects as before.
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
PYTHON_THRESHOLD = (700, 10, 10)


def _cache_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return
    folder = Path(app.doctreedir) / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


class StartCollection:
    """The collector's thresholds before this application's start raised them."""

    def __init__(self) -> None:
        self.saved: tuple[int, int, int] | None = None

    def pause(self) -> None:
        current = gc.get_threshold()
        # Left raised by a start that failed before its builder was made: Python's own.
        self.saved = PYTHON_THRESHOLD if current == START_THRESHOLD else current
        gc.set_threshold(*START_THRESHOLD)

    def resume(self, app: Sphinx) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None


def setup_startup(app: Sphinx) -> None:
    collection = StartCollection()  # this application's, handed to its listener
    collection.pause()
    app.connect("builder-inited", collection.resume, priority=Priority.COLLECTOR)
    app.connect("builder-inited", _cache_templates)
