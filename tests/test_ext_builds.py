"""The extension under every build: all builders, parallel, and incremental add/edit/delete."""

from __future__ import annotations

import re
import shutil
import time
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

ROOT = "test-ext-basic"
EPUB_CONF = {"version": "1.0", "copyright": "2026, Test", "epub_copyright": "2026, Test"}


def new_app(srcdir: Path, builder: str = "html", **kwargs) -> SphinxTestApp:
    return SphinxTestApp(builder, srcdir=srcdir, status=StringIO(), warning=StringIO(), **kwargs)


@pytest.fixture
def srcdir(rootdir, tmp_path) -> Path:
    target = tmp_path / "src"
    shutil.copytree(rootdir / ROOT, target)
    return target


# --- every builder --------------------------------------------------------------------------

BUILDER_CHECKS = {
    # builder: (file with the matrix, file with a case table, how a table looks there)
    "html": ("policy.html", "casebook.html", r"<table class=\"handbok-"),
    "singlehtml": ("index.html", "index.html", r"<table class=\"handbok-"),
    "epub": ("policy.xhtml", "casebook.xhtml", r"<table class=\"handbok-"),
    "latex": ("test.tex", "test.tex", r"\\begin\{tabulary\}|\\begin\{longtable\}"),
    "text": ("policy.txt", "casebook.txt", r"\|=+\|"),
}


@pytest.mark.parametrize("builder", sorted(BUILDER_CHECKS))
def test_every_builder_renders_tables(srcdir, builder):
    app = new_app(srcdir, builder, confoverrides=EPUB_CONF if builder == "epub" else {})
    try:
        app.build()
        assert app.warning.getvalue() == ""
        matrix_file, cases_file, table_re = BUILDER_CHECKS[builder]
        matrix = (app.outdir / matrix_file).read_text(encoding="utf-8")
        cases = (app.outdir / cases_file).read_text(encoding="utf-8")
        assert "Ansvarsmatris: Alfa strategi" in matrix and re.search(table_re, matrix)
        # The matrix cells and a case table row.
        assert "samordnar" in matrix and "stödjer" in matrix
        assert "Studiebesök (1)" in cases and "Skolförvaltningen" in cases
        assert len(re.findall(table_re, cases)) >= 2
        if builder == "singlehtml":
            # Orphan case pages are not part of the single page: their titles are not links
            # to anchors that do not exist.
            ids = set(re.findall(r' id="([^"]+)"', cases))
            hrefs = re.findall(r'<a class="reference internal" href="#([^"]+)"', cases)
            assert hrefs and all(h.partition("#")[0] in ids for h in hrefs), hrefs
    finally:
        app.cleanup()


# --- parallel ---------------------------------------------------------------------------------


def pages(outdir: Path) -> dict[str, str]:
    return {str(p.relative_to(outdir)): p.read_text(encoding="utf-8")
            for p in sorted(outdir.rglob("*.html"))}


def test_parallel_build_equals_serial(rootdir, tmp_path):
    outputs = []
    for jobs in (1, 2):
        src = tmp_path / f"src-{jobs}"
        shutil.copytree(rootdir / ROOT, src)
        app = new_app(src, parallel=jobs)
        try:
            app.build()
            assert app.warning.getvalue() == ""
            if jobs == 2:  # really read and written in chunks by worker processes
                status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
                assert re.search(r"reading sources\.\.\. \[ *\d+%\] \S+ \.\. ", status)
                assert re.search(r"writing output\.\.\. \[ *\d+%\] \S+ \.\. ", status)
            outputs.append(pages(app.outdir))
        finally:
            app.cleanup()
    serial, parallel = outputs
    assert sorted(serial) == sorted(parallel)
    for name in serial:
        assert serial[name] == parallel[name], name


# --- incremental ------------------------------------------------------------------------------

NEW_CASE = """---
orphan: true
---

# Nytt exempel

:::{{case}} ny
:type: {type}
:unit: Kulturförvaltningen
:period: 2022
:methods: alfa-metod-2
:effect: Något blev bättre.
:illustrative:

Vad som gjordes.
:::
"""


