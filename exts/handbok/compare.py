"""Comparison of the policies side by side: methods, goals and responsibility structures.

``policy-comparison`` directive: every policy in the handbook gets a column, so a third
municipality's policy appears as soon as its page is added. Agreement is read from the data:
methods (or goals) of different policies that the same case study serves, actors of the same
kind of body (their ``:kind:``, else their id) in several policies and the roles they hold,
case types used under each policy. Each policy keeps its own actor labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import combinations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import lifecycle
from .domain import pending_view, query, register_view, subscribe
from .model import Query
from .records import ActorRecord, CaseRecord, PolicyRecord, TargetRecord, target_ids
from .tables import Cell, data_table
from .util import link
from .vocabulary import ACTOR_KINDS, Topic

PARTS = (
    ("overview", "Styrdokumenten i korthet"),
    ("methods", "Metoder och aktiviteter"),
    ("goals", "Mål"),
    ("responsibility", "Vem ansvarar för vad"),
    ("agreement", "Där de möts och där de skiljer sig"),
)


class PolicyComparisonDirective(SphinxDirective):
    """``{policy-comparison}``: all policies side by side."""

    def run(self) -> list[nodes.Node]:
        env, docname = self.env, self.env.docname
        subscribe(env, docname, Topic.policies(), Topic.targets(), Topic.cases(),
                  Topic.actors(), Topic.duties(), Topic.case_titles())
        out: list[nodes.Node] = []
        for part, title in PARTS:
            section = nodes.section(classes=[f"handbok-compare-{part}"])
            section["names"].append(nodes.fully_normalize_name(title))
            section += nodes.title(title, title)
            self.state.document.note_implicit_target(section, section)
            section += pending_view("compare", env, part=part)
            out.append(section)
        return out


def _table(caption: str, headers: Sequence[Cell], rows: Sequence[Sequence[Cell]],
           classes: list[str]) -> nodes.table:
    """Cells may be text or a list of nodes."""
    widths = [20] + [30] * (len(headers) - 1)
    return data_table(caption, headers, rows, classes=classes, widths=widths)


def resolve_compare(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    idx = query(app.env)
    pols = idx.policies_sorted()
    if len(pols) < 2:
        text = "Jämförelsen behöver minst två styrdokument i handboken."
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    part = node["part"]
    if part == "overview":
        return _overview(app, idx, pols)
    if part in ("methods", "goals"):
        return _targets(app, idx, pols, part[:-1], fromdocname)
    if part == "responsibility":
        return _responsibility(app, idx, pols, fromdocname)
    return _agreement(app, idx, pols, fromdocname)


def _headers(pols: list[PolicyRecord]) -> list[str]:
    return [p["municipality"] for p in pols]


def _overview(app: Sphinx, idx: Query, pols: list[PolicyRecord]) -> list[nodes.Node]:
    def n_targets(p: PolicyRecord, kind: str) -> str:
        return str(sum(1 for t in idx.targets.values()
                       if t["policy"] == p["id"] and t["kind"] == kind))

    def n_cases(p: PolicyRecord) -> str:
        return str(sum(1 for c in idx.cases.values()
                       if p["municipality"] in idx.case_municipalities(c)))

    rows = [
        ["Styrdokument", *(p["title"] for p in pols)],
        ["Typ av dokument", *(p["kind"] or "uppgift saknas" for p in pols)],
        ["Giltighetstid", *(p["valid"] or "uppgift saknas" for p in pols)],
        ["Beslutande organ", *(p["decided_by"] or "uppgift saknas" for p in pols)],
        ["Status", *(lifecycle.status_word(lifecycle.status_for(idx, p, app.config))
                     for p in pols)],
        ["Antal metoder", *(n_targets(p, "method") for p in pols)],
        ["Antal mål", *(n_targets(p, "goal") for p in pols)],
        ["Antal aktörer", *(str(len(idx.actors_of(p["id"]))) for p in pols)],
        ["Antal uppgifter", *(str(len(idx.duties_of(p["id"]))) for p in pols)],
        ["Antal exempel", *(n_cases(p) for p in pols)],
    ]
    return [_table("Styrdokumenten sida vid sida", ["", *_headers(pols)], rows,
                   ["handbok-compare-overview"])]


def _target_cell(app: Sphinx, idx: Query, rec: TargetRecord, fromdocname: str
                 ) -> list[nodes.Node]:
    n = sum(1 for c in idx.cases.values() if rec["id"] in target_ids(c, rec["kind"]))
    return [link(app, fromdocname, rec["docname"], rec["anchor"], rec["label"]),
            nodes.Text(f" ({n} exempel)")]


def _targets(app: Sphinx, idx: Query, pols: list[PolicyRecord], kind: str, fromdocname: str
             ) -> list[nodes.Node]:
    per_policy = {p["id"]: idx.targets_in_order(kind, p["id"]) for p in pols}
    depth = max((len(v) for v in per_policy.values()), default=0)
    rows = []
    for n in range(depth):
        row: list[Cell] = [str(n + 1)]
        for p in pols:
            recs = per_policy[p["id"]]
            row.append(_target_cell(app, idx, recs[n], fromdocname) if n < len(recs) else "–")
        rows.append(row)
    noun = "Metoder" if kind == "method" else "Mål"
    text = (f"Varje kolumn visar ett styrdokuments {noun.lower()} i den ordning de står "
            "i texten, med antalet exempel i exempelsamlingen.")
    out: list[nodes.Node] = [nodes.paragraph(text, text),
                             _table(f"{noun} sida vid sida", ["Nr", *_headers(pols)], rows,
                                    [f"handbok-compare-{kind}s"])]
    if kind == "method":
        types = app.config.handbok_case_types
        counts: Counter[tuple[str, str]] = Counter()
        for case in idx.cases.values():
            for muni in idx.case_municipalities(case):
                counts[(case["type"], muni)] += 1
        used = [t for t in types if any(counts[(t, p["municipality"])] for p in pols)]
        type_rows = [[types[t], *(str(counts[(t, p["municipality"])]) for p in pols)]
                     for t in used]
        if type_rows:
            out.append(_table("Typer av aktiviteter i exemplen per kommun",
                              ["Typ", *_headers(pols)], type_rows,
                              ["handbok-compare-types"]))
    return out


def row_label(key: str, members: dict[str, list[ActorRecord]]) -> str:
    """A comparison row's name: the kind of body, or the actor's labels as the policies
    write them."""
    kind, _, ident = key.partition(":")
    if kind == "kind":
        return ACTOR_KINDS.get(ident, ident)
    labels: list[str] = []
    for recs in members.values():
        labels += [r["label"] for r in recs if r["label"] not in labels]
    return " / ".join(labels)


def _responsibility(app: Sphinx, idx: Query, pols: list[PolicyRecord], fromdocname: str
                    ) -> list[nodes.Node]:
    roles = list(app.config.handbok_roles)
    counts = {p["id"]: idx.role_counts(p["id"]) for p in pols}
    rows = []
    for key, members in idx.actor_rows(pols):
        label = row_label(key, members)
        row: list[Cell] = [label]
        for p in pols:
            recs = members.get(p["id"], [])
            if not recs:
                row.append("finns inte")
                continue
            cell: list[nodes.Node] = []
            for n, rec in enumerate(recs):
                counter: Counter[str] = counts[p["id"]].get(rec["id"], Counter())
                text = (", ".join(f"{r} {counter[r]}" for r in roles if counter[r])
                        or "inga uppgifter")
                if rec["label"] != label:
                    text = f"{rec['label']}: {text}"
                if n:
                    cell.append(nodes.Text("; "))
                cell.append(link(app, fromdocname, rec["docname"], rec["anchor"], text))
            row.append(cell)
        rows.append(row)
    text = ("Tabellen visar aktörerna och hur många uppgifter de har per roll i varje "
            "styrdokument. Aktörerna jämförs efter typ av organ, till exempel nämnder eller "
            "kommunala bolag. Varje styrdokument behåller sina egna namn.")
    role_rows = [[r, *(str(sum(c[r] for c in counts[p["id"]].values())) for p in pols)]
                 for r in roles]
    return [nodes.paragraph(text, text),
            _table("Aktörer och antal uppgifter per roll", ["Aktör", *_headers(pols)], rows,
                   ["handbok-compare-actors"]),
            _table("Antal uppgifter per roll", ["Roll", *_headers(pols)], role_rows,
                   ["handbok-compare-roles"])]


def shared_pairs(idx: Query, kind: str
                 ) -> list[tuple[TargetRecord, TargetRecord, list[CaseRecord]]]:
    """Pairs of methods (or goals) from different policies served by the same cases."""
    recs = idx.targets_in_order(kind)
    pairs = []
    for a, b in combinations(recs, 2):
        if a["policy"] == b["policy"]:
            continue
        shared = [c for c in idx.cases_sorted()
                  if a["id"] in target_ids(c, kind) and b["id"] in target_ids(c, kind)]
        if shared:
            pairs.append((a, b, shared))
    return pairs


def _agreement(app: Sphinx, idx: Query, pols: list[PolicyRecord], fromdocname: str
               ) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    municipality = {p["id"]: p["municipality"] for p in pols}

    def target_ref(rec: TargetRecord) -> list[nodes.Node]:
        return [link(app, fromdocname, rec["docname"], rec["anchor"], rec["label"]),
                nodes.Text(f" ({municipality.get(rec['policy'] or '', '')})")]

    def heading(text: str) -> None:
        out.append(nodes.rubric(text, text, **{"heading-level": 3}))

    def items_list(items: list[list[nodes.Node]], classes: list[str], empty: str) -> None:
        if not items:
            out.append(nodes.paragraph(empty, empty))
            return
        blist = nodes.bullet_list(classes=classes)
        for children in items:
            para = nodes.paragraph()
            para.extend(children)
            blist += nodes.list_item("", para)
        out.append(blist)

    for kind, noun in (("method", "Metoder"), ("goal", "Mål")):
        pairs = shared_pairs(idx, kind)
        heading(f"{noun} som möts i samma exempel")
        items = []
        for a, b, shared in pairs:
            children: list[nodes.Node] = [*target_ref(a), nodes.Text(" och "), *target_ref(b),
                                          nodes.Text(": ")]
            for n, case in enumerate(shared):
                if n:
                    children.append(nodes.Text(", "))
                children.append(link(app, fromdocname, case["docname"], "", case["title"]))
            items.append(children)
        items_list(items, [f"handbok-compare-shared-{kind}s"],
                   f"Inget exempel hör till {noun.lower()} i mer än ett styrdokument ännu.")
        paired = {r["id"] for a, b, _s in pairs for r in (a, b)}
        alone = [r for r in idx.targets_in_order(kind)
                 if r["id"] not in paired and r["policy"] in municipality]
        heading(f"{noun} utan motsvarighet i något exempel")
        items_list([target_ref(r) for r in alone], [f"handbok-compare-alone-{kind}s"],
                   f"Alla {noun.lower()} möts i något exempel.")

    roles = list(app.config.handbok_roles)
    counts = {p["id"]: idx.role_counts(p["id"]) for p in pols}
    same: list[list[nodes.Node]] = []
    differ: list[list[nodes.Node]] = []
    only: list[list[nodes.Node]] = []
    for key, members in idx.actor_rows(pols):
        label = row_label(key, members)
        having = [p for p in pols if p["id"] in members]
        if len(having) < len(pols):
            names = ", ".join(p["municipality"] for p in having)
            only.append([nodes.strong(label, label), nodes.Text(f": bara i {names}")])
            continue
        role_sets = {p["id"]: {r for rec in members[p["id"]] for r in roles
                               if counts[p["id"]].get(rec["id"], Counter())[r]}
                     for p in pols}
        if len({frozenset(s) for s in role_sets.values()}) == 1:
            text = ", ".join(sorted(role_sets[pols[0]["id"]], key=roles.index)) or "inga roller"
            same.append([nodes.strong(label, label), nodes.Text(f": samma roller ({text})")])
        else:
            parts = "; ".join(
                f"{p['municipality']}: "
                f"{', '.join(sorted(role_sets[p['id']], key=roles.index)) or 'inga uppgifter'}"
                for p in pols)
            differ.append([nodes.strong(label, label), nodes.Text(f": {parts}")])
    heading("Aktörer med samma roller i alla styrdokument")
    items_list(same, ["handbok-compare-same-actors"], "Ingen aktör har samma roller överallt.")
    heading("Aktörer med olika roller")
    items_list(differ, ["handbok-compare-differ-actors"], "Inga skillnader i roller.")
    heading("Aktörer som bara finns i några styrdokument")
    items_list(only, ["handbok-compare-only-actors"], "Alla aktörer finns i alla styrdokument.")
    return out


def setup_compare(app: Sphinx) -> None:
    app.add_directive("policy-comparison", PolicyComparisonDirective)
    register_view("compare", resolve_compare)
