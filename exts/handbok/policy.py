"""Policies and who is responsible for what.

- Front matter of a policy page -> a metadata header (and a banner for proposals).
- ``actor`` directive: a body or role that holds duties in the page's policy.
- ``duty`` role: marks the adopted wording that gives an actor a duty, with a role.
- ``method`` and ``goal`` directives: addressable parts of the policy text; each lists the
  case studies that serve it.
- ``responsibility-matrix`` and ``actor-duties`` directives: the aggregated views.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.logging import is_suppressed_warning

from . import frontmatter, lifecycle
from .domain import (
    DOMAIN,
    PolicyViewDirective,
    domain,
    note_ref,
    pending_handbok,
    pending_view,
    query,
    register_policy_view,
    register_view,
    subscribe,
    unknown_message,
)
from .fieldblock import FieldBlock
from .model import Query
from .records import ActorRecord, DutyRecord, PolicyRecord, TargetRecord
from .tables import Cell, data_table
from .util import ID_HELP, did_you_mean, link, split_comma, valid_id, warn
from .vocabulary import (
    ACTOR_KINDS,
    DEFAULT_ACTOR_KIND,
    MISSING,
    POLICY_FIELDS,
    POLICY_KINDS,
    POLICY_LINK_FIELDS,
    POLICY_STATUSES,
    REQUIRED_POLICY_FIELDS,
    SUGGESTION_MARK,
    UNKNOWN_BY_KIND,
    Priority,
    Subtype,
    Topic,
)

# --- policy metadata header ------------------------------------------------------------------

BANNERS = {
    "förslag": ("Förslag – inte antagen",
                "Texten är ett förslag. Den gäller inte förrän den har antagits."),
    "upphävd": ("Upphävd – gäller inte längre", "Texten är upphävd och visas bara som historik."),
}


def _meta_value(value: object) -> str:
    # An empty YAML value reaches the metadata as the JSON text "null".
    text = "" if value is None else str(value).strip()
    return "" if text in ("null", "~", '""', "''") else text


def read_policy_meta(app: Sphinx, doctree: nodes.document) -> None:
    """Turn a policy page's front matter (as MyST collected it) into a record and a header."""
    env = app.env
    docname = env.docname
    meta = env.metadata.get(docname, {})
    if "policy" not in meta:
        return
    fm = frontmatter.of_page(env, docname)

    def where(key: str) -> tuple[str, int]:
        return (docname, fm.line(key) if fm else 1)

    # The record as it is put together; stored as a PolicyRecord below.
    rec: dict[str, Any] = {key.replace("-", "_"): _meta_value(meta.get(key))
                           for key in POLICY_FIELDS}
    rec["id"] = _meta_value(meta.get("policy"))
    title = next(iter(doctree.findall(nodes.title)), None)
    rec["title"] = title.astext() if title is not None else docname
    rec["line"] = fm.lines.get("policy", 1) if fm else 1
    try:  # which of two pages with the same id was saved first (see model.policy_page_rank)
        rec["mtime"] = os.stat(env.doc2path(docname)).st_mtime_ns
    except OSError:
        rec["mtime"] = 0

    for key in REQUIRED_POLICY_FIELDS:
        if not _meta_value(meta.get(key)):
            warn(
                f"Fältet '{key}' saknas eller är tomt i sidhuvudet (front matter). "
                f"Lägg till raden '{key}: ...' mellan strecken '---' överst i filen.",
                Subtype.POLICY_META,
                where(key),
            )
    if rec["id"] and not valid_id(rec["id"]):
        warn(f"Policy-id '{rec['id']}' är ogiltigt. {ID_HELP}", Subtype.POLICY_META,
             where("policy"))
    if rec["status"] and rec["status"] not in POLICY_STATUSES:
        warn(
            f"Status '{rec['status']}' finns inte.{did_you_mean(rec['status'], POLICY_STATUSES)}"
            f" Välj en av: {', '.join(POLICY_STATUSES)}.",
            Subtype.POLICY_META,
            where("status"),
        )
    _check_lifecycle(rec, where)
    if rec["kind"] and rec["kind"] not in POLICY_KINDS:
        warn(
            f"Dokumenttypen '{rec['kind']}' finns inte. Välj en av: {', '.join(POLICY_KINDS)}.",
            Subtype.POLICY_META,
            where("kind"),
        )
    domain(env).put("policies", docname, rec)
    _insert_header(doctree, meta, cast(PolicyRecord, rec), docname)


