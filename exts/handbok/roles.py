"""A way in by role (issue 27): "Jag är …" on the front page, and one page per reader role
with that role's duties across all policies.

The reader roles are few and fixed (:data:`READER_ROLES`); which bodies belong to each is
derived from the actors' kinds (``:kind:`` of the ``actor`` directive), so a new
municipality's bodies appear on the role pages without an edit. A staff role or another
actor (kinds ``tjänsteperson`` and ``annan``, which the kinds do not tell apart) joins a role
when a word of the role stands in its name ("Förvaltningscheferna", "Internationella
kontaktpersoner").

- ``role-entry``: the list of roles, each a link to its page (``policy/roller/<slug>``).
- ``role-duties``: on a role's page, a contents list, then per policy and actor a heading with
  an id and the duties' sentences, each linked to where it stands in the adopted text.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from . import lifecycle
from .domain import pending_view, query, register_view
from .records import ActorRecord
from .util import link, warn
from .vocabulary import READER_ROLES, ROLE_FOLDER, ReaderRole, Subtype

#: Actor kinds that the kinds alone do not place: their names decide.
NAMED_KINDS = frozenset({"tjänsteperson", "annan"})


def role(slug: str) -> ReaderRole | None:
    return next((r for r in READER_ROLES if r.slug == slug), None)


def belongs(actor: ActorRecord, reader: ReaderRole) -> bool:
    """Whether ``actor``'s duties are ``reader``'s, from its kind (and, for a staff role or
    another actor, its name)."""
    kind = actor.get("kind") or "annan"
    if kind in reader.kinds:
        return True
    name = (actor.get("label") or "").lower()
    return kind in NAMED_KINDS and any(word in name for word in reader.words)


def _anchor(*parts: str) -> str:
    return nodes.make_id("-".join(parts))


class RoleEntryDirective(SphinxDirective):
    """``:::{role-entry}``: "Jag är …" and the reader roles, each a link to its page."""

    def run(self) -> list[nodes.Node]:
        return [pending_view("role-entry", self.env, line=self.lineno)]


class RoleDutiesDirective(SphinxDirective):
    """``:::{role-duties} <slug>``: the duties of one reader role across all policies."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        slug = self.arguments[0].strip()
        if role(slug) is None:
            known = ", ".join(r.slug for r in READER_ROLES)
            warn(f"Rollen '{slug}' finns inte. Rollerna är: {known}.", Subtype.BAD_OPTION,
                 self.get_location())
            return []
        return [pending_view("role-duties", self.env, line=self.lineno, role=slug)]


def resolve_role_entry(app: Sphinx, node: nodes.Element, fromdocname: str
                       ) -> list[nodes.Node]:
    items = nodes.bullet_list(classes=["handbok-role-entry"])
    for reader in READER_ROLES:
        docname = f"{ROLE_FOLDER}/{reader.slug}"
        if docname not in app.env.found_docs:
            continue
        para = nodes.paragraph()
        para += link(app, fromdocname, docname, "", f"Jag är {reader.label}")
        items += nodes.list_item("", para)
    return [items] if items.children else []


def resolve_role_duties(app: Sphinx, node: nodes.Element, fromdocname: str
                        ) -> list[nodes.Node]:
    reader = role(node["role"])
    if reader is None:
        return []
    q = query(app.env)

    blocks: list[nodes.Node] = []
    contents = nodes.bullet_list(classes=["handbok-role-contents"])
    for pol in q.policies_sorted():
        actors = [a for a in q.actors_of(pol["id"])
                  if belongs(a, reader) and q.duties_of(pol["id"], a["id"])]
        if not actors:
            continue
        pol_id = _anchor("roll", pol["id"])
        section = nodes.section(ids=[pol_id])
        section += nodes.title(pol["title"], pol["title"])
        status = lifecycle.status_for(q, pol, app.config)
        intro = nodes.paragraph()
        intro += nodes.Text(f"{pol['municipality']}, status: {lifecycle.status_word(status)}. ")
        intro += link(app, fromdocname, pol["docname"], "", "Läs hela styrdokumentet")
        intro += nodes.Text(".")
        section += intro
        sub = nodes.bullet_list()
        for actor in actors:
            actor_id = _anchor("roll", pol["id"], actor["id"])
            part = nodes.section(ids=[actor_id])
            part += nodes.title(actor["label"], actor["label"])
            # The sentences are searchable here too: "vem utser kontaktpersonen" is a
            # question about a role, and this page answers it with the role's other duties.
            duties = nodes.bullet_list(classes=["handbok-role-duties"])
            for duty in q.duties_of(pol["id"], actor["id"]):
                roles = ", ".join(r for a, r in duty["assignments"] if a == actor["id"])
                para = nodes.paragraph()
                if roles:
                    para += nodes.strong(roles, roles)
                    para += nodes.Text(" – ")
                para += link(app, fromdocname, duty["docname"], duty["anchor"], duty["text"])
                duties += nodes.list_item("", para)
            part += duties
            section += part
            ref = nodes.reference("", actor["label"], internal=True, refid=actor_id)
            sub += nodes.list_item("", nodes.paragraph("", "", ref))
        blocks.append(section)
        ref = nodes.reference("", pol["title"], internal=True, refid=pol_id)
        contents += nodes.list_item("", nodes.paragraph("", "", ref), sub)
    if not blocks:
        text = "Inget styrdokument ger den här rollen några uppgifter ännu."
        return [nodes.paragraph(text, text, classes=["handbok-empty"])]
    heading = nodes.paragraph(classes=["handbok-role-contents-title"])
    heading += nodes.strong("Innehåll", "Innehåll")
    return [heading, contents, *blocks]


def setup_roles(app: Sphinx) -> None:
    app.add_directive("role-entry", RoleEntryDirective)
    app.add_directive("role-duties", RoleDutiesDirective)
    register_view("role-entry", resolve_role_entry)
    register_view("role-duties", resolve_role_duties)
