"""Docutils settings made once per build instead of once per page (issue 30).

Every page Sphinx reads gets its docutils settings from ``sphinx.util.docutils._get_settings``,
which builds a docutils ``OptionParser`` (a few hundred option objects) for the reader and the
parser and asks it for its defaults. Sphinx 8.3 and later do that for every page (before, one
settings object was made per build and copied); MyST-Parser then makes a second, unused
document with the parser's default settings for every page too (an eager default argument of
``setup_render``). Both are the same for every page of a build: about a millisecond and a half
of CPU a page, 6 % of a full build.

This module makes each distinct set of settings once per build and hands every page a shallow
copy, as Sphinx did up to 8.2 (its ``new_document`` still works this way). The replacements
are installed when the builder is made and the originals put back when the build ends, so a
second application in the same process starts from Sphinx's own functions and its own memo.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping
from typing import Any

from docutils import nodes
from docutils.frontend import Values
from docutils.utils import DependencyList
from sphinx.application import Sphinx

SettingsMaker = Callable[..., Values]
DocumentMaker = Callable[..., nodes.document]


def _copy(settings: Values) -> Values:
    """A page's own copy: shared values, but its own (dummy) list of dependencies."""
    page = copy.copy(settings)
    dependencies = getattr(settings, "record_dependencies", None)
    if isinstance(dependencies, DependencyList) and dependencies.file is None:
        page.record_dependencies = DependencyList()
    return page


def _kind(component: object) -> object:
    """A docutils component's class: its settings come from class attributes."""
    return component if isinstance(component, type) else type(component)


class SettingsOnce:
    """``_get_settings`` that makes each distinct set of settings once and copies it."""

    def __init__(self, original: SettingsMaker) -> None:
        self.original = original
        #: (components, read_config_files, working folder, DOCUTILSCONFIG), defaults, settings
        self.made: list[tuple[tuple[object, ...], dict[str, Any], Values]] = []

    def __call__(self, *components: object, defaults: Mapping[str, Any],
                 read_config_files: bool = False) -> Values:
        # Configuration files are found from the working folder and DOCUTILSCONFIG.
        key = (tuple(_kind(c) for c in components), read_config_files, os.getcwd(),
               os.environ.get("DOCUTILSCONFIG"))
        wanted = dict(defaults)
        for made_key, made_defaults, settings in self.made:
            if made_key == key and made_defaults == wanted:
                return _copy(settings)
        settings = self.original(*components, defaults=defaults,
                                 read_config_files=read_config_files)
        self.made.append((key, wanted, settings))
        return _copy(settings)


class DocumentOnce:
    """MyST-Parser's ``make_document`` with the parser's default settings made once."""

    def __init__(self, original: DocumentMaker) -> None:
        self.original = original
        self.settings: dict[object, Values] = {}

    def __call__(self, source_path: str = "notset", parser_cls: Any = None) -> nodes.document:
        from docutils.parsers.rst import Parser as RSTParser
        from docutils.utils import new_document

        parser_cls = RSTParser if parser_cls is None else parser_cls
        if parser_cls not in self.settings:
            self.settings[parser_cls] = self.original(source_path, parser_cls).settings
        return new_document(source_path, settings=_copy(self.settings[parser_cls]))


class Replacements:
    """This application's replacements and the functions they stand in for."""

    def __init__(self) -> None:
        self.saved: list[tuple[object, str, object]] = []

    def install(self, app: Sphinx) -> None:
        import sphinx.util.docutils as sphinx_docutils
        from myst_parser.mdit_to_docutils import base as myst_base

        for module, name, wrapper in (
                (sphinx_docutils, "_get_settings", SettingsOnce),
                (myst_base, "make_document", DocumentOnce)):
            original = getattr(module, name, None)
            if original is None or isinstance(original, (SettingsOnce, DocumentOnce)):
                continue  # another Sphinx version, or a build in progress in this process
            self.saved.append((module, name, original))
            setattr(module, name, wrapper(original))

    def restore(self, app: Sphinx | None = None, exception: Exception | None = None) -> None:
        while self.saved:
            module, name, original = self.saved.pop()
            setattr(module, name, original)


def setup_docsettings(app: Sphinx) -> None:
    replacements = Replacements()  # this application's, handed to its listeners
    app.connect("builder-inited", replacements.install)
    app.connect("build-finished", replacements.restore)
