// Handbok: show a policy's notice once its date has passed in the reader's browser.
// The page was built on one day and is read for months: every notice that a later day gives
// is in the page, hidden, with the day it applies from in data-handbok-from (YYYY-MM-DD).
// In each group the notice of the latest day that has passed is shown. No request is made.
(function () {
  "use strict";
  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function show() {
    var now = today();
    var groups = document.querySelectorAll(".handbok-lifecycle-group");
    for (var g = 0; g < groups.length; g++) {
      var items = groups[g].querySelectorAll("[data-handbok-from]");
      var chosen = null;
      for (var i = 0; i < items.length; i++) {
        var from = items[i].getAttribute("data-handbok-from");
        if (/^\d{4}-\d{2}-\d{2}$/.test(from) && from <= now &&
            (chosen === null || from >= chosen.getAttribute("data-handbok-from"))) {
          chosen = items[i];
        }
      }
      for (var j = 0; j < items.length; j++) {
        items[j].hidden = items[j] !== chosen;
      }
      // A notice given at build time is outranked by a later one that has now passed.
      if (chosen !== null) {
        var scope = groups[g].parentNode;
        var built = scope.querySelectorAll(":scope > .handbok-lifecycle-notice");
        for (var k = 0; k < built.length; k++) { built[k].hidden = true; }
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
