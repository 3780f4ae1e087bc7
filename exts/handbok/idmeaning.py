"""Ids keep their meaning (issue 25, point 4), in the build: each policy page read is compared
with its previous version in git (:mod:`handbok.meaning`), and every method, goal or actor id
that changed meaning is reported with the cases that cite it. A shallow clone without that
history says so (once) and does not check.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .meaning import ChangedMeaning, changed_meanings, previous_version
from .state import build_state, write_memo
from .util import logger, warn
from .vocabulary import Subtype

# --- in the build -------------------------------------------------------------------------------


def _store(env: BuildEnvironment) -> dict[str, list[ChangedMeaning]]:
    store: dict[str, list[ChangedMeaning]] = build_state(env, "meanings", dict)
    return store


def read_meanings(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if "policy" not in env.metadata.get(env.docname, {}):
        return
    path = Path(env.doc2path(env.docname))
    old, reason = previous_version(path)
    if old is None:
        memo = write_memo(env)
        if reason == "shallow" and not memo.get("told-shallow"):
            memo["told-shallow"] = True
            logger.info("handbok: git-historiken är inte hämtad (ytlig kloning), så bygget kan "
                        "inte kontrollera att metod-, mål- och aktörs-id behåller sin betydelse. "
                        "Hämta hela historiken (git fetch --unshallow) för att kontrollera.")
        _store(env).pop(env.docname, None)
        return
    try:
        new = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    _store(env)[env.docname] = changed_meanings(old, new)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _store(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str],
           other: BuildEnvironment) -> None:
    theirs = _store(other)
    for docname in docnames:
        if docname in theirs:
            _store(env)[docname] = theirs[docname]


def check_meanings(app: Sphinx, env: BuildEnvironment) -> None:
    from .domain import query
    q = query(env)
    for docname, changes in sorted(_store(env).items()):
        for change in changes:
            cases = (len(q.cases_serving(change.kind, change.ident))
                     if change.kind in ("method", "goal") else None)
            warn(change.describe(cases) + " Har metoderna numrerats om? Ge det nya innehållet "
                 "ett nytt id och låt de gamla id:n behålla sin betydelse, så att exemplen "
                 "fortsätter att peka rätt. Är ändringen avsiktlig, kontrollera exemplen.",
                 Subtype.ID_MEANING, (docname, change.line))


def setup_idmeaning(app: Sphinx) -> None:
    app.connect("doctree-read", read_meanings)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", check_meanings)
