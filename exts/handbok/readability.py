"""Readability (LIX) of every page, a report page, and a warning for our own hard pages.

LIX = words / sentences + 100 * long words / words, where a long word has more than six
letters. It is computed on the text a reader sees on the page (titles, paragraphs, list items,
table cells), not on markup. Generated listings are filled in later and are not counted.

- Directive ``readability-report``: a table of every page with its LIX and band.
- Warning ``handbok.readability`` when a page we write ourselves goes over the limit
  ``handbok_readability_limit`` (the site's conf.py sets 50; ``None``, the default, means no
  warning, so test roots of other features are not affected). Adopted policy texts (pages
  with ``policy:`` in the front matter) are reported but never warned about: their wording
  is decided. Pages matching
  ``handbok_readability_skip`` (glob patterns of docnames) and pages with fewer than
  ``MIN_WORDS`` words of their own (generated listings) are not warned about either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import fnmatch
from typing import NotRequired, TypedDict

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util.docutils import SphinxDirective

from .domain import DOMAIN, pending_handbok, pending_view, register_view
from .state import build_state
from .tables import Cell, data_table
from .util import link, warn
from .vocabulary import Priority, Subtype

MIN_WORDS = 40
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
SENTENCE_END_RE = re.compile(r"[.!?:;]+(?=\s|$)")
#: (upper bound, band); the last band has no upper bound.
BANDS = [
    (30, "mycket lättläst"),
    (40, "lättläst"),
    (50, "medelsvår"),
    (60, "svår"),
    (None, "mycket svår"),
]
BAND_HELP = {
    "mycket lättläst": "under 30: barnböcker, mycket lätt text",
    "lättläst": "30–40: skönlitteratur, populärtidningar",
    "medelsvår": "40–50: normal tidningstext",
    "svår": "50–60: saklitteratur, facktext",
    "mycket svår": "över 60: byråkratisk text, lagtext",
}
BLOCKS = (nodes.paragraph, nodes.title, nodes.term, nodes.rubric, nodes.caption, nodes.line,
          nodes.field_name)
SKIP = (nodes.literal_block, nodes.raw, nodes.comment, nodes.system_message, nodes.doctest_block,
        pending_handbok, nodes.substitution_definition)


#: Parts the extension generates (fact tables, headers, notes) are data, not prose, and are not
#: measured; these classes wrap text an editor wrote and are measured.
PROSE_CLASSES = {"handbok-case-body", "handbok-method", "handbok-goal", "handbok-duty"}


def skipped(node: nodes.Node) -> bool:
    """Not prose: code, markup, generated listings, and citations of the handbook's records
    (their text is a label, not a sentence)."""
    return isinstance(node, SKIP) or (isinstance(node, addnodes.pending_xref)
                                      and node.get("refdomain") == DOMAIN)


def generated(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and any(
        c.startswith("handbok-") and c not in PROSE_CLASSES for c in node["classes"])


def trainer_only(node: nodes.Node) -> bool:
    """What the trainers' build adds to a line (training.py): measured as in the public build."""
    return isinstance(node, nodes.Element) and "handbok-trainer-only" in node.get("classes", [])


def band(lix: float) -> str:
    for upper, name in BANDS:
        if upper is None or lix < upper:
            return name
    return BANDS[-1][1]


def text_blocks(doctree: nodes.Node) -> list[str]:
    """The text of each block a reader sees, in order, without generated listings."""
    blocks: list[str] = []

    def visit(node: nodes.Node) -> None:
        if skipped(node) or generated(node):
            return
        if isinstance(node, BLOCKS):
            text = "".join(
                t.astext() for t in node.findall(nodes.Text)
                if not any(skipped(a) or trainer_only(a) for a in _ancestors(t, node))
            ).strip()
            if text:
                blocks.append(text)
            return
        for child in node.children:
            visit(child)

    visit(doctree)
    return blocks


def _ancestors(node: nodes.Node, stop: nodes.Node) -> Iterable[nodes.Node]:
    parent = node.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent


class PageReadability(TypedDict):
    """What the build measured on one page (:func:`lix_of_blocks`, then :func:`measure`)."""

    words: int
    sentences: int
    long_words: int
    lix: float
    #: A policy page (adopted text: never warned about).
    policy: NotRequired[bool]
    #: Measured against ``handbok_readability_limit``.
    checked: NotRequired[bool]
    band: NotRequired[str]


class ReadabilityState(TypedDict):
    """The build's readability data: each page's measures, and the pages with the report."""

    pages: dict[str, PageReadability]
    reports: dict[str, bool]


#: Hyphens and apostrophes do not count towards a word's length (one table, not a regex per
#: word: a long page has tens of thousands of words).
_NOT_LETTERS = str.maketrans("", "", "-'’")


