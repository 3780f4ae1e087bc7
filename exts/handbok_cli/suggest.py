"""Suggested markup for an imported policy text: actors, duties, goals and methods.

Swedish policy texts give bodies their tasks in a few fixed ways, and the suggestions follow
them sentence by sentence:

- the body first, then the task: "Kommunstyrelsen leder och samordnar …", "Nämnderna ansvarar
  för att …", "Kontaktpersonen ska …", "Nämnderna bör …", "Kommunfullmäktige fastställer …",
  "Medlemmarna tar ansvar för …", several verbs in a row ("… företräder …, är behjälpliga …,
  kommunicerar …");
- the body in a phrase: "Det ingår i varje nämnds uppdrag att …", "Alla nämnder har i uppdrag
  att …", "en kontaktperson vars uppdrag är att …", "Syftet med nätverket är att …",
  "Ansvaret ligger på respektive nämnd och förvaltning …", "… har stöd av kommunstyrelsen";
- the body after the verb: "I årsredovisningen ska nämnderna …", "För … ansvarar
  kommunstyrelsen".

The role (:data:`handbok.vocabulary.DEFAULT_ROLES`) comes from the words of the task:
decisions (fastställer, beslutar, ger i uppdrag) -> beslutar; leading and co-ordinating ->
samordnar; support (stöd, stötta, behjälplig) -> stödjer; taking part (ingå, delta, företräda,
delge) -> deltar; everything else -> ansvarar. "De" and "Medlemmarna" at the start of a sentence
refer to the body of the sentence before; such a duty is listed among the unsure lines.

Numbered or bulleted lists under a heading about methods or activities are suggested as
methods; lists under a heading or lead-in about goals, purposes or reasons as goals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

#: Bodies a Swedish municipal policy names: id (as the handbook's policies use it), label,
#: and the forms of the name (longest first), as a regular expression.
BODIES: list[tuple[str, str, str]] = [
    ("ks-forvaltningen", "Kommunstyrelsens förvaltning", r"kommunstyrelsens\s+förvaltning"),
    ("kommunfullmaktige", "Kommunfullmäktige", r"kommunfullmäktige"),
    ("kommunstyrelsen", "Kommunstyrelsen", r"kommunstyrelsen"),
    ("forvaltningscheferna", "Förvaltningscheferna", r"förvaltningschef(?:erna|en|er)?"),
    ("kontaktpersonerna", "Internationella kontaktpersoner",
     r"(?:förvaltningarnas\s+)?(?:internationella\s+)?kontaktperson(?:erna|en|er)?"),
    ("namnderna", "Nämnderna",
     r"(?:alla\s+|varje\s+|respektive\s+|kommunens\s+)?nämnd(?:erna|er|s)?"),
    ("forvaltningarna", "Förvaltningarna",
     r"(?:alla\s+|varje\s+|respektive\s+)?förvaltning(?:arna|ar|en)?"),
    ("natverket", "Kommunövergripande nätverket",
     r"(?:det\s+)?(?:kommunövergripande\s+)?nätverket"),
    ("bolagen", "Kommunens bolag", r"(?:kommunens\s+)?bolag(?:en)?"),
]
BODY = "|".join(f"(?:{form})" for _id, _label, form in BODIES)
#: Genitives of bodies whose work a sentence speaks of.
GENITIVES = {"förvaltningarnas": "forvaltningarna", "nämndernas": "namnderna",
             "kommunstyrelsens": "kommunstyrelsen", "bolagens": "bolagen",
             "kontaktpersonernas": "kontaktpersonerna"}
#: Words at the start of a sentence that point back to the body of the sentence before.
ANAPHORS = r"De|Dessa|Medlemmarna|Den|Denna"
#: Verbs in the present tense that start a task in a row of tasks.
FINITE = (r"ansvarar|leder|samordnar|fastställer|beslutar|ger|utgör|företräder|är|"
          r"kommunicerar|omvärldsbevakar|stimulerar|tar|bevakar|stödjer|stöttar|deltar|"
          r"medverkar|främjar|utser|följer|rapporterar|redovisar|utvärderar|verkar|svarar|"
          r"verkställer|genomför|bereder|utformar|samverkar|initierar|driver|planerar|hjälper|"
          r"bistår|informerar")
ADVERBS = r"(?:\s+(?:också|även|själva|alltid|gemensamt|därför))*"
#: The task after the body: (pattern, how the rest is split).
TRIGGERS = [
    (r"ansvarar" + ADVERBS + r"\s+för\s+att\b", "clause"),
    (r"ansvarar" + ADVERBS + r"\s+för\b", "nouns"),
    (r"tar" + ADVERBS + r"\s+ansvar\s+för\b", "clause"),
    (r"leder\s+och\s+samordnar\b", "verbs"),
    (r"(?:ska|skall|bör)" + ADVERBS + r"\s+", "infinitive"),
    (r"har\s+i\s+uppdrag\s+att\s+", "infinitive"),
    (r"har\s+att\s+", "infinitive"),
    (r"(?:" + FINITE + r")\b", "verbs"),
]
HEAD_RE = {
    "method": re.compile(r"metod|aktivitet|åtgärd|insats|genomförande av", re.IGNORECASE),
    "goal": re.compile(r"\bmål|syfte|\bskäl", re.IGNORECASE),
}
WORD_LIMIT_LABEL = 6


@dataclass
class Duty:
    block: int
    start: int
    end: int
    assignments: list[tuple[str, str]]
    unsure: str = ""

    @property
    def actors(self) -> list[str]:
        return [a for a, _r in self.assignments]


@dataclass
class TargetList:
    kind: str  # "goal" or "method"
    blocks: list[int]
    ids: list[str]
    labels: list[str]


@dataclass
class Suggestions:
    actors: dict[str, str] = field(default_factory=dict)  # id -> label, in order of use
    #: Actor id -> the block where the actor is defined (its first mention in a paragraph).
    first: dict[str, int] = field(default_factory=dict)
    #: Actors named in the text that no suggested duty names.
    named_only: list[str] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    lists: list[TargetList] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)

    @property
    def goals(self) -> list[str]:
        return [i for t in self.lists if t.kind == "goal" for i in t.ids]

    @property
    def methods(self) -> list[str]:
        return [i for t in self.lists if t.kind == "method" for i in t.ids]


# --- bodies and roles --------------------------------------------------------------------------


def body_of(name: str) -> str | None:
    """The actor id of a body's name ("Varje förvaltning" -> forvaltningarna)."""
    name = " ".join(name.split())
    for ident, _label, form in BODIES:
        if re.fullmatch(form, name, re.IGNORECASE):
            return ident
    return None


