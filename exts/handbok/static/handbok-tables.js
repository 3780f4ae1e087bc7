// Tables and diagrams wider than their column: a visible cue that they scroll sideways (issue 12).
// The table's scrollable box gets the class handbok-scrolls while part of the table is out
// of view (the stylesheet fades its right edge), and a line of text before it says so.
(function () {
  "use strict";
  var CUE = "Tabellen är bredare än sidan. Rulla i sidled för att se alla kolumner.";
  var DIAGRAM_CUE = "Diagrammet är bredare än sidan. Rulla i sidled, eller öppna det i full " +
    "storlek med länken under.";
  var SELECTOR = ".pst-scrollable-table-container, .handbok-table-scroll, .handbok-diagram";

  function update(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    var atEnd = box.scrollLeft + box.clientWidth >= box.scrollWidth - 1;
    box.classList.toggle("handbok-scrolls", scrolls);
    box.classList.toggle("handbok-scrolled-end", scrolls && atEnd);
    var cue = box.previousElementSibling;
    var hasCue = cue && cue.classList.contains("handbok-scroll-cue");
    if (!hasCue) {
      if (!scrolls) return;
      cue = document.createElement("p");
      cue.className = "handbok-scroll-cue";
      cue.textContent = box.classList.contains("handbok-diagram") ? DIAGRAM_CUE : CUE;
      box.parentNode.insertBefore(cue, box);
    }
    cue.hidden = !scrolls;
  }

  function start() {
    var boxes = document.querySelectorAll(SELECTOR);
    var observer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { update(entry.target); });
    }) : null;
    boxes.forEach(function (box) {
      update(box);
      box.addEventListener("scroll", function () { update(box); }, { passive: true });
      if (observer) observer.observe(box);
    });
    if (!observer) window.addEventListener("resize", function () { boxes.forEach(update); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
