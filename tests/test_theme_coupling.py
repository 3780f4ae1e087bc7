"""Where the site depends on the theme's internals, a theme upgrade that breaks it fails here.

- Templates in ``_templates/`` that override a theme template: the installed original must
  still be the one the override was copied from (tests/data/theme-originals/), and the
  override's own change must be in the built HTML.
- Message catalogs: our Swedish names must still be for strings the theme translates.
- ``tables.py`` finds the theme's table wrapper in its HTML, ``navigation.py`` swaps a theme
  listener found by its name: both are built with the real theme, and both warn
  (``handbok.theme``) when the theme no longer matches.
"""

from __future__ import annotations

import ast
import difflib
import functools
import importlib.metadata
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import REPO, copy_site
from handbok import navigation, tables
from sphinx.testing.util import SphinxTestApp

TEMPLATES = REPO / "_templates"
ORIGINALS = REPO / "tests" / "data" / "theme-originals"
LOCALE = REPO / "locale" / "sv" / "LC_MESSAGES"
#: Templates of our own, not copies of a theme template.
OWN_TEMPLATES = {"tillganglighet-footer.html"}
THEMES = {"sphinx_book_theme": "sphinx-book-theme", "pydata_sphinx_theme": "pydata-sphinx-theme"}
ORIGINAL_RE = re.compile(r"^\s*Original \((?P<dist>[\w-]+) (?P<version>[^)]+)\): (?P<path>\S+)$",
                         re.MULTILINE)


def package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations, f"{package} is not installed"
    return Path(next(iter(spec.submodule_search_locations)))


def recorded_originals() -> list[tuple[str, str, str, str]]:
    """(override, distribution, version, path) for every "Original (...)" in _templates/."""
    found = []
    for template in sorted(TEMPLATES.glob("*.html")):
        for m in ORIGINAL_RE.finditer(template.read_text(encoding="utf-8")):
            found.append((template.name, m["dist"], m["version"], m["path"]))
    return found


ORIGINAL_RECORDS = recorded_originals()


# --- Template overrides ---------------------------------------------------------------------

def theme_template_names() -> dict[str, list[str]]:
    """Template file name -> the installed theme files of that name (package-relative)."""
    names: dict[str, list[str]] = {}
    for package in THEMES:
        root = package_dir(package)
        for path in root.rglob("*.html"):
            rel = f"{package}/{path.relative_to(root).as_posix()}"
            names.setdefault(path.name, []).append(rel)
    return names


def test_every_template_override_names_its_original():
    """A template that shadows a theme template says which original it was copied from."""
    shadowing = theme_template_names()
    recorded = {(override, path) for override, _d, _v, path in ORIGINAL_RECORDS}
    assert ORIGINAL_RECORDS, "no override in _templates/ names its original"
    for template in sorted(TEMPLATES.glob("*.html")):
        if template.name in OWN_TEMPLATES:
            assert template.name not in shadowing, (
                f"_templates/{template.name} is listed as our own but overrides "
                f"{shadowing[template.name]}")
            continue
        assert template.name in shadowing, (
            f"_templates/{template.name} overrides no theme template: list it in OWN_TEMPLATES")
        named = {path for override, path in recorded if override == template.name}
        assert named, (
            f"_templates/{template.name} overrides {shadowing[template.name]} but names no "
            f"original: add 'Original (<theme> <version>): <path>' to its header comment and a "
            f"copy of the original under tests/data/theme-originals/")


@pytest.mark.parametrize(("override", "dist", "version", "path"), ORIGINAL_RECORDS,
                         ids=[f"{r[0]}:{r[3].split('/')[0]}" for r in ORIGINAL_RECORDS])