def role_of(task: str) -> str:
    """The role a task's words give (see the module docstring)."""
    words = task.lower().split()[:WORD_LIMIT_LABEL]
    first = words[0] if words else ""
    if first.startswith("ansvar") or words[:2] == ["tar", "ansvar"]:
        return "ansvarar"
    if any(w.startswith(("samordn", "leder")) for w in words[:3]):
        return "samordnar"
    if any(w.startswith(("stöd", "stött", "stötta", "behjälp", "bollplank", "hjälp", "bistå",
                         "rådgiv")) for w in words):
        return "stödjer"
    if first.startswith(("fastställ", "beslut", "anta", "ger")):
        return "beslutar"
    if first in ("ingå", "ingår", "delta", "deltar", "delge", "delger", "medverka", "medverkar",
                 "företräder", "företräda", "representera", "representerar"):
        return "deltar"
    return "ansvarar"


# --- sentences ---------------------------------------------------------------------------------


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) of a paragraph; a sentence ends with . ! ? before a capital."""
    start = 0
    for found in re.finditer(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", text):
        yield start, text[start:found.start()]
        start = found.end()
    if start < len(text):
        yield start, text[start:]


def _strip_end(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding spaces and the sentence's final punctuation."""
    while end > start and text[end - 1] in " .,;:":
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    return start, end


def _split(text: str, start: int, end: int, how: str) -> list[tuple[int, int]]:
    """The tasks in ``text[start:end]``: one per verb of a row of verbs, one per noun of a
    list after "ansvarar för", or the infinitives split at "samt" where the role changes."""
    part = text[start:end]
    if how == "verbs":
        cuts = [m.start() for m in re.finditer(
            r"(?:,\s*(?:och\s+|samt\s+)?|\s+och\s+|\s+samt\s+)(?=(?:" + FINITE + r")\b)", part)]
        # "leder och samordnar" is one task.
        cuts = [c for c in cuts if not re.match(r"\s+och\s+samordnar", part[c:])
                or not part[:c].rstrip().endswith("leder")]
    elif how == "nouns":
        cuts = [m.start() for m in re.finditer(r",\s+|\s+samt\s+", part)]
    elif how == "infinitive":
        cuts = [m.start() for m in re.finditer(r"\s+samt\s+", part)]
    else:
        cuts = []
    pieces, last = [], 0
    for cut in cuts + [len(part)]:
        pieces.append((last, cut))
        if cut < len(part):
            sep = re.match(r",?\s*(?:och\s+|samt\s+)?", part[cut:])
            last = cut + sep.end()
    spans = [_strip_end(text, start + a, start + b) for a, b in pieces]
    spans = [s for s in spans if s[1] > s[0]]
    if how == "infinitive":  # merge neighbours with the same role
        merged: list[tuple[int, int]] = []
        for s in spans:
            if merged and role_of(text[s[0]:s[1]]) == role_of(text[merged[-1][0]:merged[-1][1]]):
                merged[-1] = (merged[-1][0], s[1])
            else:
                merged.append(s)
        spans = merged
    return spans


