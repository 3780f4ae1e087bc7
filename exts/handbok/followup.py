"""Follow-up reports: carried-out activities in a year, per municipality and förvaltning, with
their effects; illustrative examples apart, never counted.

- ``followup-report`` directive (``:year:``, optional ``:municipality:`` and ``:unit:``): the
  material a förvaltning needs for its delårsrapport and verksamhetsberättelse, built from the
  casebook at resolve time, so it is never hand-kept. A case counts in every year its period
  touches. Only carried-out activities (cases without ``:illustrative:``) are counted; the
  illustrative examples of the year are listed in a section of their own, labelled as such.
  A förvaltning is always shown with its municipality (``Query.unit_label``).
- The page links the Excel workbook and Word report of its municipality and year, which
  :mod:`handbok.reports` writes under ``export/uppfoljning/`` (names from ``util.report_file``).
- One report page per year present in the casebook, and one per municipality and year, are
  generated before reading (like autosummary's stubs) into ``handbok_followup_dir``:
  ``<year>.md`` and ``<kommun>/<year>.md``, written only when their text changes; stale stubs
  are removed. The folder's hand-written ``index.md`` lists the year pages with a glob
  toctree, each year page lists its municipality pages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.project import Project
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from . import frontmatter, lifecycle
from .boards import board_year_counts, has_boards, unit_boards
from .domain import pending_view, query, register_view, subscribe, subscribers
from .model import Query
from .records import CaseRecord, TargetRecord, target_ids
from .state import build_state
from .tables import data_table
from .util import (
    link,
    logger,
    one_name_per_municipality,
    parse_period,
    period_label,
    period_years,
    report_file,
    slug,
    sv_key,
    warn,
)
from .vocabulary import Subtype, Topic

STUB_MARKER = "% handbok: genererad uppföljningssida – ändra inte, den skrivs om vid varje bygge"
STUB_RE = re.compile(r"^\d{4}\.md$")
PERIOD_RE = re.compile(r"^\s*:period:\s*(.+?)\s*$", re.MULTILINE)
#: How many years the per-year tables show: the report's year and the ones before it.
YEARS_SHOWN = 5
#: How many of them a phone shows (the others are in the Excel file and on the wider page).
PHONE_YEARS = 3

#: (part, section title) in the order a report needs them.
PARTS = (
    ("units", "Genomförda aktiviteter per förvaltning"),
    ("types", "Genomförda aktiviteter per typ"),
    ("targets", "Genomförda aktiviteter per metod och mål"),
    ("counts", "Sammanställning i siffror"),
    ("coverage", "Det som saknas"),
    ("illustrative", "Illustrativa exempel"),
)

# --- directive ----------------------------------------------------------------------------------


class FollowupReportDirective(SphinxDirective):
    """``{followup-report}`` with ``:year: 2019`` and optional ``:municipality: Huddinge kommun``
    and ``:unit: Socialförvaltningen``."""

    option_spec = {"year": directives.unchanged, "municipality": directives.unchanged,
                   "unit": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        year = (self.options.get("year") or "").strip()
        if not re.fullmatch(r"\d{4}", year):
            warn(f"Uppföljningen behöver ':year:' med ett årtal med fyra siffror, inte '{year}'. "
                 "Skriv till exempel ':year: 2019'.", Subtype.BAD_OPTION, self.get_location())
            return []
        unit = (self.options.get("unit") or "").strip()
        municipality = (self.options.get("municipality") or "").strip()
        env, docname = self.env, self.env.docname
        # Unit coverage and the methods × years table use every case, so any case change counts.
        subscribe(env, docname, Topic.case_year(year), Topic.cases(), Topic.targets(),
                  Topic.policies())
        serial = env.new_serialno("handbok-followup")
        common = {"year": int(year), "unit": unit, "municipality": municipality}
        out: list[nodes.Node] = [pending_view(Subtype.FOLLOWUP, env, self.lineno, part="intro",
                                              **common)]
        for part, title in PARTS:
            if part in ("coverage", "illustrative"):
                title = f"{title} {year}"
            section = nodes.section(classes=[f"handbok-followup-{part}"])
            section["names"].append(nodes.fully_normalize_name(
                title if serial == 0 else f"{title} {serial}"))
            section += nodes.title(title, title)
            self.state.document.note_implicit_target(section, section)
            section += pending_view(Subtype.FOLLOWUP, env, self.lineno, part=part, **common)
            out.append(section)
        return out


# --- resolver -----------------------------------------------------------------------------------


def resolve_followup(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    idx = query(app.env)
    year, unit, municipality = node["year"], node["unit"], node.get("municipality", "")
    if municipality and municipality not in idx.municipalities():
        if node["part"] == "intro":
            known = ", ".join(idx.municipalities()) or "inga"
            warn(f"Uppföljningen har ':municipality: {municipality}', men ingen policy har den "
                 f"kommunen. Kommunerna är: {known}.", Subtype.BAD_OPTION,
                 (fromdocname, node.get("line")))
        return []
    cases = idx.activities(year=year, municipality=municipality, unit=unit)
    part = node["part"]
    # A year without carried-out activities says so once, in the introduction: no sections of
    # "nothing reported" and no tables of zeros.
    if (part in ("units", "types", "targets", "coverage") and not cases) or (
            part == "counts" and not any(
                set(c["years"]) & set(shown_years(idx, year))
                for c in idx.activities(municipality=municipality, unit=unit))):
        _drop_section(app, node, fromdocname)
        return []
    if part == "intro":
        return (_ended_notes(app, idx, year, municipality, fromdocname)
                + _intro(app, idx, cases, year, municipality, unit, fromdocname))
    if part == "counts":
        return _counts(app, idx, cases, year, municipality, unit)
    if part == "coverage":
        return _coverage(app, idx, cases, year, municipality, unit, fromdocname)
    if part == "illustrative":
        return _illustrative(app, idx, year, municipality, unit, fromdocname)
    if not cases:
        text = f"Inga genomförda aktiviteter har rapporterats för {year}."
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    if part == "units":
        return _by_unit(app, idx, cases, fromdocname)
    if part == "types":
        return _by_type(app, idx, cases, fromdocname)
    return _by_target(app, idx, cases, fromdocname, municipality)


def _drop_section(app: Sphinx, node: nodes.Element, fromdocname: str) -> None:
    """Take the placeholder's section out of the page and out of the page's table of contents
    (which was made when the page was read, before the cases of every page were known)."""
    section = node.parent
    if not isinstance(section, nodes.section) or section.parent is None:
        return
    ids = set(section["ids"])
    section.parent.remove(section)
    toc = app.env.tocs.get(fromdocname)
    if toc is None:
        return
    for ref in list(toc.findall(nodes.reference)):
        if ref.get("anchorname", "").lstrip("#") in ids:
            item = ref.parent
            while item is not None and not isinstance(item, nodes.list_item):
                item = item.parent
            if item is not None and item.parent is not None:
                item.parent.remove(item)


def _report_link(app: Sphinx, fromdocname: str) -> list[nodes.Node]:
    """How a förvaltning reports an activity: a link to the form's page when the site has it."""
    page = app.config.handbok_report_page
    if page and page in app.env.found_docs:
        para = nodes.paragraph(classes=["handbok-followup-report-link"])
        para += nodes.Text("Har din förvaltning genomfört en internationell aktivitet? Fyll i "
                           "formuläret ")
        para += link(app, fromdocname, page, "", "Rapportera en aktivitet")
        para += nodes.Text(". Aktiviteten räknas när handboken byggs nästa gång.")
        return [para]
    text = ("Har din förvaltning genomfört en internationell aktivitet? Be handbokens "
            "redaktion att lägga in den i exempelsamlingen.")
    return [nodes.paragraph(text, text, classes=["handbok-followup-report-link"])]