def lix_of_blocks(blocks: Iterable[str]) -> PageReadability:
    words = long_words = sentences = 0
    for block in blocks:
        block_words = WORD_RE.findall(block)
        if not block_words:
            continue
        words += len(block_words)
        long_words += sum(1 for w in block_words if len(w.translate(_NOT_LETTERS)) > 6)
        # A block (heading, paragraph, list item, table cell) always ends a sentence.
        ends = len(SENTENCE_END_RE.findall(block.rstrip(".!?:; ")))
        sentences += ends + 1
    lix = (words / sentences + 100 * long_words / words) if words else 0.0
    return {"words": words, "sentences": sentences, "long_words": long_words,
            "lix": round(lix, 1)}


def lix(text: str) -> float:
    """LIX of plain text, paragraphs separated by blank lines."""
    return lix_of_blocks(p for p in re.split(r"\n\s*\n", text) if p.strip())["lix"]


def store(env: BuildEnvironment) -> ReadabilityState:
    state: ReadabilityState = build_state(env, "readability",
                                          lambda: {"pages": {}, "reports": {}})
    return state


class ReadabilityCollector(EnvironmentCollector):
    def __init__(self) -> None:
        self._changed = False

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        data = store(env)
        data["pages"].pop(docname, None)
        data["reports"].pop(docname, None)
        self._changed = True

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Iterable[str],
                    other: BuildEnvironment) -> None:
        mine, theirs = store(env), store(other)
        for docname in docnames:
            if docname in theirs["pages"]:
                mine["pages"][docname] = theirs["pages"][docname]
            if docname in theirs["reports"]:
                mine["reports"][docname] = theirs["reports"][docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        pass  # measured by measure() after the policy header is read

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        changed, self._changed = self._changed, False
        if not changed:
            return []
        return sorted(d for d in store(env)["reports"] if d in env.found_docs)


def measure(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    rec = lix_of_blocks(text_blocks(doctree))
    meta = env.metadata.get(docname, {})
    rec["policy"] = "policy" in meta
    skipped = any(fnmatch(docname, pat) for pat in app.config.handbok_readability_skip)
    rec["checked"] = not rec["policy"] and not skipped and rec["words"] >= MIN_WORDS
    rec["band"] = band(rec["lix"])
    store(env)["pages"][docname] = rec
    limit = app.config.handbok_readability_limit
    if limit is not None and rec["checked"] and rec["lix"] > limit:
        warn(
            f"Sidan är svårläst: LIX {rec['lix']:.1f} ({rec['band']}), gränsen är {limit}. "
            "Skriv kortare meningar (högst 15–20 ord) och byt långa ord mot kortare, "
            "till exempel 'samarbete' mot 'arbete ihop'. Se sidan Läsbarhet.",
            Subtype.READABILITY,
            (docname, 1),
        )


class ReadabilityReportDirective(SphinxDirective):
    """``{readability-report}``: LIX and band of every page."""

    def run(self) -> list[nodes.Node]:
        store(self.env)["reports"][self.env.docname] = True
        return [pending_view("readability", self.env)]


def resolve_report(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    env = app.env
    pages = store(env)["pages"]
    limit = app.config.handbok_readability_limit
    headers: list[Cell] = ["Sida", "LIX", "Nivå", "Ord", "Meningar", "Långa ord", "Kommentar"]

    def measurable(docname: str) -> bool:
        return pages[docname]["words"] >= MIN_WORDS

    # Pages with too little text to measure come last; their LIX says nothing.
    order = sorted((d for d in pages if d in env.found_docs),
                   key=lambda d: (not measurable(d), -pages[d]["lix"], d))
    rows: list[list[Cell]] = []

    for docname in order:
        rec = pages[docname]
        title = env.titles[docname].astext() if docname in env.titles else docname
        if rec["policy"]:
            note = "Antagen text: ingen varning."
        elif not measurable(docname):
            note = "För lite egen text för att mäta."
        elif not rec["checked"]:
            note = "Undantagen från varningen."
        elif limit is not None and rec["lix"] > limit:
            note = f"Över gränsen {limit}: skriv enklare."
        else:
            note = ""
        lix, level = ((f"{rec['lix']:.1f}".replace(".", ","), rec["band"])
                      if measurable(docname) else ("–", "–"))
        rows.append([link(app, fromdocname, docname, "", title), lix, level, str(rec["words"]),
                     str(rec["sentences"]), str(rec["long_words"]), note])
    return [data_table("LIX för varje sida, den svåraste först", headers, rows,
                       classes=["handbok-readability"], ident="lasbarhet-per-sida",
                       widths=[30, 6, 12, 6, 8, 8, 30], stub=False)]


def setup_readability(app: Sphinx) -> None:
    app.add_env_collector(ReadabilityCollector)
    app.add_directive("readability-report", ReadabilityReportDirective)
    # After policy.py (600, 610) and history.py (620) have added their parts of the page.
    app.connect("doctree-read", measure, priority=Priority.READABILITY)
    register_view("readability", resolve_report)
