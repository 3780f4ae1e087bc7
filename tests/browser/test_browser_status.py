"""Issue 27, point 2: one truth about a policy's status, derived from its dates, on every page
that names it (Chromium at a phone's and a desktop's width)."""

from __future__ import annotations

from .helpers import goto_loaded

#: Huddinge's strategy ended in 2020: every page that names its status says so.
PAGES = [
    ("policy/huddinge/strategi.html", ".handbok-policy-meta", "Status: utgången"),
    ("policy/index.html", ".handbok-policy-list", "status: utgången"),
    ("docs/jamforelse.html", "table.handbok-compare-overview", "utgången"),
    ("docs/utbildning/forvaltningschefer.html", ".handbok-policy-quote-source",
     "status: utgången"),
    ("docs/uppfoljning/2022.html", ".handbok-followup-ended", "Perioden hade gått ut"),
]


def test_ended_strategy_is_utgangen_wherever_its_status_shows(wide_page, site):
    for path, selector, wanted in PAGES:
        goto_loaded(wide_page, site.url(path))
        box = wide_page.locator(selector).first
        box.scroll_into_view_if_needed()
        assert box.is_visible(), path
        # (On a phone a table's long words hold soft hyphens: whole or hyphenated to a reader.)
        text = " ".join(box.inner_text().replace("\u00ad", "").split())
        assert wanted.lower() in text.lower(), (path, text[:300])
    # The strategy's own status field no longer says gällande.
    goto_loaded(wide_page, site.url("policy/huddinge/strategi.html"))
    meta = " ".join(wide_page.locator(".handbok-policy-meta").inner_text().split())
    assert "Status: gällande" not in meta
