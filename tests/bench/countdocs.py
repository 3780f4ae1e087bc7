"""Benchmark helper extension: records which documents a build reads and which it writes.

Appends one line per document to ``$HANDBOK_BENCH_COUNT/reads`` and ``.../writes`` (append
mode, so forked parallel workers add their lines too).
"""

from __future__ import annotations

import os
from pathlib import Path


def _append(name: str, lines) -> None:
    folder = os.environ.get("HANDBOK_BENCH_COUNT")
    if not folder:
        return
    with open(Path(folder) / name, "a", encoding="utf-8") as fh:
        fh.writelines(f"{line}\n" for line in lines)


def _reads(app, env, docnames) -> None:
    _append("reads", sorted(docnames))


def _writes(app, pagename, templatename, context, doctree) -> None:
    if doctree is not None:
        _append("writes", [pagename])


def setup(app):
    app.connect("env-before-read-docs", _reads)
    app.connect("html-page-context", _writes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