def _ended_notes(app: Sphinx, idx: Query, year: int | str, municipality: str, fromdocname: str
                 ) -> list[nodes.Node]:
    """For a year after a policy's validity period: a note that the period had ended, so its
    methods are not read as the year's policy (issue 27)."""
    try:
        first_day = dt.date(int(str(year).strip()[:4]), 1, 1)
    except ValueError:
        return []
    out: list[nodes.Node] = []
    for pol in idx.policies_sorted():
        if municipality and pol["municipality"] != municipality:
            continue
        try:
            _start, end = lifecycle.parse_validity(pol.get("valid") or "")
        except ValueError:
            continue
        if end is None or end >= first_day:
            continue
        para = nodes.paragraph(classes=["handbok-followup-ended"])
        para += nodes.strong("Perioden hade gått ut: ", "Perioden hade gått ut: ")
        para += link(app, fromdocname, pol["docname"], "", pol["title"])
        text = (f" gällde till och med {lifecycle.day_label(end)} (status: utgången). "
                f"Aktiviteter {first_day.year} som räknas mot dess metoder och mål gjordes "
                "efter att perioden hade gått ut.")
        para += nodes.Text(text)
        out.append(para)
    return out


def _scope(idx: Query, municipality: str, unit: str) -> str:
    if unit:
        return f"{unit}, {municipality}" if municipality else unit
    if municipality:
        return municipality
    return " och ".join(idx.municipalities()) or "alla kommuner"


