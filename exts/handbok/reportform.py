""""Rapportera en aktivitet": a form that gives an employee a valid case file, no MyST needed.

- ``report-form`` directive: the form (Swedish labels Rubrik, Typ, Förvaltning, Kommun, Period,
  Partner, Land, Finansiering, Metoder, Mål, Effekt). The lists are made at resolve time from
  the build's records: the case types of ``handbok_case_types``, the municipalities of the
  policies, and every policy's methods and goals grouped by municipality and policy, so a new
  policy appears without an edit. The förvaltningar already in the casebook are suggestions.
- The page's script (``static/handbok-rapportera.js``, a file of its own: the site allows no
  inline script) checks the entry with the build's rules (the required fields of
  ``cases.REQUIRED_FIELDS``, a method or a goal, the period format of ``util.parse_period``,
  and a carried-out activity that has not started yet is planned, not carried out) and writes
  the case file in the format of ``mallar/exempel.md``, with ``:illustrative: nej`` (a
  carried-out activity says so; a case without the field is never counted).
- The file is downloaded ("Ladda ner filen") or proposed on the forge ("Föreslå på GitHub"):
  the forge's new-file page with the file's name and text filled in, as the forge named by
  ``handbok_forge`` and ``handbok_forge_url`` (handbok.forge) writes it. Nothing is requested
  from another host until the button is pressed.

The data reaches the page as a JSON block (``<script type="application/json">``, not run), with
every ``<`` escaped, so an editor's label can never end the block.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, TypedDict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import lifecycle
from .domain import pending_view, query, register_view, subscribe
from .forge import forge_of
from .util import sv_key
from .vocabulary import Topic, case_type_folder

SCRIPT = "handbok-rapportera.js"
FORM_CLASS = "handbok-report-form"
#: The casebook folder the files go in (one folder per case type below it).
CASEBOOK_DIR = "casebook"
#: Fields the build requires (cases.REQUIRED_FIELDS) and the form's own name for them.
REQUIRED = ("title", "type", "unit", "municipality", "period", "effect")


class FormGroup(TypedDict):
    """The methods and goals of one policy, as the form offers them."""

    municipality: str
    policy: str
    methods: list[dict[str, str]]
    goals: list[dict[str, str]]


class FormData(TypedDict):
    """What the form's script reads (:func:`form_data`, as JSON in the page)."""

    types: list[dict[str, str]]
    municipalities: list[str]
    groups: list[FormGroup]
    units: dict[str, list[str]]
    ids: list[str]
    docs: list[str]
    casebook: str
    forge: str
    forgeName: str  # noqa: N815 (the script's name for it)
    today: str


class ReportFormDirective(SphinxDirective):
    """``{report-form}``: the form of "Rapportera en aktivitet"."""

    def run(self) -> list[nodes.Node]:
        subscribe(self.env, self.env.docname, Topic.policies(), Topic.targets(), Topic.cases())
        return [pending_view("report-form", self.env)]


def forge_new_file(app: Sphinx) -> str:
    """The forge's new-file page of the repository's branch (the setting handbok_forge), with
    ``{filename}`` and ``{value}`` for the script to fill in."""
    return forge_of(app.config).new_file_url()


def form_data(app: Sphinx) -> FormData:
    """Everything the script needs: lists from the build, rules and where files go."""
    idx = query(app.env)
    types = app.config.handbok_case_types
    groups: list[FormGroup] = []
    for municipality in idx.municipalities():
        for pol in idx.policies_sorted():
            if pol["municipality"] != municipality:
                continue
            targets = {kind: [{"id": t["id"], "label": t["label"]}
                              for t in idx.targets_in_order(kind, pol["id"])]
                       for kind in ("method", "goal")}
            if targets["method"] or targets["goal"]:
                groups.append({"municipality": municipality, "policy": pol["title"],
                               "methods": targets["method"], "goals": targets["goal"]})
    units: dict[str, set[str]] = {}
    for case in idx.cases.values():
        for municipality in ([idx.case_home(case)] if idx.case_home(case)
                             else idx.case_municipalities(case)):
            if case["unit"]:
                units.setdefault(municipality, set()).add(case["unit"])
    return {
        "types": [{"id": key, "label": label, "folder": case_type_folder(key)}
                  for key, label in types.items()],
        "municipalities": idx.municipalities(),
        "groups": groups,
        "units": {m: sorted(u, key=sv_key) for m, u in sorted(units.items())},
        "ids": sorted(c["id"] for c in idx.cases.values()),
        "docs": sorted(d for d in app.env.found_docs if d.startswith(f"{CASEBOOK_DIR}/")),
        "casebook": CASEBOOK_DIR,
        "forge": forge_new_file(app),
        "forgeName": forge_of(app.config).kind.label,
        "today": lifecycle.build_day(app.config).isoformat(),
    }


