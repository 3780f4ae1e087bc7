"""Follow-up pages: the per-year tables fit the content width, so the report's own year is in
view without scrolling sideways, at 1366 px and on a phone; the file links are visible."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Site
from .helpers import goto_loaded

WIDTHS = (1366, 375)
#: For each per-year table: its width, its scrolling container's width, where the last
#: header cell (the report's year) ends, and that header's text.
_TABLES = """() => [...document.querySelectorAll('table.handbok-followup-years')].map(t => {
    const box = t.closest('.pst-scrollable-table-container, .handbok-table-scroll');
    const heads = [...t.querySelectorAll('thead th')].filter(th => th.offsetParent !== null);
    const last = heads[heads.length - 1].getBoundingClientRect();
    return {table: t.scrollWidth, box: box.clientWidth, right: last.right,
            year: heads[heads.length - 1].textContent.trim(), years: heads.length - 1};
})"""


def check_tables(context, url: str, year: str, width: int, count: int = 2) -> list[dict]:
    page = context.new_page()
    goto_loaded(page, url)
    tables = page.evaluate(_TABLES)
    assert len(tables) == count, url
    for table in tables:
        assert table["year"] == year, (url, width, table)
        assert table["table"] <= table["box"], (url, width, table)
        assert table["right"] <= width, (url, width, table)
        assert table["years"] == (5 if width == 1366 else 3) or table["years"] < 3
    links = page.locator("p.handbok-followup-files a")
    for n in range(links.count()):
        assert links.nth(n).is_visible()
    page.close()
    return tables


@pytest.mark.parametrize("width", WIDTHS)
def test_site_year_pages_fit_the_screen(site, browser, width):
    cases = json.loads((site.root / "export" / "cases.json").read_text("utf-8"))["cases"]
    year = str(max(y for c in cases for y in c["years"]))
    carried_out = [c for c in cases if not c["illustrative"] and int(year) in c["years"]]
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
    try:
        for path in (f"docs/uppfoljning/{year}.html",
                     f"docs/uppfoljning/huddinge-kommun/{year}.html",
                     f"docs/uppfoljning/haninge-kommun/{year}.html"):
            if carried_out:
                check_tables(context, site.url(path), year, width)
                continue
            # A year without carried-out activities says so once, in view, with no table of
            # zeros, and tells how to report an activity.
            page = context.new_page()
            goto_loaded(page, site.url(path))
            intro = page.locator("p.handbok-followup-intro")
            assert intro.is_visible() and "Inga genomförda aktiviteter" in intro.inner_text()
            assert page.get_by_text("Inga genomförda aktiviteter").count() == 1
            assert page.locator("table.handbok-followup-years").count() == 0
            assert page.get_by_role("link", name="Rapportera en aktivitet",
                                    exact=True).first.is_visible()
            page.close()
    finally:
        context.close()


@pytest.mark.sphinx("html", testroot="followup-kommuner", srcdir="browser-followup",
                    confoverrides={"html_theme": "sphinx_book_theme",
                                   "html_static_path": [str(Path(__file__).parents[2]
                                                            / "_static")],
                                   "html_css_files": ["handbok.css"]})
@pytest.mark.parametrize("width", WIDTHS)
def test_report_with_activities_fits_the_screen(app, browser, width):
    app.build()
    served = Site(Path(app.outdir))
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
    try:
        # The root's policies name nämnder: the year page has the roll-up per nämnd too.
        check_tables(context, served.url("docs/uppfoljning/2023.html"), "2023", width, count=3)
        page = context.new_page()
        goto_loaded(page, served.url("docs/uppfoljning/norras-kommun/2023.html"))
        # The link to the Word file is on screen and downloads the file.
        link = page.get_by_role("link", name="Word (uppfoljning-norras-kommun-2023.docx)")
        assert link.is_visible()
        response = page.request.get(link.evaluate("a => a.href"))
        assert response.status == 200 and response.body()[:2] == b"PK"
    finally:
        context.close()
        served.close()
