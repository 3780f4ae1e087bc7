"""The handbook's records and the one query layer every view asks.

The records live in the ``handbok`` domain's data (see :mod:`handbok.domain`), one table per
kind, each ``{docname: ...}``:

- ``policies``: the policy declared by the page's front matter.
- ``actors``: ``{actor_id: record}`` defined on the page.
- ``duties``: list of duty records marked on the page.
- ``targets``: ``{id: record}`` for methods and goals defined on the page.
- ``cases``: the case study record of the page.

Two more tables say what a page uses: ``topics`` (what it shows from other pages, see
:class:`~handbok.vocabulary.Topic`) and ``refs`` (ids given in options such as ``:methods:``,
checked once all pages are read).

:class:`Query` answers every question a view asks of the records (the duties of a policy, its
actors in text order, role counts, methods in order, the cases of a year, ...), so the
filtering and ordering are written once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from .records import (
    ActivityRow,
    ActorRecord,
    CaseRecord,
    DutyRecord,
    PolicyRecord,
    TargetRecord,
    target_ids,
)
from .util import one_name_per_municipality, sv_key
from .vocabulary import Topic

#: Tables of records, each ``{docname: ...}``.
RECORD_TABLES = ("policies", "actors", "duties", "targets", "cases")
#: All per-document tables.
TABLES = (*RECORD_TABLES, "topics", "refs")

T = TypeVar("T")


def policy_page_rank(docname: str, rec: PolicyRecord) -> tuple[bool, bool, int, str]:
    """Which of several pages with the same policy id is the original, best first: the one in
    the folder named after the id (``policy/huddinge/...`` for ``huddinge``), then one under
    ``policy/``, then the file saved first, then the first by name."""
    policy = rec["id"]
    parts = docname.split("/")
    folder = parts[-2] if len(parts) > 1 else ""
    named = bool(folder) and (policy == folder or policy.startswith(f"{folder}-"))
    return (not named, parts[0] != "policy", rec.get("mtime", 0), docname)


class Query:
    """Read-only lookups across all documents, built from the domain's tables."""

    def __init__(self, store: Mapping[str, Any]) -> None:
        #: policy id -> the page that defines it. A copy of a policy page (same id on a
        #: second page) never takes over: its records are left out and its links stay put.
        self.original: dict[str, str] = {}
        stored_policies: dict[str, PolicyRecord] = store["policies"]
        for docname in sorted(store["policies"], key=lambda d: policy_page_rank(
                d, stored_policies[d])):
            self.original.setdefault(store["policies"][docname]["id"], docname)
        page_policy = {d: rec["id"] for d, rec in stored_policies.items()}

        def kept(docname: str) -> bool:
            policy = page_policy.get(docname)
            return policy is None or self.original.get(policy) == docname

        self.copies = sorted(d for d in page_policy if not kept(d))
        self.policies: dict[str, PolicyRecord] = {}
        for pid, docname in self.original.items():
            self.policies[pid] = {**stored_policies[docname], "docname": docname}
        self.targets: dict[str, TargetRecord] = {}
        stored_targets: dict[str, dict[str, TargetRecord]] = store["targets"]
        for docname in sorted(store["targets"], key=lambda d: (not kept(d), d)):
            for tid, target in stored_targets[docname].items():
                self.targets.setdefault(tid, {**target, "docname": docname})
        self.actors: dict[tuple[str | None, str], ActorRecord] = {}
        stored_actors: dict[str, dict[str, ActorRecord]] = store["actors"]
        for docname in sorted(store["actors"], key=lambda d: (not kept(d), d)):
            for aid, actor in stored_actors[docname].items():
                self.actors.setdefault((actor["policy"], aid), {**actor, "docname": docname})
        stored_duties: dict[str, list[DutyRecord]] = store["duties"]
        self.duties: list[DutyRecord] = [
            {**duty, "docname": docname}
            for docname in sorted(store["duties"]) if kept(docname)
            for duty in stored_duties[docname]
        ]
        self.cases: dict[str, CaseRecord] = {}
        stored_cases: dict[str, CaseRecord] = store["cases"]
        for docname in sorted(store["cases"]):
            rec = stored_cases[docname]
            self.cases.setdefault(rec["id"], {**rec, "docname": docname})
        self._memo: dict[Hashable, Any] = {}

    def _cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    # --- policies ---------------------------------------------------------------------------

    def policy(self, policy: str | None) -> PolicyRecord | None:
        return self.policies.get(policy or "")

    def policies_sorted(self) -> list[PolicyRecord]:
        """Policies by municipality, then title, in Swedish order."""
        return self._cached("policies", lambda: sorted(
            self.policies.values(), key=lambda p: (sv_key(p["municipality"]), sv_key(p["title"]))))

    def municipality(self, policy: str | None) -> str:
        pol = self.policy(policy)
        return pol["municipality"] if pol else ""

    # --- actors and duties ------------------------------------------------------------------

    def actors_of(self, policy: str | None) -> list[ActorRecord]:
        """The actors a policy defines, in the order they stand in the text."""
        return self._cached(("actors", policy), lambda: sorted(
            (rec for (pol, _aid), rec in self.actors.items() if pol == policy),
            key=lambda r: (r["docname"], r["line"])))

    def actor(self, policy: str | None, actor: str) -> ActorRecord | None:
        return self.actors.get((policy, actor))

    def duties_of(self, policy: str | None, actor: str | None = None) -> list[DutyRecord]:
        """The duties a policy marks, in text order; only ``actor``'s when given."""
        duties = self._cached(("duties", policy),
                              lambda: [d for d in self.duties if d["policy"] == policy])
        if actor is None:
            return duties
        return [d for d in duties if any(a == actor for a, _r in d["assignments"])]

    def actors_with_duties(self, policy: str | None) -> list[ActorRecord]:
        used = {a for d in self.duties_of(policy) for a, _r in d["assignments"]}
        return [a for a in self.actors_of(policy) if a["id"] in used]

    def role_counts(self, policy: str | None) -> dict[str, Counter[str]]:
        """actor id -> Counter(role -> number of duties), actors in text order."""
        counts: dict[str, Counter[str]] = {a["id"]: Counter() for a in self.actors_of(policy)}
        for duty in self.duties_of(policy):
            for actor, role in duty["assignments"]:
                counts.setdefault(actor, Counter())[role] += 1
        return counts

    def actor_rows(self, policies: Iterable[PolicyRecord]
                   ) -> list[tuple[str, dict[str, list[ActorRecord]]]]:
        """How actors of several policies are matched for comparison: by the kind of body
        they declare (``:kind:``), or by id for those that declare none or ``annan``.
        Returns (row key, {policy id: actors of that policy in the row}), in the order the
        rows first appear. A row key is ``kind:<kind>`` or ``id:<actor id>``."""
        rows: dict[str, dict[str, list[ActorRecord]]] = {}
        for pol in policies:
            for rec in self.actors_of(pol["id"]):
                kind = rec.get("kind") or ""
                key = f"kind:{kind}" if kind and kind != "annan" else f"id:{rec['id']}"
                rows.setdefault(key, {}).setdefault(pol["id"], []).append(rec)
        return list(rows.items())

    # --- methods and goals ------------------------------------------------------------------

    def targets_in_order(self, kind: str, policy: str | None = None) -> list[TargetRecord]:
        """Methods or goals grouped by policy (municipality order), in text order."""
        def key(rec: TargetRecord) -> tuple[str, str, int]:
            pol = self.policy(rec["policy"])
            return (sv_key(pol["municipality"]) if pol else "~", rec["docname"], rec["line"])
        ordered = self._cached(("targets", kind), lambda: sorted(
            (t for t in self.targets.values() if t["kind"] == kind), key=key))
        if policy is None:
            return ordered
        return [t for t in ordered if t["policy"] == policy]

    def policy_of_target(self, tid: str) -> PolicyRecord | None:
        rec = self.targets.get(tid)
        return self.policy(rec["policy"]) if rec else None

    # --- cases ------------------------------------------------------------------------------

    def cases_sorted(self) -> list[CaseRecord]:
        """Cases by start, then title."""
        return self._cached("cases", lambda: sorted(
            self.cases.values(), key=lambda c: (c["start"] or "9999", c["title"])))

    def case_municipalities(self, case: CaseRecord) -> list[str]:
        """The municipalities whose policies the case serves, in Swedish order (so the order
        of ``:methods:`` never makes two different combinations)."""
        found = set()
        for tid in case["methods"] + case["goals"]:
            pol = self.policy_of_target(tid)
            if pol and pol["municipality"]:
                found.add(self.municipality_name(pol["municipality"]))
        return sorted(found, key=sv_key)

    def municipality_names(self) -> dict[str, str]:
        """Each spelling of a municipality in the policies -> its one name (issue 25)."""
        return self._cached("municipality-names", lambda: one_name_per_municipality(
            (p["municipality"], p["docname"]) for p in self.policies.values()))

    def municipality_name(self, name: str) -> str:
        """The one name of ``name`` ("Huddinge Kommun" -> "Huddinge kommun")."""
        if not name:
            return name
        names = self.municipality_names()
        if name in names:
            return names[name]
        key = " ".join(name.split()).casefold()
        return next((v for k, v in names.items() if " ".join(k.split()).casefold() == key), name)

    def municipalities(self) -> list[str]:
        """The municipalities of the policies, in Swedish order."""
        return sorted(set(self.municipality_names().values()), key=sv_key)

    def case_home(self, case: CaseRecord) -> str:
        """The municipality the case's förvaltning belongs to: ``:municipality:``, else the one
        municipality whose policies it serves; empty when that is not known."""
        if case.get("municipality"):
            return self.municipality_name(case["municipality"])
        def compute() -> str:
            served = self.case_municipalities(case)
            return served[0] if len(served) == 1 else ""
        return self._cached(("home", tuple(case["methods"]), tuple(case["goals"])), compute)

    def in_municipality(self, case: CaseRecord, municipality: str) -> bool:
        """Whether the case belongs to ``municipality``: its home. An illustrative example
        whose home is not known belongs to every municipality it serves; a carried-out
        activity whose home is not known to none (it is counted once, without municipality,
        and a warning asks for ``:municipality:``)."""
        if not municipality:
            return True
        home = self.case_home(case)
        if home:
            return home == municipality
        return bool(case["illustrative"]) and municipality in self.case_municipalities(case)

    def unit_label(self, case: CaseRecord) -> str:
        """The förvaltning with its municipality: 'Socialförvaltningen, Huddinge kommun'."""
        unit = case["unit"] or "Okänd förvaltning"
        home = self.case_home(case)
        return f"{unit}, {home}" if home else f"{unit} (kommun saknas)"

    def activities(self, *, year: int | None = None, municipality: str = "", unit: str = "",
                   illustrative: bool = False) -> list[CaseRecord]:
        """Carried-out activities (or, with ``illustrative``, the illustrative examples) in a
        year, a municipality and a förvaltning, each when given; by start, then title."""
        return self._cached(("activities", year, municipality, unit, illustrative), lambda: [
            c for c in self.cases_sorted()
            if bool(c["illustrative"]) == illustrative
            and (illustrative or not c.get("planned"))
            and (year is None or year in c["years"])
            and (not unit or c["unit"] == unit)
            and self.in_municipality(c, municipality)])

    def activity_rows(self, cases: Iterable[CaseRecord], year: int | None = None
                      ) -> list[ActivityRow]:
        """One row per activity and year (only ``year`` when given), in year, municipality,
        förvaltning and title order, with the labels of its methods and goals."""
        def labels(ids: list[str]) -> list[str]:
            return [self.targets[t]["label"] if t in self.targets else t for t in ids]
        rows: list[ActivityRow] = []
        for case in cases:
            for y in case["years"]:
                if year is not None and y != year:
                    continue
                rows.append({
                    "year": y, "municipality": self.case_home(case), "unit": case["unit"],
                    "unit_label": self.unit_label(case), "id": case["id"],
                    "title": case["title"], "type": case["type"], "period": case["period"],
                    "start": case["start"], "end": case["end"], "partner": case["partner"],
                    "country": case["country"], "funding": case["funding"],
                    "methods": list(case["methods"]), "method_labels": labels(case["methods"]),
                    "goals": list(case["goals"]), "goal_labels": labels(case["goals"]),
                    "effect": case["effect"], "docname": case["docname"],
                })
        rows.sort(key=lambda r: (r["year"], sv_key(r["municipality"]), sv_key(r["unit"]),
                                 sv_key(r["title"])))
        return rows

    def unit_labels(self, cases: Iterable[CaseRecord]) -> list[str]:
        """The förvaltningar (with municipality) of ``cases``, in Swedish order."""
        return sorted({self.unit_label(c) for c in cases}, key=sv_key)

    def cases_serving(self, kind: str, target: str) -> list[CaseRecord]:
        """Cases that name the method (``kind == "method"``) or goal ``target``."""
        def index() -> dict[str, list[CaseRecord]]:
            found: dict[str, list[CaseRecord]] = {}
            for case in self.cases_sorted():
                for tid in dict.fromkeys(target_ids(case, kind)):
                    found.setdefault(tid, []).append(case)
            return found
        return self._cached(("serving", kind), index).get(target, [])

    def cases_of_type(self, ctype: str) -> list[CaseRecord]:
        """The cases of one type, in the type page's order (by start, then title)."""
        def index() -> dict[str, list[CaseRecord]]:
            found: dict[str, list[CaseRecord]] = {}
            for case in self.cases_sorted():
                found.setdefault(case["type"], []).append(case)
            return found
        return self._cached("by-type", index).get(ctype, [])

    def case_neighbours(self) -> dict[str, tuple[str | None, str | None]]:
        """Case docname -> the docnames of the cases before and after it among the cases of
        its type, in the type page's order (None at either end)."""
        def index() -> dict[str, tuple[str | None, str | None]]:
            found: dict[str, tuple[str | None, str | None]] = {}
            for ctype in {c["type"] for c in self.cases.values()}:
                same = [c["docname"] for c in self.cases_of_type(ctype)]
                for n, docname in enumerate(same):
                    found[docname] = (same[n - 1] if n > 0 else None,
                                      same[n + 1] if n + 1 < len(same) else None)
            return found
        return self._cached("neighbours", index)

    def matching_cases(self, filters: Mapping[str, str]) -> list[CaseRecord]:
        """Cases that match every filter of a ``case-table`` (type, method, goal, unit, year,
        municipality)."""
        def keep(case: CaseRecord) -> bool:
            return all((
                filters.get("type", case["type"]) == case["type"],
                "method" not in filters or filters["method"] in case["methods"],
                "goal" not in filters or filters["goal"] in case["goals"],
                filters.get("unit", case["unit"]) == case["unit"],
                "year" not in filters or int(filters["year"]) in case["years"],
                "municipality" not in filters
                or filters["municipality"] in self.case_municipalities(case),
            ))
        if "type" in filters:
            return [c for c in self.cases_of_type(filters["type"]) if keep(c)]
        return [c for c in self.cases_sorted() if keep(c)]

    def units(self) -> list[str]:
        return sorted({c["unit"] for c in self.cases.values() if c["unit"]}, key=sv_key)

    def years(self) -> list[int]:
        return sorted({y for c in self.cases.values() for y in c["years"]})

    def case_types_in_order(self, configured: Iterable[str],
                            cases: Iterable[CaseRecord] | None = None) -> list[str]:
        """The case types used by ``cases`` (default: all), configured ones first in their
        order, unknown ones after in Swedish order."""
        cases = list(self.cases.values() if cases is None else cases)
        configured = list(configured)
        used = {c["type"] for c in cases}
        return ([t for t in configured if t in used]
                + sorted((t for t in used if t not in configured), key=sv_key))

    # --- cited ids --------------------------------------------------------------------------

    def lookup(self, kind: str, target: str) -> tuple[str, str, str] | None:
        """(docname, anchor, label) of a cited id, or None."""
        if kind in ("method", "goal"):
            rec = self.targets.get(target)
            if rec and rec["kind"] == kind:
                return rec["docname"], rec["anchor"], rec["label"]
        elif kind == "case":
            case = self.cases.get(target)
            if case:
                return case["docname"], "", case["title"]
        elif kind == "actor":
            policy, _, actor = target.partition(":")
            actor_rec = self.actors.get((policy, actor))
            if actor_rec:
                return actor_rec["docname"], actor_rec["anchor"], actor_rec["label"]
        elif kind == "policy":
            pol = self.policies.get(target)
            if pol:
                return pol["docname"], "", pol["title"]
        return None


