// Swedish hyphenation on a phone (issue 27, exts/handbok/hyphenate.py): the page's
// <meta name="handbok-hyphens"> lists its long words with their hyphenation points
// ("byg-glovs-han-te-ring"). Soft hyphens go into those words, so the browser breaks them
// there with a hyphen instead of anywhere without one: on a narrow screen in the article's
// headings, captions and table cells; on every screen in the sidebars (the menu,
// the page's contents) and the links to the previous and next page. Copied text never holds
// them.
(function () {
  "use strict";
  var SHY = "\u00ad";
  var meta = document.querySelector('meta[name="handbok-hyphens"]');
  // "screen": never in print (the printed PDFs' text layer keeps every word whole).
  // The article only on a narrow screen; the sidebars (never printed) on every screen: the
  // menu's column is narrow at any width.
  var PARTS = [
    [window.matchMedia("screen and (max-width: 700px)"),
     "article.bd-article :is(h1, h2, h3, h4, h5, h6, caption, th, td)"],
    [window.matchMedia("screen"),
     ".bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area"],
  ];
  var words = new Map();
  if (meta) {
    meta.content.split(/\s+/).forEach(function (h) {
      if (h) words.set(h.replace(/-/g, ""), h.replace(/-/g, SHY));
    });
  }
  var LONG = /[\p{L}]{8,}/gu;

  function apply(selector, on) {
    document.querySelectorAll(selector).forEach(function (block) {
      var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        // The site's name above the menu fits whole; hyphenated, it would fill its first line.
        if (node.parentElement.closest(".navbar-brand")) continue;
        var text = node.data;
        var next = on
          ? text.replace(LONG, function (w) { return words.get(w) || w; })
          : text.replace(/\u00ad/g, "");
        if (next !== text) node.data = next;
      }
    });
  }

  PARTS.forEach(function (part) {
    var query = part[0], selector = part[1], done = false;
    function update() {
      if (words.size && query.matches !== done) {
        apply(selector, query.matches);
        done = query.matches;
      }
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
    else update();
    if (query.addEventListener) query.addEventListener("change", update);
  });

  document.addEventListener("copy", function (event) {
    var text = String(window.getSelection());
    if (text.indexOf(SHY) < 0 || !event.clipboardData) return;
    event.clipboardData.setData("text/plain", text.replace(/\u00ad/g, ""));
    event.preventDefault();
  });
})();