def _field(ident: str, label: str, control: str, help_text: str = "",
           required: bool = False) -> str:
    mark = ' <span class="handbok-required">(måste fyllas i)</span>' if required else ""
    described = f"hr-{ident}-error" + (f" hr-{ident}-help" if help_text else "")
    control = control.replace("{described}", described)
    helper = (f'<p class="handbok-help" id="hr-{ident}-help">{html.escape(help_text)}</p>'
              if help_text else "")
    return (f'<div class="handbok-field" id="hr-{ident}-field">'
            f'<label for="hr-{ident}">{html.escape(label)}{mark}</label>{helper}'
            f'<p class="handbok-error" id="hr-{ident}-error" hidden></p>{control}</div>')


def _input(ident: str, required: bool = False, extra: str = "") -> str:
    req = ' required aria-required="true"' if required else ""
    return (f'<input type="text" id="hr-{ident}" name="{ident}" autocomplete="off"{req}{extra}'
            ' aria-describedby="{described}">')


def _targets(kind: str, noun: str, groups: list[FormGroup], help_text: str) -> str:
    """Checkboxes of a kind (methods or goals), one group per municipality and policy."""
    parts = [f'<fieldset class="handbok-field handbok-targets" id="hr-{kind}s-field" '
             f'aria-describedby="hr-{kind}s-help hr-{kind}s-error">'
             f'<legend>{html.escape(noun)}</legend>'
             f'<p class="handbok-help" id="hr-{kind}s-help">{html.escape(help_text)}</p>'
             f'<p class="handbok-error" id="hr-{kind}s-error" hidden></p>']
    for n, group in enumerate(groups):
        items = group["methods"] if kind == "method" else group["goals"]
        if not items:
            continue
        title = f"{group['municipality']}: {group['policy']}"
        parts.append(f'<fieldset class="handbok-target-group" '
                     f'data-municipality="{html.escape(group["municipality"])}">'
                     f'<legend>{html.escape(title)}</legend>')
        for m, item in enumerate(items):
            box = f"hr-{kind}-{n}-{m}"
            parts.append(f'<div class="handbok-check"><input type="checkbox" id="{box}" '
                         f'name="{kind}s" value="{html.escape(item["id"])}">'
                         f'<label for="{box}">{html.escape(item["label"])}</label></div>')
        parts.append("</fieldset>")
    parts.append("</fieldset>")
    return "".join(parts)


