"""Issue 27, point 3: a way in by role, from the front page, at a phone's and a desktop's
width: one tap on "Jag är …" lands on the role's duties across all policies."""

from __future__ import annotations

from .helpers import goto_loaded

ROLES = ["förtroendevald", "förvaltningschef", "internationell kontaktperson", "medarbetare"]


def test_front_page_offers_every_role(wide_page, site):
    goto_loaded(wide_page, site.url("index.html"))
    for role in ROLES:
        assert wide_page.get_by_role("link", name=f"Jag är {role}", exact=True).is_visible()


def test_one_tap_lands_on_the_duties_with_contents_and_anchors(wide_page, site):
    goto_loaded(wide_page, site.url("index.html"))
    # Tap 1: the role on the front page, visible without scrolling on a phone too.
    link = wide_page.get_by_role("link", name="Jag är förvaltningschef", exact=True)
    box = link.bounding_box()
    assert box["y"] + box["height"] <= wide_page.viewport_size["height"]
    link.click()
    wide_page.wait_for_load_state("domcontentloaded")
    # (On a phone the heading holds soft hyphens: the reader sees the word whole or hyphenated.)
    heading = wide_page.locator("article h1").inner_text().replace("\u00ad", "")
    assert heading.startswith("Jag är förvaltningschef")
    article = wide_page.locator("article")
    # The duties' sentences, each linked to the adopted text.
    duties = article.locator(".handbok-role-duties li")
    assert duties.count() >= 3
    assert "ansvar" in " ".join(duties.all_inner_texts()).lower()
    # Both municipalities' bodies: derived from the actors' kinds.
    headings = [h.replace("\u00ad", "")
                for h in article.locator("section[id] > h2").all_inner_texts()]
    assert any("Huddinge" in h for h in headings) and any("Haninge" in h for h in headings)
    # Every heading has an id, and the contents list leads to each.
    for section in article.locator("section[id^=roll-]").all():
        assert section.get_attribute("id")
    contents = article.locator(".handbok-role-contents a")
    assert contents.count() >= 3
    # Tap 2: an entry of the contents list scrolls its heading into view.
    target = contents.nth(1)
    anchor = target.get_attribute("href").split("#")[1]
    target.click()
    heading = wide_page.locator(f"[id='{anchor}'] > :is(h2, h3)")
    assert heading.is_visible()
    assert heading.bounding_box()["y"] < wide_page.viewport_size["height"]


def test_expired_policy_is_named_so_on_the_role_page(wide_page, site):
    goto_loaded(wide_page, site.url("policy/roller/fortroendevald.html"))
    text = wide_page.locator("article").inner_text()
    assert "status: utgången" in text