def _clause_end(sentence: str, start: int) -> int:
    """Where the clause that starts at ``start`` ends: at ", men" or the sentence's end."""
    found = re.search(r",?\s+men\s+", sentence[start:])
    return start + found.start() if found else len(sentence)


def duties_in(text: str, block: int, last_actor: str | None
              ) -> tuple[list[Duty], str | None, list[str]]:
    """The duties a paragraph gives; the last body named (for "De …"); sentences that name a
    body and a duty word but gave no suggestion."""
    found: list[Duty] = []
    missed: list[str] = []
    flags = re.IGNORECASE
    for offset, sent in sentences(text):
        subject_actor = None
        # "… har stöd av X" (beside the main clause's duty)
        for m in re.finditer(r"\bhar\s+stöd\s+av\s+(?P<body>" + BODY + r")\b", sent, flags):
            actor = body_of(m["body"])
            if actor:
                s, e = _strip_end(sent, m.start(), len(sent))
                found.append(Duty(block, offset + s, offset + e, [(actor, "stödjer")]))
        before = len(found)
        # "X:s arbete rapporteras …": the body whose work is reported reports it.
        m = re.match(r"^(?P<owner>" + "|".join(GENITIVES) + r")\s+(?:\w+\s+){0,2}arbete\s+"
                     r"(?=(?:rapporteras|redovisas|följs\s+upp|utvärderas)\b)", sent, flags)
        if m:
            actor = GENITIVES[m["owner"].lower()]
            s, e = _strip_end(sent, m.end(), len(sent))
            found.append(Duty(block, offset + s, offset + e, [(actor, "ansvarar")],
                              f"passiv form, {actor} tolkad som den som gör uppgiften"))
            subject_actor = actor
        # "Det ingår i X:s uppdrag att …", "X har i uppdrag att …", "X vars uppdrag är att …"
        m = re.search(r"\bingår\s+i\s+(?P<body>" + BODY + r")s?\s+uppdrag\s+att\s+", sent,
                      flags) \
            or re.search(r"(?P<body>" + BODY + r")\s+vars\s+uppdrag\s+är\s+att\s+", sent, flags) \
            or re.search(r"^Syftet\s+med\s+(?P<body>" + BODY + r")\s+är\s+att\s+", sent, flags)
        if m and body_of(m["body"]):
            actor = body_of(m["body"])
            s, e = _strip_end(sent, m.end(), _clause_end(sent, m.end()))
            found.append(Duty(block, offset + s, offset + e, [(actor, role_of(sent[s:e]))]))
            subject_actor = actor
        # "Ansvaret ligger på X och Y …"
        m = re.match(r"^Ansvaret\s+ligger\s+på\s+(?:respektive\s+)?(?P<a>" + BODY
                     + r")(?:\s+och\s+(?P<b>" + BODY + r"))?", sent, flags)
        if m:
            actors = [body_of(m["a"])] + ([_plural_of(m["b"])] if m["b"] else [])
            s, e = _strip_end(sent, 0, len(sent))
            found.append(Duty(block, offset + s, offset + e,
                              [(a, "ansvarar") for a in actors if a]))
        # "För … ansvarar X."
        m = re.match(r"^För\s+[^,]+?\s+(?P<task>ansvarar\s+(?P<body>" + BODY + r"))\s*[.]?$",
                     sent, flags)
        if m and body_of(m["body"]):
            found.append(Duty(block, offset + m.start("task"), offset + m.end("task"),
                              [(body_of(m["body"]), "ansvarar")]))
        # "I årsredovisningen ska X …"
        m = re.match(r"^[A-ZÅÄÖ][^,]{0,40}?\s+(?:ska|skall|bör)\s+(?P<body>" + BODY
                     + r")\s+(?=\w)", sent)
        if m and body_of(m["body"]) and not m["body"][0].isupper():
            actor = body_of(m["body"])
            end = _clause_end(sent, m.end())
            for s, e in _split(sent, m.end(), end, "infinitive"):
                found.append(Duty(block, offset + s, offset + e, [(actor, role_of(sent[s:e]))]))
        # The body first.
        m = re.match(r"^(?P<subject>(?P<anaphor>" + ANAPHORS + r")|" + BODY + r")"
                     r"(?:,[^,]{1,40},)?" + ADVERBS + r"\s+", sent, flags)
        if m and len(found) == before:
            unsure = ""
            if m["anaphor"]:
                actor = last_actor
                unsure = f"»{m['anaphor']}« tolkat som {actor}"
            else:
                actor = body_of(m["subject"])
            if actor:
                subject_actor = actor
                rest = m.end()
                for pattern, how in TRIGGERS:
                    t = re.match(pattern, sent[rest:])
                    if not t:
                        continue
                    begin = rest + (t.end() if how in ("infinitive",) else 0)
                    if how == "nouns":
                        begin = rest + t.end()
                    end = _clause_end(sent, begin)
                    how_split = "verbs" if how == "clause" else how
                    for s, e in _split(sent, begin, end, how_split):
                        task = sent[s:e]
                        if how == "nouns":
                            role = role_of(task) if not task.lower().startswith("att ") \
                                else "ansvarar"
                        elif how == "clause" and s == begin:
                            role = "ansvarar"
                        else:
                            role = role_of(task)
                        assignments = [(actor, role)]
                        given = re.match(r"ger\s+(?P<body>" + BODY + r")\s+i\s+uppdrag\b",
                                         task, flags)
                        if given and body_of(given["body"]):
                            assignments = [(actor, "beslutar"), (body_of(given["body"]),
                                                                  "ansvarar")]
                        found.append(Duty(block, offset + s, offset + e, assignments, unsure))
                    break
        if m and m["anaphor"] is None and body_of(m["subject"] or ""):
            subject_actor = subject_actor or body_of(m["subject"])
        if subject_actor:
            last_actor = subject_actor
        if len(found) == before and re.search(BODY, sent, flags) and re.search(
                r"\b(ansvar|ska|bör|uppdrag|rapporteras|redovisas)", sent, flags):
            missed.append(sent)
    return found, last_actor, missed


