/* "Rapportera en aktivitet": checks the form with the build's rules and writes a case file.
 *
 * The lists come from the JSON block the build writes into the page (#handbok-report-data).
 * Nothing is requested from any host: the file is made here, downloaded as a blob, or sent to
 * the forge's new-file page only when the employee presses that button.
 */
(function () {
  "use strict";

  var dataNode = document.getElementById("handbok-report-data");
  var form = document.getElementById("hr-form");
  if (!dataNode || !form) {
    return;
  }
  var data = JSON.parse(dataNode.textContent);
  var result = document.getElementById("hr-result");
  var summary = document.getElementById("hr-summary");
  var current = null; // {path, name, folder, text} of the last valid entry

  var PERIOD_HELP =
    "Skriv perioden som ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD, eller som ett intervall " +
    "med snedstreck, till exempel 2025-03/2025-05.";
  var LABELS = {
    title: "Rubrik", type: "Typ", unit: "Förvaltning", municipality: "Kommun",
    period: "Period", effect: "Effekt", methods: "Metoder"
  };

  function value(name) {
    var el = form.elements[name];
    return el ? oneLine(el.value) : "";
  }

  /* A field of the case file is one line: line breaks and runs of spaces become one space. */
  function oneLine(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  function checked(name) {
    return Array.prototype.filter.call(
      form.querySelectorAll('input[name="' + name + '"]'),
      function (box) { return box.checked; }
    ).map(function (box) { return box.value; });
  }

  /* ``Studiebesök i Åbo`` -> ``studiebesok-i-abo`` (as the command make new-case does). */
  function slug(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim().split(/\s+/).join("-");
  }

  /* The build's period rule (util.parse_period): one or two dates ÅÅÅÅ[-MM[-DD]], real
   * dates, the end not before the start. Returns [start, end] or null. */
  function parsePeriod(text) {
    var parts = String(text).trim().split(/\s*(?:\/|–|—)\s*/);
    if (parts.length < 1 || parts.length > 2) {
      return null;
    }
    for (var i = 0; i < parts.length; i++) {
      var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(parts[i]);
      if (!m) {
        return null;
      }
      var year = +m[1], month = m[2] ? +m[2] : 1, day = m[3] ? +m[3] : 1;
      var d = new Date(Date.UTC(year, month - 1, day));
      if (year < 1 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 ||
          d.getUTCDate() !== day) {
        return null;
      }
    }
    var start = parts[0], end = parts[parts.length - 1];
    if (end.slice(0, start.length) < start.slice(0, end.length)) {
      return null;
    }
    return [start, end];
  }

  function check() {
    var errors = [];
    ["title", "type", "unit", "municipality", "period", "effect"].forEach(function (name) {
      if (!value(name)) {
        var select = form.elements[name].tagName === "SELECT";
        errors.push([name, (select ? "Välj " : "Fyll i ") + LABELS[name] + "."]);
      }
    });
    var period = value("period");
    if (period) {
      var bounds = parsePeriod(period);
      if (!bounds) {
        errors.push(["period", "Perioden '" + period + "' kan inte läsas. " + PERIOD_HELP]);
      } else if (bounds[0] > data.today.slice(0, bounds[0].length)) {
        errors.push(["period", "Perioden " + period + " har inte börjat ännu. En planerad " +
          "aktivitet räknas inte. Rapportera aktiviteten när den är genomförd."]);
      }
    }
    if (!checked("methods").length && !checked("goals").length) {
      errors.push(["methods", "Välj minst en metod eller ett mål."]);
    }
    return errors;
  }

  function showErrors(errors) {
    Array.prototype.forEach.call(form.querySelectorAll(".handbok-error"), function (p) {
      p.hidden = true;
      p.textContent = "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) {
      el.removeAttribute("aria-invalid");
    });
    var list = document.getElementById("hr-summary-list");
    list.textContent = "";
    errors.forEach(function (error) {
      var name = error[0], message = error[1];
      var box = document.getElementById("hr-" + name + "-error");
      if (box) {
        box.textContent = message;
        box.hidden = false;
      }
      var control = document.getElementById("hr-" + name) ||
        form.querySelector('#hr-' + name + '-field input');
      if (control) {
        control.setAttribute("aria-invalid", "true");
      }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#hr-" + name + "-field";
      link.textContent = message;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var field = document.getElementById("hr-" + name + "-field");
        field.scrollIntoView({block: "center"});
        var first = field.querySelector("input, select, textarea");
        if (first) {
          first.focus();
        }
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    summary.hidden = !errors.length;
    if (errors.length) {
      summary.focus();
      summary.scrollIntoView({block: "start"});
    }
  }

  /* A name not yet used: the id among the casebook's ids, the file among its pages. */
  function unique(base, taken) {
    var name = base, n = 2;
    while (taken(name)) {
      name = base + "-" + n;
      n += 1;
    }
    return name;
  }

  function makeFile() {
    var type = value("type");
    var folderName = "";
    data.types.forEach(function (t) {
      if (t.id === type) {
        folderName = t.folder;
      }
    });
    var title = value("title");
    var folder = data.casebook + "/" + folderName;
    var base = slug(title) || "aktivitet";
    var name = unique(base, function (n) {
      return data.docs.indexOf(folder + "/" + n) !== -1;
    });
    var typeSlug = slug(type);
    var idBase = name.indexOf(typeSlug) === 0 ? name : typeSlug + "-" + name;
    var ident = unique(idBase, function (n) { return data.ids.indexOf(n) !== -1; });
    var lines = [
      "---", "orphan: true", "---", "",
      "# " + title, "",
      ":::{case} " + ident,
      ":type: " + type,
      ":unit: " + value("unit"),
      ":municipality: " + value("municipality"),
      ":period: " + value("period")
    ];
    [["partner", "partner"], ["country", "country"], ["funding", "funding"]].forEach(
      function (pair) {
        if (value(pair[0])) {
          lines.push(":" + pair[1] + ": " + value(pair[0]));
        }
      }
    );
    if (checked("methods").length) {
      lines.push(":methods: " + checked("methods").join(", "));
    }
    if (checked("goals").length) {
      lines.push(":goals: " + checked("goals").join(", "));
    }
    lines.push(":effect: " + value("effect"));
    // A carried-out activity says so: a case without the line is never counted (issue 25).
    lines.push(":illustrative: nej");
    lines.push("");
    // The text: paragraphs kept; a line that would close the box (:::) loses its colons.
    var text = String(form.elements.text.value || "").replace(/\r\n?/g, "\n").trim();
    var body = text ? text.split("\n").map(function (line) {
      return line.replace(/^\s*:{3,}/, "").replace(/\s+$/, "");
    }).join("\n") : "Aktiviteten rapporterades med formuläret Rapportera en aktivitet.";
    lines.push(body);
    lines.push(":::");
    return {
      name: name + ".md", folder: folder + "/", path: folder + "/" + name + ".md",
      text: lines.join("\n") + "\n"
    };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var errors = check();
    showErrors(errors);
    if (errors.length) {
      result.hidden = true;
      current = null;
      return;
    }
    current = makeFile();
    document.getElementById("hr-filename").textContent = current.name;
    document.getElementById("hr-folder").textContent = current.folder;
    document.getElementById("hr-preview").textContent = current.text;
    result.hidden = false;
    result.focus();
    result.scrollIntoView({block: "start"});
  });

  // An edit after the file was made: the file is made again before it is used.
  form.addEventListener("input", function () {
    if (!result.hidden) {
      result.hidden = true;
      current = null;
    }
  });

  document.getElementById("hr-download").addEventListener("click", function () {
    if (!current) {
      return;
    }
    var blob = new Blob([current.text], {type: "text/markdown;charset=utf-8"});
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = current.name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });

  var forge = document.getElementById("hr-forge");
  if (!forge.getAttribute("data-forge")) {
    forge.hidden = true;
    document.getElementById("hr-forge-help").hidden = true;
  }
  forge.addEventListener("click", function () {
    if (!current || !forge.getAttribute("data-forge")) {
      return;
    }
    var url = forge.getAttribute("data-forge")
      .replace("{filename}", encodeURIComponent(current.path))
      .replace("{value}", encodeURIComponent(current.text));
    window.open(url, "_blank", "noopener");
  });
})();