# --- incremental builds -----------------------------------------------------------------------


def _without_lines(value: Any) -> Any:
    """A record with its source line numbers left out: moving text is not a change to show
    (``line``, and the per-field ``lines`` of a policy and ``field_lines`` of a case)."""
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items()
                if k not in ("line", "mtime", "lines", "field_lines")}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    return value


def change_topics(table: str, old: Any, new: Any) -> set[Topic]:
    """The topics touched when one page's record in ``table`` goes from ``old`` to ``new``."""
    old, new = _without_lines(old), _without_lines(new)
    if old == new:
        return set()
    topics: set[Topic] = set()
    if table == "cases":
        # A new title shows only where titles are listed: not in counts and charts.
        title_only = bool(old and new) and ({**old, "title": ""} == {**new, "title": ""})
        for rec in (old, new):
            if not rec:
                continue
            topics |= {Topic.case_titles(), Topic.case(rec["id"]),
                       Topic.case_type(rec["type"]), Topic.case_unit(rec["unit"])}
            if not title_only:
                topics.add(Topic.cases())
            topics |= {Topic.case_year(y) for y in rec["years"]}
            topics |= {Topic.case_target("method", m) for m in rec["methods"]}
            topics |= {Topic.case_target("goal", g) for g in rec["goals"]}
    elif table == "targets":
        old, new = old or {}, new or {}
        for tid in set(old) | set(new):
            if old.get(tid) != new.get(tid):
                topics |= {Topic.target(tid), Topic.targets()}
    elif table == "actors":
        old, new = old or {}, new or {}
        for aid in set(old) | set(new):
            if old.get(aid) != new.get(aid):
                rec = old.get(aid) or new.get(aid)
                topics |= {Topic.actor(aid), Topic.policy_actors(rec["policy"]), Topic.actors()}
    elif table == "duties":
        for recs in (old or [], new or []):
            for rec in recs:
                topics |= {Topic.policy_duties(rec["policy"]), Topic.duties()}
                topics |= {Topic.actor(actor) for actor, _role in rec["assignments"]}
    elif table == "policies":
        for rec in (old, new):
            if rec:
                topics |= {Topic.policy(rec["id"]), Topic.policies()}
    return topics
