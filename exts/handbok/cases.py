"""Case studies: one ``case`` directive per page, and the listings built from them.

- ``case`` directive: the facts of one example (type, unit, period, partner, funding, the
  methods and goals it serves, what was done, its effect), rendered as a table.
- ``case-table`` directive: a filtered, sorted listing usable on any page.
- every ``method``/``goal`` shows the cases that serve it (resolver ``target-cases``).
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .domain import (
    DOMAIN,
    domain,
    note_ref,
    pending_view,
    query,
    register_view,
    subscribe,
    type_page,
)
from .fieldblock import FieldBlock
from .lifecycle import build_day
from .model import Query
from .records import CaseRecord
from .tables import Cell, data_table
from .util import (
    ID_HELP,
    PERIOD_HELP,
    did_you_mean,
    link,
    parse_period,
    period_label,
    period_years,
    reversed_period,
    split_ids,
    valid_id,
    warn,
)
from .vocabulary import Subtype, Topic, case_type_folder

REQUIRED_FIELDS = ("type", "unit", "period", "effect")
#: One line of a directive's field list: ``:key: value``.
FIELD_LINE_RE = re.compile(r"^\s*:(?P<key>[A-Za-z][\w-]*):(?:\s+(?P<value>.*))?\s*$")


def cite(env: BuildEnvironment, kind: str, target: str) -> addnodes.pending_xref:
    """A citation of a method or goal made by the extension (the id was checked already)."""
    return addnodes.pending_xref(
        "", nodes.inline(target, target), refdomain=DOMAIN, reftype=kind, reftarget=target,
        refexplicit=False, refdoc=env.docname, handbok_checked=True)



def planned(start: str, config: Config) -> bool:
    """Whether a period starting ``start`` (ÅÅÅÅ, ÅÅÅÅ-MM or ÅÅÅÅ-MM-DD) has not begun on the
    build's day: a planned activity, not a carried-out one (the form of
    "Rapportera en aktivitet" has the same rule)."""
    today = build_day(config).isoformat()
    return start > today[:len(start)]



class CaseDirective(FieldBlock):
    """The facts of one case study; the body says what was done."""

    optional_arguments = 1
    has_content = True
    option_spec = {
        "type": directives.unchanged,
        "unit": directives.unchanged,
        "municipality": directives.unchanged,
        "period": directives.unchanged,
        "partner": directives.unchanged,
        "country": directives.unchanged,
        "funding": directives.unchanged,
        "methods": directives.unchanged,
        "goals": directives.unchanged,
        "effect": directives.unchanged,
        # ``:illustrative:`` alone, or ``ja``/``nej`` (issue 25): read by :func:`illustrative`.
        "illustrative": directives.unchanged,
    }

    def field_location(self, name: str) -> tuple[str, int]:
        """Where the editor wrote ``:name:`` (the directive's own line if not at all)."""
        return self.env.docname, self.field_lines().get(name, self.lineno)

    def field_lines(self) -> dict[str, int]:
        """The source line of each field of the option block, and of fields recovered from
        the body (see :meth:`recover_broken_fields`)."""
        if not hasattr(self, "_field_lines"):
            lines: dict[str, int] = {}
            for offset, text in enumerate(self.block_text.splitlines()[1:], start=1):
                match = FIELD_LINE_RE.match(text)
                if not match:
                    break
                lines.setdefault(match["key"], self.lineno + offset)
            self._field_lines = lines
        for key, line in self.recovered_lines.items():
            self._field_lines.setdefault(key, line)
        return self._field_lines

    def illustrative(self, opts: dict[str, Any], ident: str = "") -> bool:
        """``:illustrative:`` alone or ``ja``: invented; ``nej``: carried out. Any other value,
        and no field at all, is read as illustrative (never counted), with a warning: a case
        counts as carried out only when it says so (issue 25), so a deleted or lost line can
        never turn an invented case into a counted activity."""
        if "illustrative" not in opts:
            warn(f"Exemplet '{ident}' säger inte om det är påhittat eller genomfört, så det "
                 "räknas inte i uppföljningen. Skriv raden ':illustrative: nej' bland fälten om "
                 "aktiviteten är genomförd på riktigt, eller ':illustrative:' om exemplet är "
                 "påhittat.", Subtype.ILLUSTRATIVE_MISSING, self.field_location("illustrative"))
            return True
        value = (opts["illustrative"] or "").strip().lower()
        if value in ("", "ja", "yes", "true"):
            return True
        if value in ("nej", "no", "false"):
            return False
        warn(f"Fältet ':illustrative:' har värdet '{opts['illustrative']}'. Skriv "
             "':illustrative:' (eller ':illustrative: ja') för ett påhittat exempel, och ta "
             "bort raden (eller skriv ':illustrative: nej') för en genomförd aktivitet. Tills "
             "dess räknas exemplet som illustrativt och inte som genomfört.",
             Subtype.ILLUSTRATIVE_VALUE, self.field_location("illustrative"))
        return True

    def planned(self, rec: CaseRecord) -> bool:
        """A period that starts after the build day: planned, never counted as carried out."""
        if not rec["start"]:
            return False
        if not planned(rec["start"], self.config):
            return False
        if not rec["illustrative"]:
            warn(f"Perioden '{rec['period']}' har inte börjat än. Aktiviteten visas som "
                 "planerad och räknas inte som genomförd förrän perioden har börjat. Kontrollera "
                 "årtalet om aktiviteten redan är gjord.", Subtype.PLANNED,
                 self.field_location("period"))
        return True

    def check_folder(self, rec: CaseRecord) -> None:
        """A case in the folder of another type: ``:type:`` is the one truth (listings); the
        editor is asked to move the file, since the way back follows the folder."""
        types = self.config.handbok_case_types
        folders = {case_type_folder(t): t for t in types}
        folder = posixpath.basename(posixpath.dirname(self.env.docname))
        if folder in folders and rec["type"] in types and folders[folder] != rec["type"]:
            warn(f"Exemplet ligger i mappen '{folder}' för typen '{folders[folder]}', men "
                 f"fältet ':type:' är '{rec['type']}'. Exemplet listas som {rec['type']}. Flytta "
                 f"filen till mappen '{case_type_folder(rec['type'])}' (eller rätta ':type:').",
                 Subtype.CASE_FOLDER, self.field_location("type"))

    def run(self) -> list[nodes.Node]:
        env, docname, location = self.env, self.env.docname, self.get_location()
        self.recover_fields()
        if not self.arguments:
            warn("Exemplet saknar id. Skriv ett id direkt efter {case}, till exempel "
                 "':::{case} studiebesok-tampere-2024'.", Subtype.MISSING_FIELD, location)
            return []
        ident = self.arguments[0].strip()
        opts = {k: (v or "").strip() if isinstance(v, str) else v for k, v in self.options.items()}
        if not valid_id(ident):
            warn(f"Exemplet har ett ogiltigt id '{ident}'. {ID_HELP}", Subtype.BAD_ID, location)
        for field in REQUIRED_FIELDS:
            if not opts.get(field):
                warn(f"Exemplet '{ident}' saknar fältet ':{field}:'. Fyll i det enligt mallen "
                     "för exempel.", Subtype.MISSING_FIELD, self.field_location(field))
        types = self.config.handbok_case_types
        ctype = opts.get("type", "")
        if ctype and ctype not in types:
            hint = did_you_mean(ctype, types)
            warn(f"Okänd typ av exempel '{ctype}'.{hint} Välj en av: {', '.join(types)}.",
                 Subtype.UNKNOWN_CASE_TYPE, self.field_location("type"))
        period = parse_period(opts.get("period", "")) if opts.get("period") else None
        backwards = reversed_period(opts["period"]) if opts.get("period") else None
        if backwards:
            warn(f"Perioden '{opts['period']}' slutar ({backwards[1]}) innan den börjar "
                 f"({backwards[0]}). Skriv det tidigaste datumet först, till exempel "
                 f"'{backwards[1]}/{backwards[0]}'.", Subtype.BAD_PERIOD,
                 self.field_location("period"))
        elif opts.get("period") and period is None:
            warn(f"Perioden '{opts['period']}' kan inte läsas. {PERIOD_HELP}", Subtype.BAD_PERIOD,
                 self.field_location("period"))
        methods, goals = split_ids(opts.get("methods")), split_ids(opts.get("goals"))
        if not methods and not goals:
            warn(f"Exemplet '{ident}' anger ingen metod eller mål. Lägg till ':methods:' "
                 "med minst ett metod-id.", Subtype.MISSING_FIELD, location)
        if domain(env).records("cases", docname) is not None:
            warn("Sidan har redan ett exempel. Lägg varje exempel i en egen fil.",
                 Subtype.DUPLICATE_ID, location)
            return []
        rec: CaseRecord = {
            "id": ident, "title": "", "type": ctype, "unit": opts.get("unit", ""),
            "municipality": opts.get("municipality", ""),
            "period": opts.get("period", ""), "start": period[0] if period else "",
            "end": period[1] if period else "",
            "years": period_years(*period) if period else [],
            "partner": opts.get("partner", ""), "country": opts.get("country", ""),
            "funding": opts.get("funding", ""), "methods": methods, "goals": goals,
            "effect": opts.get("effect", ""), "illustrative": self.illustrative(opts, ident),
            "line": self.lineno, "field_lines": dict(self.field_lines()), "planned": False,
        }
        rec["planned"] = self.planned(rec)
        self.check_folder(rec)
        domain(env).put("cases", docname, rec)
        for kind, ids in (("method", methods), ("goal", goals)):
            for tid in ids:
                note_ref(env, docname, kind, tid, self.lineno)
                subscribe(env, docname, Topic.target(tid))
        return self.render(rec)

    def render(self, rec: CaseRecord) -> list[nodes.Node]:
        # The way back to the case's type page, above the case (issue 12).
        out: list[nodes.Node] = [pending_view("casebook-link", self.env, position="top")]
        undeclared = "illustrative" not in self.options
        notes = [
            (rec["illustrative"] and not undeclared, "handbok-illustrative",
             "Illustrativt exempel",
             "Exemplet är påhittat för att visa hur arbetssättet kan gå till. Det beskriver "
             "inga verkliga personer och ingen verklig partnerorganisation."),
            (undeclared, "handbok-illustrative", "Räknas inte i uppföljningen",
             "Exemplet säger inte om det är påhittat eller genomfört, så det räknas inte som "
             "en genomförd aktivitet."),
            (rec.get("planned"), "handbok-planned", "Planerad aktivitet",
             "Perioden har inte börjat än. Aktiviteten är planerad och räknas inte som "
             "genomförd i uppföljningen."),
        ]
        for shown, cls, title, text in notes:
            if shown:
                note = nodes.admonition(classes=["note", cls])
                note += nodes.title(title, title)
                note += nodes.paragraph(text, text)
                out.append(note)
        types = self.config.handbok_case_types
        rows = [
            ("Typ", types.get(rec["type"], rec["type"])),
            ("Förvaltning", rec["unit"]),
            ("Kommun", rec["municipality"]),
            ("Period", period_label(rec["period"])
             + (" (planerad)" if rec.get("planned") else "")),
            ("Partnerorganisation", rec["partner"]),
            ("Land", rec["country"]),
            ("Finansiering", rec["funding"]),
        ]
        facts: list[list[Cell]] = [[label, value] for label, value in rows if value]
        for kind, label, ids in (("method", "Metoder", rec["methods"]),
                                 ("goal", "Mål", rec["goals"])):
            if ids:
                items = nodes.bullet_list()
                for tid in ids:
                    items += nodes.list_item("", nodes.paragraph("", "", cite(self.env, kind, tid)))
                facts.append([label, items])
        table = data_table("Fakta om exemplet", None, facts, classes=["handbok-case-facts"],
                           ident="fakta-om-exemplet", widths=[30, 70])
        out.append(table)
        out.append(nodes.rubric("Vad gjordes", "Vad gjordes", **{"heading-level": 2}))
        body = nodes.container(classes=["handbok-case-body"])
        self.state.nested_parse(self.content, self.content_offset, body)
        out.append(body)
        out.append(nodes.rubric("Effekt för verksamheten", "Effekt för verksamheten",
                                **{"heading-level": 2}))
        out.append(nodes.paragraph(rec["effect"], rec["effect"] or "Effekten är inte beskriven."))
        out.append(pending_view("casebook-link", self.env, position="bottom"))
        return out


# --- listings ----------------------------------------------------------------------------------

FILTERS = ("type", "method", "goal", "unit", "year", "municipality")


class CaseTableDirective(SphinxDirective):
    """``{case-table}`` with optional filters and ``:group-by: type``."""

    option_spec = {**{f: directives.unchanged for f in FILTERS},
                   "group-by": lambda v: directives.choice(v, ("type", "year", "unit")),
                   "caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        filters = {f: self.options[f].strip() for f in FILTERS if self.options.get(f)}
        if "year" in filters and not re.fullmatch(r"\d{4}", filters["year"]):
            warn(f"':year:' ska vara ett årtal med fyra siffror, inte '{filters['year']}'.",
                 Subtype.BAD_OPTION, self.get_location())
            filters.pop("year")
        for kind in ("method", "goal"):
            if kind in filters:
                note_ref(self.env, self.env.docname, kind, filters[kind], self.lineno)
        subscribe(self.env, self.env.docname, _filter_topic(filters), Topic.targets(),
                  Topic.policies())
        return [pending_view("case-table", self.env, filters=filters,
                             group_by=self.options.get("group-by", ""),
                             caption=self.options.get("caption", ""),
                             serial=self.env.new_serialno("handbok-case-table"))]


def _filter_topic(filters: dict[str, str]) -> Topic:
    """The narrowest topic that covers a case table's filters."""
    if "type" in filters:
        return Topic.case_type(filters["type"])
    for kind in ("method", "goal"):
        if kind in filters:
            return Topic.case_target(kind, filters[kind])
    if "unit" in filters:
        return Topic.case_unit(filters["unit"])
    if "year" in filters:
        return Topic.case_year(filters["year"])
    return Topic.case_titles()  # every case, with its title


def resolve_case_table(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    cases = query(app.env).matching_cases(node["filters"])
    types = app.config.handbok_case_types
    if not cases:
        text = "Det finns inga exempel som matchar urvalet ännu."
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    groups: dict[str, list[CaseRecord]] = {}
    key = node["group_by"]
    for case in cases:
        if key == "type":
            label = types.get(case["type"], case["type"] or "Utan typ")
        elif key == "year":
            label = str(case["years"][0]) if case["years"] else "Okänt år"
        elif key == "unit":
            label = case["unit"] or "Okänd förvaltning"
        else:
            label = node["caption"] or "Exempel"
        groups.setdefault(label, []).append(case)
    order = list(groups)
    if key == "type":
        labels = list(types.values())
        order.sort(key=lambda g: labels.index(g) if g in labels else len(labels))
    elif key:
        order.sort()
    prefix = f"exempel-{node['serial']}"
    return [_case_table(app, fromdocname, label, groups[label], types, f"{prefix}-{n}")
            for n, label in enumerate(order, start=1)]


def _case_table(app: Sphinx, fromdocname: str, caption: str, cases: list[CaseRecord],
                types: dict[str, str], table_id: str) -> nodes.table:
    headers = ["Exempel", "Typ", "Förvaltning", "Period", "Partner och land"]
    rows: list[list[Cell]] = []
    for case in cases:
        partner = ", ".join(p for p in (case["partner"], case["country"]) if p)
        rows.append([link(app, fromdocname, case["docname"], "", case["title"]),
                     types.get(case["type"], case["type"]), case["unit"],
                     period_label(case["period"]), partner])
    return data_table(f"{caption} ({len(cases)})", headers, rows,
                      classes=["handbok-case-table"], ident=table_id,
                      widths=[40, 15, 20, 12, 25], stub=False)


def resolve_target_cases(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    q = query(app.env)
    target = node["target"]
    rec = q.targets.get(target)
    kind = rec["kind"] if rec else "method"
    cases = q.cases_serving(kind, target)
    box = nodes.container(classes=["handbok-target-cases"])
    if not cases:
        text = "Inga exempel ännu."
        box += nodes.paragraph(text, text)
        return [box]
    intro = f"Exempel i praktiken ({len(cases)}):"
    box += nodes.paragraph(intro, intro, classes=["handbok-target-cases-title"])
    items = nodes.bullet_list()
    types = app.config.handbok_case_types
    for case in cases:
        para = nodes.paragraph()
        para += link(app, fromdocname, case["docname"], "", case["title"])
        detail = ", ".join(v for v in (types.get(case["type"], case["type"]),
                                        period_label(case["period"])) if v)
        para += nodes.Text(f" ({detail})")
        items += nodes.list_item("", para)
    box += items
    return [box]


def _title(env: BuildEnvironment, docname: str) -> str:
    return env.titles[docname].astext() if docname in env.titles else docname


def resolve_casebook_link(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    """Above a case: "Exempelsamling › <type>"; below it: back to the type page and the casebook."""
    env = app.env
    casebook = app.config.handbok_casebook
    kind = type_page(env, fromdocname)
    if kind is None:
        return []
    position = node.get("position", "bottom")
    if position == "top":
        para = nodes.paragraph(classes=["handbok-case-way"])
        if kind != casebook and casebook in env.found_docs:
            para += link(app, fromdocname, casebook, "", _title(env, casebook))
            para += nodes.Text(" › ")
        para += link(app, fromdocname, kind, "", _title(env, kind))
        return [para]
    items = nodes.bullet_list(classes=["handbok-case-back"])
    if kind != casebook:
        para = nodes.paragraph()
        para += link(app, fromdocname, kind, "",
                     f"Tillbaka till alla exempel av typen {_title(env, kind).lower()}")
        items += nodes.list_item("", para)
    if casebook in env.found_docs:
        para = nodes.paragraph()
        para += link(app, fromdocname, casebook, "", "Till alla exempel i exempelsamlingen")
        items += nodes.list_item("", para)
    return [items]


def add_case_prev_next(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                       doctree: nodes.document | None) -> None:
    """Previous and next case of the same type in the theme's footer (case pages are orphans,
    so Sphinx gives them none).

    The links are what the domain stored after reading (``neighbours``). An incremental build
    rewrites exactly the case pages whose links that changed: the old and new neighbours of a
    case added, deleted, moved or retitled (see ``HandbokDomain.neighbours_changed``).
    """
    if doctree is None or not hasattr(app.builder, "get_relative_uri"):
        return
    shown = domain(app.env).data.get("neighbours", {}).get(pagename)
    if shown is None:
        return
    for key, other in zip(("prev", "next"), shown, strict=True):
        if other is not None:
            docname, title = other
            context[key] = {"link": app.builder.get_relative_uri(pagename, docname),
                            "title": html.escape(title)}


def check_cases(app: Sphinx, env: BuildEnvironment) -> None:
    cases: dict[str, CaseRecord] = domain(env).data["cases"]
    q = query(env)
    seen: dict[str, str] = {}
    for docname in sorted(cases):
        rec = cases[docname]
        if rec["id"] in seen:
            warn(f"Exempel-id '{rec['id']}' används också i {seen[rec['id']]}. Välj ett annat id.",
                 Subtype.DUPLICATE_ID, (docname, rec["line"]))
        seen.setdefault(rec["id"], docname)
        _check_municipality(q, rec, (docname, rec["line"]))
    if not app.config.handbok_coverage:
        return
    used = {t for c in q.cases.values() for t in c["methods"]}
    for tid, target in sorted(q.targets.items()):
        # A proposal (a draft from make import-policy, a new wording) has no cases yet.
        policy = q.policy(target["policy"]) if target.get("policy") else None
        if policy is not None and policy.get("status") == "förslag":
            continue
        if target["kind"] == "method" and tid not in used:
            warn(f"Metoden '{tid}' har inga exempel. Lägg till ett exempel som anger "
                 f"':methods: {tid}'.", Subtype.COVERAGE, (target["docname"], target["line"]))


def _check_municipality(q: Query, rec: CaseRecord, location: tuple[str, int]) -> None:
    """A carried-out activity must say which municipality its förvaltning belongs to, so the
    follow-up can count it; illustrative examples are never counted."""
    known = q.municipalities()
    one = q.municipality_name(rec["municipality"])
    if rec["municipality"] and one != rec["municipality"] and one in known:
        warn(f"Kommunen stavas '{rec['municipality']}' här men '{one}' i styrdokumenten. "
             f"Skriv ':municipality: {one}'. Exemplet räknas till {one}.",
             Subtype.MUNICIPALITY_NAME,
             (location[0], rec.get("field_lines", {}).get("municipality", location[1])))
    elif rec["municipality"] and known and rec["municipality"] not in known:
        warn(f"Exemplet '{rec['id']}' har ':municipality: {rec['municipality']}', men ingen "
             f"policy har den kommunen. Skriv en av: {', '.join(known)}.",
             Subtype.UNKNOWN_MUNICIPALITY, location)
    elif not rec["illustrative"] and not q.case_home(rec) and len(known) > 1:
        warn(f"Exemplet '{rec['id']}' hör till metoder eller mål i flera kommuner. Skriv "
             "':municipality:' med kommunen som förvaltningen hör till, till exempel "
             f"':municipality: {known[0]}', så att uppföljningen kan räkna aktiviteten.",
             Subtype.UNKNOWN_MUNICIPALITY, location)


def setup_cases(app: Sphinx) -> None:
    app.add_directive("case", CaseDirective)
    app.add_directive("case-table", CaseTableDirective)
    app.connect("env-check-consistency", check_cases)
    register_view("case-table", resolve_case_table)
    register_view("target-cases", resolve_target_cases)
    register_view("casebook-link", resolve_casebook_link)
    app.connect("html-page-context", add_case_prev_next)
