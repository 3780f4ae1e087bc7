"""Policies and who is responsible for what.

- Front matter of a policy page -> a metadata header (and a banner for proposals).
- ``actor`` directive: a body or role that holds duties in the page's policy.
- ``duty`` role: marks the adopted wording that gives an actor a duty, with a role.
- ``method`` and ``goal`` directives: addressable parts of the policy text; each lists the
  case studies that serve it.
- ``method``, ``goal``, ``actor`` and ``case`` roles: cite any of these from any page.
- ``responsibility-matrix`` and ``actor-duties`` directives: the aggregated views.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import make_refnode

from .config import POLICY_KINDS, POLICY_STATUSES
from .model import (
    data,
    index,
    note_ref,
    pending_handbok,
    pending_handbok_inline,
    register_resolver,
    subscribe,
)
from .tables import data_table
from .util import ID_HELP, valid_id, warn

# --- policy metadata header ------------------------------------------------------------------

#: front matter key -> label in the header. Keys absent from the text stay empty.
META_FIELDS = {
    "municipality": "Kommun",
    "kind": "Typ av dokument",
    "valid": "Giltighetstid",
    "decided-by": "Beslutande organ",
    "adopted": "Antagen",
    "diarienummer": "Diarienummer",
    "version": "Version",
    "status": "Status",
}
REQUIRED_META = ("policy", "municipality", "kind", "version", "status")
MISSING = "uppgift saknas"
BANNERS = {
    "förslag": ("Förslag – inte antagen",
                "Texten är ett förslag. Den gäller inte förrän den har antagits."),
    "upphävd": ("Upphävd – gäller inte längre", "Texten är upphävd och visas bara som historik."),
}


def _front_matter_lines(env: BuildEnvironment, docname: str) -> dict[str, int]:
    """Line number of each top-level front matter key, for located warnings."""
    lines: dict[str, int] = {}
    try:
        text = Path(env.doc2path(docname)).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return lines
    if not text.startswith("---"):
        return lines
    for lineno, line in enumerate(text.splitlines()[1:], start=2):
        if line.strip() == "---":
            break
        match = re.match(r"^([A-Za-z0-9_-]+)\s*:", line)
        if match:
            lines.setdefault(match.group(1), lineno)
    return lines


def _meta_value(value) -> str:
    # An empty YAML value reaches the metadata as the JSON text "null".
    text = "" if value is None else str(value).strip()
    return "" if text in ("null", "~", '""', "''") else text


def read_policy_meta(app: Sphinx, doctree: nodes.document) -> None:
    """Turn a policy page's front matter into a record and a visible header."""
    env = app.env
    docname = env.docname
    meta = env.metadata.get(docname, {})
    if "policy" not in meta:
        return
    lines = _front_matter_lines(env, docname)

    def where(key: str) -> tuple[str, int]:
        return (docname, lines.get(key, 1))

    rec = {key.replace("-", "_"): _meta_value(meta.get(key)) for key in META_FIELDS}
    rec["id"] = _meta_value(meta.get("policy"))
    title = next(iter(doctree.findall(nodes.title)), None)
    rec["title"] = title.astext() if title is not None else docname
    rec["line"] = lines.get("policy", 1)

    for key in REQUIRED_META:
        if not _meta_value(meta.get(key)):
            warn(
                f"Fältet '{key}' saknas eller är tomt i sidhuvudet (front matter). "
                f"Lägg till raden '{key}: ...' mellan strecken '---' överst i filen.",
                "policy-meta",
                where(key),
            )
    if rec["id"] and not valid_id(rec["id"]):
        warn(f"Policy-id '{rec['id']}' är ogiltigt. {ID_HELP}", "policy-meta", where("policy"))
    if rec["status"] and rec["status"] not in POLICY_STATUSES:
        warn(
            f"Status '{rec['status']}' finns inte. Välj en av: {', '.join(POLICY_STATUSES)}.",
            "policy-meta",
            where("status"),
        )
    if rec["kind"] and rec["kind"] not in POLICY_KINDS:
        warn(
            f"Dokumenttypen '{rec['kind']}' finns inte. Välj en av: {', '.join(POLICY_KINDS)}.",
            "policy-meta",
            where("kind"),
        )
    data(env)["policies"][docname] = rec
    _insert_header(doctree, meta, rec)


