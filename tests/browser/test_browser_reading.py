"""Reading tasks in Chromium at a phone's and a desk's width (issue 12): the responsibility
matrix, the diagrams, wide tables and search, asserted on what the viewport shows.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

import pytest

from .helpers import goto_loaded

WIDTHS = {"telefon": (375, 812), "skrivbord": (1366, 900)}
POLICY = "policy/huddinge/strategi.html"


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def sized(request, browser):
    width, height = WIDTHS[request.param]
    ctx = browser.new_context(locale="sv-SE", viewport={"width": width, "height": height})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.handbok_errors = errors
    yield page
    ctx.close()


def in_viewport(page, locator) -> bool:
    """The element's box lies in the viewport and its centre is not covered (by a sticky
    header, say): what a reader sees."""
    return page.evaluate(
        """(el) => {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) return false;
            if (r.top < 0 || r.left < 0 || r.bottom > innerHeight + 1 || r.right > innerWidth + 1)
                return false;
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return hit !== null && (el === hit || el.contains(hit) || hit.contains(el));
        }""",
        locator.element_handle(),
    )


def test_matrix_mark_jumps_to_the_sentence(site, sized):
    """Find who "fastställer ramarna" in the matrix and jump to the sentence."""
    page = sized
    goto_loaded(page, site.url(POLICY))
    wide = page.viewport_size["width"] > 640
    if wide:
        row = page.locator("table.handbok-matrix tbody tr",
                           has=page.locator("th", has_text="fastställer ramarna"))
        mark = row.locator("td a").first
        mark.scroll_into_view_if_needed()
        assert in_viewport(page, mark)
        assert mark.locator(".handbok-mark-short").inner_text() == "B"
        # The column of the mark: its header names the actor.
        column = page.evaluate("(a) => a.closest('td').cellIndex", mark.element_handle())
        header = page.locator("table.handbok-matrix thead th").nth(column)
        assert header.inner_text().strip() == "Kommunfullmäktige"
        assert in_viewport(page, header), "the header row stays in view"
    else:
        # Nine columns do not fit a phone: the matrix is shown duty by duty.
        assert not page.locator("table.handbok-matrix").is_visible()
        item = page.locator(".handbok-matrix-duties > li", has_text="fastställer ramarna")
        mark = item.locator(".handbok-matrix-marks a").first
        mark.scroll_into_view_if_needed()
        assert in_viewport(page, mark)
        assert re.fullmatch(r"Kommunfullmäktige\s*:\s*beslutar", mark.inner_text().strip())
    mark.click()
    page.wait_for_function("() => location.hash.startsWith('#duty-')")
    sentence = page.locator(".handbok-duty:target, .target:target + .handbok-duty").first
    assert "fastställer ramarna" in sentence.inner_text()
    page.wait_for_timeout(300)  # smooth scrolling, if any
    assert in_viewport(page, sentence), "the sentence is on the screen after the jump"
    assert page.handbok_errors == []


def test_matrix_shows_every_actor_and_no_empty_row(site, sized):
    page = sized
    goto_loaded(page, site.url(POLICY))
    if page.viewport_size["width"] > 640:
        box = page.locator("table.handbok-matrix").locator("xpath=..")
        # All nine actors fit beside the duty column: nothing scrolls sideways.
        assert page.evaluate("(b) => b.scrollWidth <= b.clientWidth + 1", box.element_handle())
        headers = page.locator("table.handbok-matrix thead th")
        assert headers.count() == 9, "the duty column and eight actors"
        right = headers.evaluate_all(
            "hs => Math.max(...hs.map(h => h.getBoundingClientRect().right))")
        assert right <= page.viewport_size["width"], "the last actor is on the screen"
        rows = page.locator("table.handbok-matrix tbody tr")
        marks = rows.evaluate_all("rows => rows.map(r => r.querySelectorAll('td a').length)")
        assert marks and min(marks) >= 1, "every duty row has a mark"
    else:
        items = page.locator(".handbok-matrix-duties > li")
        counts = items.evaluate_all(
            "items => items.map(i => i.querySelectorAll('.handbok-matrix-marks a').length)")
        assert counts and min(counts) >= 1


def svg_label_px(page, img) -> float:
    """The smallest label of a diagram in CSS pixels, as drawn at the image's current size."""
    return page.evaluate(
        """async (img) => {
            const text = await (await fetch(img.currentSrc)).text();
            const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
            const box = svg.getAttribute('viewBox').split(/\\s+/).map(Number);
            const scale = img.getBoundingClientRect().width / box[2];
            const sizes = [...svg.querySelectorAll('text')]
                .map(t => parseFloat(t.getAttribute('font-size') || '14'));
            return Math.min(...sizes) * scale;
        }""",
        img.element_handle(),
    )


def test_responsibility_diagram_labels_are_readable(site, sized):
    page = sized
    goto_loaded(page, site.url(POLICY))
    img = page.locator(".handbok-responsibility-diagram img")
    img.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                           arg=img.element_handle())
    assert svg_label_px(page, img) >= 12
    width = page.viewport_size["width"]
    if width < 640:
        # The phone's form (one card per actor) fits the screen: nothing to scroll.
        assert img.bounding_box()["width"] <= width
    link = page.get_by_role("link", name="Öppna diagrammet i full storlek")
    assert link.get_attribute("href").endswith(".svg")


def test_diagrams_are_dark_in_dark_mode(site, sized):
    page = sized
    goto_loaded(page, site.url(POLICY))
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    img = page.locator(".handbok-responsibility-diagram img")
    assert "invert(1)" in img.evaluate("(i) => getComputedStyle(i).filter")


def test_wide_table_has_a_visible_scroll_cue(site, sized):
    page = sized
    goto_loaded(page, site.url("casebook/index.html"))
    table = page.locator("table.handbok-case-table").first
    table.scroll_into_view_if_needed()
    box = table.locator("xpath=..")
    scrolls = box.evaluate("(b) => b.scrollWidth > b.clientWidth + 1")
    cue = box.locator("xpath=preceding-sibling::p[contains(@class, 'handbok-scroll-cue')]")
    if scrolls:
        assert cue.is_visible() and "Rulla i sidled" in cue.inner_text()
        caption = table.locator("caption .caption-text")
        assert in_viewport(page, caption), "the caption is on the screen, not off to the side"
    else:
        assert cue.count() == 0 or not cue.is_visible()
    assert page.viewport_size["width"] < 640 or not scrolls, "a desk shows the whole table"


def test_search_vanort_opens_the_first_result(site, sized):
    """Search "vänort" and open the first result: the passage about vänorter."""
    page = sized
    goto_loaded(page, site.url("search.html?q=" + quote("vänort")))
    summary = page.locator("#search-results .search-summary")
    summary.wait_for(state="visible", timeout=15000)
    assert summary.inner_text().startswith("Sökningen är klar")
    first = page.locator("#search-results ul.search > li > a").first
    first.scroll_into_view_if_needed()
    assert in_viewport(page, first)
    assert "vänort" in first.inner_text().lower()
    snippet = page.locator("#search-results ul.search > li").first.locator("p.context")
    assert "Systemets inställning" not in snippet.inner_text()
    assert page.handbok_errors == []
    first.click()
    page.wait_for_load_state("load")
    # The result lands on the passage that matched (issue 27): the method, goal, duty or
    # section, in view, not the top of a long page.
    fragment = unquote(urlsplit(page.url).fragment)
    assert fragment, page.url
    target = page.locator(f"[id='{fragment}']")
    assert "vänort" in target.inner_text().lower()
    assert in_viewport(page, target)
