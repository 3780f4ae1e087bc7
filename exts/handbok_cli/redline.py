"""Redline: what a change does to the adopted policy texts, at the level a reader thinks in.

``handbok redline --bas REF --ut DIR`` compares every policy text (a Markdown
file under ``policy/`` with ``policy:`` in its front matter) in the git revision ``REF`` with
the working tree and writes ``DIR/index.html``. Options: ``--pdf FILE`` prints the same page
to a tagged PDF for the committee's papers (Debian's Chromium through Playwright), and
``--sammanfattning FILE`` writes it as Markdown for the pull request (job summary and comment).

How the comparison works:

- The texts are read with MyST's own parser (see :mod:`.markup`): each paragraph and list
  item is a *block* with its section; duties are ``{duty}`` role tokens; the front matter is
  read by :mod:`handbok.frontmatter`.
- Blocks are aligned over the whole document with :mod:`difflib`. A block that is gone in one
  place and (almost) the same in another is shown once, as moved ("Flyttat från avsnittet X"),
  with any wording changed inside it marked.
- Inside a changed block, words and punctuation are separate tokens (a comma added after a word
  does not mark the word), and the context shown is whole sentences.
- The base version is named by its date and the ``Sammanfattning:`` trailer of its commit
  message; a short commit id stands only in small print at the end.
"""

from __future__ import annotations

import argparse
import difflib
import html
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from handbok import frontmatter
from handbok.text import swedish_date
from handbok.vocabulary import MISSING, POLICY_FIELDS
from markdown_it.token import Token

from . import markup, project
from .browser import chromium
from .flags import english_aliases, require

POLICY_DIR = "policy"
#: Hidden marker of the pull-request comment that the workflow keeps up to date.
COMMENT_MARKER = "<!-- handbok-redline -->"
#: A block pairs with a block elsewhere (moved or reworded) when this share of words is alike.
SIMILAR = 0.6
#: GitHub refuses comments over 65 536 characters.
COMMENT_LIMIT = 60_000

# --- words, punctuation and sentences ---------------------------------------------------------

#: Characters that join letters into one word: EU-länderna, och/eller, 2-4.
_JOINERS = frozenset("-/'’")
_SENTENCE_END = frozenset(".!?")


@dataclass(frozen=True)
class Tok:
    """A word or a punctuation mark, and whether a space stands before it."""

    text: str
    space: bool


def tokenize(text: str) -> list[Tok]:
    """Words and punctuation marks as separate tokens ("EU-länderna" "," "samt")."""
    out: list[Tok] = []
    i, n, space = 0, len(text), False
    while i < n:
        ch = text[i]
        if ch.isspace():
            space = True
            i += 1
            continue
        if ch.isalnum():
            j = i + 1
            while j < n and (text[j].isalnum() or (
                    text[j] in _JOINERS and j + 1 < n and text[j + 1].isalnum())):
                j += 1
        else:
            j = i + 1
            # "…" and "--" stay one mark; other punctuation is one character each.
            while j < n and text[j] == ch and unicodedata.category(ch).startswith("P"):
                j += 1
        out.append(Tok(text[i:j], space and bool(out)))
        space = False
        i = j
    return out


def _starts_sentence(tok: Tok | None) -> bool:
    return tok is None or tok.text[0].isupper() or tok.text[0].isdigit()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a plain text as (start, end) character offsets."""
    spans, start, i, n = [], 0, 0, len(text)
    while i < n:
        if text[i] in _SENTENCE_END and (i + 1 == n or text[i + 1].isspace()):
            rest = text[i + 1:].lstrip()
            if not rest or rest[0].isupper() or rest[0].isdigit():
                spans.append((start, i + 1))
                start = n - len(rest)
                i = start
                continue
        i += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentence_at(text: str, offset: int) -> str:
    for start, end in sentence_spans(text):
        if start <= offset < end or offset == end:
            return text[start:end]
    return text.strip()


# --- reading a policy text --------------------------------------------------------------------


@dataclass
class Duty:
    text: str
    assignments: list[tuple[str, str]]
    section: str
    #: The sentence the duty stands in, as readers see it.
    sentence: str = ""


@dataclass
class Block:
    """A paragraph or a list item: the unit that can move."""

    section: str
    text: str
    item: bool = False


@dataclass
class PolicyText:
    path: str
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    #: (section heading, plain words of the section), in order
    sections: list[tuple[str, str]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    actors: dict[str, str] = field(default_factory=dict)


def front_matter(text: str) -> dict[str, str]:
    """The front matter's values as the page shows them (text; empty for a missing value)."""
    fm = frontmatter.read(text)
    if fm is None or fm.error:
        return {}
    return {key: fm.text_value(key) for key in fm.values}


def strip_inline(line: str) -> str:
    """The words a reader sees in a line of MyST: roles, links and emphasis removed."""
    return markup.plain_text(markup.parse_inline(line))