#: Words that show an owner is a unit or a role, not a person.
UNIT_WORDS = re.compile(
    r"förvaltning|kontor|enhet|avdelning|nämnd|styrelse|stab|sekretariat|funktion|chef|"
    r"strateg|samordnare|handläggare|ansvarig|direktör|kommun|region|bolag|grupp|team|"
    r"ledning|råd|utskott|fullmäktige|beredning|redaktion|service|center|centrum",
    re.IGNORECASE)
PERSON_NAME = re.compile(r"^[A-ZÅÄÖÉ][a-zåäöéü]+(?:[- ][A-ZÅÄÖÉ][a-zåäöéü]+){1,3}$")


def looks_like_a_person(owner: str) -> bool:
    """"Anna Andersson" and e-mail addresses, not "Kommunstyrelsens förvaltning"."""
    if "@" in owner or re.search(r"\d{3}", owner):
        return True
    return bool(PERSON_NAME.match(owner.strip())) and not UNIT_WORDS.search(owner)


def _check_lifecycle(rec: dict[str, Any], where: Callable[[str], tuple[str, int]]) -> None:
    """Validity, review date and owner: readable, and dates kept for the derived status."""
    rec["valid_start"] = rec["valid_end"] = rec["review_date"] = ""
    try:
        start, end = lifecycle.parse_validity(rec["valid"])
        rec["valid_start"] = start.isoformat() if start else ""
        rec["valid_end"] = end.isoformat() if end else ""
    except ValueError:
        warn(f"Giltighetstiden '{rec['valid']}' kan inte läsas. {lifecycle.VALID_HELP}",
             Subtype.POLICY_META, where("valid"))
    try:
        review = lifecycle.parse_day(rec["review_by"])
        rec["review_date"] = review.isoformat() if review else ""
    except ValueError:
        warn(f"Datumet '{rec['review_by']}' i 'review-by' kan inte läsas. {lifecycle.DAY_HELP}",
             Subtype.POLICY_META, where("review-by"))
    if rec["owner"] and looks_like_a_person(rec["owner"]):
        warn(f"Ägaren '{rec['owner']}' ser ut som en person eller en kontaktuppgift. Skriv en "
             "enhet eller en roll, till exempel 'Kommunstyrelsens förvaltning' eller "
             "'Internationell strateg'. En person byter jobb, en enhet finns kvar.",
             Subtype.POLICY_OWNER, where("owner"))
    for key in POLICY_LINK_FIELDS:
        value = rec[key.replace("-", "_")]
        if value and not valid_id(value):
            warn(f"'{key}' ska vara ett styrdokuments id, till exempel huddinge, inte "
                 f"'{value}'. {ID_HELP}", Subtype.POLICY_META, where(key))
    rec["lines"] = {key: where(key)[1] for key in ("valid", "status", "municipality",
                                                   *POLICY_LINK_FIELDS)}
    try:
        adopted = lifecycle.parse_day(rec["adopted"])
    except ValueError:
        adopted = None
    if adopted and rec["review_date"] and rec["review_date"] < adopted.isoformat():
        warn(f"'review-by: {rec['review_by']}' ligger före 'adopted: {rec['adopted']}': "
             "dokumentet skulle ses över innan det antogs. Rätta ett av datumen (oftast är "
             "årtalet i review-by fel).", Subtype.POLICY_DATES, where("review-by"))


def _insert_header(doctree: nodes.document, meta: dict[str, Any], rec: PolicyRecord,
                   docname: str) -> None:
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    field_list = nodes.field_list(classes=["handbok-policy-meta-fields"])
    for key, label in POLICY_FIELDS.items():
        value = _meta_value(meta.get(key)) or MISSING
        body = nodes.paragraph("", "")
        if key == "status":
            # Derived from the dates when the page is written (issue 27): "utgången" once the
            # period has ended, whatever the front matter says.
            body += pending_handbok("", kind="policy-status", policy=rec["id"],
                                    docname=docname)
        elif value == MISSING:
            body += nodes.emphasis(value, value, classes=["handbok-missing"])
        else:
            body += nodes.Text(value)
        field_list += nodes.field(
            "", nodes.field_name(label, label), nodes.field_body("", body)
        )
    header = nodes.container(classes=["handbok-policy-meta", f"status-{rec['status'] or 'saknas'}"])
    notice = pending_handbok("", kind="lifecycle-notice", policy=rec["id"],
                             docname=docname)
    header += nodes.rubric("Om dokumentet", "Om dokumentet")
    header += field_list
    children: list[nodes.Node] = [notice, header]
    if rec["status"] in BANNERS:
        title, text = BANNERS[rec["status"]]
        banner = nodes.admonition(classes=["warning", "handbok-status-banner"])
        banner += nodes.title(title, title)
        banner += nodes.paragraph(text, text)
        children.insert(0, banner)
    pos = 1 if section.children and isinstance(section[0], nodes.title) else 0
    section[pos:pos] = children


