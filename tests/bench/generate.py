"""Synthetic casebooks of any size, in three flavours with the same content.

- ``handbok``: policies and cases marked up with the handbook's own directives and roles;
- ``plain``: the same pages as plain MyST (hand-written tables, lists and links), no extension;
- ``needs``: the same cases and links as sphinx-needs objects (a needtable per method).

Case pages are orphans: the navigation reaches them through per-type pages (one table each),
never through the sidebar's toctree, so the sidebar does not grow with the casebook.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from handbok.config import DEFAULT_CASE_TYPES

REPO = Path(__file__).resolve().parents[2]

TYPES = DEFAULT_CASE_TYPES  # the case types of the real site
SLUG = {"studiebesök": "studiebesok", "nätverk": "natverk", "vänortsutbyte": "vanortsutbyte"}
UNITS = ["Kulturförvaltningen", "Socialförvaltningen", "Samhällsbyggnadsförvaltningen",
         "Utbildningsförvaltningen", "Kommunstyrelsens förvaltning"]
ROLES = ["beslutar", "ansvarar", "samordnar", "stödjer", "deltar"]
POLICIES = ["alfa", "beta", "gamma"]
METHODS_PER_POLICY = 8
GOALS_PER_POLICY = 4
ACTORS_PER_POLICY = 6
DUTIES_PER_POLICY = 12


def slug(ctype: str) -> str:
    return SLUG.get(ctype, ctype)


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


def site_conf(extra: str = "", theme_basic: bool = False, extensions: str | None = None) -> str:
    """The real site's conf.py, optionally with another extension list or theme."""
    text = (REPO / "conf.py").read_text(encoding="utf-8")
    text += "\n# --- benchmark overrides ---\nnitpicky = False\n"
    # The corpus lives elsewhere: point at the site's own static files, templates and
    # translations, so the pages look exactly as on the real site.
    text += (f"html_static_path = [{str(REPO / '_static')!r}]\n"
             f"templates_path = [{str(REPO / '_templates')!r}]\n"
             f"locale_dirs = [{str(REPO / 'locale')!r}]\n"
             f"html_favicon = {str(REPO / '_static' / 'favicon.svg')!r}\n")
    if extensions is not None:
        text += f"extensions = {extensions}\n"
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


def _common_pages(root: Path, cases: list[Case], page_for_type) -> None:
    types_used = [t for t in TYPES if any(c.ctype == t for c in cases)]
    _write(root, "index.md",
           "# Handbok (syntetisk)\n\nEn genererad handbok för mätningar.\n\n"
           "```{toctree}\n:maxdepth: 2\n\n"
           + "".join(f"policy/{p}\n" for p in POLICIES) + "casebook/index\ndocs/utbildning\n```\n")
    _write(root, "casebook/index.md",
           "# Exempelsamling\n\nExemplen är ordnade efter typ.\n\n```{toctree}\n:maxdepth: 1\n\n"
           + "".join(f"typ-{slug(t)}\n" for t in types_used) + "```\n")
    for t in types_used:
        _write(root, f"casebook/typ-{slug(t)}.md", page_for_type(t))


# --- flavour: handbok -----------------------------------------------------------------------------


def write_handbok(root: Path, cases: list[Case], conf: str | None = None) -> None:
    _write(root, "conf.py", conf or site_conf())
    for pol in POLICIES:
        _write(root, f"policy/{pol}.md", handbok_policy(pol))
    for case in cases:
        _write(root, f"{case.docname}.md", handbok_case(case))
    _common_pages(root, cases, lambda t: f"# {TYPES[t]}\n\n:::{{case-table}}\n:type: {t}\n"
                  f":caption: {TYPES[t]}\n:::\n")
    cited = cases[:5]
    _write(root, "docs/utbildning.md", "# Utbildning\n\nBra exempel att börja med:\n\n"
           + "".join(f"- {{case}}`{c.id}`\n" for c in cited))