class _Reader:
    """Collects a policy text's blocks, duties and actors from its tokens."""

    def __init__(self, doc: PolicyText, extensions: tuple[str, ...]) -> None:
        self.doc = doc
        self.extensions = extensions
        self.section = ""
        self.names: set[str] = {""}
        self.items = 0

    def start_section(self, title: str) -> None:
        name, n = title, 2
        while name in self.names:
            name = f"{title} ({n})"
            n += 1
        self.section = name
        self.names.add(name)

    def add(self, text: str) -> None:
        plain = " ".join(text.split())
        if plain:
            self.doc.blocks.append(Block(self.section, plain, self.items > 0))

    def duties(self, inline: Token) -> None:
        children = inline.children or []
        plain = " ".join(markup.plain_text(children).split())
        for k, child in enumerate(children):
            mark = markup.duty(child)
            if mark is not None:
                before = " ".join(markup.plain_text(children[:k]).split())
                offset = len(before) + (1 if before else 0)
                self.doc.duties.append(Duty(mark.text, mark.assignments, self.section,
                                            sentence_at(plain, offset)))

    def read(self, tokens: list[Token], nested: bool = False) -> None:
        """Read block tokens; ``nested`` inside a directive body (no sections there)."""
        heading: Token | None = None
        for token in tokens:
            if token.type == "list_item_open":
                self.items += 1
            elif token.type == "list_item_close":
                self.items -= 1
            elif token.type == "heading_open" and not nested:
                heading = token
            elif token.type == "heading_close":
                heading = None
            elif token.type == "inline":
                if heading is not None:
                    title = " ".join(markup.plain_text(token.children or []).split())
                    if heading.tag == "h1" and not self.doc.title:
                        self.doc.title = title
                    self.start_section(title)
                else:
                    self.add(markup.plain_text(token.children or []))
                self.duties(token)
            elif token.type in markup.FENCES:
                self.fence(token)
            elif token.type in ("code_block", "html_block"):
                self.add(token.content)

    def fence(self, token: Token) -> None:
        found = markup.directive(token)
        if found is None:
            if token.type == "colon_fence":  # a ::: div: its content is Markdown
                self.read(markup.parse(token.content, self.extensions), nested=True)
            else:  # a code block
                self.add(token.content)
            return
        if found.name == "actor" and found.argument:
            label = found.options.get("label", "").strip()
            self.doc.actors[found.argument] = label or self.doc.actors.get(
                found.argument, found.argument)
        if found.silent:
            return
        if found.literal:
            self.add(found.body)
            return
        self.read(markup.parse(found.body, self.extensions), nested=True)


def parse_policy(path: str, text: str,
                 extensions: Iterable[str] = markup.SITE_EXTENSIONS) -> PolicyText:
    """A policy text as readers see it: title, blocks of plain words, duties and actors."""
    doc = PolicyText(path=path, meta=front_matter(text))
    reader = _Reader(doc, tuple(extensions))
    reader.read(markup.parse(text, reader.extensions))
    grouped: dict[str, list[str]] = {}
    for block in doc.blocks:
        grouped.setdefault(block.section, []).append(block.text)
    doc.sections = [(name, "\n".join(texts)) for name, texts in grouped.items()]
    return doc


# --- comparing --------------------------------------------------------------------------------


@dataclass
class Part:
    """A run of tokens that is kept ('equal'), added ('insert') or taken away ('delete')."""

    op: str
    text: str
    #: Whether a space stands before the run.
    space: bool = False


def _join(toks: list[Tok]) -> str:
    return "".join((" " if t.space and k else "") + t.text for k, t in enumerate(toks))


def _merge(ops: list[tuple[str, Tok]]) -> list[Part]:
    parts: list[Part] = []
    run: list[Tok] = []
    for k, (op, tok) in enumerate(ops):
        run.append(tok)
        if k + 1 == len(ops) or ops[k + 1][0] != op:
            parts.append(Part(op, _join(run), run[0].space))
            run = []
    return parts