def resolve_policy_status(app: Sphinx, node: nodes.Element, fromdocname: str
                          ) -> list[nodes.Node]:
    """The status field of "Om dokumentet": the status derived from the dates."""
    q = query(app.env)
    pol = q.policy(node["policy"])
    if pol is None:
        return []
    word = lifecycle.status_word(lifecycle.status_for(q, pol, app.config))
    return [nodes.Text(word)]


def resolve_lifecycle_notice(app: Sphinx, node: nodes.Element, fromdocname: str
                             ) -> list[nodes.Node]:
    q = query(app.env)
    pol = q.policy(node["policy"])
    if pol is None or pol["docname"] != node["docname"]:
        return []
    status = lifecycle.status_for(q, pol, app.config)
    return lifecycle.notice_nodes(status, lifecycle.is_html(app))


# --- actors, methods, goals ------------------------------------------------------------------


class _DefinitionDirective(FieldBlock):
    """Shared shape: one id argument and a required ``:label:``."""

    required_arguments = 1
    option_spec = {"label": directives.unchanged}
    noun = ""

    def check_id(self) -> str | None:
        ident = self.arguments[0].strip()
        if not valid_id(ident):
            warn(f"{self.noun} '{ident}' har ett ogiltigt id. {ID_HELP}", Subtype.BAD_ID,
                 self.get_location())
            return None
        label = self.options.get("label", "").strip()
        if not label:
            warn(
                f"{self.noun} '{ident}' saknar ':label:'. Lägg till en kort rubrik, "
                "till exempel ':label: Nätverk och konferenser'.",
                Subtype.MISSING_FIELD,
                self.get_location(),
            )
        self.label = label or ident
        return ident


class ActorDirective(_DefinitionDirective):
    """Define an actor of the page's policy: ``{actor} kommunstyrelsen`` with ``:label:`` and
    the kind of body it is, ``:kind: kommunstyrelse`` (see ``ACTOR_KINDS``)."""

    noun = "Aktören"
    option_spec = {"label": directives.unchanged, "kind": directives.unchanged}

    def _option_line(self, name: str) -> int:
        """The source line of an option, else the directive's own line."""
        for offset, row in enumerate(self.block_text.splitlines()):
            if row.strip().startswith(f":{name}:"):
                return self.lineno + offset
        return self.lineno

    def run(self) -> list[nodes.Node]:
        ident = self.check_id()
        if ident is None:
            return []
        kind = " ".join(self.options.get("kind", "").split()).lower()
        if kind and kind not in ACTOR_KINDS:
            close = difflib.get_close_matches(kind, list(ACTOR_KINDS), n=1, cutoff=0.6)
            hint = f" Menade du '{close[0]}'?" if close else ""
            warn(f"Aktören '{ident}' har typen ':kind: {kind}', som inte finns.{hint} Välj en "
                 f"av: {', '.join(ACTOR_KINDS)}. Skriv annan om ingen passar.",
                 Subtype.ACTOR_KIND, (self.env.docname, self._option_line("kind")))
            kind = DEFAULT_ACTOR_KIND
        actors = domain(self.env).records("actors", self.env.docname, {})
        if ident in actors:
            warn(f"Aktören '{ident}' är redan definierad på sidan.", Subtype.DUPLICATE_ID,
                 self.get_location())
            return []
        anchor = f"actor-{ident}"
        actors[ident] = {"id": ident, "label": self.label, "policy": None, "kind": kind,
                         "anchor": anchor, "line": self.lineno}
        return [nodes.target("", "", ids=[anchor])]


class TargetDirective(_DefinitionDirective):
    """Wrap the adopted wording of a method or goal; appends the cases that serve it."""

    has_content = True
    kind = "method"
    noun = "Metoden"

    def run(self) -> list[nodes.Node]:
        self.recover_fields()  # a ':label:' after a blank line is still the label (issue 25)
        ident = self.check_id()
        container = nodes.container(classes=[f"handbok-{self.kind}"])
        if ident is None:
            self.state.nested_parse(self.content, self.content_offset, container)
            return [container]
        targets = domain(self.env).records("targets", self.env.docname, {})
        if ident in targets:
            warn(f"Id '{ident}' används redan på sidan.", Subtype.DUPLICATE_ID,
                 self.get_location())
        else:
            targets[ident] = {
                "id": ident, "kind": self.kind, "label": self.label, "policy": None,
                "anchor": ident, "line": self.lineno, "text": "\n".join(self.content).strip(),
            }
        container += nodes.target("", "", ids=[ident])
        self.state.nested_parse(self.content, self.content_offset, container)
        container += pending_view("target-cases", self.env, target=ident)
        subscribe(self.env, self.env.docname, Topic.case_target(self.kind, ident))
        return [container]