def _insert_header(doctree: nodes.document, meta: dict, rec: dict) -> None:
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    field_list = nodes.field_list(classes=["handbok-policy-meta-fields"])
    for key, label in META_FIELDS.items():
        value = _meta_value(meta.get(key)) or MISSING
        body = nodes.paragraph("", "")
        if value == MISSING:
            body += nodes.emphasis(value, value, classes=["handbok-missing"])
        else:
            body += nodes.Text(value)
        field_list += nodes.field(
            "", nodes.field_name(label, label), nodes.field_body("", body)
        )
    header = nodes.container(classes=["handbok-policy-meta", f"status-{rec['status'] or 'saknas'}"])
    header += nodes.rubric("Om dokumentet", "Om dokumentet")
    header += field_list
    children = [header]
    if rec["status"] in BANNERS:
        title, text = BANNERS[rec["status"]]
        banner = nodes.admonition(classes=["warning", "handbok-status-banner"])
        banner += nodes.title(title, title)
        banner += nodes.paragraph(text, text)
        children.insert(0, banner)
    pos = 1 if section.children and isinstance(section[0], nodes.title) else 0
    section[pos:pos] = children


def page_policy(env: BuildEnvironment, docname: str) -> str | None:
    rec = data(env)["policies"].get(docname)
    return rec["id"] if rec else None


def assign_page_policy(app: Sphinx, doctree: nodes.document) -> None:
    """Actors, duties and targets belong to the policy of the page that defines them."""
    env = app.env
    docname = env.docname
    store = data(env)
    policy = page_policy(env, docname)
    defined = [
        *(("actor", rec) for rec in store["actors"].get(docname, {}).values()),
        *(("duty", rec) for rec in store["duties"].get(docname, [])),
        *(("target", rec) for rec in store["targets"].get(docname, {}).values()),
    ]
    if defined and policy is None:
        kind, rec = defined[0]
        warn(
            "Aktörer, uppgifter, metoder och mål kan bara anges på en policysida. "
            "Lägg till 'policy: <id>' i sidhuvudet (front matter).",
            "no-policy",
            (docname, rec["line"]),
        )
    for _kind, rec in defined:
        rec["policy"] = policy
    for node in doctree.findall(pending_handbok):
        if node["kind"] in POLICY_VIEWS and not node.get("policy"):
            node["policy"] = policy
            if policy:
                subscribe(env, docname, f"duties:{policy}", f"actors:{policy}")
                note_ref(env, docname, "matrix", policy, node.line)
            else:
                noun, directive, subtype = POLICY_VIEWS[node["kind"]]
                warn(f"{noun} står på en sida utan policy och har inget policy-id. "
                     "Skriv policyns id efter direktivet, till exempel "
                     f"{{{directive}}} huddinge.", subtype, (docname, node.line))


# --- actors, methods, goals ------------------------------------------------------------------


class _DefinitionDirective(SphinxDirective):
    """Shared shape: one id argument and a required ``:label:``."""

    required_arguments = 1
    option_spec = {"label": directives.unchanged}
    table = ""
    noun = ""

    def check_id(self) -> str | None:
        ident = self.arguments[0].strip()
        if not valid_id(ident):
            warn(f"{self.noun} '{ident}' har ett ogiltigt id. {ID_HELP}", "bad-id",
                 self.get_location())
            return None
        label = self.options.get("label", "").strip()
        if not label:
            warn(
                f"{self.noun} '{ident}' saknar ':label:'. Lägg till en kort rubrik, "
                "till exempel ':label: Nätverk och konferenser'.",
                "missing-field",
                self.get_location(),
            )
        self.label = label or ident
        return ident