def _intro(app: Sphinx, idx: Query, cases: list[CaseRecord], year: int, municipality: str,
           unit: str, fromdocname: str) -> list[nodes.Node]:
    scope = _scope(idx, municipality, unit)
    illustrative = idx.activities(year=year, municipality=municipality, unit=unit,
                                  illustrative=True)
    para = nodes.paragraph(classes=["handbok-followup-intro"])
    if cases:
        units = idx.unit_labels(cases)
        text = (f"Underlag för delårsrapport och verksamhetsberättelse {year} för {scope}: de "
                "internationella aktiviteter som har genomförts och vilken effekt de har haft. "
                "Under året har ")
        para += nodes.Text(text)
        para += nodes.inline(str(len(cases)), str(len(cases)),
                             classes=["handbok-followup-total"])
        rest = (f" {'aktivitet' if len(cases) == 1 else 'aktiviteter'} genomförts i "
                f"{len(units)} {'förvaltning' if len(units) == 1 else 'förvaltningar'}. "
                "En aktivitet som pågår under flera år räknas till varje år.")
        para += nodes.Text(rest)
    else:
        para += nodes.Text(f"Inga genomförda aktiviteter har rapporterats ännu för {year} i "
                           f"{scope}. Antalet genomförda aktiviteter är ")
        para += nodes.inline("0", "0", classes=["handbok-followup-total"])
        para += nodes.Text(".")
    out: list[nodes.Node] = [para]
    if illustrative:
        n = len(illustrative)
        text = (f"Handboken har {n} {'illustrativt exempel' if n == 1 else 'illustrativa exempel'}"
                f" för {year}. De är påhittade och räknas inte. De står under rubriken "
                f"Illustrativa exempel {year} längst ner på sidan.")
        out.append(nodes.paragraph(text, text, classes=["handbok-followup-illustrative-note"]))
    planned = [c for c in idx.cases_sorted() if c.get("planned") and not c["illustrative"]
               and year in c["years"] and (not unit or c["unit"] == unit)
               and idx.in_municipality(c, municipality)]
    if planned:
        para = nodes.paragraph(classes=["handbok-followup-planned"])
        n = len(planned)
        what = "aktivitet är planerad" if n == 1 else "aktiviteter är planerade"
        para += nodes.Text(f"{n} {what} för {year} men har inte börjat än, så de räknas inte: ")
        for k, case in enumerate(planned):
            if k:
                para += nodes.Text(", ")
            para += link(app, fromdocname, case["docname"], "", case["title"])
        para += nodes.Text(".")
        out.append(para)
    out += _report_link(app, fromdocname)
    files = _file_links(app, idx, year, municipality, unit, fromdocname)
    if files is not None:
        out.append(files)
    return out


