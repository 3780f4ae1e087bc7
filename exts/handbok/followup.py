"""Follow-up reports: what was done in a year, by förvaltning, type and method, with effects.

- ``followup-report`` directive (``:year:``, optional ``:unit:``): the material a förvaltning
  needs for its delårsrapport and verksamhetsberättelse, built from the casebook at resolve
  time, so it is never hand-kept. A case counts in every year its period touches.
- One report page per year present in the casebook is generated before reading (like
  autosummary's stubs) into ``handbok_followup_dir``: a stub per year, written only when its
  text changes, and stale year stubs are removed. The folder's hand-written ``index.md`` lists
  them with a glob toctree, which Sphinx re-reads whenever a page is added or removed.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.project import Project
from sphinx.util.docutils import SphinxDirective

from .domain import pending_view, query, register_view, subscribe
from .model import Query
from .tables import data_table
from .util import link, logger, parse_period, period_label, period_years, sv_key, warn
from .vocabulary import Subtype, Topic

STUB_MARKER = "% handbok: genererad uppföljningssida – ändra inte, den skrivs om vid varje bygge"
STUB_RE = re.compile(r"^\d{4}\.md$")
PERIOD_RE = re.compile(r"^\s*:period:\s*(.+?)\s*$", re.MULTILINE)

#: (part, section title) in the order a report needs them.
PARTS = (
    ("units", "Aktiviteter per förvaltning"),
    ("types", "Aktiviteter per typ"),
    ("targets", "Aktiviteter per metod och mål"),
    ("counts", "Sammanställning i siffror"),
    ("coverage", "Det som saknas"),
)

# --- directive ----------------------------------------------------------------------------------


class FollowupReportDirective(SphinxDirective):
    """``{followup-report}`` with ``:year: 2019`` and optional ``:unit: Socialförvaltningen``."""

    option_spec = {"year": directives.unchanged, "unit": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        year = (self.options.get("year") or "").strip()
        if not re.fullmatch(r"\d{4}", year):
            warn(f"Uppföljningen behöver ':year:' med ett årtal med fyra siffror, inte '{year}'. "
                 "Skriv till exempel ':year: 2019'.", Subtype.BAD_OPTION, self.get_location())
            return []
        unit = (self.options.get("unit") or "").strip()
        env, docname = self.env, self.env.docname
        # Unit coverage and the methods × years table use every case, so any case change counts.
        subscribe(env, docname, Topic.case_year(year), Topic.cases(), Topic.targets(),
                  Topic.policies())
        serial = env.new_serialno("handbok-followup")
        common = {"year": int(year), "unit": unit}
        out: list[nodes.Node] = [pending_view(Subtype.FOLLOWUP, env, part="intro", **common)]
        for part, title in PARTS:
            if part == "coverage":
                title = f"{title} {year}"
            section = nodes.section(classes=[f"handbok-followup-{part}"])
            section["names"].append(nodes.fully_normalize_name(
                title if serial == 0 else f"{title} {serial}"))
            section += nodes.title(title, title)
            self.state.document.note_implicit_target(section, section)
            section += pending_view(Subtype.FOLLOWUP, env, part=part, **common)
            out.append(section)
        return out


# --- resolver -----------------------------------------------------------------------------------


def resolve_followup(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    idx = query(app.env)
    year, unit = node["year"], node["unit"]
    cases = idx.cases_in_year(year, unit)
    part = node["part"]
    if part == "intro":
        return _intro(idx, cases, year, unit)
    if part == "counts":
        return _counts(app, idx, cases, year, unit)
    if part == "coverage":
        return _coverage(app, idx, cases, year, unit, fromdocname)
    if not cases:
        text = f"Exempelsamlingen har inga aktiviteter under {year}."
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    if part == "units":
        return _by_unit(app, idx, cases, fromdocname)
    if part == "types":
        return _by_type(app, idx, cases, fromdocname)
    return _by_target(app, idx, cases, fromdocname)


def _intro(idx: Query, cases: list[dict], year: int, unit: str) -> list[nodes.Node]:
    units = {c["unit"] for c in cases if c["unit"]}
    who = unit or f"{len(units)} förvaltningar"
    text = (f"Underlag för delårsrapport och verksamhetsberättelse {year}: de internationella "
            f"aktiviteter som har genomförts och vilken effekt de har haft för verksamheten. "
            f"Exempelsamlingen har {len(cases)} aktiviteter under {year} ({who}). "
            "En aktivitet som pågår under flera år räknas till varje år.")
    note = ("Sammanställningen görs automatiskt från exemplen i exempelsamlingen. Saknas en "
            "aktivitet lägger du till den som ett exempel.")
    return [nodes.paragraph(text, text, classes=["handbok-followup-intro"]),
            nodes.paragraph(note, note)]


def _case_item(app: Sphinx, idx: Query, case: dict, fromdocname: str,
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
        for tid in case[f"{kind}s"]:
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


def _labelled(label: str, children: list[nodes.Node], classes=None) -> nodes.paragraph:
    para = nodes.paragraph(classes=classes or [])
    para += nodes.strong(f"{label}: ", f"{label}: ")
    para.extend(children)
    return para


def _by_unit(app: Sphinx, idx: Query, cases: list[dict], fromdocname: str) -> list[nodes.Node]:
    types = app.config.handbok_case_types
    order = idx.case_types_in_order(app.config.handbok_case_types, cases)
    groups: dict[str, list[dict]] = {}
    for case in cases:
        groups.setdefault(case["unit"] or "Okänd förvaltning", []).append(case)
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


def _by_type(app: Sphinx, q: Query, cases: list[dict], fromdocname: str) -> list[nodes.Node]:
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
            unit = case["unit"] or "okänd förvaltning"
            para += nodes.Text(f" – {unit}, {period_label(case['period'])}")
            items += nodes.list_item("", para)
        box += items
        out.append(box)
    return out


def _by_target(app: Sphinx, idx: Query, cases: list[dict], fromdocname: str) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for kind, noun in (("method", "Metoder"), ("goal", "Mål")):
        current_policy: object = _NO_POLICY
        items = nodes.bullet_list()
        for rec in idx.targets_in_order(kind):
            served = [c for c in cases if rec["id"] in c[f"{kind}s"]]
            if not served:
                continue
            if rec["policy"] != current_policy:
                current_policy = rec["policy"]
                pol = idx.policies.get(current_policy or "")
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
           ident: str) -> nodes.table:
    return data_table(caption, headers, rows, classes=classes, ident=ident)


def unit_type_counts(app: Sphinx, idx: Query, cases: list[dict], unit: str
                     ) -> tuple[list[str], list[list[str]]]:
    types = app.config.handbok_case_types
    type_ids = idx.case_types_in_order(types)
    units = [unit] if unit else idx.units()
    counts = Counter((c["unit"], c["type"]) for c in cases)
    headers = ["Förvaltning", *(types.get(t, t or "Utan typ") for t in type_ids), "Totalt"]
    rows = []
    for u in units:
        values = [counts[(u, t)] for t in type_ids]
        rows.append([u, *map(str, values), str(sum(values))])
    totals = [sum(counts[(u, t)] for u in units) for t in type_ids]
    rows.append(["Totalt", *map(str, totals), str(sum(totals))])
    return headers, rows


def method_year_counts(idx: Query, unit: str) -> tuple[list[str], list[list[str]]]:
    years = idx.years()
    scope = [c for c in idx.cases.values() if not unit or c["unit"] == unit]
    headers = ["Metod", *map(str, years)]
    rows = []
    for rec in idx.targets_in_order("method"):
        pol = idx.policies.get(rec["policy"] or "")
        name = f"{rec['label']} ({pol['municipality']})" if pol else rec["label"]
        rows.append([name, *(str(sum(1 for c in scope if rec["id"] in c["methods"]
                                     and y in c["years"])) for y in years)])
    return headers, rows


def _counts(app: Sphinx, idx: Query, cases: list[dict], year: int, unit: str
            ) -> list[nodes.Node]:
    headers, rows = unit_type_counts(app, idx, cases, unit)
    out: list[nodes.Node] = [_table(f"Antal aktiviteter {year} per förvaltning och typ",
                                    headers, rows, ["handbok-followup-unit-types"],
                                    f"antal-per-forvaltning-och-typ-{year}")]
    headers, rows = method_year_counts(idx, unit)
    if len(headers) > 1 and rows:
        caption = "Antal aktiviteter per metod och år"
        if unit:
            caption += f" ({unit})"
        out.append(_table(caption, headers, rows, ["handbok-followup-method-years"],
                          f"antal-per-metod-och-ar-{year}"))
    return out


def coverage_gaps(idx: Query, cases: list[dict], unit: str) -> dict[str, list]:
    """Methods, goals and units without any activity among ``cases``."""
    used_units = {c["unit"] for c in cases}
    return {
        "method": [t for t in idx.targets_in_order("method")
                   if not any(t["id"] in c["methods"] for c in cases)],
        "goal": [t for t in idx.targets_in_order("goal")
                 if not any(t["id"] in c["goals"] for c in cases)],
        "unit": [] if unit else [u for u in idx.units() if u not in used_units],
    }


def _coverage(app: Sphinx, idx: Query, cases: list[dict], year: int, unit: str,
              fromdocname: str) -> list[nodes.Node]:
    gaps = coverage_gaps(idx, cases, unit)
    out: list[nodes.Node] = []
    labels = {"method": ("Metoder utan aktivitet", "Alla metoder har minst en aktivitet"),
              "goal": ("Mål utan aktivitet", "Alla mål har minst en aktivitet"),
              "unit": ("Förvaltningar utan aktivitet", "Alla förvaltningar har minst en aktivitet")}
    for kind in ("method", "goal", "unit"):
        if kind == "unit" and unit:
            continue
        title, none = labels[kind]
        out.append(nodes.rubric(f"{title} {year}", f"{title} {year}",
                                **{"heading-level": 3}))
        if not gaps[kind]:
            text = f"{none} {year}."
            out.append(nodes.paragraph(text, text))
            continue
        items = nodes.bullet_list(classes=[f"handbok-followup-gap-{kind}s"])
        for gap in gaps[kind]:
            para = nodes.paragraph()
            if kind == "unit":
                para += nodes.Text(gap)
            else:
                para += link(app, fromdocname, gap["docname"], gap["anchor"], gap["label"])
                pol = idx.policies.get(gap["policy"] or "")
                if pol:
                    para += nodes.Text(f" ({pol['municipality']})")
            items += nodes.list_item("", para)
        out.append(items)
    if not unit:
        text = ("Förvaltningarna är de som nämns i något exempel i exempelsamlingen. "
                "En förvaltning som aldrig har lagt in ett exempel syns inte här.")
        out.append(nodes.paragraph(text, text))
    return out


# --- generated year pages -----------------------------------------------------------------------


def casebook_years(app: Sphinx) -> set[int]:
    """Years touched by any case period, read cheaply from the sources before parsing."""
    project = Project(app.srcdir, app.config.source_suffix)
    docnames = project.discover(app.config.exclude_patterns)
    years: set[int] = set()
    for docname in docnames:
        try:
            text = Path(project.doc2path(docname, absolute=True)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "{case}" not in text:
            continue
        for raw in PERIOD_RE.findall(text):
            period = parse_period(raw)
            if period:
                years.update(period_years(*period))
    return years


def stub_text(year: int) -> str:
    return (f"{STUB_MARKER}\n\n# Uppföljning {year}\n\n"
            f":::{{followup-report}}\n:year: {year}\n:::\n")


def write_year_pages(app: Sphinx) -> None:
    folder = Path(app.srcdir, app.config.handbok_followup_dir)
    if not app.config.handbok_followup_dir or not folder.is_dir():
        return
    years = casebook_years(app)
    wanted = {f"{year}.md": stub_text(year) for year in years}
    for path in folder.iterdir():
        if STUB_RE.match(path.name) and path.name not in wanted:
            try:
                first = path.read_text(encoding="utf-8").splitlines()[:1]
            except (OSError, UnicodeDecodeError):
                continue
            if first == [STUB_MARKER]:
                path.unlink()
                logger.info(f"handbok: tog bort uppföljningssidan {path.name}")
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
            path.write_text(text, encoding="utf-8")


def setup_followup(app: Sphinx) -> None:
    app.add_directive("followup-report", FollowupReportDirective)
    register_view("followup", resolve_followup)
    app.connect("builder-inited", write_year_pages)