def test_theme_original_is_the_one_the_override_was_copied_from(override, dist, version, path):
    package, _, rel = path.partition("/")
    assert THEMES.get(package) == dist, f"_templates/{override}: {path} is not in {dist}"
    recorded = ORIGINALS / path
    assert recorded.is_file(), (
        f"_templates/{override} was copied from {path}, but tests/data/theme-originals/{path} "
        f"(the copy of that original) is missing")
    installed = package_dir(package) / rel
    installed_version = importlib.metadata.version(dist)
    assert installed.is_file(), (
        f"{dist} {installed_version} no longer has {rel}, which _templates/{override} "
        f"overrides (copied from {dist} {version}). Find where the theme moved it and "
        f"re-apply our change to the new original.")
    old = recorded.read_text(encoding="utf-8")
    new = installed.read_text(encoding="utf-8")
    if old != new:
        diff = "".join(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            f"{dist} {version} (tests/data/theme-originals/{path})",
            f"{dist} {installed_version} (installed)"))
        pytest.fail(
            f"{dist} {installed_version} changed {rel}, the original of _templates/{override} "
            f"(copied from {dist} {version}). Re-apply our change to the new original, then "
            f"copy the new original to tests/data/theme-originals/{path} and update the "
            f"version in the override's header (see tests/data/theme-originals/README.md). "
            f"What the theme changed:\n{diff}", pytrace=False)


def test_every_recorded_original_belongs_to_an_override():
    named = {path for _o, _d, _v, path in ORIGINAL_RECORDS}
    copies = {p.relative_to(ORIGINALS).as_posix() for p in ORIGINALS.rglob("*.html")}
    assert copies == named, "copies in tests/data/theme-originals/ no override names (or v.v.)"


def soup(html_dir: Path, page: str) -> BeautifulSoup:
    """The page parsed, once per version of the file: several tests read every page of the
    site, and parsing is most of their time. The tests only read what they are given."""
    path = html_dir / f"{page}.html"
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _parsed(path: Path, _mtime_ns: int, _size: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def site_pages(html_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(html_dir).with_suffix("")) for p in html_dir.rglob("*.html")
                  if not p.relative_to(html_dir).parts[0].startswith("_"))


def test_menu_override_names_the_menu_and_its_section_toggles(site_html):
    summaries = 0
    for page in site_pages(site_html):
        navs = soup(site_html, page).select("nav.bd-docs-nav")
        assert [nav.get("aria-label") for nav in navs] == ["Huvudmeny"], page
        for summary in navs[0].select("summary"):
            summaries += 1
            assert summary.get("aria-label") == "Visa eller dölj undersidor", (page, summary)
    # The override names <summary> by replacing the theme's exact "<summary>": a change in
    # the theme's HTML shows up here as unnamed toggles, or as none at all.
    assert summaries, "no menu section toggle (<summary>) in the built site"


@pytest.mark.parametrize("page", ["index", "policy/huddinge/strategi", "docs/tillganglighet"])
def test_sidebar_toggle_overrides_give_swedish_names(site_html, page):
    doc = soup(site_html, page)
    # The book theme's buttons (.btn). The header's own primary toggle, shown on narrow
    # screens, is pydata-sphinx-theme's and named through locale/sv/LC_MESSAGES/sphinx.po.
    for selector, name in [("button.primary-toggle.btn", "Visa eller dölj menyn"),
                           ("button.secondary-toggle.btn", "Visa eller dölj innehållet på sidan")]:
        buttons = doc.select(selector)
        assert buttons, (page, selector)
        for button in buttons:
            assert button.get("aria-label") == name and button.get("title") == name, button
            assert all(icon.get("aria-hidden") == "true" for icon in button.select("span")), button


def test_layout_override_gives_the_print_contents_a_swedish_name(site_html):
    # pydata-sphinx-theme's search page has a docs_body block of its own.
    for page in set(site_pages(site_html)) - {"search"}:
        doc = soup(site_html, page)
        prints = doc.select("#jb-print-docs-body")
        assert len(prints) == 1, page
        assert [n.get("aria-label") for n in prints[0].select("nav")] in ([], ["Innehåll på sidan"])
        # The rest of the block as the theme writes it: one article, after the print block.
        articles = doc.select("article.bd-article")
        assert len(articles) == 1, page
        assert prints[0] in articles[0].find_all_previous("div"), page
    toc = soup(site_html, "policy/huddinge/strategi").select_one("#jb-print-toc nav")
    assert toc is not None and toc.get("aria-label") == "Innehåll på sidan"


