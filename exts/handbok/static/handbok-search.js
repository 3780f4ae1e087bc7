// Sphinx's search page, made to work for a Swedish handbook (issue 12). Loaded only on
// search.html, after searchtools.js and before the query runs.
(function () {
  "use strict";
  if (typeof Search === "undefined" || typeof Documentation === "undefined") return;

  // 1. The Swedish catalog's plural rule "(n != 1)" gives true or false, and Sphinx picks
  //    the (singular, plural) pair's entry with it: translated[true] is undefined, so
  //    _finishSearch throws and "Sökningen är klar ..." never shows. Give it a number.
  var plural = Documentation.PLURAL_EXPR;
  if (typeof plural === "function") {
    Documentation.PLURAL_EXPR = function (n) { return Number(plural(n)); };
  }

  // 2. Snippets from the page's own text: Sphinx reads everything inside role="main", which
  //    in this theme begins with the header buttons ("Systemets inställning Ljust Mörkt")
  //    and the print-only title. Give it only the article.
  var toText = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    // Without the theme's <noscript><style>: DOMParser parses noscript's content as
    // elements, and the site's Content-Security-Policy refuses the inline style (issue 25).
    var html = String(htmlString).replace(/<noscript\b[\s\S]*?<\/noscript\s*>/gi, "");
    var doc = new DOMParser().parseFromString(html, "text/html");
    var article = doc.querySelector("article.bd-article");
    if (!article) return toText(htmlString, anchor);
    // The page's title is the result's link already: the snippet starts after it.
    var heading = article.querySelector("h1");
    if (heading && !anchor) heading.remove();
    return toText('<div role="main">' + article.outerHTML + "</div>", anchor);
  };

  // 3. Sphinx fetches every result page, in full, for its snippet (24 pages for "vänort").
  //    Snippets for the first ten results are enough; the rest show their titles. Sphinx
  //    reads the setting once per result, in rank order.
  var SNIPPETS = 10;
  var shown = 0;
  if (DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY) {
    Object.defineProperty(DOCUMENTATION_OPTIONS, "SHOW_SEARCH_SUMMARY", {
      configurable: true,
      get: function () { shown += 1; return shown <= SNIPPETS; },
    });
  }

  // 4. A page whose title holds the query's words comes first: "vänort" finds the page
  //    "Vänortsutbyten" before pages that only mention the word. A word counts when a
  //    title word begins with it or with its stem (Swedish compounds: vänort-sutbyten).
  var stemmer = typeof Stemmer === "function" ? new Stemmer() : null;
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
    return w.length >= 3;
  });
  var stems = words.map(function (w) { return stemmer ? stemmer.stemWord(w) : w; });

  function matches(title) {
    var titleWords = title.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    var found = 0;
    var first = false;
    words.forEach(function (w, n) {
      titleWords.forEach(function (t, i) {
        if (t.startsWith(w) || t.startsWith(stems[n])) {
          found += 1;
          first = first || i === 0;
        }
      });
    });
    return { found: Math.min(found, words.length), first: first };
  }

  Scorer.score = function (result) {
    var title = result[1] || "";
    var score = result[4];
    // Objects (methods, goals, cases by id) repeat a page's title: no boost for them, and
    // a case study's object, which links to the top of the case's own page, comes after it.
    if (result[6] === "object") {
      return /^Handbok exempel\b/.test(result[3] || "") ? score - 15 : score;
    }
    if (!words.length) return score;
    var parts = title.split(" > ");
    var page = matches(parts[0]);
    var section = parts.length > 1 ? matches(parts[parts.length - 1]) : { found: 0 };
    // Among pages whose titles match alike, a section's front page (.../index: the type of
    // case, the follow-up years) comes first: it leads on to the others.
    var front = /(^|\/)index$/.test(result[0]) ? 1 : 0;
    if (page.found === words.length) return score + 40 + (page.first ? 10 : 0) + front;
    return score + 10 * page.found + 5 * section.found;
  };
})();
