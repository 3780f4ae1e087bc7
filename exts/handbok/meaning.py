"""Ids keep their meaning (issue 25, point 4): the comparison of two versions of a policy source.

Cases cite methods and goals by id, and the responsibility views cite actors by id. When an
editor inserts a method as no. 2 and renumbers the later ones by hand, every id keeps its
citations but now means another method: the cases silently serve the wrong method. This module
compares each policy source with its previous version in git and reports every method, goal or
actor id whose label or text has changed meaning: which id, the old and the new label, and how
many cases cite it.

- :func:`definitions` and :func:`changed_meanings` read two versions of a source (no Sphinx);
  the redline (``make redline``) uses them for the pull request.
- In the build, each policy page read is compared with its previous version: the working tree
  with the last commit when the file has uncommitted changes, else the last commit with the one
  before it that touched the file. A shallow clone without that history says so (once) and does
  not check.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .util import git_output as _git
from .util import split_ids
from .vocabulary import OBJECT_NOUNS

_OPENER = re.compile(r"^[ \t]*(?:\d+[.)]|[-*+])?[ \t]*(?P<fence>:{3,}|`{3,})"
                     r"\{(?P<kind>method|goal|actor)\}[ \t]+(?P<id>\S+)[ \t]*$")
_FIELD = re.compile(r"^[ \t]*:(?P<key>[\w-]+):(?:[ \t]+(?P<value>.*))?$")
_CASE_FIELD = re.compile(r"^[ \t]*:(?P<key>methods|goals):[ \t]+(?P<value>.*)$", re.M)
#: Below this similarity the text of a method or goal is another text, not an edit of it.
SAME_TEXT = 0.5


@dataclass(frozen=True)
class Definition:
    kind: str  # method, goal, actor
    ident: str
    label: str
    text: str
    line: int  # 1-based line of the opening fence


@dataclass(frozen=True)
class ChangedMeaning:
    kind: str
    ident: str
    old_label: str
    new_label: str
    line: int  # in the new version

    def describe(self, cases: int | None) -> str:
        noun = OBJECT_NOUNS.get(self.kind, self.kind)
        text = (f"Id:t '{self.ident}' ({noun}) har fått en ny betydelse: förut "
                f"'{self.old_label}', nu '{self.new_label}'.")
        if cases:
            text += (f" {cases} exempel anger id:t och hör nu till '{self.new_label}' i stället "
                     f"för '{self.old_label}'.")
        elif cases == 0:
            text += " Inget exempel anger id:t."
        return text


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _other(a: str, b: str) -> bool:
    """Whether ``b`` is another text than ``a``, not an edit of it."""
    a, b = _words(a), _words(b)
    return a != b and difflib.SequenceMatcher(None, a, b).ratio() < SAME_TEXT


def definitions(source: str) -> dict[tuple[str, str], Definition]:
    """The methods, goals and actors a policy source defines: (kind, id) -> definition."""
    lines = source.split("\n")
    found: dict[tuple[str, str], Definition] = {}
    n = 0
    while n < len(lines):
        match = _OPENER.match(lines[n])
        n += 1
        if not match:
            continue
        start, fence = n, match["fence"]
        label, body = "", []
        in_fields = True
        while n < len(lines) and lines[n].strip() != fence:
            field = _FIELD.match(lines[n]) if in_fields else None
            if field:
                if field["key"] == "label":
                    label = (field["value"] or "").strip()
            else:
                in_fields = False
                body.append(lines[n])
            n += 1
        n += 1
        key = (match["kind"], match["id"])
        found.setdefault(key, Definition(match["kind"], match["id"], label,
                                         " ".join(" ".join(body).split()), start))
    return found


def changed_meanings(old: str, new: str) -> list[ChangedMeaning]:
    """Ids defined in both versions that now name something else: another label (not an
    edit of the old one, such as "Kommunstyrelsen" -> "Styrelsen") and, when both versions
    have a text, another text."""
    before, after = definitions(old), definitions(new)
    out = []
    for key, now in after.items():
        was = before.get(key)
        if was is None:
            continue
        texts_differ = _other(was.text, now.text) if was.text and now.text else None
        if was.label or now.label:
            changed = _other(was.label, now.label) and texts_differ is not False
        else:
            changed = bool(texts_differ)
        if changed:
            out.append(ChangedMeaning(now.kind, now.ident, was.label or was.text[:60],
                                      now.label or now.text[:60], now.line))
    return out


def citing_cases(texts: Iterable[str]) -> Counter[str]:
    """How many case sources cite each method or goal id in ``:methods:`` / ``:goals:``."""
    counts: Counter[str] = Counter()
    for text in texts:
        if "{case}" not in text:
            continue
        ids = set()
        for match in _CASE_FIELD.finditer(text):
            ids.update(split_ids(match["value"]))
        counts.update(ids)
    return counts


# --- the previous version in git ----------------------------------------------------------------


def previous_version(path: Path) -> tuple[str | None, str]:
    """(text, "") of the version before ``path``'s current one, or (None, reason) where reason
    is "shallow" (the history was not fetched), "new" (no earlier version) or "no-git"."""
    folder, name = path.parent, f"./{path.name}"
    log = _git(folder, "log", "-n", "2", "--format=%H", "--", path.name)
    if log is None:
        return None, "no-git"
    commits = log.split()
    if not commits:
        return None, "new"
    changed = _git(folder, "diff", "--quiet", "HEAD", "--", path.name) is None
    base = commits[0] if changed else (commits[1] if len(commits) > 1 else None)
    if base is None:
        shallow = (_git(folder, "rev-parse", "--is-shallow-repository") or "").strip()
        return None, "shallow" if shallow == "true" else "new"
    text = _git(folder, "show", f"{base}:{name}")
    return (text, "") if text is not None else (None, "new")
