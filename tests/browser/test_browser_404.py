"""The 404 page and the favicon work from any depth of the site."""

from __future__ import annotations

import pytest

from .helpers import goto_idle, run_axe, survey


@pytest.mark.parametrize("missing", ["saknas.html", "policy/huddinge/saknas/djupt/sida.html"])
def test_missing_page_gets_a_working_404_page(site, context, missing):
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}")
            if r.url != site.url(missing) else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400
            and r.url != site.url(missing) else None)
    response = goto_idle(page, site.url(missing))
    assert response.status == 404
    assert "Sidan finns inte" in page.locator("main").inner_text()
    assert failed == [], failed
    # The theme's stylesheet applied: the page has its layout, not unstyled HTML.
    assert page.evaluate(
        "[...document.styleSheets].some(s => s.href && s.href.includes('pydata-sphinx-theme'))"
    )
    assert page.locator(".bd-sidebar-primary").is_visible()
    # Favicon resolves.
    icon = page.locator('link[rel="icon"]').evaluate("l => l.href")
    assert icon.endswith("/_static/favicon.svg")
    icon_response = page.request.get(icon)
    assert icon_response.status == 200
    assert "<svg" in icon_response.text()
    # Every internal link leads to a page that exists.
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
    internal = {h.split("#")[0] for h in hrefs if h.startswith(site.origin)} - {site.url(missing)}
    assert site.url("index.html") in internal
    broken = [h for h in internal if page.request.get(h).status != 200]
    assert broken == []
    assert run_axe(page) == []


def test_favicon_resolves_from_every_page(site, browser, page):
    for path, rec in survey(browser, site).items():
        assert rec["favicon"] == site.url("_static/favicon.svg"), path
    assert page.request.get(site.url("_static/favicon.svg")).status == 200