def _file_links(app: Sphinx, idx: Query, year: int, municipality: str, unit: str,
                fromdocname: str) -> nodes.paragraph | None:
    """Links to the workbook (and Word report) of the page's municipality and year."""
    if unit or year not in idx.years():
        return None
    names = [("Excel", report_file(municipality, year, "xlsx"))]
    if municipality:
        names.append(("Word", report_file(municipality, year, "docx")))
    html = app.builder.format == "html"
    base = app.builder.get_target_uri(fromdocname) if html else ""
    para = nodes.paragraph(classes=["handbok-followup-files"])
    para += nodes.Text("Ladda ner underlaget: ")
    for n, (label, target) in enumerate(names):
        if n:
            para += nodes.Text(" och ")
        filename = target.rsplit("/", 1)[1]
        text = f"{label} ({filename})"
        if html:
            para += nodes.reference(text, text, refuri=relative_uri(base, target),
                                    internal=False)
        else:
            para += nodes.Text(f"{label} (")
            para += nodes.literal(target, target)
            para += nodes.Text(")")
    para += nodes.Text(". Filerna har bara de genomförda aktiviteterna.")
    return para


def _case_item(app: Sphinx, idx: Query, case: CaseRecord, fromdocname: str,
               detail: str) -> nodes.list_item:
    item = nodes.list_item(classes=["handbok-followup-case"])
    head = nodes.paragraph()
    head += nodes.strong("", "", link(app, fromdocname, case["docname"], "", case["title"]))
    if detail:
        head += nodes.Text(f" – {detail}")
    item += head
    partner = ", ".join(p for p in (case["partner"], case["country"]) if p)
    if partner:
        item += _labelled("Partner", [nodes.Text(partner)])
    for kind, label in (("method", "Metoder"), ("goal", "Mål")):
        refs: list[nodes.Node] = []
        for tid in target_ids(case, kind):
            rec = idx.targets.get(tid)
            if refs:
                refs.append(nodes.Text("; "))
            refs.append(link(app, fromdocname, rec["docname"], rec["anchor"], rec["label"])
                        if rec else nodes.Text(tid))
        if refs:
            item += _labelled(label, refs)
    effect = case["effect"] or "Effekten är inte beskriven."
    item += _labelled("Effekt", [nodes.Text(effect)], classes=["handbok-followup-effect"])
    return item


def _labelled(label: str, children: list[nodes.Node], classes: list[str] | None = None
              ) -> nodes.paragraph:
    para = nodes.paragraph(classes=classes or [])
    para += nodes.strong(f"{label}: ", f"{label}: ")
    para.extend(children)
    return para


def _by_unit(app: Sphinx, idx: Query, cases: list[CaseRecord], fromdocname: str
             ) -> list[nodes.Node]:
    types = app.config.handbok_case_types
    order = idx.case_types_in_order(app.config.handbok_case_types, cases)
    groups: dict[str, list[CaseRecord]] = {}
    for case in cases:
        groups.setdefault(idx.unit_label(case), []).append(case)
    out: list[nodes.Node] = []
    for unit in sorted(groups, key=sv_key):
        box = nodes.container(classes=["handbok-followup-unit"])
        title = f"{unit} ({_count(len(groups[unit]))})"
        box += nodes.rubric(title, title, **{"heading-level": 3})
        items = nodes.bullet_list()
        for case in sorted(groups[unit], key=lambda c: (order.index(c["type"]),
                                                        c["start"], sv_key(c["title"]))):
            detail = ", ".join(v for v in (types.get(case["type"], case["type"]),
                                           period_label(case["period"])) if v)
            items += _case_item(app, idx, case, fromdocname, detail)
        box += items
        out.append(box)
    return out


def _by_type(app: Sphinx, q: Query, cases: list[CaseRecord], fromdocname: str) -> list[nodes.Node]:
    types = app.config.handbok_case_types
    out: list[nodes.Node] = []
    for ctype in q.case_types_in_order(app.config.handbok_case_types, cases):
        group = [c for c in cases if c["type"] == ctype]
        box = nodes.container(classes=["handbok-followup-type"])
        title = f"{types.get(ctype, ctype or 'Utan typ')} ({_count(len(group))})"
        box += nodes.rubric(title, title, **{"heading-level": 3})
        items = nodes.bullet_list()
        for case in group:
            para = nodes.paragraph()
            para += link(app, fromdocname, case["docname"], "", case["title"])
            para += nodes.Text(f" – {q.unit_label(case)}, {period_label(case['period'])}")
            items += nodes.list_item("", para)
        box += items
        out.append(box)
    return out