def handbok_policy(pol: str) -> str:
    out = [_policy_front(pol), f"# Policy {pol.title()}\n\n## Aktörer\n\n"]
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
    for d in range(1, DUTIES_PER_POLICY + 1):
        a1, a2 = 1 + d % ACTORS_PER_POLICY, 1 + (d * 5) % ACTORS_PER_POLICY
        spec = f"aktor-{a1}:{ROLES[d % 5]}"
        if a2 != a1:
            spec += f", aktor-{a2}:{ROLES[(d + 2) % 5]}"
        out.append(f"- {{duty}}`Uppgift {d} ska utföras <{spec}>`.\n")
    out.append("\n:::{responsibility-matrix}\n:::\n")
    return "".join(out)


def handbok_case(c: Case) -> str:
    return (f"---\norphan: true\n---\n\n# {c.title}\n\n:::{{case}} {c.id}\n:type: {c.ctype}\n"
            f":unit: {c.unit}\n:period: {c.year}\n:partner: En kommun i Finland (påhittad)\n"
            f":country: Finland\n:methods: {', '.join(c.methods)}\n:goals: {', '.join(c.goals)}\n"
            f":effect: Förvaltningen fick nya arbetssätt.\n:illustrative:\n\n{c.text}\n:::\n")


# --- flavour: plain ------------------------------------------------------------------------


def write_plain(root: Path, cases: list[Case], conf: str) -> None:
    _write(root, "conf.py", conf)
    by_target: dict[str, list[Case]] = {}
    for case in sorted(cases, key=lambda c: (str(c.year), c.title)):
        for t in case.methods + case.goals:
            by_target.setdefault(t, []).append(case)
    for pol in POLICIES:
        _write(root, f"policy/{pol}.md", plain_policy(pol, by_target))
    for case in cases:
        _write(root, f"{case.docname}.md", plain_case(case))

    def type_page(t: str) -> str:
        rows = [c for c in sorted(cases, key=lambda c: (str(c.year), c.title)) if c.ctype == t]
        body = "".join(f"| [{c.title}]({slug(t)}/{c.id}.md) | {TYPES[t]} | "
                       f"{c.unit} | {c.year} | En kommun i Finland (påhittad), Finland |\n"
                       for c in rows)
        return (f"# {TYPES[t]}\n\n**{TYPES[t]} ({len(rows)})**\n\n"
                "| Exempel | Typ | Förvaltning | Period | Partner och land |\n"
                "| --- | --- | --- | --- | --- |\n" + body)
    _common_pages(root, cases, type_page)
    _write(root, "docs/utbildning.md", "# Utbildning\n\nBra exempel att börja med:\n\n"
           + "".join(f"- [{c.title}](../{c.docname}.md)\n" for c in cases[:5]))


def plain_policy(pol: str, by_target: dict[str, list[Case]]) -> str:
    out = [f"# Policy {pol.title()}\n\n**Om dokumentet**\n\n| | |\n| --- | --- |\n"
           f"| Kommun | Kommun {pol.title()} (påhittad) |\n| Typ av dokument | policy |\n"
           "| Giltighetstid | 2020–2024 |\n| Beslutande organ | Kommunfullmäktige |\n"
           f"| Antagen | 2020-01-01 |\n| Diarienummer | KS 2020/{len(pol)} |\n| Version | 1.0 |\n"
           "| Status | gällande |\n\n## Aktörer\n\n"]
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
    rows = []
    for d in range(1, DUTIES_PER_POLICY + 1):
        a1, a2 = 1 + d % ACTORS_PER_POLICY, 1 + (d * 5) % ACTORS_PER_POLICY
        out.append(f"- ({pol}-duty-{d})=\n  Uppgift {d} ska utföras.\n")
        roles = {a1: ROLES[d % 5]}
        if a2 != a1:
            roles[a2] = ROLES[(d + 2) % 5]
        rows.append((d, roles))
    head = "| Uppgift | " + " | ".join(f"Aktör {a}" for a in range(1, ACTORS_PER_POLICY + 1))
    out.append(f"\n**Ansvarsmatris: Policy {pol.title()}**\n\n{head} |\n"
               + "| --- " * (ACTORS_PER_POLICY + 1) + "|\n")
    for d, roles in rows:
        out.append(f"| [Uppgift {d} ska utföras](#{pol}-duty-{d}) | "
                   + " | ".join(roles.get(a, "") for a in range(1, ACTORS_PER_POLICY + 1))
                   + " |\n")
    out.append("\n" + "".join(f"- **{r}**: {r} i uppgiften\n" for r in ROLES))
    return "".join(out)