class ActorDirective(_DefinitionDirective):
    """Define an actor of the page's policy: ``{actor} kommunstyrelsen`` with ``:label:``."""

    noun = "Aktören"

    def run(self) -> list[nodes.Node]:
        ident = self.check_id()
        if ident is None:
            return []
        actors = data(self.env)["actors"].setdefault(self.env.docname, {})
        if ident in actors:
            warn(f"Aktören '{ident}' är redan definierad på sidan.", "duplicate-id",
                 self.get_location())
            return []
        anchor = f"actor-{ident}"
        actors[ident] = {"id": ident, "label": self.label, "policy": None,
                         "anchor": anchor, "line": self.lineno}
        return [nodes.target("", "", ids=[anchor])]


class TargetDirective(_DefinitionDirective):
    """Wrap the adopted wording of a method or goal; appends the cases that serve it."""

    has_content = True
    kind = "method"
    noun = "Metoden"

    def run(self) -> list[nodes.Node]:
        ident = self.check_id()
        container = nodes.container(classes=[f"handbok-{self.kind}"])
        if ident is None:
            self.state.nested_parse(self.content, self.content_offset, container)
            return [container]
        targets = data(self.env)["targets"].setdefault(self.env.docname, {})
        if ident in targets:
            warn(f"Id '{ident}' används redan på sidan.", "duplicate-id", self.get_location())
        else:
            targets[ident] = {
                "id": ident, "kind": self.kind, "label": self.label, "policy": None,
                "anchor": ident, "line": self.lineno, "text": "\n".join(self.content).strip(),
            }
        container += nodes.target("", "", ids=[ident])
        self.state.nested_parse(self.content, self.content_offset, container)
        container += pending_handbok("", kind="target-cases", target=ident,
                                     docname=self.env.docname)
        subscribe(self.env, self.env.docname, f"case-{self.kind}:{ident}")
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
                "bad-duty",
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
                     "bad-duty", location)
                continue
            if role not in roles:
                warn(f"Rollen '{role}' finns inte. Välj en av: {', '.join(roles)}.",
                     "unknown-role", location)
                continue
            assignments.append([actor, role])
        duties = data(self.env)["duties"].setdefault(self.env.docname, [])
        anchor = f"duty-{len(duties) + 1}"
        duties.append({"policy": None, "text": text, "anchor": anchor,
                       "line": self.lineno, "assignments": assignments})
        return [nodes.target("", "", ids=[anchor]),
                nodes.inline(text, text, classes=["handbok-duty"])], []


def split_comma(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,;]", value) if p.strip()]


# --- citing roles ------------------------------------------------------------------------------

