"""Accessibility in a real browser: axe-core WCAG 2.0/2.1 A and AA on every page, contrast in
both colour themes, the skip link, keyboard use and the accessibility statement link."""

from __future__ import annotations

import pytest

from .helpers import describe, goto_idle, goto_loaded, run_axe, same_pages, survey

STATEMENT = "docs/tillganglighet.html"


@pytest.mark.parametrize("which", ["site", "trainer_site"])
def test_axe_finds_no_violation_on_any_page(request, browser, which):
    served = request.getfixturevalue(which)
    pages = survey(browser, served)
    assert {"index.html", "search.html", "404.html"} <= set(pages)
    found = {path: rec["axe"] for path, rec in pages.items() if rec["axe"]}
    assert not found, "axe found WCAG violations:\n" + describe(found)


def test_trainer_survey_visits_every_page_that_differs(site, trainer_site):
    """The trainers' build reuses the public records only for pages that are the same."""
    same = same_pages(trainer_site, site)
    modules = {p for p in trainer_site.pages() if p.startswith("docs/utbildning/")
               and p != "docs/utbildning/index.html"}
    assert len(modules) == 4 and not modules & same
    assert "search.html" not in same
    # Only the training pages differ (the modules' notes, the training page's links to the
    # facilitator's editions and slide decks) and the search page; every other page, the
    # readability report with the modules' figures included, is the same in both builds.
    differ = set(site.pages()) - same
    assert differ <= {p for p in site.pages() if p.startswith("docs/utbildning/")} | {
        "search.html"}, sorted(differ)
    for path in same:
        assert (trainer_site.root / path).read_bytes() == (site.root / path).read_bytes(), path


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_contrast_holds_in_light_and_dark_theme(site, browser, theme):
    """axe's colour-contrast rule in each theme (light: part of the full run above)."""
    pages = survey(browser, site)
    found = {}
    for path, rec in pages.items():
        # The theme really changed: the page background is light or dark.
        assert (rec["background"][theme] > 128) == (theme == "light"), (path, rec["background"])
        if theme == "dark":
            assert rec["theme"] == "dark", path
            violations = rec["contrast_dark"]
        else:
            violations = [v for v in rec["axe"] if v["id"] == "color-contrast"]
        if violations:
            found[path] = violations
    assert not found, f"contrast too low in the {theme} theme:\n" + describe(found)


def test_statement_is_linked_from_every_page_footer(site, browser):
    missing = []
    for path, rec in survey(browser, site).items():
        footer = rec["footer"]
        if footer["count"] != 1 or not footer["visible"]:
            missing.append(path)
        elif footer["href"] != site.url(STATEMENT):
            missing.append(f"{path} -> {footer['href']}")
    assert not missing, "footer link to the accessibility statement missing or wrong: " + ", ".join(
        missing
    )


def test_statement_page_has_what_digg_asks_for(site, page):
    goto_idle(page, site.url(STATEMENT))
    text = page.locator("main").inner_text()
    for needle in [
        "Tillgänglighetsredogörelse",
        "delvis förenlig",
        "Kända brister",
        "Hur vi testat webbplatsen",
        "22 november 2026",
        "Rapportera brister",
        "Myndigheten för digital förvaltning",
    ]:
        assert needle in text, needle
    assert page.locator('a[href="https://www.digg.se/tdosanmalan"]').count() == 1


@pytest.mark.parametrize("path", ["index.html", "policy/huddinge/strategi.html"])
def test_skip_link_moves_focus_to_main_content(site, page, path):
    goto_idle(page, site.url(path))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement;
            return {cls: el.closest('.skip-link') ? 'skip-link' : '',
                    text: el.textContent.trim(), href: el.getAttribute('href')};
        }"""
    )
    assert "skip-link" in focused["cls"], focused
    assert focused["text"] == "Hoppa till huvudinnehållet"
    assert page.locator(".skip-link").is_visible(), "the focused skip link must be visible"
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    target = focused["href"].lstrip("#")
    assert page.evaluate("location.hash") == "#" + target
    # Focus (or the sequential focus starting point) is now inside the main content:
    page.keyboard.press("Tab")
    inside = page.evaluate(
        """(id) => {
            const main = document.getElementById(id);
            return main.contains(document.activeElement);
        }""",
        target,
    )
    assert inside, "after the skip link, the next Tab must land inside the main content"
    top = page.evaluate(f"document.getElementById('{target}').getBoundingClientRect().top")
    assert top < 200, "main content must be scrolled into view"


def _tab_through(page, max_steps: int = 400):
    """Press Tab until focus wraps; return the focus order and focus-indicator failures."""
    order = []
    no_indicator = []
    for _ in range(max_steps):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                // A focus indicator: an outline or box shadow on a box that has a size, on the
                // element itself or on a child (the theme draws the menu toggles' outline on
                // the arrow icon inside the zero-height <summary>).
                const drawn = (e) => {
                    const style = getComputedStyle(e);
                    const rect = e.getBoundingClientRect();
                    const outline = style.outlineStyle !== 'none'
                        && parseFloat(style.outlineWidth) > 0;
                    const shadow = style.boxShadow && style.boxShadow !== 'none';
                    return (outline || shadow) && rect.width > 0 && rect.height > 0;
                };
                const indicator = drawn(el) || [...el.querySelectorAll('*')].some(drawn);
                const rect = el.getBoundingClientRect();
                const key = el.tagName + '|' + (el.id || '') + '|' + (el.getAttribute('href') || '')
                    + '|' + (el.className || '') + '|' + el.textContent.trim().slice(0, 40)
                    + '|' + Math.round(rect.top + scrollY) + '|' + Math.round(rect.left);
                return {key, indicator, focusVisible: el.matches(':focus-visible')};
            }"""
        )
        if info is None:
            break
        if order and info["key"] == order[0]:
            break
        if info["key"] in order:
            # Focus returned to an earlier element without passing the end: a trap.
            return order, no_indicator, info["key"]
        order.append(info["key"])
        if not (info["indicator"] and info["focusVisible"]):
            no_indicator.append(info["key"])
    return order, no_indicator, None


