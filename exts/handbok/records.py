"""The shapes of the records the domain stores (issue 24), as typed dictionaries.

Records stay plain dicts at run time (they are pickled with the environment and merged from
parallel readers), so these types cost nothing; they give the fields one written place beside
the description in :mod:`.model`, and mypy a type to check code against. The directives make
them (``policy.py``: policies, actors, duties, methods and goals; ``cases.py``: cases);
:class:`~handbok.model.Query` adds ``docname`` to each record it returns (the stored tables
are keyed by docname instead). tests/test_ext_directives.py checks that the records of a real
build have exactly these fields.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict


class PolicyRecord(TypedDict):
    """The policy a page declares in its front matter (``policy:`` and the policy fields)."""

    id: str
    title: str
    municipality: str
    kind: str
    valid: str
    review_by: str
    owner: str
    decided_by: str
    adopted: str
    diarienummer: str
    version: str
    status: str
    replaces: str
    replaced_by: str
    line: int
    #: The source file's modification time, to rank pages with the same id.
    mtime: int
    #: ``valid`` read as dates (ISO text, empty when open or unknown), and ``review_by``.
    valid_start: str
    valid_end: str
    review_date: str
    #: The line of each life-cycle field in the source, for warnings.
    lines: dict[str, int]
    docname: NotRequired[str]


class ActorText(TypedDict):
    """An actor as a policy text declares it (``:::{actor} id`` with ``:label:`` and
    ``:kind:``): what the build records of it (:class:`ActorRecord`) and what the redline
    (``handbok redline``, which reads two versions of a text without a build) compares."""

    id: str
    label: str
    #: ``:kind:`` (see vocabulary.ACTOR_KINDS), empty when the text gives none.
    kind: str


class ActorRecord(ActorText):
    """A body or role that holds duties in a policy (``actor`` directive)."""

    #: The page's policy id, set when the page is read (None before).
    policy: str | None
    anchor: str
    line: int
    docname: NotRequired[str]


class DutyText(TypedDict):
    """A duty as a policy text marks it (``{duty}`wording <actor:role>```): what the build
    records of it (:class:`DutyRecord`) and what the redline compares."""

    text: str
    #: [actor id, role] pairs.
    assignments: list[list[str]]


class DutyRecord(DutyText):
    """Adopted wording that gives actors a duty (``duty`` role)."""

    policy: str | None
    anchor: str
    line: int
    docname: NotRequired[str]


class TargetRecord(TypedDict):
    """A method or a goal of a policy (``method`` and ``goal`` directives)."""

    id: str
    kind: str  # "method" or "goal"
    label: str
    policy: str | None
    anchor: str
    line: int
    text: str
    docname: NotRequired[str]


class CaseRecord(TypedDict):
    """One case study (``case`` directive); ``illustrative`` ones are never counted."""

    id: str
    title: str
    type: str
    unit: str
    municipality: str
    period: str
    start: str
    end: str
    years: list[int]
    partner: str
    country: str
    funding: str
    methods: list[str]
    goals: list[str]
    effect: str
    illustrative: bool
    line: int
    #: The source line of each field the editor wrote (``:name:``), for warnings.
    field_lines: dict[str, int]
    #: The period starts after the build day: a planned activity, never counted as carried out.
    planned: bool
    docname: NotRequired[str]


#: Record type per table of the domain (model.RECORD_TABLES); actors and targets are stored
#: as {id: record} per page, duties as a list, policies and cases as one record per page.
BY_TABLE: dict[str, type] = {"policies": PolicyRecord, "actors": ActorRecord,
                             "duties": DutyRecord, "targets": TargetRecord, "cases": CaseRecord}


class ActivityRow(TypedDict):
    """One activity in one year, as the follow-up lists and exports it
    (:meth:`~handbok.model.Query.activity_rows`): a carried-out case with its home
    municipality, its förvaltning's label and the labels of its methods and goals."""

    year: int
    municipality: str
    unit: str
    unit_label: str
    id: str
    title: str
    type: str
    period: str
    start: str
    end: str
    partner: str
    country: str
    funding: str
    methods: list[str]
    method_labels: list[str]
    goals: list[str]
    goal_labels: list[str]
    effect: str
    docname: str


def target_ids(case: CaseRecord, kind: str) -> list[str]:
    """The ids a case names in ``:methods:`` (``kind`` "method") or ``:goals:`` ("goal")."""
    return case["methods"] if kind == "method" else case["goals"]
