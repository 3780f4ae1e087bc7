"""The ``handbok`` Sphinx domain: it owns the records and resolves every citation of them.

- Records (policies, actors, duties, methods, goals, cases) live in the domain's data, one
  table per kind keyed by docname (see :mod:`handbok.model`). ``clear_doc`` removes a page's
  records, ``merge_domaindata`` copies only the given docnames from a parallel reader.
- The citing roles ``{method}``, ``{goal}``, ``{case}``, ``{actor}`` and ``{policy}`` are
  :class:`~sphinx.roles.XRefRole` s: they make ``pending_xref`` nodes that Sphinx resolves
  through :meth:`HandbokDomain.resolve_xref`. An unknown id reaches ``missing-reference`` (so
  intersphinx can resolve it from another handbook) and is then reported in Swedish, with file
  and line. ``get_objects`` lists the records in ``objects.inv``.
- Views that aggregate records (matrices, case tables, reports) are placeholders
  (:class:`pending_handbok`) filled at ``doctree-resolved`` by the view that registered them.
- Incremental builds: every page records the topics it shows (:func:`subscribe`);
  ``env-get-updated`` returns the pages whose topics a change touched, and the case pages
  whose previous/next links changed (``neighbours``, kept from the last build).
- The :class:`~handbok.model.Query` is built once per build phase: reading a record never
  drops it, a write (``put``, ``clear_doc``, ``merge_domaindata``, a record created through
  :meth:`HandbokDomain.records`) does, and so does the end of reading (``env-updated``), since
  the read phase also fills records in place.
"""

from __future__ import annotations

import posixpath
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, NamedTuple, NoReturn

from docutils import nodes
from docutils.nodes import Element
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.docutils import SphinxDirective

from .model import RECORD_TABLES, TABLES, Query, change_topics
from .util import link, valid_id, warn
from .vocabulary import OBJECT_NOUNS, UNKNOWN_BY_KIND, Priority, Subtype, Topic, case_type_folder

ENV_VERSION = 5  # 3: case pages show the way to their type page (issue 12)
# 4: build-wide state in the domain's data, not on the environment (issue 24)
# 5: the case pages' previous/next links are kept (``neighbours``, issue 30)
DOMAIN = "handbok"


