"""Synthetic casebooks of any size, in three flavours with the same content.

- ``handbok``: policies and cases marked up with the handbook's own directives and roles;
- ``plain``: the same pages as plain MyST (hand-written tables, lists, links and Graphviz
  drawings), no extension of ours;
- ``needs``: the same content as sphinx-needs objects: methods, goals, actors, duties and cases
  are needs, roles are link types, the lists and the responsibility matrix are needtables and
  the responsibility diagram is a needflow. What sphinx-needs has no object for (the policy
  header, the version history, the counts) is written by hand as in ``plain``.

Every flavour carries what the real site shows: a version history on each policy page (the
corpus is a git repository with a few commits), a responsibility matrix and a responsibility
diagram on each policy page, and on the casebook's start page every case in one table per type
(``case-table`` with ``:group-by: type``) and the activity chart.

Case pages are orphans: the navigation reaches them through per-type pages (one table each),
never through the sidebar's toctree, so the sidebar does not grow with the casebook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from handbok import charts
from handbok.vocabulary import DEFAULT_CASE_TYPES, DEFAULT_ROLES, case_type_folder

REPO = Path(__file__).resolve().parents[2]

TYPES = DEFAULT_CASE_TYPES  # the case types of the real site
ROLE_MEANINGS = DEFAULT_ROLES
UNITS = ["Kulturförvaltningen", "Socialförvaltningen", "Samhällsbyggnadsförvaltningen",
         "Utbildningsförvaltningen", "Kommunstyrelsens förvaltning"]
ROLES = ["beslutar", "ansvarar", "samordnar", "stödjer", "deltar"]
POLICIES = ["alfa", "beta", "gamma"]
METHODS_PER_POLICY = 8
GOALS_PER_POLICY = 4
ACTORS_PER_POLICY = 6
DUTIES_PER_POLICY = 12
PARTNER = "En kommun i Finland (påhittad)"
COUNTRY = "Finland"
EFFECT = "Förvaltningen fick nya arbetssätt."

#: The corpus's git history: (date, message, what the commit brings). The first commit has the
#: policies and the first half of the cases, the second the other half; the others change the
#: named policies (one sentence each in the introduction, see CHANGES).
COMMITS = [
    ("2024-01-15", "Första versionen av policyerna och exempelsamlingen", "start"),
    ("2024-06-10", "Fler exempel i exempelsamlingen", "cases"),
    ("2025-02-03", "Policy Alfa: tydligare text om metoderna", ["alfa"]),
    ("2025-09-22", "Policy Beta och Gamma: nya uppgifter för aktörerna", ["beta", "gamma"]),
    ("2026-01-12", "Policy Alfa: ny inledning", ["alfa"]),
]
CHANGES = {2: "Metoderna beskrivs tydligare.", 3: "Aktörerna har fått nya uppgifter.",
           4: "Inledningen är omskriven."}
FINAL = len(COMMITS) - 1
HISTORY_INTRO = ("Tabellen visar varje sparad ändring av texten på den här sidan. "
                 "Alla ändringar granskas innan de publiceras.")
STYLES_NOTE = ("Linjerna visar rollen: beslutar – fet linje, ansvarar – heldragen, "
               "samordnar – streckad, stödjer – prickad, deltar – tunn.")
ACTIVITY_NOTE = ("Ett exempel som pågår under flera år räknas till varje år. "
                 "Tabellen visar samma siffror som diagrammet.")
ILLUSTRATIVE = ("Exemplet är påhittat för att visa hur arbetssättet kan gå till. "
                "Det beskriver inga verkliga personer och ingen verklig partnerorganisation.")
CASEBOOK_INTRO = ("Här finns exempel på hur internationellt arbete kan gå till i praktiken. "
                  "Varje exempel visar vilka metoder och mål i styrdokumenten det hör till.")


def slug(ctype: str) -> str:
    """The casebook folder of a case type (the extension's own function)."""
    return case_type_folder(ctype)


@dataclass
class Case:
    n: int
    ctype: str
    unit: str
    year: int
    methods: list[str]
    goals: list[str]
    id: str = ""
    title: str = ""
    docname: str = ""
    text: str = "Medarbetarna besökte en kommun i ett annat land (påhittad)."
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.id = self.id or f"exempel-{self.n:05d}"
        self.title = self.title or f"Exempel {self.n}: {TYPES[self.ctype].lower()} i {self.unit}"
        self.docname = self.docname or f"casebook/{slug(self.ctype)}/{self.id}"


def method_id(policy: str, m: int) -> str:
    return f"{policy}-metod-{m}"


def goal_id(policy: str, g: int) -> str:
    return f"{policy}-mal-{g}"


def make_cases(n: int) -> list[Case]:
    types = list(TYPES)
    cases = []
    for i in range(1, n + 1):
        pol = POLICIES[i % len(POLICIES)]
        pol2 = POLICIES[(i // 3) % len(POLICIES)]
        methods = [method_id(pol, 1 + i % METHODS_PER_POLICY)]
        second = method_id(pol2, 1 + (i * 7) % METHODS_PER_POLICY)
        if second not in methods:
            methods.append(second)
        cases.append(Case(i, types[i % len(types)], UNITS[i % len(UNITS)], 2015 + i % 10,
                          methods, [goal_id(pol, 1 + i % GOALS_PER_POLICY)]))
    return cases


def sorted_cases(cases: list[Case]) -> list[Case]:
    """The order of the handbook's listings: by start of the period, then title."""
    return sorted(cases, key=lambda c: (str(c.year), c.title))


def types_used(cases: list[Case]) -> list[str]:
    return [t for t in TYPES if any(c.ctype == t for c in cases)]


def duties() -> list[tuple[int, list[tuple[int, str]]]]:
    """Every policy's duties: (number, [(actor number, role), ...])."""
    out = []
    for d in range(1, DUTIES_PER_POLICY + 1):
        a1, a2 = 1 + d % ACTORS_PER_POLICY, 1 + (d * 5) % ACTORS_PER_POLICY
        assignments = [(a1, ROLES[d % 5])]
        if a2 != a1:
            assignments.append((a2, ROLES[(d + 2) % 5]))
        out.append((d, assignments))
    return out


def _touches(step: int, pol: str) -> bool:
    """Whether commit ``step`` brings a new version of the policy's page."""
    what = COMMITS[step][2]
    return step == 0 or (isinstance(what, list) and pol in what)


def policy_intro(pol: str, step: int = FINAL) -> str:
    """The introduction of a policy as of commit ``step`` (later commits add a sentence)."""
    text = f"Policyn beskriver hur Kommun {pol.title()} (påhittad) arbetar internationellt."
    for k in range(1, step + 1):
        if _touches(k, pol):
            text += f" {CHANGES[k]}"
    return text + "\n\n"


def policy_history(pol: str) -> list[tuple[str, str]]:
    """(date, message) of the commits that touched a policy's page, newest first."""
    return [(COMMITS[k][0], COMMITS[k][1]) for k in reversed(range(len(COMMITS)))
            if _touches(k, pol)]


def site_conf(extra: str = "", theme_basic: bool = False, extensions: str | None = None) -> str:
    """The real site's conf.py, optionally with another extension list or theme."""
    text = (REPO / "conf.py").read_text(encoding="utf-8")
    text += "\n# --- benchmark overrides ---\nnitpicky = False\n"
    # The corpus lives elsewhere: point at the site's own static files and templates, so the
    # pages look exactly as on the real site. The translations are copied by fresh(): Sphinx
    # compiles the catalogs next to them, which must not happen in the checkout.
    text += (f"html_static_path = [{str(REPO / '_static')!r}]\n"
             f"templates_path = [{str(REPO / '_templates')!r}]\n"
             f"html_favicon = {str(REPO / '_static' / 'favicon.svg')!r}\n"
             # The handbook draws its diagrams as SVG; the hand-written ones do the same.
             "graphviz_output_format = 'svg'\n")
    if extensions is not None:
        text += f"extensions = {extensions}\n"
        if '"handbok"' not in extensions:
            # The site's templates filter the theme's inline scripts through the handbook's
            # CSP helper (handbok/csp.py); without the extension they stay as they are.
            text += 'html_context["handbok_without_inline_scripts"] = str\n'
            # The edit button's forge address comes from the handbook's forge setting
            # (handbok_forge); without the extension the theme has none and would stop.
            text += 'html_theme_options["use_edit_page_button"] = False\n'
    if theme_basic:
        text += ("html_theme = 'basic'\nhtml_theme_options = {}\n"
                 "html_sidebars = {'**': []}\n")
    return text + extra


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _policy_front(pol: str) -> str:
    return (f"---\npolicy: {pol}\nmunicipality: Kommun {pol.title()} (påhittad)\nkind: policy\n"
            f"valid: 2020–2024\ndecided-by: Kommunfullmäktige\nadopted: 2020-01-01\n"
            f"diarienummer: KS 2020/{len(pol)}\nversion: \"1.0\"\nstatus: gällande\n---\n\n")


def _common_pages(root: Path, cases: list[Case], type_table, grouped_tables: str,
                  chart: str) -> None:
    """Start page, the casebook's start page and one page per type (what every flavour has)."""
    used = types_used(cases)
    _write(root, "index.md",
           "# Handbok (syntetisk)\n\nEn genererad handbok för mätningar.\n\n"
           "```{toctree}\n:maxdepth: 2\n\n"
           + "".join(f"policy/{p}\n" for p in POLICIES) + "casebook/index\ndocs/utbildning\n```\n")
    _write(root, "casebook/index.md",
           f"# Exempelsamling\n\n{CASEBOOK_INTRO}\n\n{grouped_tables}\n"
           "## Aktiviteter per år\n\nDiagrammet visar hur många aktiviteter exempelsamlingen har "
           f"per år och typ.\n\n{chart}\n## Exempel efter typ\n\n"
           "```{toctree}\n:maxdepth: 1\n\n" + "".join(f"{slug(t)}/index\n" for t in used)
           + "```\n")
    for t in used:
        _write(root, f"casebook/{slug(t)}/index.md",
               f"# {TYPES[t]}\n\nTabellen visar alla exempel av typen {TYPES[t].lower()} i "
               f"exempelsamlingen, sorterade efter när de genomfördes.\n\n{type_table(t)}")


# --- git history ---------------------------------------------------------------------------


def _git(root: Path, *args: str, stdin: str | None = None, env: dict | None = None) -> None:
    subprocess.run(["git", "-c", "user.name=Handbokens redaktion",
                    "-c", "user.email=redaktion@example.invalid", "-c", "commit.gpgsign=false",
                    "-c", "core.hooksPath=/dev/null", *args],
                   cwd=root, input=stdin, text=True, check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull,
                        "GIT_CONFIG_NOSYSTEM": "1", **(env or {})})


def git_history(root: Path, cases: list[Case], policy_page) -> None:
    """Make ``root`` a git repository with the history in COMMITS.

    ``root`` holds the final corpus; ``policy_page(pol, step)`` gives a policy page's text as
    of a commit. The policy pages are written again for each commit and end in their final form.
    """
    if shutil.which("git") is None:
        raise SystemExit("git behövs för mätningen: policysidorna visar en versionshistorik.")
    _git(root, "init", "-q", "-b", "main")
    late = "".join(f"{c.docname}.md\n" for c in cases[(len(cases) + 1) // 2:])
    for step, (day, message, _what) in enumerate(COMMITS):
        for pol in POLICIES:
            if _touches(step, pol):
                _write(root, f"policy/{pol}.md", policy_page(pol, step))
        _git(root, "add", "-A")
        if step == 0 and late:  # the second half of the cases comes with the second commit
            _git(root, "reset", "-q", "--pathspec-from-file=-", stdin=late)
        stamp = f"{day}T10:00:00+01:00"
        _git(root, "commit", "-q", "-m", message,
             env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})


# --- flavour: handbok -----------------------------------------------------------------------


def write_handbok(root: Path, cases: list[Case], conf: str | None = None) -> None:
    _write(root, "conf.py", conf or site_conf())
    for case in cases:
        _write(root, f"{case.docname}.md", handbok_case(case))
    _common_pages(root, cases, lambda t: f":::{{case-table}}\n:type: {t}\n:caption: {TYPES[t]}\n"
                  ":::\n", ":::{case-table}\n:group-by: type\n:::\n", ":::{activity-chart}\n:::\n")
    cited = cases[:5]
    _write(root, "docs/utbildning.md", "# Utbildning\n\nBra exempel att börja med:\n\n"
           + "".join(f"- {{case}}`{c.id}`\n" for c in cited))
    git_history(root, cases, handbok_policy)


def handbok_policy(pol: str, step: int = FINAL) -> str:
    out = [_policy_front(pol), f"# Policy {pol.title()}\n\n", policy_intro(pol, step),
           "## Aktörer\n\n"]
    for a in range(1, ACTORS_PER_POLICY + 1):
        out.append(f":::{{actor}} aktor-{a}\n:label: Aktör {a}\n:::\n\n")
    out.append("## Mål\n\n")
    for g in range(1, GOALS_PER_POLICY + 1):
        out.append(f":::{{goal}} {goal_id(pol, g)}\n:label: Mål {g}\n"
                   f"Arbetet ska bidra till mål {g}.\n:::\n\n")
    out.append("## Metoder\n\n")
    for m in range(1, METHODS_PER_POLICY + 1):
        out.append(f":::{{method}} {method_id(pol, m)}\n:label: Metod {m}\n"
                   f"Kommunen ska arbeta enligt metod {m}.\n:::\n\n")
    out.append("## Ansvar\n\n")
    for d, assignments in duties():
        spec = ", ".join(f"aktor-{a}:{role}" for a, role in assignments)
        out.append(f"- {{duty}}`Uppgift {d} ska utföras <{spec}>`.\n")
    out.append("\n:::{responsibility-matrix}\n:::\n\n:::{responsibility-diagram}\n:::\n")
    return "".join(out)


def handbok_case(c: Case) -> str:
    return (f"---\norphan: true\n---\n\n# {c.title}\n\n:::{{case}} {c.id}\n:type: {c.ctype}\n"
            f":unit: {c.unit}\n:period: {c.year}\n:partner: {PARTNER}\n"
            f":country: {COUNTRY}\n:methods: {', '.join(c.methods)}\n:goals: {', '.join(c.goals)}\n"
            f":effect: {EFFECT}\n:illustrative:\n\n{c.text}\n:::\n")


# --- what the other flavours write by hand -----------------------------------------------------


def _md_table(caption: str, headers: list[str], rows: list[list[str]]) -> str:
    return (f"**{caption}**\n\n| " + " | ".join(headers) + " |\n"
            + "| --- " * len(headers) + "|\n"
            + "".join("| " + " | ".join(row) + " |\n" for row in rows) + "\n")


def md_meta(pol: str) -> str:
    """The policy header the handbook makes from the front matter, and the last change."""
    rows = [["Kommun", f"Kommun {pol.title()} (påhittad)"], ["Typ av dokument", "policy"],
            ["Giltighetstid", "2020–2024"], ["Beslutande organ", "Kommunfullmäktige"],
            ["Antagen", "2020-01-01"], ["Diarienummer", f"KS 2020/{len(pol)}"],
            ["Version", "1.0"], ["Status", "gällande"],
            ["Senast ändrad", policy_history(pol)[0][0]]]
    return _md_table("Om dokumentet", ["", ""], rows)


def md_history(pol: str) -> str:
    """The version history the handbook reads from git."""
    return ("**Versionshistorik**\n\n" + HISTORY_INTRO + "\n\n"
            + _md_table("Sparade ändringar, den senaste först", ["Datum", "Ändring"],
                        [[day, msg] for day, msg in policy_history(pol)]))


#: The extension's own line style per role: the other flavours draw the same picture.
ROLE_LOOKS = charts.role_looks(DEFAULT_ROLES)


def responsibility_dot() -> str:
    """The drawing of the handbook's responsibility diagram (actors -> duties, role as label)."""
    used = sorted({a for _d, assignments in duties() for a, _r in assignments})
    lines = ["digraph ansvar {",
             '  graph [rankdir=LR, ordering=out, bgcolor="white", nodesep=0.12, ranksep=0.9, '
             'margin="0.1"];', '  node [fontname="Helvetica", fontsize=11];',
             '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];']
    for a in used:
        lines.append(f'  "a:aktor-{a}" [label="Aktör {a}", shape=box, style="rounded,filled", '
                     'fillcolor="#e8eef7", color="#1f4e79", fontsize=12];')
    for d, assignments in sorted(duties(), key=lambda da: da[1][0][0]):
        label = "\\n".join(textwrap.wrap(f"Uppgift {d} ska utföras", 42))
        lines.append(f'  "d:{d}" [label="{label}", shape=box, color="#808080", fontsize=10];')
        for a, role in assignments:
            lines.append(f'  "a:aktor-{a}" -> "d:{d}" [label={charts.dot_string(role)}, '
                         f'{charts.role_style(ROLE_LOOKS, role)}];')
    return "\n".join([*lines, "}"]) + "\n"


def md_responsibility_counts(pol: str) -> str:
    counts: dict[int, Counter] = {}
    for _d, assignments in duties():
        for a, role in assignments:
            counts.setdefault(a, Counter())[role] += 1
    rows = [[f"Aktör {a}", *(str(counts[a][r]) for r in ROLES), str(sum(counts[a].values()))]
            for a in range(1, ACTORS_PER_POLICY + 1) if a in counts]
    return _md_table(f"Antal uppgifter per aktör och roll: Kommun {pol.title()} (påhittad)",
                     ["Aktör", *ROLES, "Totalt"], rows)


def md_diagram(pol: str) -> str:
    """The responsibility diagram drawn with sphinx.ext.graphviz, its note and its table."""
    alt = (f"Diagram över vem som ansvarar för vad enligt Policy {pol.title()}: "
           f"{ACTORS_PER_POLICY} aktörer och {DUTIES_PER_POLICY} uppgifter.")
    return (f"```{{graphviz}}\n:caption: Vem ansvarar för vad: Policy {pol.title()}\n"
            f":alt: {alt}\n\n{responsibility_dot()}```\n\n{STYLES_NOTE}\n\n"
            + md_responsibility_counts(pol))


def year_type_counts(cases: list[Case]) -> tuple[list[int], list[str], Counter]:
    return (sorted({c.year for c in cases}), types_used(cases),
            Counter((c.year, c.ctype) for c in cases))


def activity_dot(cases: list[Case]) -> str:
    """The drawing of the handbook's activity chart, drawn by the extension's own code."""
    years, used, counts = year_type_counts(cases)
    return charts.activity_dot(years, used, TYPES, counts)


def md_activity_chart(cases: list[Case]) -> str:
    years, used, counts = year_type_counts(cases)
    busiest = max(years, key=lambda y: sum(counts[(y, t)] for t in used))
    alt = (f"Stapeldiagram: antal aktiviteter per år och typ i exempelsamlingen, "
           f"{years[0]}–{years[-1]}. {len(cases)} exempel; flest aktiviteter {busiest}. "
           "Siffrorna finns i tabellen under diagrammet.")
    rows = [[str(y), *(str(counts[(y, t)]) for t in used),
             str(sum(counts[(y, t)] for t in used))] for y in years]
    return (f"```{{graphviz}}\n:caption: Aktiviteter per år och typ\n:alt: {alt}\n\n"
            f"{activity_dot(cases)}```\n\n"
            + _md_table("Aktiviteter per år och typ (tabell)",
                        ["År", *(TYPES[t] for t in used), "Totalt"], rows)
            + f"{ACTIVITY_NOTE}\n")


def md_case_rows(cases: list[Case], link) -> list[list[str]]:
    return [[f"[{c.title}]({link(c)})", TYPES[c.ctype], c.unit, str(c.year),
             f"{PARTNER}, {COUNTRY}"] for c in cases]


CASE_HEADERS = ["Exempel", "Typ", "Förvaltning", "Period", "Partner och land"]


# --- flavour: plain ------------------------------------------------------------------------


def write_plain(root: Path, cases: list[Case], conf: str) -> None:
    _write(root, "conf.py", conf)
    by_target: dict[str, list[Case]] = {}
    ordered = sorted_cases(cases)
    for case in ordered:
        for t in case.methods + case.goals:
            by_target.setdefault(t, []).append(case)
    for case in cases:
        _write(root, f"{case.docname}.md", plain_case(case))

    def type_table(t: str) -> str:
        rows = [c for c in ordered if c.ctype == t]
        return _md_table(f"{TYPES[t]} ({len(rows)})", CASE_HEADERS,
                         md_case_rows(rows, lambda c: f"{c.id}.md"))
    grouped = "".join(
        _md_table(f"{TYPES[t]} ({sum(c.ctype == t for c in cases)})", CASE_HEADERS,
                  md_case_rows([c for c in ordered if c.ctype == t],
                               lambda c: f"{slug(c.ctype)}/{c.id}.md"))
        for t in types_used(cases))
    _common_pages(root, cases, type_table, grouped, md_activity_chart(cases))
    _write(root, "docs/utbildning.md", "# Utbildning\n\nBra exempel att börja med:\n\n"
           + "".join(f"- [{c.title}](../{c.docname}.md)\n" for c in cases[:5]))
    git_history(root, cases, lambda pol, step: plain_policy(pol, by_target, step))


def plain_policy(pol: str, by_target: dict[str, list[Case]], step: int = FINAL) -> str:
    out = [f"# Policy {pol.title()}\n\n", md_meta(pol), policy_intro(pol, step),
           "## Aktörer\n\n"]
    for a in range(1, ACTORS_PER_POLICY + 1):
        out.append(f"({pol}-aktor-{a})=\n**Aktör {a}**\n\n")
    out.append("\n## Mål\n\n")

    def target(tid: str, text: str) -> None:
        listed = by_target.get(tid, [])
        out.append(f"({tid})=\n{text}\n\n")
        if listed:
            out.append(f"Exempel i praktiken ({len(listed)}):\n\n")
            out.extend(f"- [{c.title}](../{c.docname}.md) ({TYPES[c.ctype]}, {c.year})\n"
                       for c in listed)
            out.append("\n")
        else:
            out.append("Inga exempel ännu.\n\n")
    for g in range(1, GOALS_PER_POLICY + 1):
        target(goal_id(pol, g), f"Arbetet ska bidra till mål {g}.")
    out.append("## Metoder\n\n")
    for m in range(1, METHODS_PER_POLICY + 1):
        target(method_id(pol, m), f"Kommunen ska arbeta enligt metod {m}.")
    out.append("## Ansvar\n\n")
    for d, _assignments in duties():
        out.append(f"- ({pol}-duty-{d})=\n  Uppgift {d} ska utföras.\n")
    rows = []
    for d, assignments in duties():
        roles = dict(assignments)
        rows.append([f"[Uppgift {d} ska utföras](#{pol}-duty-{d})",
                     *(roles.get(a, "") for a in range(1, ACTORS_PER_POLICY + 1))])
    out.append("\n" + _md_table(f"Ansvarsmatris: Policy {pol.title()}",
                                ["Uppgift", *(f"Aktör {a}" for a in
                                              range(1, ACTORS_PER_POLICY + 1))], rows))
    out.append("".join(f"{r}\n: {meaning}\n\n" for r, meaning in ROLE_MEANINGS.items()))
    out.append(md_diagram(pol) + md_history(pol))
    return "".join(out)


def plain_case(c: Case) -> str:
    def ref(tid: str) -> str:
        pol = tid.split("-")[0]
        label = ("Metod " if "-metod-" in tid else "Mål ") + tid.rsplit("-", 1)[1]
        return f"[{label}](../../policy/{pol}.md#{tid})"
    return (f"---\norphan: true\n---\n\n# {c.title}\n\n"
            f"```{{admonition}} Illustrativt exempel\n:class: note\n\n{ILLUSTRATIVE}\n```\n\n"
            "**Fakta om exemplet**\n\n| | |\n| --- | --- |\n"
            f"| Typ | {TYPES[c.ctype]} |\n| Förvaltning | {c.unit} |\n| Period | {c.year} |\n"
            f"| Partnerorganisation | {PARTNER} |\n| Land | {COUNTRY} |\n"
            f"| Metoder | {', '.join(ref(m) for m in c.methods)} |\n"
            f"| Mål | {', '.join(ref(g) for g in c.goals)} |\n\n"
            f"## Vad gjordes\n\n{c.text}\n\n## Effekt för verksamheten\n\n"
            f"{EFFECT}\n\n[Till alla exempel i exempelsamlingen](../index.md)\n")


# --- flavour: sphinx-needs -----------------------------------------------------------------

#: sphinx-needs has no "ö" in option names: the role "stödjer" is the link type "stodjer".
NEEDS_ROLE = {r: r.replace("ö", "o") for r in ROLES}
NEEDS_CONF = f"""
needs_types = [
    {{"directive": "mal", "title": "Mål", "prefix": "G_", "color": "#BFD8D2", "style": "node"}},
    {{"directive": "metod", "title": "Metod", "prefix": "M_", "color": "#BFD8D2", "style": "node"}},
    {{"directive": "aktor", "title": "Aktör", "prefix": "A_", "color": "#E8EEF7",
      "style": "node"}},
    {{"directive": "uppgift", "title": "Uppgift", "prefix": "D_", "color": "#FFFFFF",
      "style": "node"}},
    {{"directive": "fall", "title": "Exempel", "prefix": "C_", "color": "#FEDCD2",
      "style": "node"}},
]
needs_fields = {{name: {{}} for name in ("policy", "typ", "enhet", "period", "partner", "land")}}
# One link type per role: a duty links the actors that have the role in it.
needs_links = {{
    {", ".join(f'"{NEEDS_ROLE[r]}": {{"outgoing": "{r}", "incoming": "{r} i"}}' for r in ROLES)}
}}
needs_flow_engine = "graphviz"
needs_table_style = "TABLE"
needs_id_regex = "^[A-Z0-9_]{{3,}}"
suppress_warnings = ["needs"]
"""


def needs_id(tid: str) -> str:
    return tid.upper().replace("-", "_")


CASE_COLUMNS = ('id;title as "Exempel";typ as "Typ";enhet as "Förvaltning";period as "Period";'
                'partner as "Partner"')


def _needtable(caption: str, filter_: str, columns: str = CASE_COLUMNS) -> str:
    return (f":::{{needtable}} {caption}\n:filter: {filter_}\n:columns: {columns}\n"
            ":sort: period\n:::\n\n")


def write_needs(root: Path, cases: list[Case], conf: str) -> None:
    _write(root, "conf.py", conf + NEEDS_CONF)
    for c in cases:
        _write(root, f"{c.docname}.md", needs_case(c))
    grouped = "".join(
        _needtable(f"{TYPES[t]} ({sum(c.ctype == t for c in cases)})",
                   f"type == 'fall' and typ == '{TYPES[t]}'")
        for t in types_used(cases))
    _common_pages(root, cases, lambda t: _needtable(
        f"{TYPES[t]} ({sum(c.ctype == t for c in cases)})",
        f"type == 'fall' and typ == '{TYPES[t]}'"), grouped, md_activity_chart(cases))
    _write(root, "docs/utbildning.md", "# Utbildning\n\nBra exempel att börja med:\n\n"
           + "".join(f"- {{need}}`C_{c.n:05d}`\n" for c in cases[:5]))
    git_history(root, cases, needs_policy)


def needs_policy(pol: str, step: int = FINAL) -> str:
    def p(k) -> str:
        return f"{pol.upper()}_{k}"
    out = [f"# Policy {pol.title()}\n\n", md_meta(pol), policy_intro(pol, step), "## Aktörer\n\n"]
    for a in range(1, ACTORS_PER_POLICY + 1):
        out.append(f":::{{aktor}} Aktör {a}\n:id: {p(f'AKTOR_{a}')}\n:policy: {pol}\n:::\n\n")
    for kind, directive, count, make, text in (
            ("Mål", "mal", GOALS_PER_POLICY, goal_id, "Arbetet ska bidra till mål {k}."),
            ("Metoder", "metod", METHODS_PER_POLICY, method_id,
             "Kommunen ska arbeta enligt metod {k}.")):
        out.append(f"## {kind}\n\n")
        for k in range(1, count + 1):
            nid = needs_id(make(pol, k))
            label = "Mål" if directive == "mal" else "Metod"
            out.append(f":::{{{directive}}} {label} {k}\n:id: {nid}\n:policy: {pol}\n\n"
                       f"{text.format(k=k)}\n:::\n\n"
                       + _needtable("Exempel i praktiken", f"type == 'fall' and '{nid}' in links",
                                    'id;title as "Exempel";typ as "Typ";period as "Period"'))
    out.append("## Ansvar\n\n")
    for d, assignments in duties():
        links = "".join(f":{NEEDS_ROLE[role]}: {p(f'AKTOR_{a}')}\n" for a, role in assignments)
        out.append(f":::{{uppgift}} Uppgift {d} ska utföras\n:id: {p(f'UPPGIFT_{d}')}\n"
                   f":policy: {pol}\n{links}:::\n\n")
    roles = ";".join(f'{NEEDS_ROLE[r]} as "{r}"' for r in ROLES)
    out.append(_needtable(f"Ansvarsmatris: Policy {pol.title()}",
                          f"type == 'uppgift' and policy == '{pol}'",
                          f'title as "Uppgift";{roles}')
               .replace(":sort: period\n", ":sort: id\n"))
    out.append("".join(f"{r}\n: {meaning}\n\n" for r, meaning in ROLE_MEANINGS.items()))
    out.append(f":::{{needflow}} Vem ansvarar för vad: Policy {pol.title()}\n"
               f":filter: policy == '{pol}' and type in ['aktor', 'uppgift']\n"
               f":link_types: {', '.join(NEEDS_ROLE[r] for r in ROLES)}\n"
               ":show_link_names:\n:direction: right\n:::\n\n"
               f"{STYLES_NOTE}\n\n" + md_responsibility_counts(pol) + md_history(pol))
    return "".join(out)


def needs_case(c: Case) -> str:
    links = ", ".join(needs_id(t) for t in c.methods + c.goals)
    return (f"---\norphan: true\n---\n\n# {c.title}\n\n"
            f"```{{admonition}} Illustrativt exempel\n:class: note\n\n{ILLUSTRATIVE}\n```\n\n"
            f":::{{fall}} {c.title}\n:id: C_{c.n:05d}\n:links: {links}\n:typ: {TYPES[c.ctype]}\n"
            f":enhet: {c.unit}\n:period: {c.year}\n:partner: {PARTNER}\n:land: {COUNTRY}\n\n"
            f"**Vad gjordes**\n\n{c.text}\n\n**Effekt för verksamheten**\n\n{EFFECT}\n:::\n\n"
            "[Till alla exempel i exempelsamlingen](../index.md)\n")


def fresh(root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    if (REPO / "_static").is_dir():
        shutil.copytree(REPO / "_static", root / "_static")
    if (REPO / "locale").is_dir():
        shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
    return root
