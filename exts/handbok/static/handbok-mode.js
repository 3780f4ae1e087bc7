// The reader's light or dark choice before the first paint, on every page (issue 25).
// pydata-sphinx-theme writes this as an inline script, which the site's
// Content-Security-Policy (script-src 'self') does not run: the choice was lost from page to
// page. Loaded from a file, in the head, before the style sheets. The theme's switch stores
// the choice under "mode" and "theme" in localStorage.
(function () {
  "use strict";
  var root = document.documentElement;
  var script = document.currentScript;
  var fallback = (script && script.getAttribute("data-default-mode")) || "auto";
  function stored(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null; // storage turned off: the default
    }
  }
  root.dataset.mode = stored("mode") || fallback;
  root.dataset.theme = stored("theme") || fallback;
})();