def token_ops(old: str, new: str) -> list[tuple[str, Tok]]:
    """(op, token) for every word and punctuation mark of ``old`` and ``new``, in order."""
    a, b = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(None, [t.text for t in a], [t.text for t in b],
                                      autojunk=False)
    ops: list[tuple[str, Tok]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops += [("equal", t) for t in b[j1:j2]]
        else:
            ops += [("delete", t) for t in a[i1:i2]]
            ops += [("insert", t) for t in b[j1:j2]]
    return ops


def sentences(ops: list[tuple[str, Tok]]) -> list[list[tuple[str, Tok]]]:
    """The token ops cut into whole sentences."""
    out: list[list[tuple[str, Tok]]] = []
    current: list[tuple[str, Tok]] = []
    for k, (op, tok) in enumerate(ops):
        current.append((op, tok))
        nxt = ops[k + 1][1] if k + 1 < len(ops) else None
        if tok.text[0] in _SENTENCE_END and _starts_sentence(nxt):
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


#: A block's text as shown: sentences as parts, None for a run of unchanged sentences left out.
Segments = list[list[Part] | None]


def segments(old: str, new: str, whole: bool = False) -> Segments:
    """The changed sentences of a block (all of them when ``whole``), unchanged ones left out."""
    out: Segments = []
    for sentence in sentences(token_ops(old, new)):
        changed = any(op != "equal" for op, _t in sentence)
        if changed or whole:
            out.append(_merge(sentence))
        elif not out or out[-1] is not None:
            out.append(None)
    while out and out[-1] is None:
        out.pop()
    while out and out[0] is None:
        out.pop(0)
    return out


@dataclass
class Change:
    """A paragraph or list item that was changed, moved, added or taken away."""

    kind: str  # "ändrat", "flyttat", "tillagt", "borttaget"
    section: str
    segments: Segments
    item: bool = False
    from_section: str = ""
    old_text: str = ""
    new_text: str = ""
    anchor: str = ""


def _ratio(a: str, b: str) -> float:
    x, y = [t.text for t in tokenize(a)], [t.text for t in tokenize(b)]
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def block_changes(old: PolicyText | None, new: PolicyText | None) -> list[Change]:
    """Changes of the adopted text, block by block, in the order of the new text.

    Blocks are aligned with difflib over the whole document. A block that is gone in one
    place and alike (or the same) in another is one change, moved; otherwise a block that
    is alike in the same place is changed in place.
    """
    a = old.blocks if old else []
    b = new.blocks if new else []
    matcher = difflib.SequenceMatcher(None, [x.text for x in a], [x.text for x in b],
                                      autojunk=False)
    opcodes = matcher.get_opcodes()
    gone = {i: n for n, (tag, i1, i2, _j1, _j2) in enumerate(opcodes) if tag != "equal"
            for i in range(i1, i2)}
    came = {j: n for n, (tag, _i1, _i2, j1, j2) in enumerate(opcodes) if tag != "equal"
            for j in range(j1, j2)}
    # Pair the most alike first.
    pairs = sorted(((r, i, j) for i in gone for j in came
                    if (r := _ratio(a[i].text, b[j].text)) >= SIMILAR), reverse=True)
    paired_old: dict[int, int] = {}
    paired_new: dict[int, int] = {}
    for _r, i, j in pairs:
        if i not in paired_old and j not in paired_new:
            paired_old[i], paired_new[j] = j, i
    ordered: list[tuple[tuple[int, int], Change]] = []
    for j, n in came.items():
        block = b[j]
        if j in paired_new:
            i = paired_new[j]
            moved = gone[i] != n or a[i].section != block.section
            kind = "flyttat" if moved else "ändrat"
            change = Change(kind, block.section, segments(a[i].text, block.text, whole=moved),
                            block.item, a[i].section if moved else "", a[i].text, block.text)
        else:
            change = Change("tillagt", block.section, [[Part("insert", block.text)]],
                            block.item, new_text=block.text)
        ordered.append(((n, j), change))
    for i, n in gone.items():
        if i not in paired_old:
            change = Change("borttaget", a[i].section, [[Part("delete", a[i].text)]],
                            a[i].item, old_text=a[i].text)
            ordered.append(((n, -1), change))
    return [c for _k, c in sorted(ordered, key=lambda x: x[0])]


def meta_changes(old: PolicyText | None, new: PolicyText | None) -> list[tuple[str, str, str]]:
    a, b = (old.meta if old else {}), (new.meta if new else {})
    keys = dict.fromkeys([*b, *a])
    return [(k, a.get(k, ""), b.get(k, "")) for k in keys if a.get(k) != b.get(k)]


def field_label(key: str) -> str:
    """The label the policy page shows for a front matter field."""
    return POLICY_FIELDS.get(key) or f"Uppgiften {key} i sidhuvudet"


@dataclass
class DutyChange:
    kind: str  # "tillagd", "borttagen", "flyttad", "ändrad roll", "ändrad text"
    text: str
    before: list[tuple[str, str]]
    after: list[tuple[str, str]]
    old_text: str = ""
    section: str = ""
    old_sentence: str = ""
    new_sentence: str = ""
    warning: str = ""
    anchor: str = ""


def duty_changes(old: PolicyText | None, new: PolicyText | None) -> list[DutyChange]:
    a = list(old.duties) if old else []
    b = list(new.duties) if new else []
    changes: list[DutyChange] = []

    def change(kind: str, before: Duty | None, after: Duty | None, **kw) -> DutyChange:
        doc = after or before
        return DutyChange(kind, doc.text, before.assignments if before else [],
                          after.assignments if after else [], section=doc.section,
                          old_sentence=before.sentence if before else "",
                          new_sentence=after.sentence if after else "", **kw)

    # Pair duties with the same wording, in order.
    unmatched_b: list[Duty] = []
    remaining = list(a)
    for duty in b:
        twin = next((d for d in remaining if d.text == duty.text), None)
        if twin is None:
            unmatched_b.append(duty)
            continue
        remaining.remove(twin)
        if Counter(twin.assignments) != Counter(duty.assignments):
            changes.append(change(_move_kind(twin.assignments, duty.assignments), twin, duty))
    # Pair what is left by similar wording (a reworded duty), else added / removed.
    for duty in unmatched_b:
        best, ratio = None, 0.0
        for cand in remaining:
            r = difflib.SequenceMatcher(None, cand.text.split(), duty.text.split()).ratio()
            if r > ratio:
                best, ratio = cand, r
        if best is not None and ratio >= 0.6:
            remaining.remove(best)
            changes.append(change("ändrad text", best, duty, old_text=best.text))
        else:
            changes.append(change("tillagd", None, duty))
    for duty in remaining:
        changes.append(change("borttagen", duty, None))
    actors = {**(old.actors if old else {}), **(new.actors if new else {})}
    for item in changes:
        item.warning = actor_warning(item, actors)
    return changes


def _move_kind(before: list[tuple[str, str]], after: list[tuple[str, str]]) -> str:
    if {a for a, _r in before} != {a for a, _r in after}:
        return "flyttad"
    return "ändrad roll"


# --- who a sentence names ---------------------------------------------------------------------

_ENDINGS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "ens", "ets", "na", "en", "et",
            "er", "ar", "or", "s", "n")