class pending_handbok(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder of an aggregate view, filled at resolve time by the view registered for
    ``node['kind']``."""


View = Callable[[Sphinx, nodes.Element, str], list[nodes.Node]]
VIEWS: dict[str, View] = {}


def register_view(kind: str, func: View) -> None:
    """``func(app, placeholder, fromdocname)`` returns the nodes that replace placeholders of
    ``kind``."""
    VIEWS[kind] = func


class CiteRole(XRefRole):
    """``{method}`id```, ``{goal}`id```, ``{case}`id```, ``{actor}`policy:id``` or
    ``{policy}`id```, with an optional own text: ``{method}`text <id>```."""

    def __init__(self) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=True)

    def result_nodes(self, document: nodes.document, env: BuildEnvironment, node: Element,
                     is_ref: bool) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        kind = node["reftype"]
        target = node["reftarget"]
        topic = {"case": Topic.case(target), "policy": Topic.policy(target),
                 "actor": Topic.actor(target.partition(":")[2])}.get(kind, Topic.target(target))
        subscribe(env, env.docname, topic)
        # The link text is our own, so the HTML is the same as any other link in the handbook.
        inner = node.children[0]
        if isinstance(inner, Element):
            inner["classes"] = []

        return [node], []


class HandbokDomain(Domain):
    """Policies, actors, duties, methods, goals and case studies."""

    name = DOMAIN
    label = "Handbok"
    object_types = {
        "policy": ObjType("styrdokument", "policy"),
        "actor": ObjType("aktör", "actor"),
        "method": ObjType("metod", "method"),
        "goal": ObjType("mål", "goal"),
        "case": ObjType("exempel", "case"),
    }
    roles = {kind: CiteRole() for kind in ("policy", "actor", "method", "goal", "case")}
    #: ``neighbours``: case docname -> what its footer shows (previous and next case of its
    #: type, with their titles), as written by the last build. Not per-document data of the
    #: page itself (a neighbour's change changes it), so ``clear_doc`` leaves it.
    initial_data: ClassVar[dict[str, Any]] = {**{table: {} for table in TABLES},
                                              "neighbours": {}}
    data_version = ENV_VERSION

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._query: Query | None = None
        # docname -> its records before this build purged it (this process only).
        self._before: dict[str, dict[str, Any]] = {}

    # --- records ------------------------------------------------------------------------------

    def records(self, name: str, docname: str, default: Any = None) -> Any:
        """The page's records of one table, created from ``default`` when absent.

        Reading never drops the query (issue 30: it was rebuilt for every page written). A
        record table asked for with a ``default`` is about to be filled: that drops it."""
        if default is None:
            return self.data[name].get(docname)
        if name in RECORD_TABLES:
            self._query = None
        return self.data[name].setdefault(docname, default)

    def put(self, name: str, docname: str, value: Any) -> None:
        self._query = None
        self.data[name][docname] = value

    def changed(self) -> None:
        """Records were changed in place: build the query again when it is next asked for."""
        self._query = None

    @property
    def query(self) -> Query:
        if self._query is None:
            self._query = Query(self.data)
        return self._query

    def clear_doc(self, docname: str) -> None:
        old = {t: self.data[t].pop(docname) for t in TABLES if docname in self.data[t]}
        self._before.setdefault(docname, old)
        self._query = None

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        docnames = set(docnames)
        for table in TABLES:
            for docname, value in otherdata[table].items():
                if docname in docnames:
                    self.data[table][docname] = value
        self._query = None

    def updated_docs(self) -> list[str]:
        """Pages whose topics the records read in this build touched."""
        touched: set[Topic] = set()
        for docname, old in self._before.items():
            for table in RECORD_TABLES:
                touched |= change_topics(table, old.get(table), self.data[table].get(docname))
        self._before = {}
        if touched:
            # A new value whenever a build changes a record (see records_token).
            self.data[RECORDS_TOKEN] = uuid.uuid4().hex
        pages = self.neighbours_changed()
        if touched:
            pages |= {docname for docname, subs in self.data["topics"].items()
                      if touched.intersection(subs)}
        return sorted(pages & self.env.found_docs)

    def neighbours_changed(self) -> set[str]:
        """Store what every case page's previous/next links show now; the case pages where
        that differs from the last build (so adding, deleting, moving or retitling a case
        rewrites exactly its old and new neighbours)."""
        titles = self.env.titles
        shown: dict[str, tuple[tuple[str, str] | None, ...]] = {}
        for docname, (before, after) in self.query.case_neighbours().items():
            shown[docname] = tuple(
                (other, titles[other].astext() if other in titles else other) if other else None
                for other in (before, after))
        old = self.data.get("neighbours") or {}
        self.data["neighbours"] = shown
        return {d for d in shown.keys() | old.keys() if shown.get(d) != old.get(d)}

    # --- references ---------------------------------------------------------------------------

    # Sphinx types the result as a reference; where the target page is left out of this
    # output (util.link) it is the bare text, which Sphinx puts in place all the same.
    def resolve_xref(  # type: ignore[override]
                     self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                     typ: str, target: str, node: addnodes.pending_xref, contnode: Element
                     ) -> Element | None:
        found = self.query.lookup(typ, target)
        if found is None:
            return None
        docname, anchor, label = found
        text = contnode.astext() if node.get("refexplicit") else label
        return link(builder, fromdocname, docname, anchor, text)

    def resolve_any_xref(  # type: ignore[override]
                         self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: addnodes.pending_xref, contnode: Element
                         ) -> list[tuple[str, Element]]:
        results = []
        for kind in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, kind, target, node, contnode)
            if ref is not None:
                results.append((f"{DOMAIN}:{self.role_for_objtype(kind)}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        q = self.query
        for pid, pol in q.policies.items():
            yield pid, pol["title"], "policy", pol["docname"], "", 1
        for (policy, aid), actor in q.actors.items():
            yield f"{policy}:{aid}", actor["label"], "actor", actor["docname"], actor["anchor"], 1
        for tid, target in q.targets.items():
            yield tid, target["label"], target["kind"], target["docname"], target["anchor"], 1
        for cid, case in q.cases.items():
            yield cid, case["title"], "case", case["docname"], "", 1


def domain(env: BuildEnvironment) -> HandbokDomain:
    return env.domains[DOMAIN]  # type: ignore[return-value]


def query(env: BuildEnvironment) -> Query:
    """The query layer over all records."""
    return domain(env).query


#: Where the domain keeps the token of the records' last change (records_token).
RECORDS_TOKEN = "records-token"


def records_token(env: BuildEnvironment) -> str | None:
    """A value that changes whenever a build changes a record (issue 30): a file made from the
    records alone is up to date when it was made at the same token. Set before the
    environment is stored, so a build that stops while writing leaves a token the files it
    did not write never had."""
    token: str | None = domain(env).data.get(RECORDS_TOKEN)
    return token


def subscribe(env: BuildEnvironment, docname: str, *topics: Topic) -> None:
    """Declare that ``docname`` shows the data described by ``topics``."""
    subs = domain(env).records("topics", docname, [])
    for topic in topics:
        if not isinstance(topic, Topic):
            raise TypeError(f"not a Topic: {topic!r}")
        if topic not in subs:
            subs.append(topic)


def subscribers(env: BuildEnvironment, *topics: Topic) -> list[str]:
    """The pages that declared (:func:`subscribe`) that they show all of ``topics``."""
    wanted = set(topics)
    dom = domain(env)
    return sorted(d for d in env.found_docs if wanted <= set(dom.records("topics", d) or ()))


def note_ref(env: BuildEnvironment, docname: str, kind: str, target: str, line: int | None
             ) -> None:
    """Record an id given in an option (not a role), checked once all pages are read."""
    domain(env).records("refs", docname, []).append([kind, target, line])


def pending_view(kind: str, env: BuildEnvironment, line: int | None = None, **attrs: object
                 ) -> pending_handbok:
    node = pending_handbok("", kind=kind, docname=env.docname, **attrs)
    if line is not None:
        node.line = line
    return node


# --- views of one policy ----------------------------------------------------------------------


class PolicyView(NamedTuple):
    noun: str
    directive: str
    subtype: Subtype


#: Views of one policy's duties: placeholder kind -> how messages name it.
POLICY_VIEWS: dict[str, PolicyView] = {}


def register_policy_view(kind: str, noun: str, directive: str, subtype: Subtype) -> None:
    """A view of one policy's duties; without an argument it shows its own page's policy."""
    POLICY_VIEWS[kind] = PolicyView(noun, directive, subtype)


class PolicyViewDirective(SphinxDirective):
    """A view of one policy's duties: ``{<directive>}`` [policy-id]."""

    optional_arguments = 1
    kind = ""

    def run(self) -> list[nodes.Node]:
        policy = self.arguments[0].strip() if self.arguments else ""
        node = pending_view(self.kind, self.env, self.lineno, policy=policy)
        if policy:
            subscribe(self.env, self.env.docname, *Topic.policy_view(policy))
            note_ref(self.env, self.env.docname, "matrix", policy, self.lineno)
        return [node]


def assign_page_policy(app: Sphinx, doctree: nodes.document) -> None:
    """Actors, duties and targets belong to the policy of the page that defines them, and a
    view of one policy without an argument shows the page's own."""
    env = app.env
    docname = env.docname
    dom = domain(env)
    page = dom.records("policies", docname)
    policy = page["id"] if page else None
    defined = [
        *dom.data["actors"].get(docname, {}).values(),
        *dom.data["duties"].get(docname, []),
        *dom.data["targets"].get(docname, {}).values(),
    ]
    if defined and policy is None:
        warn("Aktörer, uppgifter, metoder och mål kan bara anges på en policysida. "
             "Lägg till 'policy: <id>' i sidhuvudet (front matter).", Subtype.NO_POLICY,
             (docname, defined[0]["line"]))
    for rec in defined:
        rec["policy"] = policy
    if defined:
        dom.changed()
    for node in doctree.findall(pending_handbok):
        view = POLICY_VIEWS.get(node["kind"])
        if view is None or node.get("policy"):
            continue
        node["policy"] = policy
        if policy:
            subscribe(env, docname, Topic.policy_duties(policy), Topic.policy_actors(policy))
            note_ref(env, docname, "matrix", policy, node.line)
        else:
            warn(f"{view.noun} står på en sida utan policy och har inget policy-id. "
                 "Skriv policyns id efter direktivet, till exempel "
                 f"{{{view.directive}}} huddinge.", view.subtype, (docname, node.line))


def _case_title(app: Sphinx, doctree: nodes.document) -> None:
    """A case without its own title takes the page's."""
    case = domain(app.env).records("cases", app.env.docname)
    if case is not None and not case.get("title"):
        # The page's own heading, never the title of a box on it ("Illustrativt exempel").
        section = next((n for n in doctree.children if isinstance(n, nodes.section)), None)
        title = section.next_node(nodes.title) if section is not None else None
        case["title"] = title.astext() if title is not None else case["id"]
        if title is None:
            warn(f"Exemplet '{case['id']}' har ingen rubrik. Skriv en rubrik med '# ' överst "
                 "på sidan, före blocket {case}. Till dess visas id:t som rubrik i tabeller "
                 "och filer.", Subtype.NO_TITLE, (app.env.docname, case["line"]))
        domain(app.env).changed()


# --- checks and messages ------------------------------------------------------------------------


def unknown_message(q: Query, kind: str, target: str) -> str:
    """What is wrong with an unknown id, and a hint how to fix it."""
    hint = ""
    if kind in ("method", "goal"):
        other = q.targets.get(target)
        articles = {"method": "en metod", "goal": "ett mål"}
        if other:
            hint = f" '{target}' är {articles[other['kind']]}, inte {articles[kind]}."
        else:
            prefix = re.split(r"-(?:metod|mal)-", target)[0]
            if prefix != target and valid_id(prefix) and prefix not in q.policies:
                hint = (f" Det finns ingen policy med id '{prefix}'. Kända policyer: "
                        f"{', '.join(sorted(q.policies)) or 'inga'}.")
    elif kind == "actor":
        return (f"Okänt aktör-id '{target}'. Skriv aktören som policy:aktör, till exempel "
                "huddinge:kommunstyrelsen, med id:n från policyns :::{actor}-rad.")
    elif kind == "policy":
        return (f"Okänt policy-id '{target}'. Kända policyer: "
                f"{', '.join(sorted(q.policies)) or 'inga'}.")
    return (f"Okänt {OBJECT_NOUNS[kind]}-id '{target}'.{hint} Kontrollera stavningen mot "
            "referenssidan.")


def _warn_missing(app: Sphinx, dom: Domain | None, node: addnodes.pending_xref) -> bool | None:
    if dom is None or dom.name != DOMAIN:
        return None
    if node.get("handbok_checked"):  # made by the extension from an id it has checked
        return True
    kind, target = node["reftype"], node["reftarget"]
    warn(unknown_message(query(app.env), kind, target), UNKNOWN_BY_KIND[kind], node)
    return True


def _updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return domain(env).updated_docs()


def _reading_done(app: Sphinx, env: BuildEnvironment) -> None:
    """The read phase filled records in place (a case's title, a target's policy): the next
    phase builds the query once, from the finished records."""
    domain(env).changed()


def _fill_views(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for node in list(doctree.findall(pending_handbok)):
        node.replace_self(VIEWS[node["kind"]](app, node, fromdocname) or [])


def _ignore_node(self: nodes.NodeVisitor, node: nodes.Node
                 ) -> NoReturn:  # pragma: no cover - placeholders never reach a writer
    raise nodes.SkipNode


def _primary_domain(app: Sphinx, config: Config) -> None:
    if config.primary_domain != DOMAIN:
        warn(f"Sätt primary_domain = \"{DOMAIN}\" i conf.py, så att {{method}}, {{goal}}, "
             "{case} och {actor} är handbokens roller och inte ett annat områdes (till exempel "
             "Pythons py:method).", Subtype.CONFIG, None)


def setup_domain(app: Sphinx) -> None:
    app.add_domain(HandbokDomain)
    app.add_node(pending_handbok, html=(_ignore_node, None), latex=(_ignore_node, None),
                 text=(_ignore_node, None), man=(_ignore_node, None),
                 texinfo=(_ignore_node, None))
    app.connect("config-inited", _primary_domain, priority=Priority.CONFIG)
    app.connect("doctree-read", assign_page_policy, priority=Priority.ASSIGN_POLICY)
    app.connect("doctree-read", _case_title)
    app.connect("warn-missing-reference", _warn_missing)
    app.connect("env-get-updated", _updated)
    app.connect("env-updated", _reading_done)
    app.connect("doctree-resolved", _fill_views, priority=Priority.RESOLVE_VIEWS)


def type_page(env: BuildEnvironment, docname: str) -> str | None:
    """The page of the case's type: the index page of the case's folder, else the casebook."""
    folder = posixpath.dirname(docname)
    # One truth (issue 25): the case's ``:type:`` picks the type page, not the folder it is in.
    rec = domain(env).records("cases", docname)
    if rec and rec.get("type") in env.config.handbok_case_types:
        home = posixpath.join(posixpath.dirname(env.config.handbok_casebook),
                              case_type_folder(rec["type"]))
        if posixpath.join(home, "index") in env.found_docs:
            folder = home
    candidate = posixpath.join(folder, "index") if folder else ""
    if candidate and candidate != docname and candidate in env.found_docs:
        return candidate
    casebook = env.config.handbok_casebook
    return casebook if casebook in env.found_docs and casebook != docname else None
