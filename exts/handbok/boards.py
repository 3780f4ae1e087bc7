"""Which nämnd each förvaltning belongs to, and the roll-up of activities per nämnd.

A policy's front matter may say it (``boards: {Socialnämnden: [Socialförvaltningen]}``). The
follow-up pages (``followup.py``), the Excel workbooks and the Word reports (``reports.py``)
all count per nämnd with :func:`board_year_counts`, from the one reading of the field in
:func:`unit_boards` (memoised for the writing phase, so a malformed field warns once).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sphinx.environment import BuildEnvironment

from . import frontmatter
from .model import Query
from .records import ActivityRow
from .state import write_memo
from .util import sv_key, warn
from .vocabulary import Subtype

#: Front matter key of a policy: nämnd -> its förvaltningar.
BOARDS_KEY = "boards"
#: A förvaltning that no policy places under a nämnd.
NO_BOARD = "Nämnd inte angiven"

Boards = dict[tuple[str, str], str]


def unit_boards(env: BuildEnvironment, idx: Query) -> Boards:
    """(municipality, förvaltning) -> nämnd, from the ``boards`` field of the policies' front
    matter. A malformed field or a förvaltning under two nämnder is a located warning."""
    memo = write_memo(env)
    if "unit_boards" not in memo:
        memo["unit_boards"] = _read_boards(env, idx)
    found: Boards = memo["unit_boards"]
    return found


def _read_boards(env: BuildEnvironment, idx: Query) -> Boards:
    found: Boards = {}
    for pid in sorted(idx.policies):
        pol = idx.policies[pid]
        fm = frontmatter.of_page(env, pol["docname"])
        if fm is None or BOARDS_KEY not in fm.values:
            continue
        where = (pol["docname"], fm.line(BOARDS_KEY))
        value = fm.values[BOARDS_KEY]
        help_text = ("Skriv en nämnd per rad och dess förvaltningar i en lista, till exempel "
                     "'boards:' och på nästa rad '  Socialnämnden: [Socialförvaltningen]'.")
        if not isinstance(value, dict):
            warn(f"Fältet '{BOARDS_KEY}' ska säga vilken nämnd varje förvaltning hör till. "
                 f"{help_text}", Subtype.POLICY_META, where)
            continue
        for board, units in value.items():
            if isinstance(units, str):
                units = [units]
            if not isinstance(board, str) or not isinstance(units, list) or not all(
                    isinstance(u, str) and u.strip() for u in units):
                warn(f"Nämnden '{board}' i fältet '{BOARDS_KEY}' har ingen lista med "
                     f"förvaltningar. {help_text}", Subtype.POLICY_META, where)
                continue
            for unit in units:
                key = (pol["municipality"], unit.strip())
                if found.get(key, board.strip()) != board.strip():
                    warn(f"Förvaltningen '{unit}' hör till två nämnder: '{found[key]}' och "
                         f"'{board}'. Ange en nämnd per förvaltning.", Subtype.POLICY_META,
                         where)
                    continue
                found[key] = board.strip()
    return found


def has_boards(boards: Boards, municipality: str) -> bool:
    """Whether a policy of ``municipality`` (or of any, when empty) names nämnder."""
    return any(not municipality or m == municipality for m, _u in boards)


def board_of(boards: Boards, municipality: str, unit: str) -> str:
    return boards.get((municipality, unit), NO_BOARD)


def board_year_counts(boards: Boards, rows: Iterable[ActivityRow], years: Iterable[int]
                      ) -> list[tuple[str, str, list[int]]]:
    """(municipality, nämnd, activities per year of ``years``) for the activity rows ``rows``
    (``Query.activity_rows``: one per activity and year), nämnder in Swedish order and the
    förvaltningar under no nämnd last."""
    counts = Counter((r["municipality"], board_of(boards, r["municipality"], r["unit"]),
                      r["year"]) for r in rows)
    pairs = sorted({(m, b) for m, b, _y in counts},
                   key=lambda k: (sv_key(k[0]), k[1] == NO_BOARD, sv_key(k[1])))
    years = list(years)
    return [(m, b, [counts[(m, b, y)] for y in years]) for m, b in pairs]