def _stem(word: str) -> str:
    word = word.lower()
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 5:
            return word[:-len(ending)]
    return word


def _stems(text: str) -> list[str]:
    return [_stem(t.text) for t in tokenize(text) if t.text[0].isalnum()]


def named_actors(text: str, actors: dict[str, str]) -> set[str]:
    """The actors a sentence names by their label ("Kommunstyrelsen", "Varje förvaltning").

    A longer name wins over a shorter one inside it: "Kommunstyrelsens förvaltning" names
    the administration, not the board. A label's leading adjective may be left out
    ("kontaktpersonerna" for "Internationella kontaktpersoner").
    """
    words = _stems(text)
    found: list[tuple[int, int, str]] = []
    for actor, label in actors.items():
        raw = label.split()
        phrases = [_stems(label)]
        if len(raw) > 1 and raw[0].lower().endswith(("a", "e")):
            phrases.append(_stems(" ".join(raw[1:])))
        for phrase in phrases:
            for start in range(len(words) - len(phrase) + 1):
                if phrase and words[start:start + len(phrase)] == phrase:
                    found.append((start, start + len(phrase), actor))
    return {actor for s, e, actor in found
            if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _a in found)}


def actor_warning(change: DutyChange, actors: dict[str, str]) -> str:
    """A Swedish warning when the sentence names another body than the duty's actors."""
    if not change.after or not change.new_sentence:
        return ""
    named = named_actors(change.new_sentence, actors) or named_actors(change.section, actors)
    given = {a for a, _r in change.after}
    if not named or named & given:
        return ""

    def names(keys: Iterable[str]) -> str:
        return " och ".join(sorted(actors.get(k, k) for k in keys))

    return (f"Meningen nämner {names(named)}, men markeringen ger nu uppgiften till "
            f"{names(given)}. Ändra meningen eller markeringen så att de stämmer överens.")


# --- git --------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip() or f"git {' '.join(args)} misslyckades")
    return proc.stdout


def _policy_text(name: str, text: str) -> bool:
    """Whether a file is a policy text; a front matter that cannot be read is reported."""
    fm = frontmatter.read(text)
    if fm is not None and fm.error:
        problem, line = fm.error
        print(f"Sidhuvudet i {name} kan inte läsas (rad {line}: {problem}). Filen är inte med "
              "i jämförelsen.", file=sys.stderr)
        return False
    return fm is not None and "policy" in fm.values


def base_files(repo: Path, base: str) -> dict[str, str]:
    names = git(repo, "ls-tree", "-r", "--name-only", base, "--", POLICY_DIR).splitlines()
    result = {}
    for name in names:
        if name.endswith(".md"):
            text = git(repo, "show", f"{base}:{name}")
            if _policy_text(f"{name} (den tidigare versionen)", text):
                result[name] = text
    return result


def work_files(repo: Path) -> dict[str, str]:
    result = {}
    for file in sorted((repo / POLICY_DIR).rglob("*.md")):
        text = file.read_text(encoding="utf-8")
        name = file.relative_to(repo).as_posix()
        if _policy_text(name, text):
            result[name] = text
    return result


def renames(repo: Path, base: str) -> dict[str, str]:
    """new path -> old path for policy files git sees as moved since ``base``."""
    out = git(repo, "diff", "-M", "--name-status", base, "--", POLICY_DIR)
    moved = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if parts[0].startswith("R") and len(parts) == 3:
            moved[parts[2]] = parts[1]
    return moved


@dataclass
class Base:
    """The version compared with, as a reader names it."""

    date: str  # "2 december 2026"
    summary: str  # the Sammanfattning: trailer, or empty
    short: str  # a short commit id, for the small print only


def describe_base(repo: Path, base: str) -> Base:
    out = git(repo, "log", "-1", "--format=%cs%x00%h%x00"
              "%(trailers:key=Sammanfattning,valueonly,separator=%x20)", base)
    date, short, summary = (out.rstrip("\n").split("\x00") + ["", ""])[:3]
    return Base(swedish_date(date), " ".join(summary.split()), short)