class GoalDirective(TargetDirective):
    kind = "goal"
    noun = "Målet"


# --- duties ------------------------------------------------------------------------------------

DUTY_RE = re.compile(r"^(?P<text>.*\S)\s*<(?P<spec>[^<>]*)>\s*$", re.DOTALL)


class DutyRole(SphinxRole):
    """``{duty}`adopted wording <actor:role, actor:role>``` marks who must do what."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        match = DUTY_RE.match(self.text)
        location = self.get_location()
        if not match:
            warn(
                "Uppgiften saknar aktör och roll. Skriv så här: "
                "{duty}`text ur policyn <aktör:roll>`, till exempel <kommunstyrelsen:samordnar>.",
                Subtype.BAD_DUTY,
                location,
            )
            return [nodes.inline(self.text, self.text)], []
        text = " ".join(match.group("text").split())
        roles = self.config.handbok_roles
        assignments = []
        for part in split_comma(match.group("spec")):
            actor, _, role = (p.strip() for p in part.partition(":"))
            if not actor or not role:
                warn(f"'{part}' ska skrivas som aktör:roll, till exempel kommunstyrelsen:ansvarar.",
                     Subtype.BAD_DUTY, location)
                continue
            if role not in roles:
                warn(f"Rollen '{role}' finns inte.{did_you_mean(role, roles)} "
                     f"Välj en av: {', '.join(roles)}.",
                     Subtype.UNKNOWN_ROLE, location)
                continue
            assignments.append([actor, role])
        duties = domain(self.env).records("duties", self.env.docname, [])
        anchor = f"duty-{len(duties) + 1}"
        duties.append({"policy": None, "text": text, "anchor": anchor,
                       "line": self.lineno, "assignments": assignments})
        return [nodes.target("", "", ids=[anchor]),
                nodes.inline(text, text, classes=["handbok-duty"])], []


# --- responsibility matrix and per-actor view -------------------------------------------------


class MatrixDirective(PolicyViewDirective):
    """``{responsibility-matrix}`` [policy-id]: duties as rows, actors as columns."""

    kind = "matrix"


def role_legend(roles: dict[str, str]) -> nodes.definition_list:
    legend = nodes.definition_list(classes=["handbok-role-legend"])
    for role, meaning in roles.items():
        legend += nodes.definition_list_item(
            "", nodes.term(role, role), nodes.definition("", nodes.paragraph(meaning, meaning)))
    return legend


def role_abbreviations(roles: Iterable[str]) -> dict[str, str]:
    """role -> its shortest unique prefix, capitalised: beslutar B, samordnar Sa, stödjer St."""
    roles = list(roles)
    result: dict[str, str] = {}
    for role in roles:
        for size in range(1, len(role) + 1):
            prefix = role[:size]
            if not any(other != role and other.startswith(prefix) for other in roles):
                result[role] = prefix.capitalize()
                break
        else:
            result[role] = role.capitalize()
    return result


def _mark(app: Sphinx, fromdocname: str, duty: DutyRecord, roles: list[str],
          abbr: dict[str, str], actor_label: str) -> nodes.Element:
    """A matrix cell: the role, linked to the sentence that gives the duty.

    On a web page the cell shows the role's short form (the legend under the table explains
    it) and keeps the full role and actor for screen readers; other builders show the word.
    """
    words = ", ".join(roles)
    if app.builder.format != "html":
        return link(app, fromdocname, duty["docname"], duty["anchor"], words)
    short = ", ".join(abbr.get(role, role) for role in roles)
    content = nodes.inline("", "", classes=["handbok-mark"])
    content += nodes.inline(short, short, classes=["handbok-mark-short"])
    hidden = f"{actor_label}: {words}"
    content += nodes.inline(hidden, hidden, classes=["handbok-visually-hidden"])
    return link(app, fromdocname, duty["docname"], duty["anchor"], content)


def _matrix_by_duty(app: Sphinx, fromdocname: str, caption: str, duties: list[DutyRecord],
                    labels: dict[str, str]) -> nodes.container:
    """The matrix for a narrow screen: duty by duty, each with its actors and their roles."""
    box = nodes.container(classes=["handbok-matrix-by-duty"])
    box += nodes.paragraph(caption, caption, classes=["handbok-matrix-by-duty-title"])
    items = nodes.bullet_list(classes=["handbok-matrix-duties"])
    for duty in duties:
        item = nodes.list_item()
        para = nodes.paragraph(classes=["handbok-matrix-duty"])
        para += link(app, fromdocname, duty["docname"], duty["anchor"], duty["text"])
        item += para
        marks = nodes.bullet_list(classes=["handbok-matrix-marks"])
        for actor, role in duty["assignments"]:
            label = labels.get(actor, actor)
            ref = nodes.inline("", "")
            ref += nodes.inline(label, label)
            ref += nodes.Text(": ")
            ref += nodes.strong(role, role)
            marks += nodes.list_item("", nodes.paragraph(
                "", "", link(app, fromdocname, duty["docname"], duty["anchor"], ref)))
        item += marks
        items += item
    box += items
    return box


def resolve_matrix(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    q = query(app.env)
    policy = node.get("policy")
    pol = q.policy(policy)
    duties = q.duties_of(policy)
    if pol is None or not duties:
        text = ("Inga uppgifter är markerade ännu. Ansvarsmatrisen visas när texten har "
                "markerade uppgifter." if pol is not None else
                "Det finns inga markerade uppgifter att visa i en ansvarsmatris.")
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    shown = q.actors_with_duties(policy)
    unused = [a for a in q.actors_of(policy) if a not in shown]
    abbr = role_abbreviations(app.config.handbok_roles)
    html = app.builder.format == "html"

    headers: list[Cell] = ["Uppgift"] + [link(app, fromdocname, actor["docname"],
                                               actor["anchor"], actor["label"])
                                          for actor in shown]
    rows: list[list[Cell]] = []
    for duty in duties:
        roles: dict[str, list[str]] = {}
        for actor, role in duty["assignments"]:
            roles.setdefault(actor, []).append(role)
        rows.append([link(app, fromdocname, duty["docname"], duty["anchor"], duty["text"])]
                    + [_mark(app, fromdocname, duty, roles[actor["id"]], abbr, actor["label"])
                       if actor["id"] in roles else None for actor in shown])
    caption = f"Ansvarsmatris: {pol['title']}"
    table = data_table(caption, headers, rows,
                       classes=["handbok-matrix"], ident=f"ansvarsmatris-{policy}",
                       widths=[40] + [12] * len(shown))
    legend_roles = ({f"{abbr[role]} = {role}": meaning
                     for role, meaning in app.config.handbok_roles.items()}
                    if html else app.config.handbok_roles)
    result: list[nodes.Node] = [table]
    if html:
        labels = {a["id"]: a["label"] for a in q.actors_of(policy)}
        result.append(_matrix_by_duty(app, fromdocname, caption, duties, labels))
    result.append(role_legend(legend_roles))
    if unused:
        names = ", ".join(a["label"] for a in unused)
        text = f"Aktörer som nämns men saknar egna markerade uppgifter: {names}."
        result.append(nodes.paragraph(text, text))
    return result


class ActorDutiesDirective(SphinxDirective):
    """``{actor-duties} actor-id``: everything one actor answers for, across policies."""

    required_arguments = 1
    option_spec = {"policy": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        actor = self.arguments[0].strip()
        policy = self.options.get("policy", "").strip()
        subscribe(self.env, self.env.docname, Topic.actor(actor), Topic.policies())
        note_ref(self.env, self.env.docname, "actor-duties",
                 f"{policy}:{actor}" if policy else actor, self.lineno)
        return [pending_view("actor-duties", self.env, actor=actor, policy=policy)]


def _strength(order: list[str], duty: DutyRecord, actor: str) -> int:
    """The position of the actor's strongest role in this duty in the role scheme."""
    mine = [r for a, r in duty["assignments"] if a == actor]
    return min((order.index(r) for r in mine if r in order), default=len(order))