def _methods_in_scope(idx: Query, kind: str, municipality: str) -> list[TargetRecord]:
    return [t for t in idx.targets_in_order(kind)
            if not municipality or idx.municipality(t["policy"]) == municipality]


def _by_target(app: Sphinx, idx: Query, cases: list[CaseRecord], fromdocname: str,
               municipality: str = "") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for kind, noun in (("method", "Metoder"), ("goal", "Mål")):
        current_policy: object = _NO_POLICY
        items = nodes.bullet_list()
        for rec in _methods_in_scope(idx, kind, municipality):
            served = [c for c in cases if rec["id"] in target_ids(c, kind)]
            if not served:
                continue
            if rec["policy"] != current_policy:
                current_policy = rec["policy"]
                pol = idx.policies.get(rec["policy"] or "")
                title = f"{noun} i {pol['title']}" if pol else noun
                out.append(nodes.rubric(title, title, **{"heading-level": 3}))
                items = nodes.bullet_list(classes=[f"handbok-followup-{kind}s"])
                out.append(items)
            para = nodes.paragraph()
            para += nodes.strong("", "", link(app, fromdocname, rec["docname"], rec["anchor"],
                                              rec["label"]))
            para += nodes.Text(f" ({_count(len(served))}): ")
            for n, case in enumerate(served):
                if n:
                    para += nodes.Text(", ")
                para += link(app, fromdocname, case["docname"], "", case["title"])
            items += nodes.list_item("", para)
    return out


_NO_POLICY = object()


def _count(n: int) -> str:
    return f"{n} aktivitet" if n == 1 else f"{n} aktiviteter"


def _table(caption: str, headers: list[str], rows: list[list[str]], classes: list[str],
           ident: str, widths: list[int] | None = None) -> nodes.table:
    return data_table(caption, headers, rows, classes=classes, ident=ident, widths=widths)


def shown_years(idx: Query, year: int) -> list[int]:
    """The report's year and up to four years before it, from the first year of the casebook."""
    first = min(idx.years(), default=year)
    return [y for y in range(year - YEARS_SHOWN + 1, year + 1) if y >= first]


def unit_year_counts(idx: Query, years: list[int], municipality: str, unit: str
                     ) -> tuple[list[str], list[list[str]]]:
    """Carried-out activities per förvaltning (with municipality) and year."""
    scope = idx.activities(municipality=municipality, unit=unit)
    counts = Counter((idx.unit_label(c), y) for c in scope for y in c["years"])
    headers = ["Förvaltning", *map(str, years)]
    rows = [[u, *(str(counts[(u, y)]) for y in years)] for u in idx.unit_labels(scope)]
    rows.append(["Totalt", *(str(sum(1 for c in scope if y in c["years"])) for y in years)])
    return headers, rows


def board_year_table(idx: Query, boards: dict[tuple[str, str], str], years: list[int],
                     municipality: str) -> tuple[list[str], list[list[str]]]:
    """Carried-out activities per nämnd (with municipality when the page has several) and
    year: the roll-up of the Excel and Word files (:func:`handbok.boards.board_year_counts`)."""
    scope = idx.activities(municipality=municipality)
    counts = board_year_counts(boards, idx.activity_rows(scope), years)
    rows = [[b if municipality else f"{b}, {m}", *map(str, n)] for m, b, n in counts]
    rows.append(["Totalt", *(str(sum(1 for c in scope if y in c["years"])) for y in years)])
    return ["Nämnd", *map(str, years)], rows


def method_year_counts(idx: Query, years: list[int], municipality: str, unit: str
                       ) -> tuple[list[str], list[list[str]]]:
    """Carried-out activities per method and year."""
    scope = idx.activities(municipality=municipality, unit=unit)
    headers = ["Metod", *map(str, years)]
    rows = []
    for rec in _methods_in_scope(idx, "method", municipality):
        pol = idx.policies.get(rec["policy"] or "")
        # On a municipality's page every method is its own: no need to repeat its name.
        name = f"{rec['label']} ({pol['municipality']})" if pol and not municipality \
            else rec["label"]
        rows.append([name, *(str(sum(1 for c in scope if rec["id"] in c["methods"]
                                     and y in c["years"])) for y in years)])
    return headers, rows


