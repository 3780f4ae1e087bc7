"""Issue 27, point 4: no word breaks without a hyphen on a phone (320 and 375 px), and copied
text is free of the soft hyphens that the page's script puts into headings and tables on a
narrow screen (the HTML files themselves never hold them)."""

from __future__ import annotations

import pytest

from .helpers import goto_loaded, page_at

PAGES = ["casebook/studiebesok/bygglov.html", "policy/huddinge/strategi.html",
         "casebook/index.html", "policy/roller/forvaltningschef.html",
         "docs/tillganglighet.html", "docs/utbildning/forvaltningschefer.html"]
ARTICLE = "article.bd-article :is(h1, h2, h3, h4, p, li, td, th, caption, dt, dd)"
#: The menu (the sidebar drawer on a phone) and the links to the previous and next page.
MENU = ".bd-sidebar-primary :is(a, p, span), .prev-next-area :is(a, p, span)"
#: A break after one of these is a break with a visible mark.
MARKS = ("\u00ad", "-", "–", "/")

#: For every word of the article's headings and paragraphs that the browser breaks over two
#: lines: the word, and the character before the break (a soft hyphen when done right).
BROKEN_WORDS = """(selector) => {
  const out = [];
  const blocks = document.querySelectorAll(selector);
  for (const block of blocks) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data;
      const re = /[^\\s]+/g;
      let m;
      if (!block.checkVisibility()) continue;
      while ((m = re.exec(text))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        if (rects.length < 2 || rects[0].width === 0) continue;
        const tops = new Set(rects.map(r => Math.round(r.top)));
        if (tops.size < 2) continue;
        // Find the first character on the next line.
        let before = '';
        for (let i = 1; i < m[0].length; i++) {
          const r = document.createRange();
          r.setStart(node, m.index + i);
          r.setEnd(node, m.index + i + 1);
          // A range at a line break may also give an empty box at the end of the line
          // before: the character's own box is the last one with a width.
          const boxes = [...r.getClientRects()].filter(b => b.width > 0);
          const rr = boxes[boxes.length - 1];
          if (rr && Math.round(rr.top) > Math.round(rects[0].top) + 2) {
            before = m[0][i - 1];
            break;
          }
        }
        out.push([m[0].replace(/\\u00ad/g, ''), before]);
      }
    }
  }
  return out;
}"""


@pytest.fixture(scope="module", params=[320, 375], ids=lambda w: f"{w}px")
def phone(request, browser):
    with page_at(browser, request.param) as page:
        yield page


def test_no_word_breaks_without_a_hyphen(phone, site):
    bad = {}
    for path in PAGES:
        goto_loaded(phone, site.url(path))
        broken = [word for word, before in phone.evaluate(BROKEN_WORDS, ARTICLE)
                  if before not in MARKS]
        if broken:
            bad[path] = broken
    assert not bad


def test_menu_breaks_words_with_a_hyphen(phone, site):
    """The menu, opened by its visible button, on a page whose own entry is long and bold
    ("Tillgänglighetsredogörelse"), and a module with a long previous/next title."""
    bad = {}
    for path in ("docs/tillganglighet.html", "docs/lasbarhet.html"):
        goto_loaded(phone, site.url(path))
        phone.locator("button.primary-toggle:visible").first.click()
        current = phone.locator(".bd-sidebar-primary a.current").last
        current.wait_for(state="visible")
        current.evaluate("a => a.scrollIntoView({block: 'center'})")
        box, size = current.bounding_box(), phone.viewport_size
        assert 0 <= box["x"] and box["x"] + box["width"] <= size["width"]
        assert 0 <= box["y"] and box["y"] + box["height"] <= size["height"]
        broken = [word for word, before in phone.evaluate(BROKEN_WORDS, MENU)
                  if before not in MARKS]
        # The whole menu was measured: its words break, with a hyphen, where they must.
        assert any(before == "\u00ad" for _w, before in phone.evaluate(BROKEN_WORDS, MENU))
        if broken:
            bad[path] = broken
    assert not bad


def test_copied_heading_has_no_soft_hyphens(phone, site):
    goto_loaded(phone, site.url("casebook/studiebesok/bygglov.html"))
    html = (site.root / "casebook/studiebesok/bygglov.html").read_text(encoding="utf-8")
    assert "\u00ad" not in html
    heading = phone.locator("article h1")
    assert "\u00ad" in heading.evaluate("h => h.textContent")
    copied = heading.evaluate("""h => {
        const range = document.createRange();
        range.selectNodeContents(h);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        const data = new DataTransfer();
        h.dispatchEvent(new ClipboardEvent('copy', {clipboardData: data, bubbles: true,
                                                    cancelable: true}));
        return data.getData('text/plain');
    }""")
    assert copied.strip().startswith("Studiebesök om digital bygglovshantering")
    assert "\u00ad" not in copied


def test_menu_on_the_desk_breaks_words_with_a_hyphen(browser, site):
    """At 1366 px the menu is a column beside the page: its bold current entry
    ("Tillgänglighetsredogörelse") is wider than the column and breaks with a hyphen."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1366, "height": 800})
    try:
        desk = context.new_page()
        goto_loaded(desk, site.url("docs/tillganglighet.html"))
        current = desk.locator(".bd-sidebar-primary a.current").last
        current.evaluate("a => a.scrollIntoView({block: 'center'})")
        box = current.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 800 and box["x"] >= 0
        found = desk.evaluate(BROKEN_WORDS, MENU)
        assert found and not [word for word, before in found if before not in MARKS]
        # The article of a wide screen holds no soft hyphen.
        assert "\u00ad" not in desk.locator("article").inner_text()
    finally:
        context.close()
