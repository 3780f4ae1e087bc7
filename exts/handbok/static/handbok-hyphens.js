// Swedish hyphenation on a phone (issue 27, exts/handbok/hyphenate.py): the page's
// <meta name="handbok-hyphens"> lists its long words with their hyphenation points
// ("byg-glovs-han-te-ring"). On a narrow screen, soft hyphens go into those words in the
// headings, captions and table cells, so the browser breaks them there with a hyphen instead
// of anywhere without one. Copied text never holds them.
(function () {
  "use strict";
  var SHY = "\u00ad";
  var meta = document.querySelector('meta[name="handbok-hyphens"]');
  // "screen": never in print (the printed PDFs' text layer keeps every word whole).
  var narrow = window.matchMedia("screen and (max-width: 700px)");
  var words = new Map();
  if (meta) {
    meta.content.split(/\s+/).forEach(function (h) {
      if (h) words.set(h.replace(/-/g, ""), h.replace(/-/g, SHY));
    });
  }
  var SELECTOR = "article.bd-article :is(h1, h2, h3, h4, h5, h6, caption, th, td)";
  var LONG = /[\p{L}]{10,}/gu;
  var done = false;

  function apply(on) {
    document.querySelectorAll(SELECTOR).forEach(function (block) {
      var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        var text = node.data;
        var next = on
          ? text.replace(LONG, function (w) { return words.get(w) || w; })
          : text.replace(/\u00ad/g, "");
        if (next !== text) node.data = next;
      }
    });
    done = on;
  }

  function update() {
    if (words.size && narrow.matches !== done) apply(narrow.matches);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
  if (narrow.addEventListener) narrow.addEventListener("change", update);

  document.addEventListener("copy", function (event) {
    var text = String(window.getSelection());
    if (text.indexOf(SHY) < 0 || !event.clipboardData) return;
    event.clipboardData.setData("text/plain", text.replace(/\u00ad/g, ""));
    event.preventDefault();
  });
})();