# --- the report -------------------------------------------------------------------------------


@dataclass
class PolicyReport:
    path: str
    old_path: str | None
    title: str
    meta: list[tuple[str, str, str]]
    changes: list[Change]
    duties: list[DutyChange]
    actors: dict[str, str]
    #: Section names in the order shown.
    order: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.meta or self.changes or self.duties)

    def sections(self) -> list[tuple[str, list[Change], list[DutyChange]]]:
        """(section, text changes, duty changes) for every section with a change."""
        out = []
        for name in self.order:
            texts = [c for c in self.changes if c.section == name]
            duties = [d for d in self.duties if d.section == name]
            if texts or duties:
                out.append((name, texts, duties))
        return out

    @property
    def warnings(self) -> list[DutyChange]:
        return [d for d in self.duties if d.warning]


def compare(repo: Path, base: str) -> list[PolicyReport]:
    old_files, new_files = base_files(repo, base), work_files(repo)
    moved = renames(repo, base)
    # Both versions are read with the working tree's MyST settings (conf.py).
    extensions = project.load(repo).myst_extensions
    reports = []
    seen_old = set()
    for path in sorted(new_files):
        old_path = moved.get(path, path) if moved.get(path, path) in old_files else None
        seen_old.add(old_path)
        old = parse_policy(old_path, old_files[old_path], extensions) if old_path else None
        new = parse_policy(path, new_files[path], extensions)
        reports.append(build_report(path, old_path, old, new))
    for path in sorted(set(old_files) - seen_old):
        old = parse_policy(path, old_files[path], extensions)
        reports.append(build_report(path, path, old, None))
    return reports


def build_report(path, old_path, old, new) -> PolicyReport:
    doc = new or old
    actors = {**(old.actors if old else {}), **(new.actors if new else {})}
    order = [b.section for b in (new.blocks if new else [])]
    order += [b.section for b in (old.blocks if old else [])]
    order += [d.section for d in (new.duties if new else [])]
    order += [d.section for d in (old.duties if old else [])]
    report = PolicyReport(path, old_path, doc.title or path, meta_changes(old, new),
                          block_changes(old, new), duty_changes(old, new), actors,
                          list(dict.fromkeys(order)))
    key = (report.path.rsplit("/", 1)[-1].removesuffix(".md")).replace(".", "-")
    for n, change in enumerate(report.changes, 1):
        change.anchor = f"{key}-andring-{n}"
    for n, duty in enumerate(report.duties, 1):
        duty.anchor = f"{key}-ansvar-{n}"
    return report


def _duty_block(report: PolicyReport, duty: DutyChange) -> Change | None:
    """The text change of the paragraph a duty stands in, if the paragraph changed."""
    for change in report.changes:
        for sentence, text in ((duty.new_sentence, change.new_text),
                               (duty.old_sentence, change.old_text)):
            if sentence and text and sentence in text:
                return change
    return None


SECTION_START = "Början av dokumentet"

KIND_LABEL = {
    "ändrat": "Ändrad text",
    "flyttat": "Flyttat",
    "tillagt": "Nytt stycke",
    "borttaget": "Borttaget stycke",
}
KIND_ITEM_LABEL = {
    "ändrat": "Ändrad punkt",
    "flyttat": "Flyttad punkt",
    "tillagt": "Ny punkt",
    "borttaget": "Borttagen punkt",
}


def change_label(change: Change) -> str:
    label = (KIND_ITEM_LABEL if change.item else KIND_LABEL)[change.kind]
    if change.kind == "flyttat":
        label += f" från avsnittet ”{change.from_section or SECTION_START}”"
        if not any(p.op != "equal" for s in change.segments if s for p in s):
            label += ", texten är oförändrad"
        else:
            label += ", med ändrad text"
    return label


def _who(assignments: list[tuple[str, str]], actors: dict[str, str]) -> str:
    if not assignments:
        return "ingen"
    return ", ".join(f"{actors.get(a, a)} ({r})" for a, r in assignments)


def duty_summary(duty: DutyChange, actors: dict[str, str]) -> str:
    before, after = _who(duty.before, actors), _who(duty.after, actors)
    return {
        "flyttad": f"Uppgiften flyttas från {before} till {after}.",
        "ändrad roll": f"Rollen ändras från {before} till {after}.",
        "ändrad text": f"Uppgiftens text ändras. Ansvar före: {before}. Ansvar efter: {after}.",
        "tillagd": f"Ny uppgift för {after}.",
        "borttagen": f"Uppgiften tas bort. Den låg på {before}.",
    }[duty.kind]


# --- HTML -------------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, "DejaVu Sans", sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.6; color: #1a1a1a; }
ins { background: #d7f5dd; color: #0b3d17; text-decoration: underline;
      text-decoration-thickness: 2px; font-weight: bold; }
