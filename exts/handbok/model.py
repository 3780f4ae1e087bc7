"""Cross-document data: one plain record set per docname, kept on the build environment.

Tables (each ``{docname: ...}``):

- ``policies``: the policy declared by the page's front matter.
- ``actors``: ``{actor_id: record}`` defined on the page.
- ``duties``: list of duty records marked on the page.
- ``targets``: ``{id: record}`` for methods and goals defined on the page.
- ``cases``: the case study record of the page.
- ``topics``: what the page shows from other pages (see :func:`change_topics`).
- ``refs``: ``[kind, id, line]`` for every id the page cites, checked once all pages are read.

The collector follows Sphinx's ``EnvironmentCollector`` contract: ``clear_doc`` pops a
docname, ``merge_other`` copies only the given docnames, and ``get_updated_docs`` returns the
pages whose aggregates changed, so incremental builds never show stale listings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

ENV_VERSION = 1
TABLES = ("policies", "actors", "duties", "targets", "cases", "topics", "refs")
RECORD_TABLES = ("policies", "actors", "duties", "targets", "cases")


class pending_handbok(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder filled at resolve time by the resolver registered for ``node['kind']``."""


class pending_handbok_inline(nodes.Inline, nodes.TextElement):  # noqa: N801
    """Inline placeholder (references), filled at resolve time."""


Resolver = Callable[[Sphinx, nodes.Element, str], list[nodes.Node]]
RESOLVERS: dict[str, Resolver] = {}


def register_resolver(kind: str, func: Resolver) -> None:
    RESOLVERS[kind] = func


def data(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    """The extension's tables on ``env`` (created on first use)."""
    store = getattr(env, "handbok", None)
    if store is None:
        store = env.handbok = {t: {} for t in TABLES}
    return store


def subscribe(env: BuildEnvironment, docname: str, *topics: str) -> None:
    """Declare that ``docname`` shows data described by ``topics``."""
    subs = data(env)["topics"].setdefault(docname, [])
    for topic in topics:
        if topic not in subs:
            subs.append(topic)
    _invalidate(env)


def note_ref(env: BuildEnvironment, docname: str, kind: str, target: str, line: int | None) -> None:
    """Record a cited id so the consistency check can report unknown ones with file and line."""
    data(env)["refs"].setdefault(docname, []).append([kind, target, line])


def _invalidate(env: BuildEnvironment) -> None:
    env._handbok_index = None


class Index:
    """Read-only lookups across all documents, rebuilt when the data changes."""

    def __init__(self, env: BuildEnvironment) -> None:
        store = data(env)
        self.policies: dict[str, dict] = {}
        for docname in sorted(store["policies"]):
            rec = store["policies"][docname]
            self.policies.setdefault(rec["id"], {**rec, "docname": docname})
        self.targets: dict[str, dict] = {}
        for docname in sorted(store["targets"]):
            for tid, rec in store["targets"][docname].items():
                self.targets.setdefault(tid, {**rec, "docname": docname})
        self.actors: dict[tuple[str, str], dict] = {}
        for docname in sorted(store["actors"]):
            for aid, rec in store["actors"][docname].items():
                self.actors.setdefault((rec["policy"], aid), {**rec, "docname": docname})
        self.duties: list[dict] = [
            {**rec, "docname": docname}
            for docname in sorted(store["duties"])
            for rec in store["duties"][docname]
        ]
        self.cases: dict[str, dict] = {}
        for docname in sorted(store["cases"]):
            rec = store["cases"][docname]
            self.cases.setdefault(rec["id"], {**rec, "docname": docname})

    def policy_of_target(self, tid: str) -> dict | None:
        rec = self.targets.get(tid)
        return self.policies.get(rec["policy"]) if rec else None

    def case_municipalities(self, case: dict) -> list[str]:
        found = []
        for tid in case["methods"] + case["goals"]:
            pol = self.policy_of_target(tid)
            if pol and pol["municipality"] not in found:
                found.append(pol["municipality"])
        return found

    def cases_sorted(self) -> list[dict]:
        # Sorted once per index: every method and goal on a page asks for it.
        if getattr(self, "_sorted", None) is None:
            self._sorted = sorted(self.cases.values(),
                                  key=lambda c: (c["start"] or "9999", c["title"]))
        return self._sorted


def index(env: BuildEnvironment) -> Index:
    cached = getattr(env, "_handbok_index", None)
    if cached is None:
        cached = env._handbok_index = Index(env)
    return cached


def _without_lines(value: Any) -> Any:
    """A record with its source line numbers left out: moving text is not a change to show."""
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k != "line"}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    return value


