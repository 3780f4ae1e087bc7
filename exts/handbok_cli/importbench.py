"""``make bench-import``: how well ``make import-policy`` does on the two seed texts.

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
  the same paragraph, with an overlapping span, has the same actor and role.

The tests (``tests/test_importer.py``) use the same functions.
"""

from __future__ import annotations

import html
import re
import sys
import tempfile
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

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
    """(kind, text) of every heading (``h1``…), paragraph (``p``) and list item paragraph
    (``li``) a reader sees, directive bodies included, the compiled section left out; and the
    duties marked in them."""
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
    return ('<!doctype html><html lang="sv"><head><meta charset="utf-8"><style>'
            "body{font-family:'DejaVu Sans',sans-serif;font-size:11pt;line-height:1.35}"
            "h1{font-size:18pt}</style></head><body>" + "\n".join(out) + "</body></html>")


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
    wrong: list[DutySpan]
    missed: list[DutySpan]

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


def actor_ids(source: str) -> list[str]:
    """The ids of the ``{actor}`` directives of a page."""
    return [d.argument for d in (markup.directive(t) for t in markup.parse(source))
            if d is not None and d.name == "actor"]


def draft_of(path: Path, kommun: str) -> str:
    return importer.make_draft(importer.read_document(path), kommun, ROOT).text


def measure(out=sys.stdout, formats=FORMATS) -> dict:
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (_seed, policy_path) in SEEDS.items():
            policy = (ROOT / policy_path).read_text(encoding="utf-8")
            for fmt in formats:
                draft = draft_of(seed_file(name, fmt, Path(tmp)), name)
                fid = fidelity(draft, policy)
                results[(name, fmt)] = fid
                print(f"{name} {fmt}: {fid.equal}/{fid.expected} block lika "
                      f"(utkastet har {fid.drafted})", file=out)
                for diff in fid.differences:
                    print(f"    {diff}", file=out)
                results[(name, fmt, "duties")] = scores(draft, policy)
                if fmt == "txt":
                    results[(name, "duties")] = results[(name, fmt, "duties")]
                    results[(name, "draft")] = draft
            got, want = actor_ids(results[(name, "draft")]), actor_ids(policy)
            print(f"{name} aktörer: {len(set(got) & set(want))} av {len(want)} markerade "
                  f"föreslogs, {len(set(got) - set(want))} andra föreslogs", file=out)
            sc = results[(name, "duties")]
            same = all((results[(name, f, "duties")].right, results[(name, f, "duties")].found)
                       == (sc.right, sc.found) for f in formats)
            print(f"{name} uppgifter: precision {sc.precision:.2f} ({sc.right}/{sc.suggested}), "
                  f"täckning {sc.recall:.2f} ({sc.found}/{sc.marked})"
                  + (f", samma från {', '.join(formats)}" if same else ", SKILJER mellan format"),
                  file=out)
            for d in sc.wrong:
                print(f"    fel förslag: {d.actor}:{d.role} »{d.paragraph[d.start:d.end]}«",
                      file=out)
            for d in sc.missed:
                print(f"    missad: {d.actor}:{d.role} »{d.paragraph[d.start:d.end]}«",
                      file=out)
    return results


def main(argv: list[str] | None = None) -> int:
    """``handbok importmatning``: no flags."""
    measure()
    return 0


if __name__ == "__main__":
    main()