def test_header_buttons_have_our_swedish_names(site_html):
    doc = soup(site_html, "policy/huddinge/strategi")
    # The edit button alone, with its text, not in a dropdown behind a GitHub logo (issue 12).
    assert doc.select_one(".article-header-buttons .dropdown-source-buttons") is None
    assert doc.select_one("a.btn-source-repository-button") is None
    edit = doc.select_one(".article-header-buttons > a.btn-source-edit-button")
    assert edit.get("title") == "Föreslå en ändring"
    assert edit.get_text(strip=True) == "Föreslå en ändring"
    assert "handbok-edit-button" in edit.get("class")


def test_every_page_with_a_source_has_the_edit_button_with_its_text(site_html):
    pages = [p for p in site_pages(site_html) if p not in {"search", "genindex", "404"}]
    assert len(pages) > 30
    for page in pages:
        edit = soup(site_html, page).select(".article-header-buttons a.btn-source-edit-button")
        assert [a.get_text(strip=True) for a in edit] == ["Föreslå en ändring"], page
        assert edit[0]["href"].endswith(f"{page}.md"), (page, edit[0]["href"])


def test_no_fontawesome_script_and_searchbutton_named_by_its_text(site_html):
    """layout.html drops fontawesome.js from the theme's css block; search-button-field.html
    names the search button by its visible text (WCAG 2.5.3)."""
    for page in site_pages(site_html):
        doc = soup(site_html, page)
        scripts = [s.get("src", "") for s in doc.select("script")]
        assert not [s for s in scripts if "fontawesome" in s], page
        # The rest of the theme's block is still there.
        assert any("bootstrap.js" in link.get("href", "") for link in doc.select("link")), page
        for button in doc.select("button.search-button-field"):
            assert button.get("aria-label") is None, page
            assert " ".join(button.get_text(" ", strip=True).split()) == "Sök Ctrl + K"


def test_sphinx_design_assets_only_where_used(site_html):
    using = []
    for page in site_pages(site_html):
        doc = soup(site_html, page)
        assets = [t.get("href") or t.get("src") or "" for t in doc.select("link, script")]
        design = [a for a in assets if "sphinx-design" in a or "design-tabs" in a]
        uses = bool(doc.select('[class*="sd-"]'))
        assert bool(design) == uses, (page, design)
        using += [page] if uses else []
    assert using and len(using) < 10, using


def test_case_page_marks_its_type_and_the_casebook_current(site_html):
    doc = soup(site_html, "casebook/studiebesok/bygglov")
    nav = doc.select_one("nav.bd-docs-nav")
    current = [li.find("a").get_text(strip=True) for li in nav.select("li.current")]
    assert current == ["Exempelsamling", "Studiebesök"]
    assert all(d.has_attr("open") for d in nav.select("li.current > details"))
    # A page in the menu keeps the theme's own marking.
    policy = soup(site_html, "policy/huddinge/strategi").select_one("nav.bd-docs-nav")
    assert [li.find("a").get_text(strip=True) for li in policy.select("li.current")] == [
        "Styrdokument", "Huddinge kommuns strategi för internationellt arbete 2016-2020"]


def test_case_page_has_previous_and_next_of_its_type(site_html):
    # The type page lists the cases in the order they were carried out.
    listed = [a["href"] for a in soup(site_html, "casebook/studiebesok/index").select(
        "article table tbody a")]
    assert len(listed) >= 2
    first, second = (Path(h).stem for h in listed[:2])
    doc = soup(site_html, f"casebook/studiebesok/{first}")
    assert doc.select_one(".prev-next-area a.left-prev") is None
    assert doc.select_one(".prev-next-area a.right-next")["href"] == f"{second}.html"
    back = soup(site_html, f"casebook/studiebesok/{second}")
    assert back.select_one(".prev-next-area a.left-prev")["href"] == f"{first}.html"
    way = back.select_one(".handbok-case-way")
    assert [a["href"] for a in way.select("a")] == ["../index.html", "index.html"]
    assert "Tillbaka till alla exempel av typen studiebesök" in back.get_text()


# --- Message catalogs ----------------------------------------------------------------------

def catalog_ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [m.id for m in read_po(f) if m.id]


