"""A reader's tasks, done in Chromium the way a person does them (issue 12).

Each task runs on a phone (375 px) and at a desk (1366 px). The tests click only links and
buttons that are visible in the viewport, and assert what the reader then sees in the
viewport, not only what is somewhere in the page's HTML.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .helpers import AXE_JS, AXE_VERSION, goto_loaded, survey

WIDTHS = {"phone": (375, 812), "desk": (1366, 900)}
MENU = "Visa eller dölj menyn"
CONTENTS = "Visa eller dölj innehållet på sidan"
HANINGE = "Haninge kommuns internationella program"


@pytest.fixture(params=list(WIDTHS))
def screen(request, browser):
    """A fresh page at one of the two widths; console errors are collected on it."""
    width, height = WIDTHS[request.param]
    ctx = browser.new_context(locale="sv-SE", viewport={"width": width, "height": height})
    page = ctx.new_page()
    page.errors = []
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    page.width_name = request.param
    yield page
    ctx.close()


def visible(locator):
    """The first of the matches that is visible (the theme writes some buttons twice)."""
    for n in range(locator.count()):
        if locator.nth(n).is_visible():
            return locator.nth(n)
    raise AssertionError(f"none of {locator} is visible")


def menu_button(page):
    return visible(page.get_by_role("button", name=MENU, exact=True))


def open_menu(page):
    """Open the menu as the reader does; returns the region that shows it. At a desk the
    menu is already open beside the text (☰ would hide it)."""
    button = menu_button(page)
    expect(button).to_be_in_viewport()
    if page.width_name == "phone":
        button.click()
        drawer = page.locator("dialog#pst-primary-sidebar-modal")
        expect(drawer).to_be_visible()
        close = drawer.get_by_role("button", name="Stäng menyn")
        expect(close).to_be_in_viewport()
        expect(close).to_be_focused()
        return drawer
    sidebar = page.locator("#pst-primary-sidebar")
    expect(sidebar.locator("nav.bd-docs-nav")).to_be_in_viewport()
    return sidebar


def test_menu_opens_and_closes_and_gives_focus_back(site, screen):
    page = screen
    goto_loaded(page, site.url("index.html"))
    sidebar = page.locator("#pst-primary-sidebar nav.bd-docs-nav")
    if page.width_name == "phone":
        expect(sidebar).to_be_hidden()
        drawer = open_menu(page)
        nav = drawer.locator("nav.bd-docs-nav")
        expect(nav).to_be_in_viewport()
        expect(nav.get_by_role("link", name="Styrdokument")).to_be_in_viewport()
        page.keyboard.press("Escape")
        expect(drawer).to_be_hidden()
        expect(menu_button(page)).to_be_focused()
        # Again, closed with the drawer's own button.
        drawer = open_menu(page)
        drawer.get_by_role("button", name="Stäng menyn").click()
        expect(drawer).to_be_hidden()
        expect(menu_button(page)).to_be_focused()
        # The menu is back in its place, ready to open again.
        expect(page.locator("#pst-primary-sidebar nav.bd-docs-nav")).to_have_count(1)
    else:
        # At a desk the menu is shown; ☰ hides it and shows it again (sphinx-book-theme).
        expect(sidebar).to_be_in_viewport()
        button = menu_button(page)
        expect(button).to_have_attribute("aria-expanded", "true")
        button.click()
        expect(sidebar).not_to_be_in_viewport()
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(page.locator("dialog#pst-primary-sidebar-modal")).to_be_hidden()
        button.click()
        expect(sidebar).to_be_in_viewport()
    assert page.errors == []


def test_from_the_front_page_through_the_menu_to_haninges_program(site, screen):
    page = screen
    goto_loaded(page, site.url("index.html"))
    menu = open_menu(page)
    section = menu.locator("nav.bd-docs-nav li", has=page.get_by_role(
        "link", name="Styrdokument", exact=True)).first
    # The chevron the reader taps (the theme's <summary> itself has no height).
    toggle = section.locator("summary .toctree-toggle").first
    expect(toggle).to_be_in_viewport()
    toggle.click()
    target = menu.get_by_role("link", name=HANINGE)
    expect(target).to_be_in_viewport()
    target.click()
    page.wait_for_url(re.compile(r"/policy/haninge/program\.html$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Haninge")
    expect(heading).to_be_in_viewport()
    assert page.errors == []


def test_contents_button_opens_the_page_contents_on_a_phone(site, screen):
    page = screen
    goto_loaded(page, site.url("policy/huddinge/strategi.html"))
    if page.width_name == "desk":
        # At 1366 px the contents are beside the text; the button is not needed.
        expect(page.locator("#pst-secondary-sidebar")).to_be_in_viewport()
        return
    button = visible(page.get_by_role("button", name=CONTENTS, exact=True))
    expect(button).to_be_in_viewport()
    button.click()
    drawer = page.locator("dialog#pst-secondary-sidebar-modal")
    expect(drawer).to_be_visible()
    expect(drawer.get_by_role("button", name="Stäng innehållet")).to_be_focused()
    link = drawer.get_by_role("link", name="Genomförande och uppföljning")
    link.scroll_into_view_if_needed()
    expect(link).to_be_in_viewport()
    link.click()
    # Following a link closes the drawer and leaves the reader at the link's target.
    expect(drawer).to_be_hidden()
    expect(page.get_by_role("heading", name="Genomförande och uppföljning")).to_be_in_viewport()
    # Opened again, Escape closes it and gives the focus back to the button.
    button.click()
    expect(drawer).to_be_visible()
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(button).to_be_focused()
    assert page.errors == []


def test_from_a_method_open_a_case_and_get_back_to_its_type(site, screen):
    page = screen
    goto_loaded(page, site.url("policy/huddinge/strategi.html"))
    examples = page.locator(".handbok-target-cases:has(a)").first
    examples.scroll_into_view_if_needed()
    case = examples.get_by_role("link").first
    expect(case).to_be_in_viewport()
    title = case.inner_text()
    case.click()
    page.wait_for_url(re.compile(r"/casebook/[^/]+/[^/]+\.html$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(title)
    # The way back is right under the title, in view without scrolling.
    way = page.locator(".handbok-case-way")
    expect(way).to_be_in_viewport()
    type_link = way.get_by_role("link").last
    type_name = type_link.inner_text()
    folder = page.url.rsplit("/", 2)[1]
    if page.width_name == "desk":
        # The sidebar marks the casebook and the case's type as where the reader is.
        current = page.locator("#pst-primary-sidebar li.current > a")
        expect(current).to_have_text(["Exempelsamling", type_name])
        expect(current.last).to_be_in_viewport()
    type_link.click()
    page.wait_for_url(re.compile(rf"/casebook/{folder}/index\.html$"))
    back = page.get_by_role("heading", level=1)
    expect(back).to_contain_text(type_name)
    expect(back).to_be_in_viewport()
    # The type page lists the case the reader came from.
    expect(page.locator("article table tbody").get_by_role("link", name=title)).to_have_count(1)
    assert page.errors == []


def test_next_case_of_the_same_type_is_one_click_away(site, screen):
    page = screen
    goto_loaded(page, site.url("casebook/studiebesok/index.html"))
    first = page.locator("article table tbody").get_by_role("link").first
    first.scroll_into_view_if_needed()
    first.click()
    following = page.locator(".prev-next-area a.right-next")
    following.scroll_into_view_if_needed()
    expect(following).to_be_in_viewport()
    name = following.locator(".prev-next-title").inner_text()
    following.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.locator(".handbok-case-way").get_by_role("link", name="Studiebesök")
           ).to_be_in_viewport()
    assert page.errors == []


def test_edit_button_is_visible_with_its_text(site, screen):
    page = screen
    for path in ("index.html", "policy/huddinge/strategi.html",
                 "casebook/studiebesok/bygglov.html"):
        goto_loaded(page, site.url(path))
        edit = page.get_by_role("link", name="Föreslå en ändring")
        expect(edit).to_be_in_viewport()
        expect(edit).to_have_text("Föreslå en ändring")
    assert page.errors == []


def test_no_console_error_on_any_page_at_the_desk(site, browser):
    """At 1366 px: the survey opens every page at that width and records its console."""
    pages = survey(browser, site)
    assert pages
    found = {path: rec["console"] for path, rec in pages.items() if rec["console"]}
    assert not found, found


@pytest.mark.parametrize("screen", ["phone"], indirect=True)
def test_no_console_error_on_any_page_on_a_phone(site, screen):
    page = screen
    found = {}
    for path in site.pages():
        page.errors.clear()
        goto_loaded(page, site.url(path))
        if page.errors:
            found[path] = list(page.errors)
    assert not found, found


def test_the_vendored_axe_core_is_4_14(page):
    page.set_content("<main><p>x</p></main>")
    page.add_script_tag(path=str(AXE_JS))
    assert page.evaluate("axe.version") == AXE_VERSION
    assert AXE_VERSION.startswith("4.14.")
