"""The fixed cost of every build, most felt in an incremental one (issue 30).

Sphinx compiles the theme's Jinja templates (about forty files of sphinx-book-theme,
pydata-sphinx-theme and Sphinx's basic theme) again in every process: about a second of CPU,
a quarter of an incremental build that writes one page. Jinja can keep the compiled templates
(``FileSystemBytecodeCache``); each entry is keyed by the template's name and file and checked
against a checksum of its source, so an edited template is compiled again. The cache lives
in the build's doctree folder, next to the pickled environment, never in the output.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx

CACHE_DIR = "handbok-templates"


def _cache_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return
    folder = Path(app.doctreedir) / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup_startup(app: Sphinx) -> None:
    app.connect("builder-inited", _cache_templates)