def translated_literals(root: Path) -> set[str]:
    """String literals the package passes to translation(), translate() or _()."""
    found: set[str] = set()
    call = re.compile(r"""\b(?:translation|translate|_)\(\s*(["'])(.+?)\1\s*\)""")
    for path in root.rglob("*"):
        if path.suffix == ".html":
            found |= {m[1] for m in call.findall(path.read_text(encoding="utf-8"))}
        elif path.suffix == ".py":
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", None)
                        in {"translation", "translate", "_"} and node.args
                        and isinstance(node.args[0], ast.Constant)):
                    found.add(node.args[0].value)
    return found


def test_booktheme_catalog_names_strings_the_theme_still_translates():
    used = translated_literals(package_dir("sphinx_book_theme"))
    version = importlib.metadata.version("sphinx-book-theme")
    stale = [m for m in catalog_ids(LOCALE / "booktheme.po") if m not in used]
    assert not stale, (
        f"sphinx-book-theme {version} no longer translates {stale}: our Swedish names for them "
        f"in locale/sv/LC_MESSAGES/booktheme.po do nothing. Find the theme's new strings and "
        f"re-apply our names to them.")


def test_sphinx_catalog_names_strings_sphinx_or_the_theme_translate():
    pots = [package_dir("pydata_sphinx_theme") / "locale" / "sphinx.pot",
            package_dir("sphinx") / "locale" / "sphinx.pot"]
    known = {m for pot in pots for m in catalog_ids(pot)}
    stale = [m for m in catalog_ids(LOCALE / "sphinx.po") if m not in known]
    assert not stale, (
        f"Neither Sphinx nor pydata-sphinx-theme translate {stale} any more: our Swedish names "
        f"in locale/sv/LC_MESSAGES/sphinx.po do nothing.")


CATALOG_PROBE = """
import json, sys
from io import StringIO
from sphinx import locale
from sphinx.application import Sphinx
Sphinx(sys.argv[1], sys.argv[1], sys.argv[2], sys.argv[2] + "/doctrees", "html",
       status=StringIO(), warning=StringIO())
translate = locale.get_translation("booktheme")
print(json.dumps({m: translate(m) for m in sys.argv[3:]}))
"""


def test_our_booktheme_catalog_wins_over_the_themes_own(tmp_path):
    """conf.py registers our catalog before the theme registers its own Swedish one.

    In a process of its own, as in ``make html``: catalogs registered by earlier builds in
    this process would come first.
    """
    probe = ["Download this page", "Fullscreen mode", "Suggest edit", "Print to PDF"]
    src = copy_site(tmp_path / "src")
    proc = subprocess.run([sys.executable, "-c", CATALOG_PROBE, str(src), str(tmp_path / "out"),
                           *probe], capture_output=True, text=True, cwd=src)
    assert proc.returncode == 0, proc.stderr
    names = json.loads(proc.stdout.splitlines()[-1])
    # The theme's own catalog says "Ladda ner den här sidan" and "Fullskärmsläge".
    assert names["Download this page"] == "Ladda ner sidan"
    assert names["Fullscreen mode"] == "Helskärm"
    assert names["Suggest edit"] == "Föreslå en ändring"
    # What we leave out, the theme's catalog still translates.
    assert names["Print to PDF"] == "Skriv ut till PDF"


def site_frame(dest: Path) -> Path:
    """The site's configuration, theme files and catalogs with three small pages of its own:
    what decides the names in the header, without the content, which does not."""
    copy_site(dest, parts=("conf.py", "_static", "_templates", "locale"))
    (dest / "docs").mkdir()
    (dest / "index.md").write_text(
        "# Handbok\n\n```{toctree}\ndocs/en\ndocs/tva\n```\n", encoding="utf-8")
    for name in ("en", "tva"):
        (dest / "docs" / f"{name}.md").write_text(f"# Sidan {name}\n\nText.\n",
                                                   encoding="utf-8")
    return dest


#: The pages of ``site_frame``.
FRAME_PAGES = ["index", "docs/en", "docs/tva"]


