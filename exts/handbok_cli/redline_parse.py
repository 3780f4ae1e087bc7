"""Redline, reading: the words and sentences of a text, and a policy text read with MyST's
own parser into blocks, duties and actors (see :mod:`handbok_cli.redline`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from handbok import frontmatter
from handbok.records import ActorText, DutyText
from markdown_it.token import Token

from . import markup

# --- words, punctuation and sentences ---------------------------------------------------------

#: Characters that join letters into one word: EU-länderna, och/eller, 2-4.
_JOINERS = frozenset("-/'’")
SENTENCE_END = frozenset(".!?")


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


def starts_sentence(tok: Tok | None) -> bool:
    return tok is None or tok.text[0].isupper() or tok.text[0].isdigit()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a plain text as (start, end) character offsets."""
    spans, start, i, n = [], 0, 0, len(text)
    while i < n:
        if text[i] in SENTENCE_END and (i + 1 == n or text[i + 1].isspace()):
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


class Duty(DutyText):
    """A duty of the text (its wording and [actor, role] pairs, as the build records them:
    :class:`handbok.records.DutyText`), with the section it stands in."""

    section: str
    #: The sentence the duty stands in, as readers see it.
    sentence: str


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
    #: id -> the actor as the text declares it (as the build records it: ActorText).
    actors: dict[str, ActorText] = field(default_factory=dict)


def front_matter(text: str) -> dict[str, str]:
    """The front matter's values as the page shows them (text; empty for a missing value)."""
    fm = frontmatter.read(text)
    if fm is None or fm.error:
        return {}
    return {key: fm.text_value(key) for key in fm.values}


def strip_inline(line: str) -> str:
    """The words a reader sees in a line of MyST: roles, links and emphasis removed."""
    return str(markup.plain_text(markup.parse_inline(line)))


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
                self.doc.duties.append({
                    "text": mark.text, "assignments": [[a, r] for a, r in mark.assignments],
                    "section": self.section, "sentence": sentence_at(plain, offset)})

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
            known = self.doc.actors.get(found.argument)
            self.doc.actors[found.argument] = {
                "id": found.argument,
                "label": label or (known["label"] if known else found.argument),
                "kind": " ".join(found.options.get("kind", "").split()).lower()}
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