def build_and_record(srcdir: Path) -> tuple[set[str], SphinxTestApp]:
    """Build incrementally; return the documents written (html-page-context of a source page)."""
    app = new_app(srcdir)
    written: set[str] = set()

    def record(app, pagename, templatename, context, doctree):
        if pagename in app.env.found_docs:
            written.add(pagename)

    app.connect("html-page-context", record)
    app.build()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    return written, app


def touch(path: Path, text: str) -> None:
    # Sphinx compares a source's mtime with the time it was last read; the filesystem's clock
    # may be a few milliseconds coarse, so let it pass the previous build first.
    time.sleep(0.1)
    path.write_text(text, encoding="utf-8")


def expected(app, edited: set[str], listing: set[str]) -> set[str]:
    """The edited page, the pages listing the case, and - Sphinx's own rule, so that titles in
    navigation stay right - the pages whose toctree contains a rewritten page."""
    parents = {parent for page in edited | listing
               for parent in app.env.files_to_rebuild.get(page, ())}
    assert parents <= {"index"}  # the test root's only toctree is on the start page
    return edited | listing | parents


def listed(app, page: str) -> bool:
    return "Nytt exempel" in (app.outdir / f"{page}.html").read_text(encoding="utf-8")


def test_incremental_add_edit_delete(srcdir):
    first, app = build_and_record(srcdir)
    assert "casebook" in first and "policy" in first
    app.cleanup()

    # Nothing changed: nothing is written.
    written, app = build_and_record(srcdir)
    assert written == set()
    app.cleanup()

    # Add a case: the pages that list it (the method's policy page, the tables whose filters
    # it matches), the new page and the other case of its type, whose previous/next link
    # now leads to it, are written, nothing else.
    case = srcdir / "cases" / "ny.md"
    touch(case, NEW_CASE.format(type="projekt"))
    written, app = build_and_record(srcdir)
    assert written == expected(app, {"cases/ny", "cases/projekt-b"},
                               {"policy", "views", "casebook"})
    assert not written & {"typ-studiebesok", "cases/besok-a"}
    assert "ny.html" in (app.outdir / "cases" / "projekt-b.html").read_text(encoding="utf-8")
    assert listed(app, "policy") and listed(app, "casebook") and listed(app, "views")
    assert not listed(app, "typ-studiebesok")
    app.cleanup()

    # Edit it so it changes type: both the old and the new type's listings are written, and
    # its old and new neighbours.
    touch(case, NEW_CASE.format(type="studiebesök"))
    written, app = build_and_record(srcdir)
    assert written == expected(app, {"cases/ny", "cases/projekt-b", "cases/besok-a"},
                               {"policy", "views", "casebook", "typ-studiebesok"})
    assert "ny.html" not in (app.outdir / "cases" / "projekt-b.html").read_text(
        encoding="utf-8")
    assert listed(app, "typ-studiebesok")
    casebook = (app.outdir / "casebook.html").read_text(encoding="utf-8")
    assert "Studiebesök (2)" in casebook and "Projekt (1)" in casebook
    app.cleanup()

    # Edit only the body text of another case, moving its lines down: only that page is written.
    other = srcdir / "cases" / "besok-a.md"
    text = other.read_text(encoding="utf-8").replace("Lärare besökte", "Fyra lärare besökte")
    touch(other, text.replace("# Studiebesök A\n", "# Studiebesök A\n\nEn ny inledning.\n"))
    written, app = build_and_record(srcdir)
    assert written == expected(app, {"cases/besok-a"}, set()) == {"cases/besok-a"}
    app.cleanup()

    # Delete it: every page that listed it is written again, without the case, and so is
    # its neighbour.
    case.unlink()
    written, app = build_and_record(srcdir)
    assert written == expected(app, {"cases/besok-a"},
                               {"policy", "views", "casebook", "typ-studiebesok"})
    assert "ny.html" not in (app.outdir / "cases" / "besok-a.html").read_text(encoding="utf-8")
    for page in ("policy", "views", "casebook", "typ-studiebesok"):
        assert not listed(app, page), page
    app.cleanup()