def type_counts(app: Sphinx, idx: Query, cases: list[CaseRecord], year: int
                ) -> tuple[list[str], list[list[str]]]:
    types = app.config.handbok_case_types
    counts = Counter(c["type"] for c in cases)
    rows = [[types.get(t, t or "Utan typ"), str(counts[t])]
            for t in idx.case_types_in_order(types)]
    rows.append(["Totalt", str(len(cases))])
    return ["Typ", str(year)], rows


def _counts(app: Sphinx, idx: Query, cases: list[CaseRecord], year: int, municipality: str,
            unit: str) -> list[nodes.Node]:
    years = shown_years(idx, year)
    suffix = f" ({_scope(idx, municipality, unit)})" if municipality or unit else ""
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(year)
    widths = [40] + [max(6, 60 // len(years))] * len(years)
    out: list[nodes.Node] = []
    headers, rows = unit_year_counts(idx, years, municipality, unit)
    out.append(_table(f"Genomförda aktiviteter per förvaltning och år, {span}{suffix}",
                      headers, rows, ["handbok-followup-unit-years", "handbok-followup-years"],
                      f"antal-per-forvaltning-och-ar-{year}", widths))
    boards = unit_boards(app.env, idx)
    if not unit and has_boards(boards, municipality):
        headers, rows = board_year_table(idx, boards, years, municipality)
        out.append(_table(f"Genomförda aktiviteter per nämnd och år, {span}{suffix}",
                          headers, rows, ["handbok-followup-board-years",
                                          "handbok-followup-years"],
                          f"antal-per-namnd-och-ar-{year}", widths))
    headers, rows = method_year_counts(idx, years, municipality, unit)
    if rows:
        out.append(_table(f"Genomförda aktiviteter per metod och år, {span}{suffix}",
                          headers, rows,
                          ["handbok-followup-method-years", "handbok-followup-years"],
                          f"antal-per-metod-och-ar-{year}", widths))
    headers, rows = type_counts(app, idx, cases, year)
    out.append(_table(f"Genomförda aktiviteter {year} per typ{suffix}", headers, rows,
                      ["handbok-followup-type-counts"], f"antal-per-typ-{year}", [60, 20]))
    for table in out[:-1]:
        _mark_older_years(table, len(years))
    text = ("Tabellerna visar året och åren före. På en smal skärm visas de tre senaste åren. "
            "Alla år finns i Excel-filen. Illustrativa exempel räknas inte.")
    out.append(nodes.paragraph(text, text))
    return out


def _mark_older_years(table: nodes.Node, count: int) -> None:
    """The year columns before the last three get a class, so a phone can leave them out and
    still show the report's year without scrolling sideways."""
    older = count - PHONE_YEARS
    if older <= 0:
        return
    for row in table.findall(nodes.row):
        for entry in row.children[1:1 + older]:
            if isinstance(entry, nodes.Element):
                entry["classes"].append("handbok-followup-older-year")


def coverage_gaps(idx: Query, cases: list[CaseRecord], municipality: str, unit: str
                  ) -> dict[str, list[TargetRecord] | list[str]]:
    """Methods, goals and units without any activity among ``cases``."""
    used_units = {idx.unit_label(c) for c in cases}
    known_units = idx.unit_labels(idx.activities(municipality=municipality))
    return {
        "method": [t for t in _methods_in_scope(idx, "method", municipality)
                   if not any(t["id"] in c["methods"] for c in cases)],
        "goal": [t for t in _methods_in_scope(idx, "goal", municipality)
                 if not any(t["id"] in c["goals"] for c in cases)],
        "unit": [] if unit else [u for u in known_units if u not in used_units],
    }


def _coverage(app: Sphinx, idx: Query, cases: list[CaseRecord], year: int, municipality: str,
              unit: str, fromdocname: str) -> list[nodes.Node]:
    gaps = coverage_gaps(idx, cases, municipality, unit)
    out: list[nodes.Node] = []
    labels = {"method": ("Metoder utan aktivitet", "Alla metoder har minst en aktivitet"),
              "goal": ("Mål utan aktivitet", "Alla mål har minst en aktivitet"),
              "unit": ("Förvaltningar utan aktivitet", "Alla förvaltningar har minst en aktivitet")}
    any_real = bool(idx.activities(municipality=municipality))
    for kind in ("method", "goal", "unit"):
        if kind == "unit" and unit:
            continue
        title, none = labels[kind]
        out.append(nodes.rubric(f"{title} {year}", f"{title} {year}",
                                **{"heading-level": 3}))
        if kind == "unit" and not any_real:
            text = "Ingen förvaltning har rapporterat en genomförd aktivitet ännu."
            out.append(nodes.paragraph(text, text))
            continue
        if not gaps[kind]:
            text = f"{none} {year}."
            out.append(nodes.paragraph(text, text))
            continue
        items = nodes.bullet_list(classes=[f"handbok-followup-gap-{kind}s"])
        for gap in gaps[kind]:
            para = nodes.paragraph()
            if isinstance(gap, str):  # a förvaltning
                para += nodes.Text(gap)
            else:
                para += link(app, fromdocname, gap["docname"], gap["anchor"], gap["label"])
                pol = idx.policies.get(gap["policy"] or "")
                if pol and not municipality:
                    para += nodes.Text(f" ({pol['municipality']})")
            items += nodes.list_item("", para)
        out.append(items)
    if not unit and any_real:
        text = ("Förvaltningarna är de som har rapporterat någon genomförd aktivitet. "
                "En förvaltning som aldrig har gjort det syns inte här.")
        out.append(nodes.paragraph(text, text))
    return out


def _illustrative(app: Sphinx, idx: Query, year: int, municipality: str, unit: str,
                  fromdocname: str) -> list[nodes.Node]:
    examples = idx.activities(year=year, municipality=municipality, unit=unit,
                              illustrative=True)
    if not examples:
        text = f"Handboken har inga illustrativa exempel för {year}."
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    text = ("Exemplen är påhittade för att visa hur arbetet kan gå till. De är inte genomförda "
            "aktiviteter. De räknas inte i siffrorna och finns inte i Excel- och Word-filerna. "
            "Klistra inte in dem i en rapport.")
    out: list[nodes.Node] = [nodes.paragraph(text, text)]
    types = app.config.handbok_case_types
    items = nodes.bullet_list(classes=["handbok-followup-illustrative-list"])
    for case in examples:
        item = nodes.list_item(classes=["handbok-followup-illustrative-case"])
        para = nodes.paragraph()
        para += nodes.inline("Illustrativt exempel", "Illustrativt exempel",
                             classes=["handbok-illustrative-label"])
        para += nodes.Text(" ")
        para += link(app, fromdocname, case["docname"], "", case["title"])
        served = " och ".join(idx.case_municipalities(case))
        unit = (idx.unit_label(case) if idx.case_home(case) or not served
                else f"{case['unit']} ({served})")
        detail = ", ".join(v for v in (types.get(case["type"], case["type"]),
                                       period_label(case["period"]), unit) if v)
        para += nodes.Text(f" – {detail}")
        item += para
        items += item
    out.append(items)
    return out


# --- generated year pages -----------------------------------------------------------------------


def _scan_sources(app: Sphinx) -> tuple[set[int], set[tuple[str, str]]]:
    """(years of the case periods, (municipality, docname) of the policy pages), read cheaply
    from the sources before parsing."""
    project = Project(app.srcdir, app.config.source_suffix)
    docnames = project.discover(app.config.exclude_patterns)
    years: set[int] = set()
    municipalities: set[tuple[str, str]] = set()
    for docname in docnames:
        try:
            text = Path(project.doc2path(docname, absolute=True)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        fm = frontmatter.read(text) if text.startswith("---") else None
        if fm is not None and not fm.error and fm.text_value("policy"):
            # The page's own front matter reader: an empty or broken block names no
            # municipality (never the next row's text).
            municipality = fm.text_value("municipality")
            if municipality:
                municipalities.add((municipality, docname))
        if "{case}" not in text:
            continue
        for raw in PERIOD_RE.findall(text):
            period = parse_period(raw)
            if period:
                years.update(period_years(*period))
    return years, municipalities


def stub_text(year: int, municipalities: Sequence[str] = ()) -> str:
    """The generated page of a year (all municipalities), listing its municipality pages."""
    pages = ""
    if municipalities:
        entries = "".join(f"{slug(m)}/{year}\n" for m in municipalities)
        pages = ("Underlaget för varje kommun finns på en egen sida, med Excel- och "
                 f"Word-filer:\n\n:::{{toctree}}\n:maxdepth: 1\n\n{entries}:::\n\n")
    return (f"{STUB_MARKER}\n\n# Uppföljning {year}\n\n{pages}"
            f":::{{followup-report}}\n:year: {year}\n:::\n")


def municipality_stub_text(year: int, municipality: str) -> str:
    return (f"{STUB_MARKER}\n\n# Uppföljning {year}: {municipality}\n\n"
            f":::{{followup-report}}\n:year: {year}\n:municipality: {municipality}\n:::\n")


def write_year_pages(app: Sphinx) -> None:
    folder = Path(app.srcdir, app.config.handbok_followup_dir)
    if not app.config.handbok_followup_dir or not folder.is_dir():
        return
    years, found = _scan_sources(app)
    # One name per municipality, whatever order the files are read in (issue 25).
    municipalities = sorted(set(one_name_per_municipality(found).values()), key=sv_key)
    wanted = {f"{year}.md": stub_text(year, municipalities) for year in years}
    for year in years:
        for m in municipalities:
            wanted[f"{slug(m)}/{year}.md"] = municipality_stub_text(year, m)
    stale = [p for p in folder.glob("*.md") if STUB_RE.match(p.name)]
    stale += [p for p in folder.glob("*/*.md") if STUB_RE.match(p.name)]
    for path in stale:
        name = path.relative_to(folder).as_posix()
        if name in wanted:
            continue
        try:
            first = path.read_text(encoding="utf-8").splitlines()[:1]
        except (OSError, UnicodeDecodeError):
            continue
        if first == [STUB_MARKER]:
            path.unlink()
            _remove_output(app, path)
            logger.info(f"handbok: tog bort uppföljningssidan {name}")
            if path.parent != folder and not any(path.parent.iterdir()):
                path.parent.rmdir()
    for name, text in wanted.items():
        path = folder / name
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current is not None and not current.startswith(STUB_MARKER):
            warn(f"Filen {name} finns redan och är inte genererad. Ta bort den, så skapas "
                 "uppföljningssidan för året automatiskt.", Subtype.FOLLOWUP,
                 str(path))
            continue
        if current != text:  # unchanged stubs keep their mtime: no needless re-read
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def _remove_output(app: Sphinx, source: Path) -> None:
    """The built page of a removed stub: a reader never finds a page of a municipality that
    no policy has any more (Sphinx itself leaves the output of a deleted source)."""
    outfile = getattr(app.builder, "get_outfilename", None)
    if outfile is None:
        return
    docname = source.relative_to(app.srcdir).with_suffix("").as_posix()
    try:
        Path(outfile(docname)).unlink(missing_ok=True)
    except OSError:
        pass


def boards_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """A policy's ``boards`` field is not in its record: when the nämnd of a förvaltning
    changes, the pages with a follow-up report (which count per nämnd) are written again."""
    boards = unit_boards(env, query(env))
    now = sorted([m, u, b] for (m, u), b in boards.items())
    state = build_state(env, "followup-boards", dict)
    before = state.get("boards")
    state["boards"] = now
    if before is None or before == now:
        return []
    # What a follow-up report subscribes to (FollowupReportDirective).
    return subscribers(env, Topic.cases(), Topic.policies())


def setup_followup(app: Sphinx) -> None:
    app.connect("env-get-updated", boards_changed)
    app.add_directive("followup-report", FollowupReportDirective)
    register_view("followup", resolve_followup)
    app.connect("builder-inited", write_year_pages)