def change_topics(table: str, old: Any, new: Any) -> set[str]:
    """The topics touched when one page's record in ``table`` goes from ``old`` to ``new``."""
    old, new = _without_lines(old), _without_lines(new)
    if old == new:
        return set()
    topics: set[str] = set()
    if table == "cases":
        for rec in (old, new):
            if not rec:
                continue
            topics |= {"cases", f"case:{rec['id']}", f"case-type:{rec['type']}"}
            topics |= {f"case-unit:{rec['unit']}"}
            topics |= {f"case-year:{y}" for y in rec["years"]}
            topics |= {f"case-method:{m}" for m in rec["methods"]}
            topics |= {f"case-goal:{g}" for g in rec["goals"]}
    elif table == "targets":
        old, new = old or {}, new or {}
        for tid in set(old) | set(new):
            if old.get(tid) != new.get(tid):
                topics |= {f"target:{tid}", "targets"}
    elif table == "actors":
        old, new = old or {}, new or {}
        for aid in set(old) | set(new):
            if old.get(aid) != new.get(aid):
                rec = old.get(aid) or new.get(aid)
                topics |= {f"actor:{aid}", f"actors:{rec['policy']}", "actors"}
    elif table == "duties":
        for recs in (old or [], new or []):
            for rec in recs:
                topics |= {f"duties:{rec['policy']}", "duties"}
                topics |= {f"actor:{actor}" for actor, _role in rec["assignments"]}
    elif table == "policies":
        for rec in (old, new):
            if rec:
                topics |= {f"policy:{rec['id']}", "policies"}
    return topics


class HandbokCollector(EnvironmentCollector):
    """Keeps the tables in step with reading, purging and parallel merging."""

    def __init__(self) -> None:
        # docname -> its records before this build purged it (this process only).
        self._before: dict[str, dict] = {}

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        store = data(env)
        old = {t: store[t].pop(docname) for t in TABLES if docname in store[t]}
        self._before.setdefault(docname, old)
        _invalidate(env)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = data(env), data(other)
        for docname in docnames:
            for table in TABLES:
                if docname in theirs[table]:
                    mine[table][docname] = theirs[table][docname]
        _invalidate(env)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        docname = app.env.docname
        store = data(app.env)
        case = store["cases"].get(docname)
        if case is not None and not case.get("title"):
            title = next(iter(doctree.findall(nodes.title)), None)
            case["title"] = title.astext() if title is not None else case["id"]
        _invalidate(app.env)

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        store = data(env)
        touched: set[str] = set()
        for docname, old in self._before.items():
            for table in RECORD_TABLES:
                touched |= change_topics(table, old.get(table), store[table].get(docname))
        self._before = {}
        if not touched:
            return []
        return sorted(
            docname
            for docname, subs in store["topics"].items()
            if touched.intersection(subs) and docname in env.found_docs
        )


def _resolve(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for node in list(doctree.findall(pending_handbok)) + list(
        doctree.findall(pending_handbok_inline)
    ):
        resolver = RESOLVERS[node["kind"]]
        node.replace_self(resolver(app, node, fromdocname) or [])


def _ignore_node(self, node):  # pragma: no cover - placeholders never reach a writer
    raise nodes.SkipNode


def setup_model(app: Sphinx) -> None:
    app.add_env_collector(HandbokCollector)
    for node_class in (pending_handbok, pending_handbok_inline):
        app.add_node(
            node_class,
            **{b: (_ignore_node, None) for b in ("html", "latex", "text", "man", "texinfo")},
        )
    app.connect("doctree-resolved", _resolve)