del { background: #fde0e0; color: #5c0b0b; text-decoration: line-through;
      text-decoration-thickness: 2px; }
.marker { font-weight: bold; }
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
                   overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.change { border-left: 4px solid #555; padding: .1rem 0 .1rem 1rem; margin: 1rem 0; }
.change.moved { border-left-style: double; border-left-width: 6px; }
.change .label, .duty .label { font-weight: bold; margin: 0; }
.change p { margin: .3rem 0; }
.omitted { color: #444; }
.duty { border: 1px solid #555; padding: .5rem 1rem; margin: 1rem 0; }
.duty blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .6rem; border-left: 1px dotted #555; }
.warning { border: 2px solid #000; padding: .3rem .6rem; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: .4rem .6rem; text-align: left; vertical-align: top; }
.legend { border: 1px solid #888; padding: .5rem 1rem; }
.legend .box { border-left: 4px solid #555; padding-left: .5rem; }
footer { margin-top: 2rem; color: #444; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; color: #000; }
  ins, del { background: none; color: #000; }
  .change, .duty, tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  a { color: #000; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _space(part: Part) -> str:
    return " " if part.space else ""


def render_parts(parts: list[Part]) -> str:
    out = []
    for k, part in enumerate(parts):
        text = _e(part.text)
        lead = _space(part) if k else ""
        if part.op == "insert":
            out.append(f'{lead}<ins><span class="visually-hidden">infogat: </span>'
                       f'<span class="marker" aria-hidden="true">[+</span>{text}'
                       '<span class="marker" aria-hidden="true">+]</span></ins>')
        elif part.op == "delete":
            out.append(f'{lead}<del><span class="visually-hidden">borttaget: </span>'
                       f'<span class="marker" aria-hidden="true">[−</span>{text}'
                       '<span class="marker" aria-hidden="true">−]</span></del>')
        else:
            out.append(lead + text)
    return "".join(out)


OMITTED = ('<span class="omitted">[…]<span class="visually-hidden"> oförändrad text utelämnas'
           "</span></span>")


def render_segments(segs: Segments) -> str:
    return " ".join(OMITTED if s is None else f'<span class="sentence">{render_parts(s)}</span>'
                    for s in segs)


LEGEND = [
    '<section class="legend" aria-labelledby="teckenforklaring">',
    '<h2 id="teckenforklaring">Teckenförklaring</h2>',
    "<ul>",
    '<li><ins><span class="visually-hidden">infogat: </span>'
    '<span class="marker" aria-hidden="true">[+</span>ny text'
    '<span class="marker" aria-hidden="true">+]</span></ins>: text som läggs till. '
    "Den står inom [+ +], är fet och understruken.</li>",
    '<li><del><span class="visually-hidden">borttaget: </span>'
    '<span class="marker" aria-hidden="true">[−</span>gammal text'
    '<span class="marker" aria-hidden="true">−]</span></del>: text som tas bort. '
    "Den står inom [− −] och är överstruken.</li>",
    "<li>Text utan markering står kvar. Den visas för att ge sammanhang. Hela meningar visas, "
    "[…] betyder att oförändrade meningar är utelämnade.</li>",
    '<li><span class="box">Ett stycke med en linje till vänster</span> är ändrat, nytt, '
    "borttaget eller flyttat. Ett flyttat stycke visas en gång, där det står nu, med "
    "uppgift om varifrån det kommer.</li>",
    "<li>Ändrat ansvar står i en ram i avsnittet där uppgiften står.</li>",
    "</ul>",
    "</section>",
]


def base_sentence(base: Base) -> str:
    text = f"Förslaget jämförs med versionen från {base.date}"
    if not base.summary:
        return text + "."
    end = "" if base.summary[-1] in _SENTENCE_END else "."
    return f"{text}: ”{base.summary}{end}”"


def render(reports: list[PolicyReport], base: Base) -> str:
    changed = [r for r in reports if r.changed]
    unchanged = [r for r in reports if not r.changed]
    title = f"Ändringar i styrdokumenten jämfört med versionen från {base.date}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="sv">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<h1>Ändringar i styrdokumenten</h1>",
        f"<p>{_e(base_sentence(base))} Sidan visar texten som läsaren ser, inte "
        "formateringen.</p>",
        *LEGEND,
    ]
    if not changed:
        out.append("<p>Inga styrdokument har ändrats.</p>")
    for report in changed:
        out += render_report(report)
    out.append("<h2>Oförändrade styrdokument</h2>")
    if unchanged:
        out.append("<ul>")
        out += [f"<li>{_e(r.title)}: oförändrad</li>" for r in unchanged]
        out.append("</ul>")
    else:
        out.append("<p>Alla styrdokument har ändrats.</p>")
    out += ["</main>",
            f"<footer><small>Teknisk uppgift för redaktörerna: jämfört med git-version "
            f"{_e(base.short)}.</small></footer>",
            "</body>", "</html>", ""]
    return "\n".join(out)


def render_report(report: PolicyReport) -> list[str]:
    out = [f"<h2>{_e(report.title)}</h2>"]
    if report.old_path is None:
        out.append("<p>Ett nytt styrdokument.</p>")
    elif new_path_differs(report):
        out.append("<p>Dokumentet har flyttats till en ny plats på webbplatsen.</p>")
    if report.meta:
        out.append("<h3>Uppgifter om dokumentet</h3>")
        out.append('<table><thead><tr><th scope="col">Uppgift</th>'
                   '<th scope="col">Före</th><th scope="col">Efter</th></tr>'
                   "</thead><tbody>")
        for key, before, after in report.meta:
            out.append(f"<tr><td>{_e(field_label(key))}</td>"
                       f"<td>{_e(before or MISSING)}</td>"
                       f"<td>{_e(after or MISSING)}</td></tr>")
        out.append("</tbody></table>")
    if report.warnings:
        count = len(report.warnings)
        which = "En uppgift har" if count == 1 else f"{count} uppgifter har"
        out.append(f'<div class="warning" role="note"><p>Varning: {which} ett ansvar som inte '
                   "stämmer med meningen. Se rutorna märkta Varning nedan.</p></div>")
    for name, texts, duties in report.sections():
        out.append(f"<h3>Avsnitt: {_e(name or SECTION_START)}</h3>")
        for change in texts:
            moved = " moved" if change.kind == "flyttat" else ""
            out.append(f'<div class="change{moved}" id="{change.anchor}">')
            out.append(f'<p class="label">{_e(change_label(change))}</p>')
            out.append(f"<p>{render_segments(change.segments)}</p>")
            links = [d for d in duties if _duty_block(report, d) is change]
            for duty in links:
                out.append(f'<p><a href="#{duty.anchor}">Ansvaret för ”{_e(duty.text)}” '
                           "ändras också, se rutan nedan.</a></p>")
            out.append("</div>")
        for duty in duties:
            out += render_duty(report, duty)
    return out


def new_path_differs(report: PolicyReport) -> bool:
    return report.old_path is not None and report.old_path != report.path


def _quote(sentence: str, wording: str) -> str:
    text = _e(sentence)
    mark = _e(wording)
    if mark and mark in text:
        text = text.replace(mark, f"<em>{mark}</em>", 1)
    return text


def render_duty(report: PolicyReport, duty: DutyChange) -> list[str]:
    out = [f'<div class="duty" id="{duty.anchor}">',
           f'<p class="label">Ändrat ansvar: ”{_e(duty.text)}”</p>',
           f"<p>{_e(duty_summary(duty, report.actors))}</p>"]
    if duty.old_text:
        out.append(f"<p>Uppgiftens text: {render_segments(segments(duty.old_text, duty.text))}"
                   "</p>")
    if duty.old_sentence and duty.old_sentence == duty.new_sentence:
        out.append(f'<p>Meningen i texten, oförändrad:</p><blockquote id="{duty.anchor}-fore">'
                   f"{_quote(duty.new_sentence, duty.text)}</blockquote>")
        duty_new = ""
    else:
        duty_new = duty.new_sentence
    if duty.old_sentence and (duty_new or not duty.new_sentence):
        out.append(f'<p>Meningen före ändringen:</p><blockquote id="{duty.anchor}-fore">'
                   f"{_quote(duty.old_sentence, duty.old_text or duty.text)}</blockquote>")
    if duty_new:
        out.append(f'<p>Meningen efter ändringen:</p><blockquote id="{duty.anchor}-efter">'
                   f"{_quote(duty.new_sentence, duty.text)}</blockquote>")
    block = _duty_block(report, duty)
    if block is not None:
        out.append(f'<p><a href="#{block.anchor}">Se ändringen i texten ovan.</a></p>')
    if duty.warning:
        out.append(f'<p class="warning" role="note">Varning: {_e(duty.warning)}</p>')
    out.append("</div>")
    return out


# --- Markdown for the pull request ------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})


def _md(text: str) -> str:
    return text.translate(_MD_SPECIAL)


def _md_parts(parts: list[Part]) -> str:
    out = []
    for k, part in enumerate(parts):
        lead = _space(part) if k else ""
        text = _md(part.text)
        if part.op == "insert":
            out.append(f"{lead}<ins>**\\[+ {text} +\\]**</ins>")
        elif part.op == "delete":
            out.append(f"{lead}~~\\[− {text} −\\]~~")
        else:
            out.append(lead + text)
    return "".join(out)


def _md_segments(segs: Segments) -> str:
    return " ".join("\\[…\\]" if s is None else _md_parts(s) for s in segs)


def render_markdown(reports: list[PolicyReport], base: Base) -> str:
    """The redline as GitHub Markdown: job summary and the pull request's comment."""
    changed = [r for r in reports if r.changed]
    out = [COMMENT_MARKER, "## Ändringar i styrdokumenten", "", _md(base_sentence(base)), "",
           "Teckenförklaring: <ins>**\\[+ ny text +\\]**</ins> läggs till, "
           "~~\\[− gammal text −\\]~~ tas bort, \\[…\\] är oförändrade meningar som inte visas. "
           "Ett flyttat stycke visas en gång, där det står nu.", ""]
    if not changed:
        out += ["Inga styrdokument har ändrats.", ""]
    for report in changed:
        out += [f"### {_md(report.title)}", ""]
        if report.meta:
            out += ["| Uppgift | Före | Efter |", "| --- | --- | --- |"]
            out += [f"| {_md(field_label(k))} | {_md(b or MISSING)} | {_md(a or MISSING)} |"
                    for k, b, a in report.meta]
            out.append("")
        for name, texts, duties in report.sections():
            out += [f"#### Avsnitt: {_md(name or SECTION_START)}", ""]
            for change in texts:
                out += [f"> **{_md(change_label(change))}**", ">",
                        f"> {_md_segments(change.segments)}", ""]
            for duty in duties:
                lines = [f"- **Ändrat ansvar: ”{_md(duty.text)}”.** "
                         f"{_md(duty_summary(duty, report.actors))}"]
                if duty.new_sentence:
                    label = ("Meningen i texten, oförändrad" if duty.new_sentence ==
                             duty.old_sentence else "Meningen efter ändringen")
                    lines.append(f"{label}: *{_md(duty.new_sentence)}*")
                if duty.warning:
                    lines.append(f"**⚠️ Varning:** {_md(duty.warning)}")
                out.append("<br>".join(lines))
            if duties:
                out.append("")
    unchanged = [r for r in reports if not r.changed]
    if unchanged:
        out += ["Oförändrade styrdokument: " + ", ".join(_md(r.title) for r in unchanged) + ".",
                ""]
    out += [f"<sub>Jämfört med git-version {_md(base.short)}. Hela redline, också som PDF, "
            "finns bland körningens artefakter.</sub>", ""]
    text = "\n".join(out)
    if len(text) > COMMENT_LIMIT:
        text = (text[:COMMENT_LIMIT].rsplit("\n", 1)[0] + "\n\n**Redline är för lång för en "
                "kommentar. Läs hela i artefakten redline.**\n")
    return text


# --- PDF --------------------------------------------------------------------------------------

def write_pdf(page: Path, target: Path) -> Path:
    """Print the redline page with Chromium: a tagged PDF with an outline, A4, page numbers."""
    target.parent.mkdir(parents=True, exist_ok=True)
    footer = ('<div style="font-size:8pt;width:100%;text-align:center;font-family:sans-serif">'
              'Sida <span class="pageNumber"></span> av <span class="totalPages"></span></div>')
    with chromium() as browser:
        tab = browser.new_page()
        tab.goto(page.resolve().as_uri())
        tab.emulate_media(media="print")
        tab.pdf(path=str(target), format="A4", tagged=True, outline=True,
                display_header_footer=True, header_template="<span></span>",
                footer_template=footer, print_background=False,
                margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
    return target


# --- command ----------------------------------------------------------------------------------


def write_redline(repo: Path, base: str, outdir: Path, pdf: Path | None = None,
                  summary: Path | None = None) -> Path:
    repo = Path(git(repo, "rev-parse", "--show-toplevel").strip())
    described = describe_base(repo, base)
    reports = compare(repo, base)
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / "index.html"
    target.write_text(render(reports, described), encoding="utf-8")
    for report in reports:
        for duty in report.warnings:
            print(f"Varning i {report.path}, avsnittet {duty.section}: {duty.warning}",
                  file=sys.stderr)
    if summary is not None:
        text = render_markdown(reports, described)
        if str(summary) == "-":
            sys.stdout.write(text)
        else:
            # Appends, as $GITHUB_STEP_SUMMARY expects.
            with summary.open("a", encoding="utf-8") as handle:
                handle.write(text)
    if pdf is not None:
        write_pdf(target, pdf)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="handbok redline",
        description="Visa ändringar i styrdokumenten jämfört med en tidigare version.")
    parser.add_argument("--bas", help="git-version att jämföra med, t.ex. main")
    parser.add_argument("--ut", default="_build/redline", help="mapp för index.html")
    parser.add_argument("--rot", default=".", help="mapp i git-förrådet (standard: .)")
    parser.add_argument("--pdf", type=Path, help="skriv också en PDF för nämndhandlingen")
    parser.add_argument("--sammanfattning", type=Path,
                        help="lägg till ändringarna som Markdown i filen (- för skärmen)")
    english_aliases(parser, {"--base": "bas", "--out": "ut", "--repo": "rot",
                             "--summary": "sammanfattning"})
    args = parser.parse_args(argv)
    require(parser, args, "--bas")
    try:
        target = write_redline(Path(args.rot), args.bas, Path(args.ut), args.pdf,
                               args.sammanfattning)
    except (RuntimeError, ValueError) as err:
        print(f"Kunde inte jämföra med {args.bas}: {err}", file=sys.stderr)
        return 2
    if str(args.sammanfattning) != "-":
        print(f"Ändringarna finns i {target}" + (f" och {args.pdf}" if args.pdf else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