def test_editing_a_theme_catalog_rewrites_every_page(tmp_path):
    """Pages show the catalogs' names, so an incremental build after an edit writes them all:
    the site's conf.py, with pages that are not edited."""
    src = site_frame(tmp_path / "src")

    def build() -> None:
        proc = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "-d",
             str(tmp_path / "doctrees"), str(src), str(tmp_path / "html")],
            capture_output=True, text=True, cwd=src)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr

    build()
    for page in FRAME_PAGES:
        edit = soup(tmp_path / "html", page).select_one("a.btn-source-edit-button")
        assert edit.get_text(strip=True) == "Föreslå en ändring", page
    po = src / "locale" / "sv" / "LC_MESSAGES" / "booktheme.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgstr "Föreslå en ändring"', 'msgstr "Föreslå en ändring här"'), encoding="utf-8")
    build()
    for page in FRAME_PAGES:
        edit = soup(tmp_path / "html", page).select_one("a.btn-source-edit-button")
        assert edit.get_text(strip=True) == "Föreslå en ändring här", page


# --- tables.py and navigation.py with the real theme -------------------------------------

ROOT = "theme-coupling"


def build_root(rootdir: Path, dest: Path, **confoverrides) -> SphinxTestApp:
    """Build tests/roots/test-theme-coupling with the real theme and the site's templates."""
    srcdir = dest / "src"
    shutil.copytree(rootdir / f"test-{ROOT}", srcdir)
    overrides = {"templates_path": [str(TEMPLATES)], **confoverrides}
    app = SphinxTestApp("html", srcdir=srcdir, builddir=dest / "build", status=StringIO(),
                        warning=StringIO(), freshenv=True, confoverrides=overrides)
    app.build()
    return app


def theme_warnings(app) -> list[str]:
    return [line for line in app.warning.getvalue().splitlines() if "[handbok.theme]" in line]


@pytest.fixture(scope="module")
def themed(rootdir, tmp_path_factory):
    app = build_root(rootdir, tmp_path_factory.mktemp("themed"))
    # Later builds in this process replace the log, so keep what this build said.
    app.build_warnings = app.warning.getvalue()
    sharing = [h for h in page_context_handlers(app) if hasattr(h, "handbok_cache")]
    app.shared_sidebars = dict(sharing[0].handbok_cache.html) if sharing else {}
    yield app
    app.cleanup()


def test_root_builds_with_the_real_theme_without_warnings(themed):
    assert navigation.theme_is_pydata_based(themed.builder)
    assert themed.build_warnings == "", themed.build_warnings


def test_theme_table_wrapper_is_found_and_named(themed):
    doc = soup(themed.outdir, "tabell")
    tables_found = doc.select("article table")
    assert len(tables_found) == 2
    for table, name in zip(tables_found, ["Ansvar i tabellform", "Tabell"], strict=True):
        region = table.parent
        assert region.name == "div", region
        # The theme's own container got the attributes; the extension added no wrapper.
        assert region.get("class") == ["pst-scrollable-table-container"], region.attrs
        assert region.get("tabindex") == "0" and region.get("role") == "region"
        assert region.get("aria-label") == name
    assert not doc.select(f".{tables.WRAPPER_CLASS}")


def test_missing_theme_table_wrapper_warns(rootdir, tmp_path, monkeypatch):
    """A pydata-based theme whose table wrapper no longer matches THEME_WRAPPER: a warning."""
    from pydata_sphinx_theme.translator import BootstrapHTML5TranslatorMixin

    def visit_table(self, node):
        self._table_row_indices.append(0)
        self.body.append('<div class="pst-table-wrapper">')
        self.body.append(self.starttag(node, "table", CLASS="table"))

    monkeypatch.setattr(BootstrapHTML5TranslatorMixin, "visit_table", visit_table)
    app = build_root(rootdir, tmp_path)
    try:
        found = theme_warnings(app)
        assert len(found) == 1, app.warning.getvalue()  # once per build, not once per table
        assert "tabell.md" in found[0] and "pst-scrollable-table-container" in found[0]
        # The tables are still a named, focusable region: the extension's own wrapper.
        table = soup(app.outdir, "tabell").select_one("article table")
        region = table.find_parent("div", class_=tables.WRAPPER_CLASS)
        assert region is not None and region.get("aria-label") == "Ansvar i tabellform"
        assert region.get("tabindex") == "0" and region.get("role") == "region"
    finally:
        app.cleanup()