def _actor_block(app: Sphinx, q: Query, pol: PolicyRecord, rec: ActorRecord, fromdocname: str
                 ) -> list[nodes.Node]:
    """One actor of one policy: who, according to which policy, and its duties."""
    actor = rec["id"]
    order = list(app.config.handbok_roles)
    # The strongest role first (the order of handbok_roles), then the order of the text.
    duties = sorted(q.duties_of(pol["id"], actor), key=lambda d: _strength(order, d, actor))
    intro = nodes.paragraph()
    intro += nodes.strong(rec["label"], rec["label"])
    intro += nodes.Text(" enligt ")
    intro += link(app, fromdocname, pol["docname"], "", pol["title"])
    intro += nodes.Text(f" ({pol['municipality']}):")
    status = lifecycle.status_for(q, pol, app.config)
    items = nodes.bullet_list(classes=["handbok-actor-duties"])
    for duty in duties:
        roles = ", ".join(r for a, r in duty["assignments"] if a == actor)
        para = nodes.paragraph()
        para += nodes.strong(roles, roles)
        para += nodes.Text(" – ")
        para += link(app, fromdocname, duty["docname"], duty["anchor"], duty["text"])
        items += nodes.list_item("", para)
    return [intro, *lifecycle.notice_nodes(status, lifecycle.is_html(app), compact=True), items]