def form_html(data: FormData) -> str:

    options = "".join(f'<option value="{html.escape(t["id"])}">{html.escape(t["label"])}'
                      "</option>" for t in data["types"])
    towns = "".join(f'<option value="{html.escape(m)}">{html.escape(m)}</option>'
                    for m in data["municipalities"])
    all_units = sorted({u for us in data["units"].values() for u in us}, key=sv_key)
    suggestions = "".join(f'<option value="{html.escape(u)}"></option>' for u in all_units)
    forge = html.escape(data["forgeName"])
    fields = [
        _field("title", "Rubrik", _input("title", True),
               "En kort rubrik, till exempel Studiebesök om skolmat i Tammerfors.", True),
        _field("type", "Typ", f'<select id="hr-type" name="type" required aria-required="true"'
               f' aria-describedby="{{described}}"><option value="">Välj typ</option>{options}'
               "</select>", "", True),
        _field("unit", "Förvaltning",
               _input("unit", True, ' list="hr-unit-list"')
               + f'<datalist id="hr-unit-list">{suggestions}</datalist>',
               "Förvaltningen som genomförde aktiviteten, till exempel Socialförvaltningen.",
               True),
        _field("municipality", "Kommun",
               f'<select id="hr-municipality" name="municipality" required aria-required="true"'
               f' aria-describedby="{{described}}"><option value="">Välj kommun</option>{towns}'
               "</select>", "Kommunen som förvaltningen hör till.", True),
        _field("period", "Period", _input("period", True, ' inputmode="numeric"'),
               "När aktiviteten genomfördes: ett år (2025), en månad (2025-03), en dag "
               "(2025-03-14) eller från och till med snedstreck (2025-03/2025-05).", True),
        _field("partner", "Partner", _input("partner"),
               "Organisationen ni samarbetade med, om det fanns en."),
        _field("country", "Land", _input("country"), "Landet där partnern finns."),
        _field("funding", "Finansiering", _input("funding"),
               "Till exempel Egen budget eller Erasmus+."),
        _targets("method", "Metoder", data["groups"],
                 "Välj minst en metod eller ett mål i styrdokumenten. Välj helst i din egen "
                 "kommuns styrdokument."),
        _targets("goal", "Mål", data["groups"], "Välj de mål som aktiviteten bidrog till."),
        _field("effect", "Effekt",
               '<textarea id="hr-effect" name="effect" rows="3" required aria-required="true" '
               'aria-describedby="{described}"></textarea>',
               "Vad verksamheten fick ut av aktiviteten. En eller två meningar.", True),
        _field("text", "Vad gjorde ni?",
               '<textarea id="hr-text" name="text" rows="4" aria-describedby="{described}">'
               "</textarea>", "Två till fem korta meningar. Skriv inga namn på personer."),
    ]
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return f"""<div class="{FORM_CLASS}-wrapper">
<script type="application/json" id="handbok-report-data">{payload}</script>
<div class="handbok-error-summary" id="hr-summary" role="alert" tabindex="-1" hidden>
<h2>Rätta det här först</h2><ul id="hr-summary-list"></ul></div>
<form class="{FORM_CLASS}" id="hr-form" novalidate>
{''.join(fields)}
<button type="submit" class="handbok-button" id="hr-make">Skapa filen</button>
</form>
<section class="handbok-report-result" id="hr-result" tabindex="-1" hidden
 aria-labelledby="hr-result-title">
<h2 id="hr-result-title">Din fil är klar</h2>
<p>Filen heter <code id="hr-filename"></code>. Den hör hemma i mappen
<code id="hr-folder"></code> i handbokens källkod.</p>
<div class="handbok-report-buttons">
<button type="button" class="handbok-button" id="hr-download">Ladda ner filen</button>
<button type="button" class="handbok-button" id="hr-forge"
 data-forge="{html.escape(data["forge"])}">Föreslå på {forge}</button>
</div>
<p class="handbok-help" id="hr-forge-help">Föreslå på {forge} öppnar {forge} i en ny flik
med filen ifylld. Där skickar du förslaget till redaktionen. Du behöver ett konto.</p>
<p class="handbok-help">Ladda ner filen och skicka den till handbokens redaktion, om du inte
föreslår den själv. Redaktionen lägger filen i mappen ovan. Aktiviteten räknas i
uppföljningen när handboken byggs nästa gång.</p>
<details><summary>Visa filens innehåll</summary><pre id="hr-preview"></pre></details>
</section>
</div>"""


def resolve_report_form(app: Sphinx, node: nodes.Element, fromdocname: str
                        ) -> list[nodes.Node]:
    if app.builder.format != "html":
        text = ("Formuläret för att rapportera en aktivitet finns på webbplatsen, på sidan "
                "Rapportera en aktivitet.")
        return [nodes.paragraph(text, text)]
    return [nodes.raw("", form_html(form_data(app)), format="html")]


def _add_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: nodes.document | None) -> None:

    """Only the form's page loads its script (deferred, from the site's own static files)."""
    if re.search(rf'class="{FORM_CLASS}"', context.get("body", "")):
        app.add_js_file(SCRIPT, loading_method="defer")


def setup_reportform(app: Sphinx) -> None:
    app.add_directive("report-form", ReportFormDirective)
    register_view("report-form", resolve_report_form)
    app.connect("html-page-context", _add_script)
