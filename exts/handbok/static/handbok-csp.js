// What the themes and Sphinx write as inline script or eval, from a file (issue 25): the site
// passes a Content-Security-Policy with script-src 'self' and no 'unsafe-eval'.
// Loaded on every page right after Sphinx's documentation_options.js and doctools.js, and
// before translations.js.
(function () {
  "use strict";
  var script = document.currentScript;

  // 1. The per-page options that pydata-sphinx-theme writes inline
  //    ("DOCUMENTATION_OPTIONS.pagename = '…'"): this script's data-option-* attributes,
  //    JSON values written by exts/handbok/csp.py.
  if (script && typeof DOCUMENTATION_OPTIONS !== "undefined") {
    Array.prototype.forEach.call(script.attributes, function (attr) {
      if (attr.name.indexOf("data-option-") !== 0) return;
      var key = attr.name.slice("data-option-".length).replace(/-/g, "_");
      try {
        DOCUMENTATION_OPTIONS[key] = JSON.parse(attr.value);
      } catch (e) {
        /* a value that is not JSON is left out */
      }
    });
  }

  // 2. The catalog's plural rule without `new Function`: doctools' addTranslations compiles
  //    the rule (Swedish "(n != 1)") from text, which is eval. This reads the C expression of
  //    a gettext Plural-Forms header (n, numbers, ! * / % + - < <= > >= == != && || ?: and
  //    parentheses) into a function, and gives a number as Sphinx's ngettext needs.
  function compilePlural(text) {
    var tokens = String(text).match(/\s*(\d+|n|&&|\|\||[=!<>]=|[-+*\/%<>!?:()])/g);
    if (!tokens || tokens.join("").replace(/\s/g, "") !== String(text).replace(/\s/g, "")) {
      return null;
    }
    tokens = tokens.map(function (t) { return t.trim(); });
    var pos = 0;
    function peek() { return tokens[pos]; }
    function next() { return tokens[pos++]; }
    var binary = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"],
      ["*", "/", "%"]];
    var ops = {
      "||": function (a, b) { return a || b ? 1 : 0; },
      "&&": function (a, b) { return a && b ? 1 : 0; },
      "==": function (a, b) { return a === b ? 1 : 0; },
      "!=": function (a, b) { return a !== b ? 1 : 0; },
      "<": function (a, b) { return a < b ? 1 : 0; },
      "<=": function (a, b) { return a <= b ? 1 : 0; },
      ">": function (a, b) { return a > b ? 1 : 0; },
      ">=": function (a, b) { return a >= b ? 1 : 0; },
      "+": function (a, b) { return a + b; },
      "-": function (a, b) { return a - b; },
      "*": function (a, b) { return a * b; },
      "/": function (a, b) { return b ? Math.floor(a / b) : 0; },
      "%": function (a, b) { return b ? a % b : 0; },
    };
    function primary() {
      var t = next();
      if (t === "n") return function (n) { return n; };
      if (/^\d+$/.test(t)) { var v = Number(t); return function () { return v; }; }
      if (t === "!") { var e = primary(); return function (n) { return e(n) ? 0 : 1; }; }
      if (t === "-") { var m = primary(); return function (n) { return -m(n); }; }
      if (t === "(") {
        var inner = ternary();
        if (next() !== ")") throw new Error("plural: )");
        return inner;
      }
      throw new Error("plural: " + t);
    }
    function level(i) {
      if (i === binary.length) return primary();
      var left = level(i + 1);
      while (binary[i].indexOf(peek()) !== -1) {
        var op = ops[next()], l = left, r = level(i + 1);
        left = (function (f, a, b) { return function (n) { return f(a(n), b(n)); }; })(op, l, r);
      }
      return left;
    }
    function ternary() {
      var cond = level(0);
      if (peek() !== "?") return cond;
      next();
      var yes = ternary();
      if (next() !== ":") throw new Error("plural: :");
      var no = ternary();
      return function (n) { return cond(n) ? yes(n) : no(n); };
    }
    try {
      var rule = ternary();
      return pos === tokens.length ? rule : null;
    } catch (e) {
      return null;
    }
  }

  if (typeof Documentation !== "undefined") {
    Documentation.compilePlural = compilePlural;
    Documentation.addTranslations = function (catalog) {
      Object.assign(Documentation.TRANSLATIONS, catalog.messages);
      var rule = compilePlural(catalog.plural_expr);
      Documentation.PLURAL_EXPR = rule
        ? function (n) { return Number(rule(n)); }
        : function (n) { return n === 1 ? 0 : 1; };
      Documentation.LOCALE = catalog.locale;
    };
  }

  // 3. pydata-sphinx-theme's search page focuses its search field with an inline script.
  if (script && script.getAttribute("data-option-pagename") === '"search"') {
    document.addEventListener("DOMContentLoaded", function () {
      // The page's own field, not the hidden one of the search dialog.
      var input = Array.prototype.find.call(
        document.querySelectorAll("form.bd-search input"),
        function (el) { return el.offsetParent !== null; });
      if (input) {
        input.focus();
        input.select();
      }
    });
  }
})();