def _plural_of(name: str) -> str | None:
    """A bare singular after "och" ("nämnd och förvaltning") names the same kind of body."""
    return body_of(name) or body_of(name + "ar")


# --- lists -------------------------------------------------------------------------------------


def label_of(text: str) -> str:
    """A short label from the first words of an item, for the editor to shorten or rewrite."""
    words = re.sub(r"[,.;:]+$", "", text).split()[:WORD_LIMIT_LABEL]
    label = " ".join(words).rstrip(",.;:")
    return label[:1].upper() + label[1:]


def _lists(blocks) -> Iterator[tuple[int, list[int]]]:
    """(index of the lead-in or heading before the list, item indexes) for each list."""
    index = 0
    while index < len(blocks):
        if blocks[index].kind == "item":
            items = []
            while index < len(blocks) and blocks[index].kind == "item":
                items.append(index)
                index += 1
            yield items[0] - 1, items
        else:
            index += 1


def suggest(blocks, kommun: str) -> Suggestions:
    """All suggestions for the blocks of an imported text."""
    result = Suggestions()
    in_list: set[int] = set()
    heading_of: dict[int, str] = {}
    section = ""
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            section = block.text if block.level >= 2 else ""
        heading_of[index] = section
    counters = {"goal": 0, "method": 0}
    used_in_section: dict[tuple[str, str], bool] = {}
    for lead, items in _lists(blocks):
        section = heading_of[items[0]]
        lead_text = blocks[lead].text if lead >= 0 and blocks[lead].kind == "para" else ""
        kind = None
        if not section:
            kind = None  # the introduction under the title: not a part of the policy's lists
        elif HEAD_RE["method"].search(section):
            kind = "method"
        elif HEAD_RE["goal"].search(section) or HEAD_RE["goal"].search(lead_text):
            kind = "goal"
        where = blocks[items[0]].where
        if kind and used_in_section.get((section, kind)):
            result.unsure.append(f"{where}: listan under »{section}« kan också vara "
                                 f"{'mål' if kind == 'goal' else 'metoder'}; avgör själv")
            kind = None
        if kind is None:
            continue
        used_in_section[(section, kind)] = True
        noun = "mal" if kind == "goal" else "metod"
        ids, labels = [], []
        for item in items:
            counters[kind] += 1
            ids.append(f"{kommun}-{noun}-{counters[kind]}")
            labels.append(label_of(blocks[item].text))
            in_list.add(item)
        result.lists.append(TargetList(kind, items, ids, labels))
    last_actor = None
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            found_head = body_of(block.text)
            last_actor = found_head or last_actor
            continue
        if block.kind != "para":
            continue
        duties, last_actor, missed = duties_in(block.text, index, last_actor)
        for duty in duties:
            span = block.text[duty.start:duty.end]
            if "`" in span or "<" in span or ">" in span:
                continue
            result.duties.append(duty)
            for actor in duty.actors:
                label = next(label for i, label, _f in BODIES if i == actor)
                result.actors.setdefault(actor, label)
            if duty.unsure:
                result.unsure.append(f"{block.where}: {duty.unsure}: »{span}«")
        for sent in missed:
            result.unsure.append(f"{block.where}: nämner ett organ men gav inget förslag på "
                                 f"uppgift: »{sent}«")
        for actor in bodies_named(block.text):
            result.first.setdefault(actor, index)
        for duty in duties:
            for actor in duty.actors:
                result.first.setdefault(actor, index)
    for actor in result.first:
        if actor not in result.actors:
            result.actors[actor] = next(label for i, label, _f in BODIES if i == actor)
            result.named_only.append(actor)
    return result


