"""WCAG 1.4.10 for a field list (a training module's Målgrupp, Tidsåtgång, Förkunskaper) with
content longer than the site's own: a longer field name and a value word that fits no line
still leave the page as wide as a 320 px screen."""

from __future__ import annotations

from .helpers import goto_loaded

PAGE = "docs/utbildning/kontaktpersoner.html"

#: Lengthen the first field list's first name and put a word longer than the screen in its value.
LENGTHEN = """() => {
  const dl = document.querySelector('article.bd-article dl.field-list');
  dl.querySelector('dt').textContent = 'Rekommenderade förkunskaper:';
  dl.querySelector('dd').textContent =
    'förtroendevaldakommunfullmäktigeledamotsersättaresamordnaruppdragsbeskrivning och andra';
  return dl.querySelectorAll('dt').length;
}"""
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_field_list_with_long_words_reflows_at_320_px(browser, site):
    context = browser.new_context(locale="sv-SE", viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        goto_loaded(page, site.url(PAGE))
        assert page.evaluate(OVERFLOW) == 0
        assert page.evaluate(LENGTHEN) >= 1
        assert page.evaluate(OVERFLOW) == 0
        # Each name stands above its value, both within the screen.
        name, value = (page.locator("article.bd-article dl.field-list > " + tag).first
                       for tag in ("dt", "dd"))
        name_box, value_box = name.bounding_box(), value.bounding_box()
        assert name_box and value_box
        assert value_box["y"] >= name_box["y"] + name_box["height"] - 1
        assert value_box["x"] + value_box["width"] <= 320
    finally:
        context.close()