def plain_case(c: Case) -> str:
    def ref(tid: str) -> str:
        pol = tid.split("-")[0]
        label = ("Metod " if "-metod-" in tid else "Mål ") + tid.rsplit("-", 1)[1]
        return f"[{label}](../../policy/{pol}.md#{tid})"
    return (f"---\norphan: true\n---\n\n# {c.title}\n\n"
            "```{note}\nExemplet är påhittat för att visa hur arbetssättet kan gå till.\n```\n\n"
            "**Fakta om exemplet**\n\n| | |\n| --- | --- |\n"
            f"| Typ | {TYPES[c.ctype]} |\n| Förvaltning | {c.unit} |\n| Period | {c.year} |\n"
            "| Partnerorganisation | En kommun i Finland (påhittad) |\n| Land | Finland |\n"
            f"| Metoder | {', '.join(ref(m) for m in c.methods)} |\n"
            f"| Mål | {', '.join(ref(g) for g in c.goals)} |\n\n"
            f"## Vad gjordes\n\n{c.text}\n\n## Effekt för verksamheten\n\n"
            "Förvaltningen fick nya arbetssätt.\n\n[Till alla exempel i exempelsamlingen]"
            "(../index.md)\n")


# --- flavour: sphinx-needs -----------------------------------------------------------------

NEEDS_CONF = """
needs_types = [
    {"directive": "metod", "title": "Metod", "prefix": "M_", "color": "#BFD8D2", "style": "node"},
    {"directive": "fall", "title": "Exempel", "prefix": "C_", "color": "#FEDCD2", "style": "node"},
]
needs_extra_options = ["typ", "enhet", "period"]
needs_id_regex = "^[A-Z0-9_]{3,}"
suppress_warnings = ["needs"]
"""


def needs_id(tid: str) -> str:
    return tid.upper().replace("-", "_")


def write_needs(root: Path, cases: list[Case], conf: str) -> None:
    _write(root, "conf.py", conf + NEEDS_CONF)
    for pol in POLICIES:
        out = [f"# Policy {pol.title()}\n\n"]
        for kind, count, make in (("Mål", GOALS_PER_POLICY, goal_id),
                                  ("Metoder", METHODS_PER_POLICY, method_id)):
            out.append(f"## {kind}\n\n")
            for k in range(1, count + 1):
                nid = needs_id(make(pol, k))
                out.append(f":::{{metod}} {kind} {k}\n:id: {nid}\n\nKommunen ska arbeta enligt "
                           f"{kind.lower()} {k}.\n:::\n\n:::{{needtable}}\n"
                           f":filter: type == 'fall' and '{nid}' in links\n"
                           ":columns: id;title;typ;period\n:::\n\n")
        _write(root, f"policy/{pol}.md", "".join(out))
    for c in cases:
        links = ", ".join(needs_id(t) for t in c.methods + c.goals)
        _write(root, f"{c.docname}.md",
               f"---\norphan: true\n---\n\n# {c.title}\n\n:::{{fall}} {c.title}\n"
               f":id: C_{c.n:05d}\n:links: {links}\n:typ: {c.ctype}\n:enhet: {c.unit}\n"
               f":period: {c.year}\n\n{c.text}\n:::\n")
    _common_pages(root, cases, lambda t: f"# {TYPES[t]}\n\n:::{{needtable}}\n"
                  f":filter: type == \"fall\" and typ == \"{t}\"\n:columns: id;title;enhet;period\n"
                  ":::\n")
    _write(root, "docs/utbildning.md", "# Utbildning\n\nBra exempel att börja med:\n\n"
           + "".join(f"- {{need}}`C_{c.n:05d}`\n" for c in cases[:5]))


def fresh(root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    if (REPO / "_static").is_dir():
        shutil.copytree(REPO / "_static", root / "_static")
    return root
