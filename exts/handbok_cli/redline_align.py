"""Redline, alignment: which blocks, sentences, words and duties changed between two
versions of a policy text, and the report of one policy (see :mod:`handbok_cli.redline`)."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import snowballstemmer
from handbok.vocabulary import POLICY_FIELDS

from .redline_parse import SENTENCE_END, Duty, PolicyText, Tok, starts_sentence, tokenize

#: A block pairs with a block elsewhere (moved or reworded) when this share of words is alike.
SIMILAR = 0.6

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
        if tok.text[0] in SENTENCE_END and starts_sentence(nxt):
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

    def change(kind: str, before: Duty | None, after: Duty | None, **kw: str) -> DutyChange:
        doc = after or before
        assert doc is not None  # a change has a duty before or after it
        return DutyChange(kind, doc["text"], _pairs(before), _pairs(after),
                          section=doc["section"],
                          old_sentence=before["sentence"] if before else "",
                          new_sentence=after["sentence"] if after else "", **kw)

    # Pair duties with the same wording, in order.
    unmatched_b: list[Duty] = []
    remaining = list(a)
    for duty in b:
        twin = next((d for d in remaining if d["text"] == duty["text"]), None)
        if twin is None:
            unmatched_b.append(duty)
            continue
        remaining.remove(twin)
        if Counter(_pairs(twin)) != Counter(_pairs(duty)):
            changes.append(change(_move_kind(_pairs(twin), _pairs(duty)), twin, duty))
    # Pair what is left by similar wording (a reworded duty), else added / removed.
    for duty in unmatched_b:
        best, ratio = None, 0.0
        for cand in remaining:
            r = difflib.SequenceMatcher(None, cand["text"].split(),
                                        duty["text"].split()).ratio()
            if r > ratio:
                best, ratio = cand, r
        if best is not None and ratio >= 0.6:
            remaining.remove(best)
            changes.append(change("ändrad text", best, duty, old_text=best["text"]))
        else:
            changes.append(change("tillagd", None, duty))
    for duty in remaining:
        changes.append(change("borttagen", duty, None))
    actors = labels(old, new)
    for item in changes:
        item.warning = actor_warning(item, actors)
    return changes


def _pairs(duty: Duty | None) -> list[tuple[str, str]]:
    """A duty's (actor, role) pairs; none for a duty that is not there."""
    return [(actor, role) for actor, role in duty["assignments"]] if duty else []


def labels(old: PolicyText | None, new: PolicyText | None) -> dict[str, str]:
    """Actor id -> label, from both versions (the new one's label where both have one)."""
    actors = {**(old.actors if old else {}), **(new.actors if new else {})}
    return {ident: actor["label"] for ident, actor in actors.items()}


def _move_kind(before: list[tuple[str, str]], after: list[tuple[str, str]]) -> str:
    if {a for a, _r in before} != {a for a, _r in after}:
        return "flyttad"
    return "ändrad roll"


# --- who a sentence names ---------------------------------------------------------------------

#: Swedish Snowball stems (snowballstemmer, which Sphinx's search uses too): "Kommunstyrelsen"
#: and "Kommunstyrelsens", "kontaktperson" and "kontaktpersonerna" meet in one stem.
_STEMMER = snowballstemmer.stemmer("swedish")


def _stems(text: str) -> list[str]:
    words = [t.text.lower() for t in tokenize(text) if t.text[0].isalnum()]
    return [str(stem) for stem in _STEMMER.stemWords(words)]


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



@dataclass
class Base:
    """The version compared with, as a reader names it."""

    date: str  # "2 december 2026"
    summary: str  # the Sammanfattning: trailer, or empty
    short: str  # a short commit id, for the small print only


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

def build_report(path: str, old_path: str | None, old: PolicyText | None,
                 new: PolicyText | None) -> PolicyReport:
    doc = new or old
    assert doc is not None  # a report compares a policy that exists before or after
    actors = labels(old, new)
    order = [b.section for b in (new.blocks if new else [])]
    order += [b.section for b in (old.blocks if old else [])]
    order += [d["section"] for d in (new.duties if new else [])]
    order += [d["section"] for d in (old.duties if old else [])]
    report = PolicyReport(path, old_path, doc.title or path, meta_changes(old, new),
                          block_changes(old, new), duty_changes(old, new), actors,
                          list(dict.fromkeys(order)))
    key = (report.path.rsplit("/", 1)[-1].removesuffix(".md")).replace(".", "-")
    for n, change in enumerate(report.changes, 1):
        change.anchor = f"{key}-andring-{n}"
    for n, duty in enumerate(report.duties, 1):
        duty.anchor = f"{key}-ansvar-{n}"
    return report


def duty_block(report: PolicyReport, duty: DutyChange) -> Change | None:
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
