"""Where the extension keeps what a build remembers (issue 24): never in module globals, never
in attributes set on Sphinx's environment or builder.

- **Records** of a page: the domain's per-document tables (:mod:`.domain`), cleared and merged
  per document.
- **Measures of a page** outside the records (readability): an environment collector that
  clears and merges them per document, storing them with :func:`build_state`.
- **Build-wide state** that an incremental build compares with the last one (the navigation's
  fingerprint, the git commit): :func:`build_state`, in the domain's data, pickled with the
  environment.
- **Memos of the writing phase** (what the writing derives from the finished environment):
  :func:`write_memo`, emptied when the reading is over, so a memo never outlives the
  environment it was derived from and is never pickled.
- **Memos of one build** (what a build asks of the world outside the sources once, such as
  the git commit, and the pages it read): :func:`build_memo`, emptied when each build starts.
- **While one document is read** (lines already reported, include counts):
  ``env.current_document``, which Sphinx makes anew for every document.
- **Caches of one application** (the shared sidebar HTML): an object that the module's
  ``setup_<feature>(app)`` makes and hands to its listeners.

tests/test_state.py builds two projects in one process and checks the modules for module-level
containers and for attributes set on ``env`` or ``builder``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .vocabulary import Priority

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The domain's name (:data:`handbok.domain.DOMAIN`); the domain is set up before any reading.
DOMAIN = "handbok"
WRITE_MEMO = "write-memo"
BUILD_MEMO = "build-memo"


def build_state(env: BuildEnvironment, name: str, factory: Callable[[], Any]) -> Any:
    """State of the whole build outside the per-document tables, in the domain's data: pickled
    with the environment, so an incremental build sees the last one's, and never shared between
    two projects built in one process. Made by ``factory`` on first use."""
    data = env.domaindata[DOMAIN]
    if name not in data:
        data[name] = factory()
    return data[name]


def write_memo(env: BuildEnvironment) -> dict[str, Any]:
    """A dict for what the writing phase derives from the finished environment; emptied when
    the reading of each build is over (``env-updated``)."""
    memo: dict[str, Any] = build_state(env, WRITE_MEMO, dict)
    return memo


def _forget_write_memo(app: Sphinx, env: BuildEnvironment) -> None:
    write_memo(env).clear()


def build_memo(env: BuildEnvironment) -> dict[str, Any]:
    """A dict for what one build asks once of the world outside the sources (the git commit,
    issue 30: git was asked four times) and the pages it read; emptied when each build starts
    (``builder-inited``), so nothing in it is carried from one build to the next."""
    memo: dict[str, Any] = build_state(env, BUILD_MEMO, dict)
    return memo


def _forget_build_memo(app: Sphinx) -> None:
    build_memo(app.env).clear()


def _note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    build_memo(env)["read"] = set(docnames)


def read_in_this_build(env: BuildEnvironment) -> set[str]:
    """The pages this build reads (or read)."""
    found: set[str] = build_memo(env).get("read", set())
    return found


def read_kept(doctreedir: str | Path, name: str) -> Any:
    """What an earlier build kept for the next in the file ``name`` of the doctree folder (next
    to the pickled environment, never in the output), or None when it is missing or damaged.
    Only a cache or a record of what was written: the caller checks its shape."""
    try:
        return json.loads((Path(doctreedir) / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def keep_for_next_build(doctreedir: str | Path, name: str, data: object) -> bool:
    """Write ``data`` as JSON to the file ``name`` of the doctree folder for the next build
    (:func:`read_kept`), whole or not at all (a build stopped while writing leaves the old
    file); whether it was written."""
    path = Path(doctreedir) / name
    temporary = path.with_name(f"{name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True),
                             encoding="utf-8")
        temporary.replace(path)
    except OSError:
        return False
    return True


def setup_state(app: Sphinx) -> None:
    app.connect("env-updated", _forget_write_memo)
    app.connect("builder-inited", _forget_build_memo)
    app.connect("env-before-read-docs", _note_read, priority=Priority.READ_LIST)


#: The line of the block or role being read (in ``env.current_document``), for a warning that
#: a tool gives without a place (``handbok.messages``); set by the Markdown renderer
#: (``handbok.safety``).
READING_LINE = "handbok:reading-line"