def bodies_named(text: str) -> list[str]:
    """The actors whose names a paragraph mentions, in order."""
    found = []
    for m in re.finditer(r"(?<![\wåäöÅÄÖ])(?:" + BODY + r")(?![\wåäöÅÄÖ])", text,
                         re.IGNORECASE):
        actor = body_of(m[0])
        if actor and actor not in found:
            found.append(actor)
    return found


# --- writing -----------------------------------------------------------------------------------


def _duty_line(mark: str, span: str, assignments) -> str:
    spec = ", ".join(f"{a}:{r}" for a, r in assignments)
    return f"{mark}: uppgift »{span}« <{spec}>"


def render(blocks, found: Suggestions, escape: Callable[..., str], mark: str
           ) -> Iterator[str]:
    """The draft's body, block by block, with the suggestions and their review marks."""
    by_block: dict[int, list[Duty]] = {}
    for duty in found.duties:
        by_block.setdefault(duty.block, []).append(duty)
    list_of = {t.blocks[0]: t for t in found.lists}
    defined: set[str] = set()
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "heading":
            yield f"{'#' * block.level} {escape(block.text)}\n"
            index += 1
            continue
        if block.kind == "item":
            items = []
            while index < len(blocks) and blocks[index].kind == "item":
                items.append(index)
                index += 1
            target = list_of.get(items[0])
            out = []
            if target:
                noun = "mål" if target.kind == "goal" else "metoder"
                out.append(f"{mark}: listan är {noun} ({target.ids[0]} till {target.ids[-1]}). "
                           "Skriv en kort rubrik i varje :label:.")
            for n, item in enumerate(items):
                b = blocks[item]
                bullet = f"{b.number or n + 1}." if b.ordered else "-"
                pad = " " * (len(bullet) + 1)
                if target:
                    out.append(f"{bullet} :::{{{target.kind}}} {target.ids[n]}\n"
                               f"{pad}:label: {target.labels[n]}\n{pad}{escape(b.text)}\n"
                               f"{pad}:::")
                else:
                    out.append(f"{bullet} {escape(b.text)}")
            yield "\n".join(out) + "\n"
            continue
        duties = sorted(by_block.get(index, []), key=lambda d: d.start)
        head = []
        for actor, first in found.first.items():
            if first == index and actor not in defined:
                defined.add(actor)
                note = (" – nämns i texten men har inget förslag på uppgift"
                        if actor in found.named_only else "")
                head.append(f"{mark}: aktör {actor} ({found.actors[actor]}){note}\n"
                            f":::{{actor}} {actor}\n:label: {found.actors[actor]}\n:::\n")
        lines = [_duty_line(mark, block.text[d.start:d.end], d.assignments) for d in duties]
        text, last = [], 0
        for duty in duties:
            if duty.start < last:
                continue
            text.append(escape(block.text[last:duty.start], last == 0))
            spec = ", ".join(f"{a}:{r}" for a, r in duty.assignments)
            text.append(f"{{duty}}`{block.text[duty.start:duty.end]} <{spec}>`")
            last = duty.end
        text.append(escape(block.text[last:], last == 0))
        body = "".join(text)
        if lines:
            body = "\n".join(lines) + "\n" + body
        yield "".join(head) + body + "\n"
        index += 1