def resolve_actor_duties(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    q = query(app.env)
    actor, only = node["actor"], node.get("policy")
    result: list[nodes.Node] = []
    for pol in q.policies_sorted():
        if only and pol["id"] != only:
            continue
        rec = q.actor(pol["id"], actor)
        if rec is None or not q.duties_of(pol["id"], actor):
            continue
        result += _actor_block(app, q, pol, rec, fromdocname)
    if not result:
        text = "Inga markerade uppgifter hittades för den här aktören."
        result.append(nodes.paragraph(text, text, classes=["handbok-empty"]))
    return result


# --- suggestions of make import-policy ----------------------------------------------------


def report_suggestions(app: Sphinx, doctree: nodes.document) -> None:
    """A located warning for every ``% FÖRSLAG`` comment line that nobody has reviewed.

    MyST joins neighbouring comment lines into one comment node; its lines are found again in
    the source, in order, so each warning points at its own line.
    """
    env = app.env
    marked = [line.strip() for comment in doctree.findall(nodes.comment)
              for line in comment.astext().splitlines()
              if line.strip().startswith(SUGGESTION_MARK)]
    if not marked:
        return
    try:
        source = env.doc2path(env.docname).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        source = []
    numbered = [(n, line.strip()[1:].strip()) for n, line in enumerate(source, 1)
                if line.strip().startswith("%")]
    for text in marked:
        hit = next((i for i, (_n, found) in enumerate(numbered) if found == text), None)
        line = numbered.pop(hit)[0] if hit is not None else 1
        what = text[len(SUGGESTION_MARK):].lstrip(" :").rstrip(" .")
        warn(f"Förslaget från importen är inte granskat: {what}. Kontrollera förslaget mot det "
             "antagna dokumentet och rätta det om det behövs. Ta sedan bort raden som börjar "
             f"med '% {SUGGESTION_MARK}'.", Subtype.SUGGESTION, (env.docname, line))


class ActorOverviewDirective(SphinxDirective):
    """``{actor-overview}``: every actor of every policy with its duties, grouped by the kind
    of body (``:kind:`` of the actor), each under its own policy's label."""

    def run(self) -> list[nodes.Node]:
        subscribe(self.env, self.env.docname, Topic.actors(), Topic.duties(), Topic.policies())
        return [pending_view("actor-overview", self.env, self.lineno)]


def resolve_actor_overview(app: Sphinx, node: nodes.Element, fromdocname: str
                           ) -> list[nodes.Node]:
    q = query(app.env)
    groups: dict[str, list[tuple[PolicyRecord, ActorRecord]]] = {kind: [] for kind in ACTOR_KINDS}
    for pol in q.policies_sorted():
        for rec in q.actors_with_duties(pol["id"]):
            groups[rec.get("kind") or DEFAULT_ACTOR_KIND].append((pol, rec))
    result: list[nodes.Node] = []
    for kind, found in groups.items():
        if not found:
            continue
        title = ACTOR_KINDS[kind]
        section = nodes.section(ids=[f"aktorer-{nodes.make_id(kind)}"],
                                classes=["handbok-actor-kind"])
        section += nodes.title(title, title)
        for pol, rec in found:
            section += _actor_block(app, q, pol, rec, fromdocname)
        result.append(section)
    if not result:
        text = "Inga markerade uppgifter hittades."
        result.append(nodes.paragraph(text, text, classes=["handbok-empty"]))
    return result


# --- consistency ------------------------------------------------------------------------------


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    dom = domain(env)
    q = dom.query
    # A policy id on a second page: the copy is named, the original keeps the links.
    policies: dict[str, PolicyRecord] = dom.data["policies"]
    for docname in q.copies:
        rec = policies[docname]
        original = q.original[rec["id"]]
        warn(f"Policy-id '{rec['id']}' används redan i {original}. Den här sidan ser ut att "
             f"vara en kopia. Ge den ett eget id på raden 'policy:' och egna id för metoder, "
             f"mål och aktörer, till exempel {_folder(docname)}-metod-1. Tills dess visas "
             f"inget från den här sidan i listor och jämförelser, och länkar till "
             f"'{rec['id']}' går till {original}.", Subtype.DUPLICATE_ID,
             (docname, rec["line"]))
    copies = set(q.copies)
    seen_target: dict[str, str] = {}
    targets: dict[str, dict[str, TargetRecord]] = dom.data["targets"]
    for docname in sorted(targets, key=lambda d: (d in copies, d)):
        for tid, target in targets[docname].items():
            if tid in seen_target and docname not in copies:
                warn(f"Id '{tid}' används också i {seen_target[tid]}. Välj ett annat id.",
                     Subtype.DUPLICATE_ID, (docname, target["line"]))
            seen_target.setdefault(tid, docname)
    seen_actor: dict[tuple[str | None, str], str] = {}
    actors: dict[str, dict[str, ActorRecord]] = dom.data["actors"]
    for docname in sorted(actors, key=lambda d: (d in copies, d)):
        for aid, actor_rec in actors[docname].items():
            key = (actor_rec["policy"], aid)
            if key in seen_actor and seen_actor[key] != docname and docname not in copies:
                warn(f"Aktören '{aid}' är redan definierad i {seen_actor[key]}.",
                     Subtype.DUPLICATE_ID, (docname, actor_rec["line"]))
            seen_actor.setdefault(key, docname)
    _check_policy_lifecycle(app, q)
    # Duties name actors their own policy defines.
    duties: dict[str, list[DutyRecord]] = dom.data["duties"]
    for docname in sorted(duties):
        for duty in duties[docname]:
            for actor, _role in duty["assignments"]:
                if duty["policy"] and q.actor(duty["policy"], actor) is None:
                    known = ", ".join(a["id"] for a in q.actors_of(duty["policy"]))
                    warn(f"Uppgiften nämner aktören '{actor}' som policyn '{duty['policy']}' "
                         f"inte definierar. Kända aktörer: {known or 'inga'}. Rätta stavningen "
                         f"eller definiera aktören med :::{{actor}} {actor}.",
                         Subtype.DUTY_ACTOR, (docname, duty["line"]))
    # Ids given in options exist.
    refs: dict[str, list[list[Any]]] = dom.data["refs"]
    for docname in sorted(refs):
        for kind, target, line in refs[docname]:
            _check_ref(q, kind, target, (docname, line))


def _folder(docname: str) -> str:
    parts = docname.split("/")
    return parts[-2] if len(parts) > 1 else parts[-1]


def _check_policy_lifecycle(app: Sphinx, q: Query) -> None:
    """A gällande policy whose period has ended; replaces / replaced-by name known policies."""
    today = lifecycle.build_day(app.config)
    for pol in q.policies.values():
        lines = pol.get("lines", {})
        for key in POLICY_LINK_FIELDS:
            value = str(pol.get(key.replace("-", "_")) or "")
            if value and valid_id(value) and value not in q.policies:
                warn(f"'{key}: {value}' nämner ett styrdokument som inte finns i handboken. "
                     f"Kända id: {', '.join(sorted(q.policies))}. Lämna fältet tomt om "
                     "dokumentet inte finns här.", Subtype.UNKNOWN_POLICY,
                     (pol["docname"], lines.get(key, pol["line"])))
        _check_policy_links_and_name(q, pol, lines)
        end = pol.get("valid_end")
        # The Swedish date (Babel's locale data) only for a warning that is shown (issue 30).
        if (pol["status"] == "gällande" and end and dt.date.fromisoformat(end) < today
                and not is_suppressed_warning("handbok", Subtype.POLICY_EXPIRED.value,
                                              app.config.suppress_warnings)):
            warn(f"Styrdokumentet har status gällande, men giltighetstiden ({pol['valid']}) "
                 f"gick ut den {lifecycle.day_label(dt.date.fromisoformat(end))}. Sidan visar "
                 "det för läsarna. Fråga ägaren om dokumentet har förlängts, ersatts eller "
                 "upphävts, och ändra 'valid', 'replaced-by' eller 'status'. Varningen kan "
                 "stängas av med suppress_warnings = [\"handbok.policy-expired\"] i conf.py.",
                 Subtype.POLICY_EXPIRED, (pol["docname"], lines.get("valid", pol["line"])))


def _check_policy_links_and_name(q: Query, pol: PolicyRecord, lines: dict[str, int]) -> None:
    """Issue 25: a policy that replaces itself or is part of a circle of replacements, and
    a municipality spelt otherwise than in its other policies."""
    for key in POLICY_LINK_FIELDS:
        value = str(pol.get(key.replace("-", "_")) or "")
        if not value:
            continue
        where = (pol["docname"], lines.get(key, pol["line"]))
        if value == pol["id"]:
            warn(f"'{key}: {value}' pekar på styrdokumentet självt. Skriv id:t för det andra "
                 "dokumentet, eller ta bort raden.", Subtype.POLICY_LINK, where)
            continue
        chain, current = [pol["id"]], value
        while current in q.policies and current not in chain:
            chain.append(current)
            nxt = str(q.policies[current].get(key.replace("-", "_")) or "")
            if not nxt:
                break
            current = nxt
        if current == pol["id"] and len(chain) > 1:
            circle = " → ".join([*chain, pol["id"]])
            warn(f"'{key}' bildar en cirkel: {circle}. Ett dokument kan inte ersätta ett "
                 f"dokument som i sin tur ersätter det. Rätta '{key}' i ett av dem.",
                 Subtype.POLICY_LINK, where)
    name = pol.get("municipality", "")
    one = q.municipality_name(name)
    if name and one != name:
        others = sorted(p["docname"] for p in q.policies.values() if p["municipality"] == one)
        warn(f"Kommunen stavas '{name}' här men '{one}' i {', '.join(others)}. Skriv kommunens "
             f"namn på samma sätt i alla styrdokument: '{one}'. Handboken använder '{one}'.",
             Subtype.MUNICIPALITY_NAME, (pol["docname"], lines.get("municipality", pol["line"])))


def _check_ref(q: Query, kind: str, target: str, location: tuple[str, int | None]) -> None:
    if kind == "matrix":
        if target not in q.policies:
            warn(f"Ansvarsmatrisen gäller policyn '{target}', som inte finns. "
                 f"Kända policyer: {', '.join(sorted(q.policies)) or 'inga'}.",
                 Subtype.UNKNOWN_POLICY, location)
        elif not q.duties_of(target) and q.policies[target].get("status") != "förslag":
            # A draft (status förslag, as make import-policy writes it) may have none yet.
            warn(f"Ansvarsmatrisen för '{target}' är tom: policyn har inga markerade uppgifter. "
                 "Markera uppgifter med {duty}`text <aktör:roll>`.", Subtype.EMPTY_MATRIX,
                 location)
        return
    if kind == "actor-duties":
        policy, _, actor = target.rpartition(":")
        if not any(a == actor and (not policy or p == policy) for (p, a) in q.actors):
            warn(f"Aktören '{actor}' finns inte i någon policy. Använd id:t från "
                 "policyns :::{actor}-rad, till exempel kommunstyrelsen.", Subtype.UNKNOWN_ACTOR,
                 location)
        return
    if q.lookup(kind, target) is None:
        warn(unknown_message(q, kind, target), UNKNOWN_BY_KIND[kind], location)


def _static_path(app: Sphinx, config: Config) -> None:
    """The extension's own static folder, so the script is copied with the theme's files."""
    static = str(Path(__file__).parent / "static")
    if static not in config.html_static_path:
        config.html_static_path.append(static)


def _add_script(app: Sphinx) -> None:
    """The local script that shows a notice once its date has passed (HTML only)."""
    if getattr(app.builder, "format", "") == "html":
        app.add_js_file(lifecycle.SCRIPT)


def setup_policy(app: Sphinx) -> None:
    app.connect("config-inited", _static_path)
    app.connect("builder-inited", _add_script)
    app.add_directive("actor", ActorDirective)
    app.add_directive("method", TargetDirective)
    app.add_directive("goal", GoalDirective)
    app.add_directive("responsibility-matrix", MatrixDirective)
    app.add_directive("actor-duties", ActorDutiesDirective)
    app.add_directive("actor-overview", ActorOverviewDirective)
    app.add_role_to_domain(DOMAIN, "duty", DutyRole())
    register_policy_view("matrix", "Ansvarsmatrisen", "responsibility-matrix",
                         Subtype.EMPTY_MATRIX)
    # After Sphinx's own collectors (metadata, titles) have read the page.
    app.connect("doctree-read", read_policy_meta, priority=Priority.POLICY_META)
    app.connect("env-check-consistency", check_consistency)
    app.connect("doctree-read", report_suggestions)
    register_view("matrix", resolve_matrix)
    register_view("lifecycle-notice", resolve_lifecycle_notice)
    register_view("policy-status", resolve_policy_status)
    register_view("actor-duties", resolve_actor_duties)
    register_view("actor-overview", resolve_actor_overview)