def _interactive_elements(page) -> list[str]:
    """Visible links, buttons and form fields that are meant to be reached with Tab."""
    return page.evaluate(
        """() => {
            const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
            return [...document.querySelectorAll(sel)].filter(el => {
                if (el.disabled || el.tabIndex < 0) return false;
                if (el.closest('[inert], dialog:not([open])')) return false;
                // Inside a closed <details> only its <summary> is reachable (Enter opens it).
                const details = el.closest('details:not([open])');
                const isToggle = el.tagName === 'SUMMARY' && el.parentElement === details;
                if (details && !isToggle) return false;
                const style = getComputedStyle(el);
                if (style.visibility === 'hidden' || style.display === 'none') return false;
                const rect = el.getBoundingClientRect();
                return rect.width > 0 && rect.height > 0;
            }).map(el => el.tagName + ':'
                + (el.getAttribute('href') || el.textContent.trim().slice(0, 40)));
        }"""
    )


@pytest.mark.parametrize("path", ["index.html", "policy/huddinge/strategi.html"])
def test_keyboard_alone_reaches_everything_with_visible_focus(site, page, path):
    goto_idle(page, site.url(path))
    expected = _interactive_elements(page)
    page.evaluate("() => { window.__reached = new Set(); }")
    page.evaluate(
        """() => document.addEventListener('focusin', e => {
            const el = e.target;
            window.__reached.add(el.tagName + ':'
                + (el.getAttribute('href') || el.textContent.trim().slice(0, 40)));
        })"""
    )
    order, no_indicator, trap = _tab_through(page)
    assert trap is None, f"keyboard trap: focus cycled back to {trap} before the end of the page"
    assert len(order) >= 10, order
    reached = set(page.evaluate("[...window.__reached]"))
    missing = [e for e in expected if e not in reached]
    assert not missing, "not reachable with Tab: " + ", ".join(missing)
    assert not no_indicator, "no visible focus indicator on: " + ", ".join(no_indicator)


def test_menu_section_opens_with_the_keyboard(site, page):
    goto_idle(page, site.url("index.html"))
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    else:
        pytest.fail("no menu section toggle reachable with Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')")
    opened_before = page.evaluate("document.activeElement.parentElement.open")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.parentElement.open") != opened_before
    if not opened_before:
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "document.activeElement.closest('details') !== null "
            "&& document.activeElement.tagName === 'A'"
        )
        assert inside, "after opening a section, Tab must reach its pages"


ENGLISH_THEME_NAMES = {
    "Search", "Search...", "Color mode", "Light", "Dark", "System Settings",
    "Toggle primary sidebar", "Toggle secondary sidebar", "Main", "Page", "On this page",
    "Site navigation", "Suggest edit", "Source repositories", "Skip to main content",
    "Back to top", "previous page", "next page", "Version warning", "Breadcrumb", "Repository",
}


@pytest.mark.parametrize("path", ["index.html", "policy/huddinge/strategi.html", "search.html"])
def test_controls_have_swedish_accessible_names(site, page, path):
    goto_loaded(page, site.url(path))
    names = page.evaluate(
        """() => [...document.querySelectorAll('[aria-label], [title], [placeholder]')]
            .flatMap(el => ['aria-label', 'title', 'placeholder']
                .map(a => el.getAttribute(a)).filter(v => v !== null))
            .concat([...document.querySelectorAll('button, .btn, .dropdown-item, .skip-link a')]
                .map(el => el.textContent.trim()))"""
    )
    english = sorted(set(names) & ENGLISH_THEME_NAMES)
    assert not english, f"English names on a Swedish page: {english}"
    page.get_by_role("button", name="Visa eller dölj menyn").first.wait_for(state="attached")
    assert page.get_by_role("button", name="Sök").count() >= 1
    assert page.get_by_role("button", name="Färgläge").count() == 1
    assert page.get_by_role("link", name="Hoppa till huvudinnehållet").count() == 1


@pytest.mark.parametrize("path", ["index.html", "policy/huddinge/strategi.html", "search.html"])
def test_axe_finds_no_violation_at_phone_width(browser, site, path):
    ctx = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        goto_loaded(page, site.url(path))
        violations = run_axe(page)
        assert not violations, describe({path: violations})
    finally:
        ctx.close()


def test_pages_reflow_at_320_px_without_sideways_scrolling(browser, site):
    """WCAG 1.4.10: at 320 CSS px the page does not scroll sideways (wide tables scroll
    inside their own box, which the criterion allows)."""
    wide = {path: rec["overflow_320"] for path, rec in survey(browser, site).items()
            if rec["overflow_320"] > 0}
    assert not wide, f"pages wider than the screen at 320 px (px too wide): {wide}"
