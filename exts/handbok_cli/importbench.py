"""``make bench-import``: how well ``make import-policy`` does on the seeds and a development set.

    python -m handbok_cli.importbench

For each seed (``tests/data/``) and its hand-marked policy (``policy/huddinge/``,
``policy/haninge/``) it prints

- *fidelity* per format: the seed imported as text, as a Word file (written here with
  python-docx) and as a PDF (printed here by Chromium through Playwright, with a page header,
  page numbers and a page break) give drafts whose headings, paragraphs and list items, with
  the markup removed, are compared to those of the hand-marked policy (read with MyST's
  parser, :mod:`.markup`);
- *suggestions*: precision and recall of the suggested duties against the hand-marked ones.
  One item is one (actor, role) of a duty; a suggestion is right when a hand-marked duty in
  the same paragraph, with an overlapping span, has the same actor and role. Actors are the
  same when the keys of their labels are (:func:`handbok_cli.suggest.key_of`: the lemmas of
  the words without a determiner), so an id of another spelling is no error;
- the same for the *development set* (``tests/data/importset/``): texts written for the bench,
  hand-marked before the import was tuned, in two halves: the one tuned on and the one held
  back, each read as text, as a Word file and as a PDF (:func:`measure_devset`). The last
  lines are a table: seeds, tuning half, held-back half.

The tests (``tests/test_importer.py``) use the same functions.
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, TextIO

from markdown_it.token import Token

from . import importer, markup
from .browser import chromium

ROOT = Path(__file__).resolve().parents[2]
#: Seed text -> the hand-marked policy made from it.
SEEDS = {
    "huddinge": ("tests/data/000_90fa242f7908c51f.txt", "policy/huddinge/strategi.md"),
    "haninge": ("tests/data/002_fd97f4ee8a23109e.txt", "policy/haninge/program.md"),
}
FORMATS = ("txt", "docx", "pdf")
#: A bench's table: fidelity, scores and drafts, each under its own key (a name and format,
#: a half of the development set).
Results = dict[str | tuple[str, ...], Any]
#: A section that the handbook adds and that is not adopted text.
COMPILED = "Vem ansvarar för vad?"


# --- the blocks and duties of a page -----------------------------------------------------------


@dataclass(frozen=True)
class DutySpan:
    paragraph: str
    start: int
    end: int
    actor: str
    role: str


def _inline(children: list[Token], para: str | None = None) -> tuple[str, list[DutySpan]]:
    text, spans = "", []
    for child in children:
        piece = markup.plain_text([child])
        mark = markup.duty(child)
        if mark is not None:
            start = len(text)
            spans += [(start, start + len(piece), a, r) for a, r in mark.assignments]
        text += piece
    text_norm = " ".join(text.split())
    return text_norm, [DutySpan(text_norm, s, e, a, r) for s, e, a, r in spans]


def page_blocks(source: str) -> tuple[list[tuple[str, str]], list[DutySpan]]:
    """(kind, text) of every heading (``h1``…), paragraph (``p``), list item paragraph
    (``li``) and table cell (``td``) a reader sees, directive bodies included, the compiled
    section left out; and the duties marked in them."""
    blocks: list[tuple[str, str]] = []
    duties: list[DutySpan] = []

    def walk(tokens: list[Token], in_item: bool) -> None:
        depth = 0
        pending = None
        for token in tokens:
            if token.type == "list_item_open":
                depth += 1
            elif token.type == "list_item_close":
                depth -= 1
            elif token.type in ("heading_open", "paragraph_open"):
                pending = (f"h{token.tag[1]}" if token.type == "heading_open"
                           else ("li" if depth or in_item else "p"))
            elif token.type in ("th_open", "td_open"):  # a cell of a table
                pending = "td"
            elif token.type == "inline" and pending:
                text, spans = _inline(token.children or [])
                blocks.append((pending, text))
                duties.extend(spans)
                pending = None
            found = markup.directive(token)
            if found is not None and not (found.silent or found.literal):
                walk(markup.parse(found.body), in_item or depth > 0)

    walk(markup.parse(source), False)
    out, skipping, skip_level = [], False, 0
    for kind, text in blocks:
        if kind.startswith("h"):
            level = int(kind[1])
            if text == COMPILED:
                skipping, skip_level = True, level
                continue
            if skipping and level <= skip_level:
                skipping = False
        if not skipping:
            out.append((kind, text))
    kept = {text for _k, text in out}
    return out, [d for d in duties if d.paragraph in kept]


# --- writing the seeds as Word and PDF ---------------------------------------------------------

_LINE = re.compile(r"^(?:(?P<h>#{1,6})\s+(?P<htext>.*)|(?P<num>\d+)\.\s+(?P<ntext>.*)|-\s+"
                   r"(?P<btext>.*)|(?P<text>.*))$")


def _seed_rows(seed: str) -> list[tuple[str, str, int]]:
    """(kind, text, blank lines before) of each line of a seed: "title", "bold", "number",
    "bullet" or "para", as the seed marks them (``#``, ``**``, ``1.``, ``-``)."""
    rows, blanks = [], 0
    for raw in seed.splitlines():
        line = raw.strip()
        if not line:
            blanks += 1
            continue
        m = _LINE.match(line)
        if m is None:  # the last alternative matches any line
            continue
        if m["h"]:
            text = m["htext"].strip()
            bold = re.fullmatch(r"\*\*(.+)\*\*", text)
            rows.append(("bold" if bold else "title", bold[1] if bold else text, blanks))
        elif m["num"]:
            rows.append(("number", m["ntext"], blanks))
        elif m["btext"] is not None:
            rows.append(("bullet", m["btext"], blanks))
        else:
            rows.append(("para", m["text"], blanks))
        blanks = 0
    return rows


def write_docx(seed: str, path: Path) -> Path:
    """The seed as a Word file: the title in the Title style, bold lines as bold paragraphs,
    list lines in Word's list styles (the numbers are Word's, not text), a page footer."""
    import docx

    document = docx.Document()
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "Sida 1"
    for kind, text, _blanks in _seed_rows(seed):
        if kind == "title":
            document.add_paragraph(text, style="Title")
        elif kind == "bold":
            document.add_paragraph().add_run(text).bold = True
        elif kind == "number":
            document.add_paragraph(text, style="List Number")
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def _print_page(lines: list[str], heading_css: str) -> str:
    """An HTML page of ``lines`` for Chromium to print, in the font the bench prints with."""
    return ('<!doctype html><html lang="sv"><head><meta charset="utf-8"><style>'
            "body{font-family:'DejaVu Sans',sans-serif;font-size:11pt;line-height:1.35}"
            + heading_css + "</style></head><body>" + "\n".join(lines) + "</body></html>")


def seed_html(seed: str) -> str:
    """The seed as an HTML page to print: a page break where the seed has one (three blank
    lines or more), lists as lists, bold lines in bold."""
    out, open_list = [], None
    for kind, text, blanks in _seed_rows(seed):
        tag = {"number": "ol", "bullet": "ul"}.get(kind)
        if open_list and (tag != open_list or blanks >= 3):
            out.append(f"</{open_list}>")
            open_list = None
        if blanks >= 3:
            out.append('<div style="break-after: page"></div>')
        body = html.escape(text)
        if tag:
            if open_list is None:
                start = f' start="{_seed_number(seed, text)}"' if tag == "ol" else ""
                out.append(f"<{tag}{start}>")
                open_list = tag
            out.append(f"<li>{body}</li>")
        elif kind == "title":
            out.append(f"<h1>{body}</h1>")
        elif kind == "bold":
            out.append(f"<p><strong>{body}</strong></p>")
        else:
            out.append(f"<p>{body}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    return _print_page(out, "h1{font-size:18pt}")


def _seed_number(seed: str, text: str) -> int:
    found = re.search(rf"^(\d+)\.\s+{re.escape(text)}", seed, re.MULTILINE)
    return int(found[1]) if found else 1


def write_pdf(seed: str, path: Path) -> Path:
    """The seed printed to PDF by Chromium, with a header line and "Sida N av M" on every
    page."""
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(seed_html(seed))
        page.pdf(path=str(path), format="A4", display_header_footer=True,
                 header_template='<div style="font-size:9px;width:100%;text-align:right;'
                                 'margin-right:1cm">Internationellt arbete</div>',
                 footer_template='<div style="font-size:9px;width:100%;text-align:center">'
                                 'Sida <span class="pageNumber"></span> av '
                                 '<span class="totalPages"></span></div>',
                 margin={"top": "2.5cm", "bottom": "2.5cm", "left": "2.5cm",
                         "right": "2.5cm"})
    return path


def seed_file(name: str, fmt: str, folder: Path) -> Path:
    """The seed of ``name`` written as ``fmt`` in ``folder``."""
    seed = (ROOT / SEEDS[name][0]).read_text(encoding="utf-8")
    if fmt == "txt":
        path = folder / f"{name}.txt"
        path.write_text(seed, encoding="utf-8")
        return path
    if fmt == "docx":
        return write_docx(seed, folder / f"{name}.docx")
    return write_pdf(seed, folder / f"{name}.pdf")


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Fidelity:
    equal: int
    expected: int
    drafted: int
    differences: list[str]

    @property
    def complete(self) -> bool:
        return self.equal == self.expected == self.drafted


def fidelity(draft: str, policy: str) -> Fidelity:
    got, _ = page_blocks(draft)
    want, _ = page_blocks(policy)
    matcher = SequenceMatcher(a=want, b=got, autojunk=False)
    equal = sum(block.size for block in matcher.get_matching_blocks())
    diffs = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            diffs.append(f"{op}: väntat {want[a1:a2]} fick {got[b1:b2]}")
    return Fidelity(equal, len(want), len(got), diffs)


@dataclass
class Scores:
    right: int
    suggested: int
    found: int
    marked: int
    #: The suggestions that are wrong and the duties missed (as spans, or as the lines that
    #: print them).
    wrong: list[DutySpan] | list[str]
    missed: list[DutySpan] | list[str]

    @property
    def precision(self) -> float:
        return self.right / self.suggested if self.suggested else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.marked if self.marked else 0.0


def _matches(a: DutySpan, b: DutySpan) -> bool:
    return (a.paragraph == b.paragraph and a.actor == b.actor and a.role == b.role
            and a.start < b.end and b.start < a.end)


def scores(draft: str, policy: str) -> Scores:
    _, got = page_blocks(draft)
    _, want = page_blocks(policy)
    wrong = [g for g in got if not any(_matches(g, w) for w in want)]
    missed = [w for w in want if not any(_matches(w, g) for g in got)]
    return Scores(len(got) - len(wrong), len(got), len(want) - len(missed), len(want),
                  wrong, missed)


#: What :func:`measure` gives: (seed, format) -> Fidelity, (seed, format, "duties") and
#: (seed, "duties") -> Scores, (seed, "draft") -> the .txt draft's text, (seed, "made") -> it.
SeedResults = dict[tuple[str, ...], Fidelity | Scores | str | importer.Draft]


def measure(out: TextIO = sys.stdout, formats: Sequence[str] = FORMATS) -> SeedResults:
    results: SeedResults = {}
    # The same scores and drafts by their keys, typed, for the lines printed below.
    duty_scores: dict[tuple[str, ...], Scores] = {}
    drafts: dict[tuple[str, ...], str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (_seed, policy_path) in SEEDS.items():
            policy = (ROOT / policy_path).read_text(encoding="utf-8")
            for fmt in formats:
                made = importer.make_draft(importer.read_document(
                    seed_file(name, fmt, Path(tmp))), name, ROOT)
                draft = made.text
                fid = fidelity(draft, policy)
                results[(name, fmt)] = fid
                print(f"{name} {fmt}: {fid.equal}/{fid.expected} block lika "
                      f"(utkastet har {fid.drafted})", file=out)
                for diff in fid.differences:
                    print(f"    {diff}", file=out)
                keyed = seed_key_scores(draft, policy)
                results[(name, fmt, "duties")] = duty_scores[(name, fmt, "duties")] = Scores(
                    keyed.duties_right, keyed.duties_suggested, keyed.duties_found,
                    keyed.duties_marked, keyed.wrong or [], keyed.missed or [])
                if fmt == "txt":
                    results[(name, "duties")] = duty_scores[(name, "duties")] = duty_scores[
                        (name, fmt, "duties")]
                    results[(name, "draft")] = drafts[(name, "draft")] = draft
                    results[(name, "made")] = made
            got = {k for k, _kind in actor_keys(drafts[(name, "draft")]).values()}
            want = {k for k, _kind in actor_keys(policy).values()}
            print(f"{name} aktörer: {len(got & want)} av {len(want)} markerade "
                  f"föreslogs, {len(got - want)} andra föreslogs", file=out)
            sc = duty_scores[(name, "duties")]
            same = all((duty_scores[(name, f, "duties")].right,
                        duty_scores[(name, f, "duties")].found)
                       == (sc.right, sc.found) for f in formats)
            print(f"{name} uppgifter: precision {sc.precision:.2f} ({sc.right}/{sc.suggested}), "
                  f"täckning {sc.recall:.2f} ({sc.found}/{sc.marked})"
                  + (f", samma från {', '.join(formats)}" if same else ", SKILJER mellan format"),
                  file=out)
            for line in [*sc.wrong, *sc.missed]:
                print(f"    {line.removeprefix(': ')}", file=out)
    return results




# --- the development set: texts written for the handbook, hand-marked -------------------------

#: Texts written for the bench (invented municipalities), each with a hand-marked ``.truth``
#: file (see the folder's README): ``t*`` the half the import was tuned on, ``h*`` the half
#: held back. ``u*`` were written by someone who had never seen the importer: ``u01``–``u06``
#: tuned on, ``u07``–``u12`` held back; ``v*`` likewise, by another writer, in the handbook's
#: five roles. Each group is measured and reported on its own.
DEVSET = ROOT / "tests" / "data" / "importset"
#: Group -> (file-name prefix, the numbers of the group's texts, or None for every number).
GROUPS: dict[str, tuple[str, range | None]] = {
    "trimning": ("t", None),
    "undanhållen": ("h", None),
    "trimning u01–u06": ("u", range(1, 7)),
    "undanhållen u07–u12": ("u", range(7, 13)),
    "trimning v01–v06": ("v", range(1, 7)),
    "undanhållen v07–v12": ("v", range(7, 13)),
}
#: The groups that are held back: only their totals are printed, never their details.
HELD_BACK = frozenset({"undanhållen", "undanhållen u07–u12", "undanhållen v07–v12"})
HALVES = {"trimning": "t", "undanhållen": "h"}


@dataclass
class Truth:
    #: actor key -> (label, kind)
    actors: dict[tuple[str, ...], tuple[str, str]]
    #: (actor key, role, words of the text)
    duties: list[tuple[tuple[str, ...], str, str]]


def read_truth(path: Path) -> Truth:
    from .suggest import key_of

    actors: dict[tuple[str, ...], tuple[str, str]] = {}
    duties = []
    for line in path.read_text(encoding="utf-8").splitlines():
        what, _, rest = line.partition(":")
        parts = [p.strip() for p in rest.split("|")]
        if what == "aktör":
            actors[key_of(parts[0])] = (parts[0], parts[1])
        elif what == "uppgift":
            duties.append((key_of(parts[0]), parts[1], parts[2]))
    return Truth(actors, duties)


def devset(half: str) -> list[Path]:
    """The texts of a group (:data:`GROUPS`) that have a truth file; none if it has none."""
    prefix, numbers = GROUPS[half]
    paths = []
    for path in sorted(DEVSET.glob(f"{prefix}*.txt")):
        number = path.stem[len(prefix):]
        if not path.with_suffix(".truth").is_file() or (
                numbers is not None and not (number.isdigit() and int(number) in numbers)):
            continue
        paths.append(path)
    return paths


def actor_keys(source: str) -> dict[str, tuple[tuple[str, ...], str]]:
    """Actor id -> (key of its label, kind) for the ``{actor}`` directives of a page."""
    from .suggest import key_of

    out = {}
    for token in markup.walk(markup.parse(source)):
        d = markup.directive(token)
        if d is not None and d.name == "actor":
            out[d.argument] = (key_of(d.options.get("label") or d.argument),
                               d.options.get("kind", ""))
    return out


@dataclass
class DevScores:
    duties_right: int = 0
    duties_suggested: int = 0
    duties_found: int = 0
    duties_marked: int = 0
    actors_found: int = 0
    actors_marked: int = 0
    actors_right: int = 0
    actors_suggested: int = 0
    kinds_right: int = 0
    #: Bodies the draft lists apart as named without a duty, and how many of them the truth
    #: has as actors (the editor must add those by hand).
    named_listed: int = 0
    named_actors: int = 0
    #: Truth duties whose role is none of the handbook's (a writer's own vocabulary: "genomför",
    #: "följer upp", "informerar"), and the duty figures with those roles read as "ansvarar".
    foreign_roles: int = 0
    folded_right: int = 0
    folded_found: int = 0
    #: The duty figures of a draft made with the truth's roles as the project's
    #: ``handbok_roles`` (as a municipality with that vocabulary would have them).
    own_right: int = 0
    own_suggested: int = 0
    own_found: int = 0
    wrong: list[str] | None = None
    missed: list[str] | None = None

    def add(self, other: DevScores) -> None:
        for name in ("duties_right", "duties_suggested", "duties_found", "duties_marked",
                     "actors_found", "actors_marked", "actors_right", "actors_suggested",
                     "kinds_right", "named_listed", "named_actors", "foreign_roles",
                     "folded_right", "folded_found", "own_right", "own_suggested",
                     "own_found"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong = (self.wrong or []) + (other.wrong or [])
        self.missed = (self.missed or []) + (other.missed or [])

    @staticmethod
    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    def line(self) -> str:
        r = self.ratio
        return (f"uppgifter precision {r(self.duties_right, self.duties_suggested):.2f} "
                f"({self.duties_right}/{self.duties_suggested}), täckning "
                f"{r(self.duties_found, self.duties_marked):.2f} "
                f"({self.duties_found}/{self.duties_marked}); aktörer precision "
                f"{r(self.actors_right, self.actors_suggested):.2f} "
                f"({self.actors_right}/{self.actors_suggested}), täckning "
                f"{r(self.actors_found, self.actors_marked):.2f} "
                f"({self.actors_found}/{self.actors_marked}), rätt typ "
                f"{self.kinds_right}/{self.actors_found}; nämns utan uppgift "
                f"{self.named_listed} (i facit {self.named_actors}, täckning med dem "
                f"{r(self.actors_found + self.named_actors, self.actors_marked):.2f})"
                + (f"; {self.foreign_roles} uppgifter i facit har en roll som handboken inte "
                   f"har, räknade som ansvarar: precision "
                   f"{r(self.folded_right, self.duties_suggested):.2f} "
                   f"({self.folded_right}/{self.duties_suggested}), täckning "
                   f"{r(self.folded_found, self.duties_marked):.2f} "
                   f"({self.folded_found}/{self.duties_marked}); med facits roller i "
                   f"handbok_roles: precision {r(self.own_right, self.own_suggested):.2f} "
                   f"({self.own_right}/{self.own_suggested}), täckning "
                   f"{r(self.own_found, self.duties_marked):.2f} "
                   f"({self.own_found}/{self.duties_marked})" if self.foreign_roles else ""))


def dev_scores(draft: str, truth: Truth, name: str = "") -> DevScores:
    """Suggested duties and actors of a draft against a hand-marked truth. A suggested duty is
    right when the truth has a duty of the same actor (by the key of its label) and role whose
    words are in the same paragraph and overlap the suggestion. A truth written in another
    vocabulary of roles is also scored with its foreign roles read as "ansvarar", the
    handbook's role for "ansvarar för att uppgiften blir gjord och följs upp"."""
    from handbok.vocabulary import DEFAULT_ROLES

    score = _dev_scores(draft, truth, name)
    foreign = [d for d in truth.duties if d[1] not in DEFAULT_ROLES]
    score.foreign_roles = len(foreign)
    if foreign:
        folded = _dev_scores(draft, Truth(truth.actors, [
            (k, r if r in DEFAULT_ROLES else "ansvarar", w) for k, r, w in truth.duties]), name)
        score.folded_right, score.folded_found = folded.duties_right, folded.duties_found
    else:
        score.folded_right, score.folded_found = score.duties_right, score.duties_found
    return score


def _dev_scores(draft: str, truth: Truth, name: str = "") -> DevScores:
    blocks, got = page_blocks(draft)
    keys = actor_keys(draft)
    paragraphs = [text for _k, text in blocks]
    want: list[tuple[tuple[str, ...], str, str, list[tuple[str, int, int]]]] = []
    for key, role, words in truth.duties:
        places = [(p, m.start(), m.end()) for p in paragraphs
                  for m in re.finditer(re.escape(" ".join(words.split())), p)]
        want.append((key, role, words, places))

    def same(g: DutySpan, w: tuple[tuple[str, ...], str, str, list[tuple[str, int, int]]]
             ) -> bool:
        key, role, _words, places = w
        return keys.get(g.actor, ((),))[0] == key and g.role == role and any(
            p == g.paragraph and s < g.end and g.start < e for p, s, e in places)

    wrong = [g for g in got if not any(same(g, w) for w in want)]
    missed = [w for w in want if not any(same(g, w) for g in got)]
    suggested = {k for k, _kind in keys.values()}
    kinds = {k: kind for k, kind in keys.values()}
    found = [k for k in truth.actors if k in suggested]
    return DevScores(
        duties_right=len(got) - len(wrong), duties_suggested=len(got),
        duties_found=len(want) - len(missed), duties_marked=len(want),
        actors_found=len(found), actors_marked=len(truth.actors),
        actors_right=len(suggested & set(truth.actors)), actors_suggested=len(suggested),
        kinds_right=sum(kinds.get(k) == truth.actors[k][1] for k in found),
        wrong=[f"{name}: fel förslag {g.actor}:{g.role} »{g.paragraph[g.start:g.end]}«"
               for g in wrong],
        missed=[f"{name}: missad {' '.join(k)}:{r} »{w}«" for k, r, w, _p in missed]
        + [f"{name}: aktör saknas {truth.actors[k][0]}" for k in truth.actors
           if k not in suggested])


def _dev_rows(text: str) -> list[tuple[str, str]]:
    """(kind, text) of the lines of a development text, as an editor would style them in
    Word: "letterhead" (the lines before the title), "title", "heading", "number", "bullet",
    "para". A heading is a short line without a full stop that is no lead-in; a numbered one
    ("3. Mål", "3.2 Ansvar") is a heading of its number's depth ("heading1", "heading2") unless
    a neighbour continues its count (a numbered list)."""
    rows: list[tuple[str, str]] = []
    raw = text.strip().splitlines()
    # Page headers and footers go to Word's header and footer, not the body; a table pasted
    # as text ("row" lines, cells by tabs) is a table (see the importer's reading of text).
    furniture = importer.text_furniture(raw)
    tables, headers = importer._text_tables(raw, furniture)
    lines: list[str] = []
    for n, line in enumerate(raw, 1):
        if n in tables:
            if n in headers and lines and "\t" in lines[-1]:
                lines.append("")  # two tables one after the other stay two
            row_cells = tables[n]
            if row_cells is not None:
                lines.append("\t".join(row_cells))
        elif line.strip() and n not in furniture:
            lines.append(line.strip())
    kinds = ("strategi", "program", "policy", "plan", "riktlinje")
    title = next((i for i, line in enumerate(lines)
                  if any(k in line.lower() for k in kinds) and not line.endswith(".")), 0)
    def number(line: str) -> int | None:
        found = re.match(r"^(\d+)\.\s", line)
        return int(found[1]) if found else None

    for i, line in enumerate(lines):
        m = re.match(r"^(?:(\d+)\.\s+|[-•–]\s+)(.*)$", line)
        section = re.match(r"^(\d+(?:\.\d+)*)\.?\s+[A-ZÅÄÖ]", line)
        own = number(line)
        if section and (len(line.split()) > 12 or line.endswith((".", ":", ",")) or (
                "." not in section[1] and own is not None
                and ((i > 0 and number(lines[i - 1]) == own - 1)
                     or (i + 1 < len(lines) and number(lines[i + 1]) == own + 1)))):
            section = None  # an item of a numbered list, not a numbered heading
        if i < title:  # a sentence before the title is the document's, not the letterhead's
            rows.append(("para" if line.endswith((".", "!", "?")) else "letterhead", line))
        elif i == title:
            rows.append(("title", line))
        elif "\t" in line:
            rows.append(("row", line))
        elif section:
            rows.append((f"heading{section[1].count('.') + 1}", line))
        elif m:
            rows.append(("number" if m[1] else "bullet", m[2]))
        elif (len(line.split()) <= 12 and not line.endswith((".", ":", ",", "att", "ska"))
              and not re.search(r"\d{4}-\d\d-\d\d|Dnr|Diarienummer|\b(?:ska|bör)\s+\S+$"
                                r"|[a-zåäö]{2}[.!?]\s+[A-ZÅÄÖ]", line)):  # a sentence first
            rows.append(("heading", line))
        else:
            rows.append(("para", line))
    return rows


def dev_docx(text: str, path: Path) -> Path:
    """A development text as a Word file: letterhead in the page header, title and headings
    in Word's styles, lists in Word's list styles, a page number in the footer."""
    import docx

    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    document.sections[0].footer.paragraphs[0].text = "Sida 1 av 1"
    letterhead = []
    table_rows: list[list[str]] = []
    rows = _dev_rows(text)
    for index, (kind, line) in enumerate(rows):
        if kind == "row":
            table_rows.append(line.split("\t"))
            if index + 1 == len(rows) or rows[index + 1][0] != "row":
                width = max(len(r) for r in table_rows)
                table = document.add_table(rows=len(table_rows), cols=width)
                table.style = "Table Grid"
                for r, cells in enumerate(table_rows):
                    for c, cell in enumerate(cells):
                        table.cell(r, c).text = cell
                table_rows = []
            continue
        if kind == "letterhead":
            letterhead.append(line)
        elif kind == "title":
            document.add_paragraph(line, style="Title")
        elif kind.startswith("heading"):
            document.add_paragraph(line, style=f"Heading {kind[7:] or 1}")
        elif kind == "number":
            document.add_paragraph(line, style="List Number")
        elif kind == "bullet":
            document.add_paragraph(line, style="List Bullet")
        else:
            document.add_paragraph(line)
    header.text = " – ".join(letterhead)
    document.save(str(path))
    return path


def dev_html(text: str) -> str:
    """A development text as an HTML page to print: the letterhead at the top of the first
    page only (small, as on a municipality's paper), headings, lists, paragraphs."""
    out, open_list = [], None
    for kind, line in _dev_rows(text):
        if kind == "row":  # a ruled table, as Word prints one
            if open_list != "table":
                if open_list:
                    out.append(f"</{open_list}>")
                out.append('<table style="border-collapse:collapse">')
                open_list = "table"
            out.append("<tr>" + "".join(f'<td style="border:1px solid #000;padding:2pt">'
                                        f"{html.escape(c)}</td>" for c in line.split("\t"))
                       + "</tr>")
            continue
        tag = {"number": "ol", "bullet": "ul"}.get(kind)
        if open_list and tag != open_list:
            out.append(f"</{open_list}>")
            open_list = None
        body = html.escape(line)
        if tag:
            if open_list is None:
                out.append(f"<{tag}>")
                open_list = tag
            out.append(f"<li>{body}</li>")
        elif kind == "letterhead":
            out.append(f'<p style="font-size:8pt;margin:0">{body}</p>')
        elif kind == "title":
            out.append(f"<h1>{body}</h1>")
        elif kind.startswith("heading"):
            level = min(6, int(kind[7:] or 1) + 1)
            out.append(f"<h{level}>{body}</h{level}>")
        else:
            out.append(f"<p>{body}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    return _print_page(out, "h1{font-size:18pt}h2{font-size:13pt}")


def dev_pdfs(texts: dict[str, str], folder: Path) -> dict[str, Path]:
    """Development texts printed to PDF by Chromium (one browser), with "Sida N av M"."""
    out = {}
    with chromium() as browser:
        page = browser.new_page()
        for name, text in texts.items():
            page.set_content(dev_html(text))
            path = folder / f"{name}.pdf"
            page.pdf(path=str(path), format="A4", display_header_footer=True,
                     header_template="<div></div>",
                     footer_template='<div style="font-size:9px;width:100%;text-align:center">'
                                     'Sida <span class="pageNumber"></span> av '
                                     '<span class="totalPages"></span></div>',
                     margin={"top": "2cm", "bottom": "2.5cm", "left": "2.5cm",
                             "right": "2.5cm"})
            out[name] = path
    return out


def _truth_roles(paths: list[Path]) -> dict[str, str] | None:
    """The roles a group's truth files use, when some are not the handbook's: the handbook's
    roles they use, in its order, then the others as they come (names only)."""
    from handbok.vocabulary import DEFAULT_ROLES

    used = [d[1] for p in paths for d in read_truth(p.with_suffix(".truth")).duties]
    if all(r in DEFAULT_ROLES for r in used):
        return None
    return {r: "" for r in [*(r for r in DEFAULT_ROLES if r in used),
                            *dict.fromkeys(r for r in used if r not in DEFAULT_ROLES)]}


def _named_only(draft: importer.Draft, truth: Truth) -> tuple[int, int]:
    """How many bodies the draft lists as named without a duty, and how many of them are
    actors of the truth."""
    from .suggest import key_of

    keys = {key_of(re.sub(r"\s*\([^)]*\)$", "", name)) for name in draft.suggestions.named_only}
    return len(keys), len(keys & set(truth.actors))


def _signature(draft: importer.Draft) -> tuple[
        tuple[str, ...], tuple[str, ...], tuple[tuple[tuple[str, ...] | str, str, str], ...]]:
    """What must not depend on the format: goals, methods, duties (actor, role, words)."""
    found = draft.suggestions
    blocks = draft.imported.blocks
    return (tuple(found.goals), tuple(found.methods),
            tuple(sorted((a, r, " ".join(blocks[d.block].text[d.start:d.end].split()))
                         for d in found.duties for a, r in d.assignments)))


#: What :func:`measure_devset` gives: group -> DevScores, (group, text) -> DevScores,
#: (group, "differ") -> the files whose goals, methods or duties differ from the .txt's.
DevResults = dict[str | tuple[str, str], DevScores | list[str]]


def measure_devset(out: TextIO = sys.stdout, formats: Sequence[str] = FORMATS,
                   halves: Sequence[str] = tuple(GROUPS)) -> DevResults:
    """Scores of the development set per group (:data:`GROUPS`) and per text, and whether
    .txt, .docx and .pdf agree. A group without texts is reported as missing, not measured.
    The details (wrong and missed suggestions) are printed for the tuning groups only."""
    results: DevResults = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for half in halves:
            total = DevScores()
            paths = devset(half)
            if not paths:
                print(f"{half}: inga texter med facit i {DEVSET.name}/, inte mätt", file=out)
                continue
            texts = {p.stem: p.read_text(encoding="utf-8") for p in paths}
            vocabulary = _truth_roles(paths)
            pdfs = dev_pdfs(texts, folder) if "pdf" in formats else {}
            differ: list[str] = []
            per_text: list[str] = []
            for path in paths:
                truth = read_truth(path.with_suffix(".truth"))
                made = importer.make_draft(importer.read_document(path), path.stem, ROOT)
                score = dev_scores(made.text, truth, path.stem)
                score.named_listed, score.named_actors = _named_only(made, truth)
                if vocabulary:
                    own = _dev_scores(importer.make_draft(importer.read_document(path),
                                                          path.stem, ROOT, vocabulary).text,
                                      truth, path.stem)
                    score.own_right, score.own_suggested, score.own_found = (
                        own.duties_right, own.duties_suggested, own.duties_found)
                total.add(score)
                results[(half, path.stem)] = score
                per_text.append(f"  {path.stem}: {score.line()}")
                signature = _signature(made)
                for fmt in formats:
                    if fmt == "txt":
                        continue
                    other = (dev_docx(texts[path.stem], folder / f"{path.stem}.docx")
                             if fmt == "docx" else pdfs[path.stem])
                    if _signature(importer.make_draft(importer.read_document(other),
                                                      path.stem, ROOT)) != signature:
                        differ.append(f"{path.stem}.{fmt}")
            results[half] = total
            results[(half, "differ")] = differ
            print(f"{half} ({len(paths)} texter): {total.line()}", file=out)
            for line in per_text:
                print(line, file=out)
            print(f"{half}: mål, metoder och uppgifter "
                  + ("samma från " + ", ".join(formats) if not differ
                     else "SKILJER för " + ", ".join(differ)), file=out)
            if half not in HELD_BACK:
                for line in (total.wrong or []) + (total.missed or []):
                    print(f"    {line}", file=out)
    return results


def seed_key_scores(draft: str, policy: str) -> DevScores:
    """The seeds scored like the development set: actors by the key of their labels."""
    from .suggest import key_of  # noqa: F401 - the keys come from actor_keys

    hand = actor_keys(policy)
    _, marked = page_blocks(policy)
    truth = Truth({k: (" ".join(k), kind) for k, kind in hand.values()},
                  [(hand[d.actor][0], d.role, d.paragraph[d.start:d.end]) for d in marked
                   if d.actor in hand])
    return dev_scores(draft, truth)


def main(argv: list[str] | None = None) -> int:
    """``handbok importmatning``: no flags."""
    results = measure()
    table: dict[str, DevScores] = {}
    seeds = DevScores()
    for name in SEEDS:
        policy = (ROOT / SEEDS[name][1]).read_text(encoding="utf-8")
        draft, made = results[(name, "draft")], results[(name, "made")]
        if not isinstance(draft, str) or not isinstance(made, importer.Draft):
            raise TypeError("measure() gives each seed's .txt draft and its Draft")
        score = seed_key_scores(draft, policy)
        # _named_only reads the truth's actor keys only
        score.named_listed, score.named_actors = _named_only(
            made, Truth({k: (" ".join(k), kind) for k, kind in actor_keys(policy).values()},
                        []))
        seeds.add(score)
    table["förlagor"] = seeds
    table.update({k: v for k, v in measure_devset().items()
                  if k in GROUPS and isinstance(k, str) and isinstance(v, DevScores)})
    print("\nSammanfattning (från .txt):")
    width = max(len(name) for name in table)
    for name, score in table.items():
        print(f"{name:{width}} {score.line()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
