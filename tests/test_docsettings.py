"""Docutils settings made once per build (issue 30, handbok/docsettings.py)."""

from __future__ import annotations

import shutil
from io import StringIO

import sphinx.util.docutils as sphinx_docutils
from docutils.frontend import Values
from docutils.parsers.rst import Parser as RSTParser
from docutils.readers import standalone
from docutils.utils import DependencyList
from handbok.docsettings import DocumentOnce, SettingsOnce
from myst_parser.mdit_to_docutils import base as myst_base
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.testing.util import SphinxTestApp


class Counted:
    """The original function, counting its calls."""

    def __init__(self, original):
        self.original = original
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.original(*args, **kwargs)


def test_each_set_of_settings_is_made_once_and_every_page_gets_its_own_copy():
    made = Counted(sphinx_docutils._get_settings)
    once = SettingsOnce(made)
    defaults = {"traceback": True, "language_code": "sv"}
    first = once(standalone.Reader, MystParser(), defaults=defaults)
    second = once(standalone.Reader, MystParser(), defaults=dict(defaults))
    assert made.calls == 1
    assert first is not second and vars(first).keys() == vars(second).keys()
    # What Sphinx's own function gives, value for value.
    plain = sphinx_docutils._get_settings(standalone.Reader, MystParser(), defaults=defaults)
    assert {k: v for k, v in vars(first).items() if k != "record_dependencies"} == {
        k: v for k, v in vars(plain).items() if k != "record_dependencies"}
    # A page's changes stay on its copy.
    first._source = "a.md"
    first.record_dependencies.add("included.md")
    assert getattr(second, "_source", None) != "a.md"
    assert isinstance(second.record_dependencies, DependencyList)
    assert second.record_dependencies.list == []
    # Other defaults or other components: made again.
    once(standalone.Reader, MystParser(), defaults={**defaults, "language_code": "en"})
    once(standalone.Reader, RSTParser(), defaults=defaults)
    assert made.calls == 3


def test_myst_documents_share_the_parsers_defaults():
    made = Counted(myst_base.make_document)
    once = DocumentOnce(made)
    first, second = once(), once("b.md")
    assert made.calls == 1
    assert first is not second and first.settings is not second.settings
    assert isinstance(first.settings, Values) and second["source"] == "b.md"
    assert vars(first.settings).keys() == vars(myst_base.make_document().settings).keys()


def test_the_replacements_last_as_long_as_the_build(rootdir, tmp_path):
    originals = (sphinx_docutils._get_settings, myst_base.make_document)
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-ext-basic", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        assert isinstance(sphinx_docutils._get_settings, SettingsOnce)
        assert isinstance(myst_base.make_document, DocumentOnce)
        app.build()
        assert app.warning.getvalue() == ""
        # Many pages, one set of settings each for the reader and MyST's inner documents.
        assert len(app.env.found_docs) > 2
        assert (sphinx_docutils._get_settings, myst_base.make_document) == originals
    finally:
        app.cleanup()
    assert (sphinx_docutils._get_settings, myst_base.make_document) == originals
