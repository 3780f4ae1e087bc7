"""Reading the handbook's git history: the commits that changed a policy's adopted text, their
Swedish ``Sammanfattning:`` trailers, and the current commit. Core: the policy pages' history
(``history.py``) and "Nytt och ändrat" (``changes.py``) both read it.

Outside a git repository, or without git, the functions return None.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from . import frontmatter
from .state import build_memo
from .util import git_output

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

SEP = "\x1f"
NO_GIT = (
    "Versionshistoriken kan inte visas: källfilen ligger inte i ett git-förråd, "
    "eller git finns inte på datorn som byggde webbplatsen."
)
UNCOMMITTED = "Filen har ändringar som ännu inte är sparade i versionshistoriken."
NO_SUMMARY = "Ingen sammanfattning angavs."
#: The trailer line of a commit message with the change's Swedish summary.
TRAILER = "Sammanfattning"
_TRAILER_RE = re.compile(rf"^{TRAILER}:[ \t]*(\S.*?)\s*$", re.MULTILINE)
REC = "\x1e"

#: A directive fence line (after a list marker, if any): its name and argument are markup.
_FENCE = re.compile(r"^([ \t]*(?:\d+[.)]|[-*+])?[ \t]*)(?::{3,}|`{3,}|~{3,}).*$", re.MULTILINE)
_OPTION = re.compile(r"^[ \t]*:[\w-]+:.*$", re.MULTILINE)
_ROLE = re.compile(r"\{[\w:.-]+\}`([^`]*?)(?:\s*<[^<>`]*>)?`")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TARGET = re.compile(r"^[ \t]*\([\w-]+\)=[ \t]*$", re.MULTILINE)
_LIST = re.compile(r"^[ \t]*(?:\d+[.)]|[-*+])[ \t]+", re.MULTILINE)
_MARKS = re.compile(r"[#*_>|]+")


def adopted_parts(text: str) -> tuple[str, list[str]]:
    """(front matter, words of the text) of a policy source, without the handbook's markup.

    Two versions with the same parts differ only in markup: roles and their targets,
    directive fences, their options (such as ``:label:``), link targets, list numbers and
    emphasis.
    """
    found = frontmatter.split(text)
    front = " ".join(found[0].split()) if found else ""
    body = frontmatter.body(text)[0]
    body = _FENCE.sub(r"\1", body)
    body = _OPTION.sub(" ", body)
    body = _TARGET.sub(" ", body)
    body = _ROLE.sub(r"\1", body)
    body = _LINK.sub(r"\1", body)
    body = _LIST.sub(" ", body)
    body = _MARKS.sub("", body)
    return front, body.split()


def summary_of(message: str) -> str:
    """The Swedish summary of a commit: its last ``Sammanfattning:`` trailer, or empty."""
    found = _TRAILER_RE.findall(message)
    return found[-1] if found else ""


#: The one way the core runs git (handbok.util.git_output).
_git = git_output


class HistoryEntry(TypedDict):
    """One version of a policy text in git (:func:`file_history`)."""

    commit: str
    #: The commit day, ISO (``2024-03-01``).
    date: str
    #: The commit message's Swedish summary, or empty.
    summary: str


def file_history(path: Path) -> list[HistoryEntry] | None:
    """Commits that changed the adopted text or front matter of ``path``, newest first;
    None when git cannot tell. Each: commit, date, summary (Swedish, or empty)."""
    path = Path(path)
    if not path.exists():
        return None
    inside = _git(path.parent, "rev-parse", "--is-inside-work-tree")
    if not inside or inside.strip() != "true":
        return None
    out = _git(path.parent, "log", "--follow", "--name-only",
               f"--format={REC}%H{SEP}%cs{SEP}%B{SEP}", "--", path.name)
    if out is None:
        return None
    commits: list[dict[str, str]] = []
    for record in out.split(REC):
        parts = record.split(SEP)
        if len(parts) != 4:
            continue
        names = parts[3].split()
        commits.append({"commit": parts[0], "date": parts[1], "summary": summary_of(parts[2]),
                        "path": names[-1] if names else ""})
    entries: list[HistoryEntry] = []
    previous = None
    for entry in reversed(commits):  # oldest first: compare each version with the one before
        text = _git(path.parent, "show", f"{entry['commit']}:{entry['path']}")
        adopted = adopted_parts(text) if text is not None else None
        if adopted is None or adopted != previous:
            entries.append({"commit": entry["commit"], "date": entry["date"],
                            "summary": entry["summary"]})
        previous = adopted
    return entries[::-1]


def has_uncommitted_changes(path: Path) -> bool:
    out = _git(Path(path).parent, "status", "--porcelain", "--", Path(path).name)
    return bool(out and out.strip())


def git_head(srcdir: Path) -> str | None:
    out = _git(Path(srcdir), "rev-parse", "HEAD")
    return out.strip() if out else None


def build_head(env: BuildEnvironment) -> str | None:
    """The commit of the sources this build reads (:func:`git_head`), asked of git once per
    build (issue 30: the history and the changes asked four times)."""
    memo = build_memo(env)
    if "git-head" not in memo:
        memo["git-head"] = git_head(Path(env.srcdir))
    head: str | None = memo["git-head"]
    return head
