"""The policies' life cycle for readers and for the editorial team.

- ``policy-list`` directive: every policy in the handbook with its municipality, validity and
  the status a reader sees today (with the notice of a policy whose period or review date has
  passed). A new municipality's policy appears as soon as its page is added.
- ``policy-review`` directive: the editorial team's overview "Styrdokument att se över": every
  policy with status, validity, review date, owner and what is missing, most urgent first.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import lifecycle
from .domain import pending_view, query, register_view, subscribe
from .records import PolicyRecord
from .tables import Cell, data_table
from .util import link
from .vocabulary import LISTING_OWN, MISSING, Topic


class PolicyListDirective(SphinxDirective):
    """``{policy-list}``: the policies with their status today."""

    def run(self) -> list[nodes.Node]:
        subscribe(self.env, self.env.docname, Topic.policies(), Topic.policy_status())
        return [pending_view("policy-list", self.env, self.lineno)]


class PolicyReviewDirective(SphinxDirective):
    """``{policy-review}``: the overview for the editorial team, most urgent first."""

    def run(self) -> list[nodes.Node]:
        subscribe(self.env, self.env.docname, Topic.policies(), Topic.policy_status())
        return [pending_view("policy-review", self.env, self.lineno)]


def _ordered(app: Sphinx) -> list[tuple[PolicyRecord, lifecycle.Status]]:
    q = query(app.env)
    found = [(pol, lifecycle.status_for(q, pol, app.config)) for pol in q.policies_sorted()]
    return sorted(found, key=lambda item: item[1].urgency)


def resolve_policy_list(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    q = query(app.env)
    html = lifecycle.is_html(app)
    items = nodes.bullet_list(classes=["handbok-policy-list"])
    for pol in q.policies_sorted():
        status = lifecycle.status_for(q, pol, app.config)
        para = nodes.paragraph()
        para += link(app, fromdocname, pol["docname"], "", pol["title"])
        facts = [pol["municipality"], f"giltighetstid {pol['valid'] or MISSING}",
                 f"status: {lifecycle.status_word(status)}"]
        para += nodes.Text(f" ({', '.join(facts)})")
        item = nodes.list_item("", para, classes=[f"handbok-state-{status.state}", LISTING_OWN])
        item += lifecycle.notice_nodes(status, html, compact=True)
        items += item
    if not items.children:
        text = "Det finns inga styrdokument i handboken ännu."
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    return [items]


def resolve_policy_review(app: Sphinx, node: nodes.Element, fromdocname: str
                          ) -> list[nodes.Node]:
    day = lifecycle.build_day(app.config)
    rows: list[list[Cell]] = []
    for pol, status in _ordered(app):
        state = status.label
        if status.since:
            state += f" (sedan {lifecycle.day_label(status.since)})"
        rows.append([
            [link(app, fromdocname, pol["docname"], "", pol["title"]),
             nodes.Text(f" ({pol['municipality']})")],
            state,
            pol["valid"] or MISSING,
            pol.get("review_by") or MISSING,
            pol.get("owner") or MISSING,
            ", ".join(lifecycle.missing_labels(status)) or "inget",
        ])
    if not rows:
        text = "Det finns inga styrdokument i handboken ännu."
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    intro = (f"Läget räknades fram den {lifecycle.day_label(day)}, när sidan byggdes. Det "
             "brådskande står först: dokument vars giltighetstid har gått ut, sedan de som "
             "ska ses över och sist de som saknar uppgifter.")
    table = data_table("Styrdokument att se över",
                       ["Styrdokument", "Läge", "Giltighetstid", "Ska ses över senast", "Ägare",
                        "Uppgifter som saknas"], rows,
                       classes=["handbok-policy-review"], ident="styrdokument-att-se-over",
                       widths=[24, 18, 12, 12, 14, 20])
    return [nodes.paragraph(intro, intro), table]


def setup_review(app: Sphinx) -> None:
    app.add_directive("policy-list", PolicyListDirective)
    app.add_directive("policy-review", PolicyReviewDirective)
    register_view("policy-list", resolve_policy_list)
    register_view("policy-review", resolve_policy_review)