def test_no_theme_warning_for_a_theme_without_wrapper(rootdir, tmp_path):
    app = build_root(rootdir, tmp_path, html_theme="basic", html_theme_options={},
                     templates_path=[])
    try:
        assert not navigation.theme_is_pydata_based(app.builder)
        assert not theme_warnings(app), app.warning.getvalue()
        region = soup(app.outdir, "tabell").select_one("table").parent
        assert region.get("class") == [tables.WRAPPER_CLASS]
        assert region.get("aria-label") == "Ansvar i tabellform"
    finally:
        app.cleanup()


def test_print_title_is_escaped(themed):
    """The layout override escapes the print-only title (here a heading with HTML in code)."""
    heading = soup(themed.outdir, "fall/fientlig").select_one("#jb-print-docs-body h1")
    assert heading.find("img") is None
    assert heading.get_text() == "Rubrik <img src=x onerror=alert(1)>"


def page_context_handlers(app) -> list:
    return [listener.handler for listener in app.events.listeners["html-page-context"]]


def test_theme_listener_is_swapped_for_the_sharing_one(themed):
    wrapped = [h for h in page_context_handlers(themed) if hasattr(h, "handbok_wraps")]
    assert len(wrapped) == 1, "the theme's add_toctree_functions listener was not swapped"
    original = wrapped[0].handbok_wraps
    assert original.__name__ == navigation.THEME_LISTENER
    assert original.__module__.startswith(navigation.PYDATA_THEME)
    # A second call finds the swap already made and changes nothing.
    assert navigation.share_orphan_sidebars(themed) is True
    assert page_context_handlers(themed).count(wrapped[0]) == 1


def test_missing_theme_listener_warns(rootdir, tmp_path, monkeypatch):
    from pydata_sphinx_theme import toctree

    monkeypatch.setattr(toctree.add_toctree_functions, "__name__", "renamed_by_the_theme")
    app = build_root(rootdir, tmp_path)
    try:
        found = theme_warnings(app)
        assert len(found) == 1 and "add_toctree_functions" in found[0], app.warning.getvalue()
        assert not [h for h in page_context_handlers(app) if hasattr(h, "handbok_wraps")]
        assert navigation.share_orphan_sidebars(app) is False
    finally:
        app.cleanup()


def test_missing_toctree_function_warns_once(themed):
    from sphinx.util import logging

    logging.setup(themed, themed.status, themed.warning)  # an app built later took the log
    handler = navigation._sharing(lambda *args: None)
    before = len(theme_warnings(themed))
    for page in ("fall/x", "fall/y"):
        context: dict = {}
        handler(themed, page, "page.html", context, None)
        assert "generate_toctree_html" not in context
    found = theme_warnings(themed)[before:]
    assert len(found) == 1 and "generate_toctree_html" in found[0]


def test_shared_sidebars_are_the_themes_own(rootdir, tmp_path, themed, monkeypatch):
    """Every page of the root is the same HTML with and without the sidebar sharing."""
    assert {key[0] for key in themed.shared_sidebars} >= {"fall", "resor", "resor/utland"}, (
        "orphan sidebars were not shared")
    monkeypatch.setattr(navigation, "share_orphan_sidebars", lambda app, cache=None: False)
    plain = build_root(rootdir, tmp_path)
    try:
        assert not [h for h in page_context_handlers(plain) if hasattr(h, "handbok_wraps")]
        pages = site_pages(themed.outdir)
        assert {"fall/x", "fall/y", "resor/p", "resor/utland/s", "kapitel/a"} <= set(pages)
        assert pages == site_pages(plain.outdir)
        for page in pages:
            with_sharing = (themed.outdir / f"{page}.html").read_text(encoding="utf-8")
            without = (plain.outdir / f"{page}.html").read_text(encoding="utf-8")
            assert with_sharing == without, f"{page}: the shared sidebar differs from the theme's"
    finally:
        plain.cleanup()