XREF_RE = re.compile(r"^(?P<title>.*\S)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


class CiteRole(SphinxRole):
    """``{method}`id```, ``{goal}`id```, ``{case}`id``` or ``{actor}`policy:id```."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        match = XREF_RE.match(self.text)
        title, target = (match.group("title"), match.group("target")) if match else ("", self.text)
        target = target.strip()
        docname = self.env.docname
        note_ref(self.env, docname, self.kind, target, self.lineno)
        topic = {"case": f"case:{target}", "actor": f"actor:{target.partition(':')[2]}"}.get(
            self.kind, f"target:{target}")
        subscribe(self.env, docname, topic)
        node = pending_handbok_inline(
            title or target, title or target, kind="ref", reftype=self.kind, target=target,
            explicit=bool(title), docname=docname,
        )
        return [node], []


def lookup(env: BuildEnvironment, kind: str, target: str) -> tuple[str, str, str] | None:
    """(docname, anchor, label) of a cited id, or None."""
    idx = index(env)
    if kind in ("method", "goal"):
        rec = idx.targets.get(target)
        if rec and rec["kind"] == kind:
            return rec["docname"], rec["anchor"], rec["label"]
    elif kind == "case":
        rec = idx.cases.get(target)
        if rec:
            return rec["docname"], "", rec["title"]
    elif kind == "actor":
        policy, _, actor = target.partition(":")
        rec = idx.actors.get((policy, actor))
        if rec:
            return rec["docname"], rec["anchor"], rec["label"]
    return None


def link(app: Sphinx, fromdocname: str, todocname: str, anchor: str, text: str,
         classes: list[str] | None = None) -> nodes.Node:
    child = nodes.inline(text, text, classes=classes or [])
    if not _in_output(app, todocname):
        return child
    try:
        return make_refnode(app.builder, fromdocname, todocname, anchor, child)
    except NoUri:
        # The target page is not part of this output (e.g. an orphan case page in a LaTeX
        # document): show the text without a link.
        return child


def _in_output(app: Sphinx, docname: str) -> bool:
    """False for a page a one-file builder (singlehtml) leaves out: orphans outside toctrees."""
    if app.builder.name != "singlehtml":
        return True
    included = getattr(app.builder, "_handbok_included", None)
    if included is None:
        included, todo = set(), [app.config.root_doc]
        while todo:
            doc = todo.pop()
            if doc not in included:
                included.add(doc)
                todo.extend(app.env.toctree_includes.get(doc, ()))
        app.builder._handbok_included = included
    return docname in included


def resolve_ref(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    found = lookup(app.env, node["reftype"], node["target"])
    if found is None:  # reported by the consistency check, with file and line
        text = node.astext()
        return [nodes.inline(text, text, classes=["handbok-unknown"])]
    docname, anchor, label = found
    return [link(app, fromdocname, docname, anchor, node.astext() if node["explicit"] else label)]


# --- responsibility matrix and per-actor view -------------------------------------------------


#: Views of one policy's duties: placeholder kind -> (noun, directive, warning subtype).
#: Without an argument a view shows the policy of its own page.
POLICY_VIEWS = {
    "matrix": ("Ansvarsmatrisen", "responsibility-matrix", "empty-matrix"),
    "responsibility-diagram": ("Ansvarsdiagrammet", "responsibility-diagram", "no-policy"),
}


class PolicyViewDirective(SphinxDirective):
    """A view of one policy's duties: ``{<directive>}`` [policy-id]."""

    optional_arguments = 1
    kind = "matrix"

    def run(self) -> list[nodes.Node]:
        policy = self.arguments[0].strip() if self.arguments else ""
        node = pending_handbok("", kind=self.kind, policy=policy, docname=self.env.docname)
        node.line = self.lineno
        if policy:
            subscribe(self.env, self.env.docname, f"duties:{policy}", f"actors:{policy}",
                      f"policy:{policy}")
            note_ref(self.env, self.env.docname, "matrix", policy, self.lineno)
        return [node]


class MatrixDirective(PolicyViewDirective):
    """``{responsibility-matrix}`` [policy-id]: duties as rows, actors as columns."""

    kind = "matrix"


def policy_actors(env: BuildEnvironment, policy: str) -> list[dict]:
    idx = index(env)
    return sorted(
        (rec for (pol, _aid), rec in idx.actors.items() if pol == policy),
        key=lambda r: (r["docname"], r["line"]),
    )


def resolve_matrix(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    env = app.env
    idx = index(env)
    policy = node.get("policy")
    pol = idx.policies.get(policy)
    duties = [d for d in idx.duties if d["policy"] == policy]
    if pol is None or not duties:
        text = "Det finns inga markerade uppgifter att visa i en ansvarsmatris."
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    actors = policy_actors(env, policy)
    used = {a for d in duties for a, _r in d["assignments"]}
    shown = [a for a in actors if a["id"] in used]
    unused = [a for a in actors if a["id"] not in used]

    headers = ["Uppgift"] + [link(app, fromdocname, actor["docname"], actor["anchor"],
                                   actor["label"]) for actor in shown]
    rows = []
    for duty in duties:
        roles: dict[str, list[str]] = {}
        for actor, role in duty["assignments"]:
            roles.setdefault(actor, []).append(role)
        rows.append([link(app, fromdocname, duty["docname"], duty["anchor"], duty["text"])]
                    + [", ".join(roles.get(actor["id"], [])) or None for actor in shown])
    table = data_table(f"Ansvarsmatris: {pol['title']}", headers, rows,
                       classes=["handbok-matrix"], ident=f"ansvarsmatris-{policy}",
                       widths=[40] + [12] * len(shown))
    result: list[nodes.Node] = [table]
    legend = nodes.definition_list(classes=["handbok-role-legend"])
    for role, meaning in app.config.handbok_roles.items():
        legend += nodes.definition_list_item(
            "", nodes.term(role, role), nodes.definition("", nodes.paragraph(meaning, meaning)))
    result.append(legend)
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
        subscribe(self.env, self.env.docname, f"actor:{actor}", "policies")
        note_ref(self.env, self.env.docname, "actor-duties",
                 f"{policy}:{actor}" if policy else actor, self.lineno)
        return [pending_handbok("", kind="actor-duties", actor=actor, policy=policy,
                                docname=self.env.docname)]


def resolve_actor_duties(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    idx = index(app.env)
    actor, only = node["actor"], node.get("policy")
    result: list[nodes.Node] = []
    for pol in sorted(idx.policies.values(), key=lambda p: (p["municipality"], p["title"])):
        if only and pol["id"] != only:
            continue
        rec = idx.actors.get((pol["id"], actor))
        duties = [d for d in idx.duties if d["policy"] == pol["id"]
                  and any(a == actor for a, _r in d["assignments"])]
        if rec is None or not duties:
            continue
        intro = nodes.paragraph()
        intro += nodes.strong(rec["label"], rec["label"])
        intro += nodes.Text(" enligt ")
        intro += link(app, fromdocname, pol["docname"], "", pol["title"])
        intro += nodes.Text(f" ({pol['municipality']}):")
        items = nodes.bullet_list(classes=["handbok-actor-duties"])
        for duty in duties:
            roles = ", ".join(r for a, r in duty["assignments"] if a == actor)
            para = nodes.paragraph()
            para += nodes.strong(roles, roles)
            para += nodes.Text(" – ")
            para += link(app, fromdocname, duty["docname"], duty["anchor"], duty["text"])
            items += nodes.list_item("", para)
        result += [intro, items]
    if not result:
        text = "Inga markerade uppgifter hittades för den här aktören."
        result.append(nodes.paragraph(text, text, classes=["handbok-empty"]))
    return result


# --- consistency ------------------------------------------------------------------------------


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    store = data(env)
    idx = index(env)
    # Duplicate ids across pages.
    seen_policy: dict[str, str] = {}
    for docname in sorted(store["policies"]):
        rec = store["policies"][docname]
        if rec["id"] in seen_policy:
            warn(f"Policy-id '{rec['id']}' används också i {seen_policy[rec['id']]}. "
                 "Ge varje policy ett eget id.", "duplicate-id", (docname, rec["line"]))
        seen_policy.setdefault(rec["id"], docname)
    seen_target: dict[str, str] = {}
    for docname in sorted(store["targets"]):
        for tid, rec in store["targets"][docname].items():
            if tid in seen_target:
                warn(f"Id '{tid}' används också i {seen_target[tid]}. Välj ett annat id.",
                     "duplicate-id", (docname, rec["line"]))
            seen_target.setdefault(tid, docname)
    seen_actor: dict[tuple, str] = {}
    for docname in sorted(store["actors"]):
        for aid, rec in store["actors"][docname].items():
            key = (rec["policy"], aid)
            if key in seen_actor and seen_actor[key] != docname:
                warn(f"Aktören '{aid}' är redan definierad i {seen_actor[key]}.",
                     "duplicate-id", (docname, rec["line"]))
            seen_actor.setdefault(key, docname)
    # Duties name actors their own policy defines.
    for docname in sorted(store["duties"]):
        for duty in store["duties"][docname]:
            for actor, _role in duty["assignments"]:
                if duty["policy"] and (duty["policy"], actor) not in idx.actors:
                    known = ", ".join(a["id"] for a in policy_actors(env, duty["policy"]))
                    warn(f"Uppgiften nämner aktören '{actor}' som policyn '{duty['policy']}' "
                         f"inte definierar. Kända aktörer: {known or 'inga'}. Rätta stavningen "
                         f"eller definiera aktören med :::{{actor}} {actor}.",
                         "duty-actor", (docname, duty["line"]))
    # Cited ids exist.
    for docname in sorted(store["refs"]):
        for kind, target, line in store["refs"][docname]:
            _check_ref(env, idx, kind, target, (docname, line))


NOUNS = {"method": "metod", "goal": "mål", "case": "exempel", "actor": "aktör"}


def _check_ref(env, idx, kind: str, target: str, location) -> None:
    if kind == "matrix":
        if target not in idx.policies:
            warn(f"Ansvarsmatrisen gäller policyn '{target}', som inte finns. "
                 f"Kända policyer: {', '.join(sorted(idx.policies)) or 'inga'}.",
                 "unknown-policy", location)
        elif not any(d["policy"] == target for d in idx.duties):
            warn(f"Ansvarsmatrisen för '{target}' är tom: policyn har inga markerade uppgifter. "
                 "Markera uppgifter med {duty}`text <aktör:roll>`.", "empty-matrix", location)
        return
    if kind == "actor-duties":
        policy, _, actor = target.rpartition(":")
        if not any(a == actor and (not policy or p == policy) for (p, a) in idx.actors):
            warn(f"Aktören '{actor}' finns inte i någon policy. Använd id:t från "
                 "policyns :::{actor}-rad, till exempel kommunstyrelsen.", "unknown-actor",
                 location)
        return
    if lookup(env, kind, target) is None:
        other = idx.targets.get(target)
        hint = ""
        if kind in ("method", "goal") and other:
            articles = {"method": "en metod", "goal": "ett mål"}
            hint = f" '{target}' är {articles[other['kind']]}, inte {articles[kind]}."
        elif kind in ("method", "goal"):
            prefix = re.split(r"-(?:metod|mal)-", target)[0]
            if prefix != target and valid_id(prefix) and prefix not in idx.policies:
                hint = (f" Det finns ingen policy med id '{prefix}'. Kända policyer: "
                        f"{', '.join(sorted(idx.policies)) or 'inga'}.")
        warn(f"Okänt {NOUNS[kind]}-id '{target}'.{hint} Kontrollera stavningen mot "
             "referenssidan.", f"unknown-{kind}", location)


def setup_policy(app: Sphinx) -> None:
    app.add_directive("actor", ActorDirective)
    app.add_directive("method", TargetDirective)
    app.add_directive("goal", GoalDirective)
    app.add_directive("responsibility-matrix", MatrixDirective)
    app.add_directive("actor-duties", ActorDutiesDirective)
    app.add_role("duty", DutyRole())
    for kind in ("method", "goal", "case", "actor"):
        app.add_role(kind, CiteRole(kind))
    # After Sphinx's own collectors (metadata, titles) have read the page.
    app.connect("doctree-read", read_policy_meta, priority=600)
    app.connect("doctree-read", assign_page_policy, priority=610)
    app.connect("env-check-consistency", check_consistency)
    register_resolver("ref", resolve_ref)
    register_resolver("matrix", resolve_matrix)
    register_resolver("actor-duties", resolve_actor_duties)
