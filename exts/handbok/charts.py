"""Pictures drawn at build time with Graphviz (``sphinx.ext.graphviz``), each with a text
alternative next to it.

- ``activity-chart``: carried-out activities per year and type in the casebook, as stacked
  bars (illustrative examples are not counted).
- ``responsibility-diagram`` [policy-id]: who is responsible for what in a policy (actors,
  their duties, the role as edge label and line style).

The resolvers build ``handbok_graphviz`` nodes (a ``graphviz`` node with an accessible HTML
rendering: an SVG ``<img>`` with ``role="img"`` and an escaped ``alt``, drawn by graphviz-pure,
see ``render.py``); LaTeX gets PDF from the system Graphviz and the text builders get the alt
text, through ``sphinx.ext.graphviz``'s own visitors. No script and nothing from another host.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.ext.graphviz import (
    graphviz,
    latex_visit_graphviz,
    man_visit_graphviz,
    texinfo_visit_graphviz,
    text_visit_graphviz,
)
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from .domain import (
    PolicyViewDirective,
    pending_view,
    query,
    register_policy_view,
    register_view,
    subscribe,
)
from .render import RenderError, render_svg
from .tables import data_table
from .util import warn
from .vocabulary import Subtype, Topic


class handbok_graphviz(graphviz):  # noqa: N801 (docutils node naming)
    """A Graphviz drawing rendered as an accessible SVG image in HTML."""


#: Below this width (the stylesheet's breakpoint) a page shows a diagram's narrow form.
NARROW_MEDIA = "(max-width: 40rem)"
_SVG_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def _css_size(outfn: Path) -> str:
    """width and height attributes in CSS pixels (Graphviz writes points: 1 pt = 4/3 px)."""
    found = _SVG_SIZE.search(outfn.read_text(encoding="utf-8")[:2000])
    if not found:
        return ""
    width, height = (round(float(v) * 4 / 3) for v in found.groups())
    return f' width="{width}" height="{height}"'


def html_visit_handbok_graphviz(self: HTML5Translator, node: handbok_graphviz) -> None:
    """An SVG image; a narrow form for phones where the node has one; a link to open it.

    On a phone a wide diagram shrinks until its labels cannot be read. A node with
    ``narrow_code`` (the responsibility diagram: one card per actor) gets a ``<picture>``
    whose source for narrow screens is that drawing; every diagram gets a plain link that
    opens the full-size SVG.
    """
    alt = html.escape(node["alt"], quote=True)
    try:
        fname, outfn = render_svg(self.builder, node["code"])
        narrow = (render_svg(self.builder, node["narrow_code"])
                  if node.get("narrow_code") else None)
        print_pieces: list[tuple[str, str]] = node.get("print_pieces", [])
        pieces = [(render_svg(self.builder, code), piece_alt) for code, piece_alt in print_pieces]
    except RenderError as exc:
        warn(f"Diagrammet kunde inte ritas: {exc}", Subtype.GRAPHVIZ, node)
        self.body.append(f'<p class="handbok-diagram-missing">{alt}</p>\n')
        raise nodes.SkipNode from exc
    src = html.escape(fname, quote=True)
    classes = " ".join(["graphviz", "handbok-diagram", *node.get("classes", [])]
                       + (["handbok-has-print-form"] if pieces else []))
    img = (f'<img class="dark-light" src="{src}"{_css_size(outfn)} role="img" alt="{alt}" '
           'loading="lazy" />')
    if narrow:
        nsrc = html.escape(narrow[0], quote=True)
        img = (f'<picture><source media="{NARROW_MEDIA}" srcset="{nsrc}"'
               f'{_css_size(narrow[1])} />{img}</picture>')
    # A phone scrolls a wide diagram sideways: the box is a named region reachable by key.
    self.body.append(f'<div class="{classes}" tabindex="0" role="region" '
                     f'aria-label="Diagram">{img}</div>\n'
                     f'<p class="handbok-diagram-open"><a href="{src}">Öppna diagrammet i '
                     "full storlek</a> (bilden öppnas för sig, och du kan förstora den)</p>\n")
    if pieces:
        # Paper: the diagram in pieces (print_pieces) that each fit a page at full size.
        imgs = "".join(
            f'<img src="{html.escape(psrc, quote=True)}"{_css_size(pfile)} '
            f'alt="{html.escape(palt, quote=True)}" loading="lazy" />'
            for (psrc, pfile), palt in pieces)
        self.body.append(f'<div class="handbok-diagram-print" hidden>{imgs}</div>\n')
    raise nodes.SkipNode


def graphviz_node(app: Sphinx, code: str, alt: str, docname: str, classes: list[str],
                  narrow_code: str | None = None,
                  print_pieces: list[tuple[str, str]] | None = None) -> handbok_graphviz:
    """A diagram. ``narrow_code``: its form for a phone. ``print_pieces``: (code, alt) of the
    pieces it is printed in, when on one page its text would come out smaller than 8 pt (the
    print measures it against the printing command's 8-point limit); the pieces follow each other
    and may go over several pages."""
    node = handbok_graphviz()
    node["code"] = code
    if narrow_code:
        node["narrow_code"] = narrow_code
    if print_pieces:
        node["print_pieces"] = print_pieces
    node["options"] = {"docname": docname}
    node["alt"] = alt
    node["classes"] = classes
    return node


def figure(node: handbok_graphviz, caption: str, classes: list[str]) -> nodes.figure:
    fig = nodes.figure(classes=["handbok-figure", *classes], ids=[nodes.make_id(caption)])
    fig += node
    fig += nodes.caption(caption, caption)
    return fig


def dot_string(text: str) -> str:
    """A DOT double-quoted string (editor text is data, never DOT syntax)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def dot_label(text: str, width: int = 42) -> str:
    """The whole text, wrapped: a label is never cut short."""
    text = " ".join(text.split())
    lines = textwrap.wrap(text, width) or [""]
    return "\\n".join(dot_string(line)[1:-1] for line in lines)


def _table(caption: str, headers: list[str], rows: list[list[str]], classes: list[str]
           ) -> nodes.table:
    return data_table(caption, headers, rows, classes=classes)


# --- activity chart -------------------------------------------------------------------------

#: Dark enough for white digits (contrast above 4.5:1).
PALETTE = ("#1f4e79", "#8a4500", "#2e6b30", "#6a1b4d", "#4d4d4d", "#9c1c1c", "#005f73",
           "#5b3a7a")


class ActivityChartDirective(SphinxDirective):
    """``{activity-chart}``: activities per year and type in the whole casebook."""

    option_spec = {"caption": lambda v: (v or "").strip(), "illustrative": directives.flag}

    def run(self) -> list[nodes.Node]:
        subscribe(self.env, self.env.docname, Topic.cases())
        return [pending_view("activity-chart", self.env,
                             caption=self.options.get("caption", ""),
                             illustrative="illustrative" in self.options)]


def year_type_counts(app: Sphinx, env: BuildEnvironment, illustrative: bool = False
                     ) -> tuple[list[int], list[str], Counter[tuple[int, str]]]:
    q = query(env)
    # Carried-out activities, or (``:illustrative:``) the illustrative examples: never both.
    cases = q.activities(illustrative=illustrative)
    type_ids = q.case_types_in_order(app.config.handbok_case_types)
    years = sorted({y for c in cases for y in c["years"]})
    counts = Counter((y, c["type"]) for c in cases for y in c["years"])
    return years, type_ids, counts


def activity_dot(years: list[int], type_ids: list[str], labels: dict[str, str],
                 counts: Counter[tuple[int, str]]) -> str:
    totals = {y: sum(counts[(y, t)] for t in type_ids) for y in years}
    unit = max(18, min(48, 420 // max(1, max(totals.values(), default=1))))
    colors = {t: PALETTE[n % len(PALETTE)] for n, t in enumerate(type_ids)}
    rows = ['<TR><TD ALIGN="RIGHT"><B>År</B></TD>'
            '<TD ALIGN="LEFT"><B>Antal aktiviteter per typ</B></TD></TR>']
    for year in years:
        cells = []
        for t in type_ids:
            n = counts[(year, t)]
            if n:
                cells.append(f'<TD WIDTH="{n * unit}" HEIGHT="22" FIXEDSIZE="TRUE" '
                             f'BGCOLOR="{colors[t]}"><FONT COLOR="white">{n}</FONT></TD>')
        # Same width for every row, or Graphviz spreads the segments apart.
        rest = (max(totals.values()) - totals[year]) * unit + 40
        cells.append(f'<TD WIDTH="{rest}" HEIGHT="22" FIXEDSIZE="TRUE" ALIGN="LEFT">'
                     f'  {totals[year]}</TD>')
        rows.append(f'<TR><TD ALIGN="RIGHT">{year}</TD><TD ALIGN="LEFT"><TABLE BORDER="0" '
                    f'CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{"".join(cells)}'
                    '</TR></TABLE></TD></TR>')
    legend = "".join(
        f'<TD WIDTH="14" HEIGHT="14" FIXEDSIZE="TRUE" BGCOLOR="{colors[t]}"></TD>'
        f'<TD ALIGN="LEFT">{html.escape(labels.get(t, t or "Utan typ"))}  </TD>'
        for t in type_ids)
    table = ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2">'
             + "".join(rows) + "</TABLE>")
    # The legend is a node of its own: in the same table it would widen the bar column.
    key = ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2"><TR>' + legend + "</TR></TABLE>")
    return ('digraph aktiviteter {\n  graph [bgcolor="white", margin="0.1", nodesep=0.1, '
            'ranksep=0.1];\n  node [shape=plain, fontname="Helvetica", fontsize=11];\n'
            f"  chart [label=<{table}>];\n  legend [label=<{key}>];\n"
            "  chart -> legend [style=invis];\n}\n")


def resolve_activity_chart(app: Sphinx, node: nodes.Element, fromdocname: str
                           ) -> list[nodes.Node]:
    illustrative = bool(node.get("illustrative"))
    years, type_ids, counts = year_type_counts(app, app.env, illustrative)
    q = query(app.env)
    what = "illustrativa exempel" if illustrative else "genomförda aktiviteter"
    if not years:
        text = f"Det finns inga {what} att visa i ett diagram ännu."
        examples = len(q.activities(illustrative=True))
        if not illustrative and examples:
            text = ("Inga genomförda aktiviteter har rapporterats ännu, så diagrammet är tomt. "
                    f"Exempelsamlingen har {examples} illustrativa exempel. De är påhittade "
                    "och räknas inte.")
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    labels = app.config.handbok_case_types
    total = len(q.activities(illustrative=illustrative))
    busiest = max(years, key=lambda y: sum(counts[(y, t)] for t in type_ids))
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    counted = ({True: "illustrativt exempel", False: "genomförd aktivitet"}[illustrative]
               if total == 1 else what)
    alt = (f"Stapeldiagram: antal {what} per år och typ, {span}. "
           f"{total} {counted}; flest {busiest}. ")
    if illustrative:
        alt += "Exemplen är påhittade och räknas inte som genomförda aktiviteter. "
    alt += "Siffrorna finns i tabellen under diagrammet."
    default = "Illustrativa exempel per år och typ" if illustrative else \
        "Genomförda aktiviteter per år och typ"
    caption = node.get("caption") or default
    gv = graphviz_node(app, activity_dot(years, type_ids, labels, counts), alt, fromdocname,
                       ["handbok-activity-chart"])
    headers = ["År", *(labels.get(t, t or "Utan typ") for t in type_ids), "Totalt"]
    rows = []
    for year in years:
        values = [counts[(year, t)] for t in type_ids]
        rows.append([str(year), *map(str, values), str(sum(values))])
    note = ("Ett exempel som pågår under flera år räknas till varje år. "
            "Tabellen visar samma siffror som diagrammet.")
    if illustrative:
        note += " Exemplen är påhittade och räknas inte som genomförda aktiviteter."
    return [figure(gv, caption, ["handbok-activity-figure"]),
            _table(f"{caption} (tabell)", headers, rows, ["handbok-activity-table"]),
            nodes.paragraph(note, note)]


# --- responsibility diagram -------------------------------------------------------------------

#: Line styles for the roles, strongest first; the n-th configured role gets the n-th style, so a
#: project's own role scheme (``handbok_roles``) is drawn and explained the same way.
ROLE_LOOKS = (
    ("#9c1c1c", 'style="bold"', "fet linje"),
    ("#1f4e79", 'style="solid", penwidth=1.6', "heldragen"),
    ("#5b3a7a", 'style="dashed"', "streckad"),
    ("#2e6b30", 'style="dotted", penwidth=1.4', "prickad"),
    ("#4d4d4d", 'style="solid"', "tunn"),
    ("#005f73", 'style="dashed", penwidth=1.6', "tjock streckad"),
    ("#8a4500", 'style="dotted", penwidth=2', "tjock prickad"),
)


def role_looks(roles: Iterable[str]) -> dict[str, tuple[str, str, str]]:
    """role -> (colour, DOT edge style, Swedish description of the line)."""
    return {role: ROLE_LOOKS[n % len(ROLE_LOOKS)] for n, role in enumerate(roles)}


def role_style(looks: dict[str, tuple[str, str, str]], role: str) -> str:
    color, style, _words = looks.get(role, ("#4d4d4d", 'style="solid"', ""))
    return f'color="{color}", fontcolor="{color}", {style}'


class ResponsibilityDiagramDirective(PolicyViewDirective):
    """``{responsibility-diagram}`` [policy-id]: actors and their duties as a diagram."""

    kind = "responsibility-diagram"


def responsibility_dot(app: Sphinx, env: BuildEnvironment, policy: str) -> str:
    q = query(env)
    looks = role_looks(app.config.handbok_roles)
    actors = {a["id"]: a for a in q.actors_of(policy)}
    duties = [d for d in q.duties_of(policy) if d["assignments"]]
    used = [a for a in actors if any(a == x for d in duties for x, _r in d["assignments"])]
    lines = [
        "digraph ansvar {",
        '  graph [rankdir=LR, ordering=out, bgcolor="white", nodesep=0.12, ranksep=0.9, '
        'margin="0.1"];',
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
    ]
    for aid in used:
        label = actors[aid]["label"] if aid in actors else aid
        lines.append(f'  {dot_string("a:" + aid)} [label="{dot_label(label, 24)}", shape=box, '
                     'style="rounded,filled", fillcolor="#e8eef7", color="#1f4e79", '
                     'fontsize=12];')
    # Duties ordered by their first actor keep the edges from crossing.
    order = {aid: n for n, aid in enumerate(used)}
    ranked = sorted(enumerate(duties), key=lambda nd: (order.get(nd[1]["assignments"][0][0], 99),
                                                      nd[0]))
    for n, duty in ranked:
        did = f"d:{n}"
        lines.append(f'  {dot_string(did)} [label="{dot_label(duty["text"])}", shape=box, '
                     'color="#808080", fontsize=10];')
        for actor, role in duty["assignments"]:
            style = role_style(looks, role)
            lines.append(f'  {dot_string("a:" + actor)} -> {dot_string(did)} '
                         f'[label={dot_string(role)}, {style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


#: Font size of a printed card (a piece of the printed responsibility diagram), and its
#: width in pixels: two cards side by side fill an A4 page's column at about 93 % (9.3 pt).
PRINT_CARD_PT, PRINT_CARD_PX = 10, 235


def responsibility_print_pieces(app: Sphinx, env: BuildEnvironment, policy: str
                                ) -> list[tuple[str, str]]:
    """The responsibility diagram on paper: one card per actor, each a drawing of its own at
    ``PRINT_CARD_PT``, so a policy with many duties goes over pages instead of shrinking."""
    q = query(env)
    labels = {a["id"]: a["label"] for a in q.actors_of(policy)}
    pieces = []
    for aid, card in _cards(app, env, policy, wrap=34, card_width=PRINT_CARD_PX):
        mine = [f"{r}: {' '.join(d['text'].split())}" for d in q.duties_of(policy)
                for a, r in d["assignments"] if a == aid]
        alt = f"{labels.get(aid, aid)}: " + "; ".join(mine) + "."
        pieces.append(("digraph ansvar {\n  graph [bgcolor=\"white\", margin=\"0.05\"];\n"
                       f'  node [shape=plain, fontname="Helvetica", fontsize={PRINT_CARD_PT}];\n'
                       f"  c0 [label=<{card}>];\n}}\n", alt))
    return pieces


def _cards(app: Sphinx, env: BuildEnvironment, policy: str, wrap: int,
           card_width: int | None) -> list[tuple[str, str]]:
    """(actor id, HTML-like label of its card) per actor with duties: its duties by role."""
    q = query(env)
    roles = list(app.config.handbok_roles)
    looks = role_looks(roles)
    duties = q.duties_of(policy)
    cards = []
    for actor in q.actors_of(policy):
        mine = [(r, d["text"]) for d in duties for a, r in d["assignments"] if a == actor["id"]]
        if not mine:
            continue
        mine.sort(key=lambda rt: roles.index(rt[0]) if rt[0] in roles else len(roles))
        head_width = f' WIDTH="{card_width - 2}"' if card_width else ""
        rows = [f'<TR><TD BGCOLOR="#e8eef7" ALIGN="LEFT"{head_width}><B>'
                f'{html.escape(actor["label"])}</B></TD></TR>']
        for role, text in mine:
            color = looks.get(role, ("#4d4d4d",))[0]
            indent = " " * (len(role) + 2) if card_width else ""
            lines = textwrap.wrap(" ".join(text.split()), wrap, initial_indent=indent) or [""]
            lines[0] = lines[0].lstrip()
            body = '<BR ALIGN="LEFT"/>'.join(html.escape(line) for line in lines)
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT COLOR="{color}"><B>{html.escape(role)}'
                        f'</B></FONT>: {body}<BR ALIGN="LEFT"/></TD></TR>')
        width = f' WIDTH="{card_width}"' if card_width else ""
        cards.append((actor["id"], '<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" '
                      f'CELLPADDING="3" COLOR="#1f4e79"{width}>{"".join(rows)}</TABLE>'))
    return cards


def responsibility_cards_dot(app: Sphinx, env: BuildEnvironment, policy: str, *,
                             columns: int = 2, wrap: int = 48, fontsize: int = 9,
                             size: str | None = "6.3,8.6", card_width: int | None = None
                             ) -> str:
    """Compact form: one card per actor listing its duties by role.

    Print gets two columns fitted to the page; a phone gets one column of cards narrow
    enough for its screen at full size (``columns=1, size=None, card_width=...``), so the
    labels stay readable: every card as wide, each line with its role counted in ``wrap``.
    """
    cards = [card for _aid, card in _cards(app, env, policy, wrap, card_width)]
    fit = f', size="{size}"' if size else ""
    lines = ["digraph ansvar {",
             '  graph [rankdir=TB, bgcolor="white", nodesep=0.25, ranksep=0.2, margin="0.1"'
             f'{fit}];',
             f'  node [shape=plain, fontname="Helvetica", fontsize={fontsize}];']
    for n, card in enumerate(cards):
        lines.append(f"  c{n} [label=<{card}>];")
    for n in range(columns, len(cards)):
        lines.append(f"  c{n - columns} -> c{n} [style=invis];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def responsibility_table(app: Sphinx, env: BuildEnvironment, policy: str, caption: str
                         ) -> nodes.table:
    roles = list(app.config.handbok_roles)
    q = query(env)
    counts = q.role_counts(policy)
    labels = {a["id"]: a["label"] for a in q.actors_of(policy)}
    rows = []
    for aid, counter in counts.items():
        if not sum(counter.values()):
            continue
        rows.append([labels.get(aid, aid), *(str(counter[r]) for r in roles),
                     str(sum(counter.values()))])
    return _table(caption, ["Aktör", *roles, "Totalt"], rows, ["handbok-responsibility-table"])


def resolve_responsibility_diagram(app: Sphinx, node: nodes.Element, fromdocname: str
                                   ) -> list[nodes.Node]:
    env = app.env
    q = query(env)
    policy = node.get("policy")
    pol = q.policy(policy)
    duties = [d for d in q.duties_of(policy) if d["assignments"]]
    if pol is None or not duties:
        text = "Det finns inga markerade uppgifter att visa i ett ansvarsdiagram."
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    narrow, pieces = None, None
    if app.builder.format == "latex":  # a tall diagram would shrink to unreadable on paper
        code = responsibility_cards_dot(app, env, policy)
    else:
        code = responsibility_dot(app, env, policy)
        if app.builder.format == "html":  # a phone gets one card per actor, at full size
            narrow = responsibility_cards_dot(app, env, policy, columns=1, wrap=34,
                                              fontsize=10, size=None, card_width=235)
            pieces = responsibility_print_pieces(app, env, policy)
    n_actors = sum(1 for c in q.role_counts(policy).values() if sum(c.values()))
    alt = (f"Diagram över vem som ansvarar för vad enligt {pol['title']}: {n_actors} aktörer "
           f"och {len(duties)} uppgifter. Pilarna går från aktören till uppgiften och är märkta "
           "med rollen. Samma uppgifter finns i ansvarsmatrisen och i tabellen under diagrammet.")
    gv = graphviz_node(app, code, alt, fromdocname, ["handbok-responsibility-diagram"],
                       narrow_code=narrow, print_pieces=pieces)
    caption = f"Vem ansvarar för vad: {pol['title']}"
    styles = "Linjerna visar rollen: " + ", ".join(
        f"{role} – {words}" for role, (_c, _s, words) in
        role_looks(app.config.handbok_roles).items()) + "."
    return [figure(gv, caption, ["handbok-responsibility-figure"]),
            nodes.paragraph(styles, styles, classes=["handbok-line-legend"]),
            responsibility_table(app, env, policy,
                                 f"Antal uppgifter per aktör och roll: {pol['municipality']}")]


def setup_charts(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(
        handbok_graphviz,
        html=(html_visit_handbok_graphviz, None),
        latex=(latex_visit_graphviz, None),
        texinfo=(texinfo_visit_graphviz, None),
        text=(text_visit_graphviz, None),
        man=(man_visit_graphviz, None),
    )
    app.add_directive("activity-chart", ActivityChartDirective)
    app.add_directive("responsibility-diagram", ResponsibilityDiagramDirective)
    register_policy_view("responsibility-diagram", "Ansvarsdiagrammet", "responsibility-diagram",
                         Subtype.NO_POLICY)
    register_view("activity-chart", resolve_activity_chart)
    register_view("responsibility-diagram", resolve_responsibility_diagram)
