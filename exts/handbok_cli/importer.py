"""``make import-policy``: a draft policy page from an adopted document (.docx, .pdf or text).

    python -m handbok_cli.importer FIL KOMMUN [--ut policy/kommun/strategi.md]

Reads the document, rebuilds its structure and writes a draft ``policy/<kommun>/<kind>.md``:

1. *Reading* (:func:`read_document`): each format gives a list of :class:`Para` (a paragraph,
   a list item or an explicit heading) with what the format knows: Word's heading and list
   styles and bold runs (python-docx), the PDF's lines, fonts and pages (pdfplumber), the text's
   blank lines, ``#`` and ``**`` marks; tables (Word's, a PDF's ruled ones, and a text's
   columns of tabs or spaces) as rows of cells.
2. *Structure* (:func:`structure`): page headers, footers and page numbers dropped; a paragraph
   that ends without a full stop and is followed by one that starts in lower case is one
   paragraph broken by the extraction, and joined; short lines without a full stop and bold
   lines are headings, and a section number ("3.", "3.2") gives a heading its level; list
   markers make list items.
3. *Suggestions* (:mod:`.suggest`): actors, duties, goals and methods, each marked with a
   ``% FÖRSLAG`` comment line that the build reports until an editor removes it.
4. *Writing* (:func:`write_draft`): front matter from ``mallar/styrdokument.md`` with what the
   text states (title, kind, period, deciding body) and ``status: förslag``; the words of the
   adopted text are written as they were read.

The command prints a report in Swedish (:func:`report`): what was found, what needs a
decision, and the lines the importer was unsure of.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handbok import frontmatter
from handbok.util import valid_id
from handbok.vocabulary import DEFAULT_ROLES, POLICY_FIELDS, POLICY_KINDS, SUGGESTION_MARK

from . import project, suggest

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.oxml.table import CT_Tc

#: The comment that marks a suggestion in a draft; the build warns about every such line.
MARK = f"% {SUGGESTION_MARK}"
#: How the draft and the report list the bodies that are named but given no duty.
NAMED_ONLY = "Nämns i texten men har ingen uppgift"

LIST_MARK = re.compile(r"^(?:(?P<num>\d{1,2})[.)]|(?P<letter>[a-zåäö])\)"
                       r"|(?P<bullet>[-*•–●▪◦\uf0b7\uf0a7]))\s*"
                       r"(?<=\s|[•●▪◦\uf0b7\uf0a7])(?P<text>\S.*)$")
PAGE_NUMBER = re.compile(
    r"^(?:(?:sida|page|s\.)\s*\d+(?:\s*(?:av|/|\()\s*\d+\)?)?|[-–]?\s*\d{1,3}\s*[-–]?"
    r"|\d{1,3}\s*\(\d{1,3}\)|\d{1,3}\s*/\s*\d{1,3})$", re.IGNORECASE)
SENTENCE_END = tuple(".!?:;")
HEADING_MAX_WORDS = 12


@dataclass
class Para:
    """One paragraph of the source, as the reader saw it."""

    text: str
    #: "para", "item" or "heading"; "furniture" (a page header or number found while reading)
    #: and "note" (something the reader could not bring over) go to the report.
    kind: str = "para"
    #: An explicit heading level (Word style, ``#`` marks), else 0.
    level: int = 0
    #: All of the paragraph's text is bold (a pseudo-heading when it is short).
    bold: bool = False
    #: For items: numbered (True) or bulleted (False).
    ordered: bool = False
    number: int = 0
    #: Where the paragraph was in the source, for the report ("rad 12", "sida 2").
    where: str = ""
    #: The paragraph was at the top or bottom of a page (PDF), a candidate page header.
    edge: bool = False
    page: int = 0
    #: For a row of a table ("row"): its cells, word for word. ``text`` is the cells joined
    #: by tabs. The first row of a table is its header.
    cells: list[str] = field(default_factory=list)
    #: The first row of a table (its header).
    header: bool = False
    #: For items: the kind of list mark ("num", "letter", "bullet"); a new kind starts a new
    #: list.
    marker: str = ""
    #: A PDF line that follows a page's first line as closely as a paragraph's next line: it
    #: goes on with that line when that line is text, not a page header.
    after_edge: bool = False
    #: A PDF paragraph's font size: of its first line, and of its last (0: not known).
    size: float = 0.0
    last_size: float = 0.0


@dataclass
class Block:
    """A block of the draft: a heading, a paragraph or a list item."""

    kind: str  # "heading", "para", "item", "row" (a row of a table; the first is the header)
    text: str
    level: int = 0
    ordered: bool = False
    number: int = 0
    where: str = ""
    #: The cells of a row; ``text`` is them joined by tabs.
    cells: list[str] = field(default_factory=list)
    #: The first row of a table (its header).
    header: bool = False
    #: For items: the kind of list mark ("num", "letter", "bullet"); a new kind starts a new
    #: list.
    marker: str = ""
    #: Notes for the report: what the importer did here and was unsure of.
    notes: list[str] = field(default_factory=list)


@dataclass
class Imported:
    """The result of reading a document: blocks, what was dropped, and notes."""

    blocks: list[Block]
    dropped: list[str] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)
    headings_guessed: list[str] = field(default_factory=list)
    #: What the reader could not bring over (tables), for the report.
    notes: list[str] = field(default_factory=list)
    #: The lines of the first page's letterhead (dropped from the draft).
    letterhead: list[str] = field(default_factory=list)


# --- reading -----------------------------------------------------------------------------------


def read_text_file(text: str) -> list[Para]:
    """Plain text (or a text that marks headings with ``#`` and bold with ``**``)."""
    paras: list[Para] = []
    lines = text.replace("\r\n", "\n").replace("\f", "\n\n").split("\n")
    # Page headers and footers of an extraction: page numbers, and short lines that come back
    # three times or more (the municipality's name, the document's name on every page).
    current: Para | None = None
    furniture = text_furniture(lines)
    tables, headers = _text_tables(lines, furniture)
    # A text whose paragraphs are one long line each (pasted from Word, often without blank
    # lines between them) is not wrapped: each line is a block, and a line that starts in
    # lower case is joined to the one above later (:func:`_join`), as a broken paragraph.
    unwrapped = any(len(line.strip()) > UNWRAPPED_LINE for line in lines)
    width = max((len(line.strip()) for line in lines), default=0)
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if number in furniture:
            paras.append(Para(" ".join(line.split()), kind="furniture", where=f"rad {number}"))
            continue
        if number in tables:
            current = None
            cells = tables[number]
            if cells is not None:
                paras.append(Para("\t".join(cells), kind="row", cells=cells,
                                  where=f"rad {number}", header=number in headers))
            continue
        level = 0
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            level, line = len(heading[1]), heading[2].strip()
        bold = False
        strong = re.fullmatch(r"\*\*(.+)\*\*|__(.+)__", line)
        if strong:
            bold, line = True, (strong[1] or strong[2]).strip()
        marker = LIST_MARK.match(line) if not level else None
        following = lines[number] if number < len(lines) else ""
        glued = GLUED_HEADING.match(line) if unwrapped and not level and not marker \
            and following.strip()[:1].isupper() else None
        if glued and len(glued["body"].split()) >= 8:
            # "… gäller kommunens resepolicy. Uppföljning": a heading that lost its line
            # break when the text was pasted; the same words, as two blocks.
            paras.append(Para(glued["body"], where=f"rad {number}", bold=bold))
            paras.append(Para(glued["head"], where=f"rad {number}"))
            current = None
            continue
        # A sentence's end where the next line's first word would have fitted is a
        # paragraph's end, also without a blank line after it (a wrapped line is full).
        ended = (line.endswith(SENTENCE_END[:4]) and following.strip()[:1].isupper()
                 and len(line) + 1 + len(following.split()[0]) <= width)
        alone = unwrapped or _ends_block(line, following)
        if level or marker or alone or current is None or current.kind == "heading":
            current = Para(line, where=f"rad {number}", level=level, bold=bold,
                           kind="heading" if level else "para")
            paras.append(current)
            if level:
                current = None
        else:  # a wrapped line of the same paragraph
            current.text = _join_lines(current.text, line)
        if alone or ended:
            current = None
    return paras


#: A line longer than this is a paragraph of its own, not a wrapped line.
UNWRAPPED_LINE = 150
#: A short heading glued to the end of the paragraph above it by a lost line break.
GLUED_HEADING = re.compile(r"^(?P<body>.*[.!?])\s+(?P<head>[A-ZÅÄÖ][A-Za-zÅÄÖåäöé-]*"
                           r"(?: [a-zåäöé][a-zåäöé-]*){0,3})$")
#: Where one cell of a table pasted as text ends and the next begins: a tab, or two spaces
#: or more between words (three after a sentence's end, where two are a typing habit).
CELL_GAP = re.compile(r"\t+|(?<=[^\s.!?;:]) {2,}(?=\S)|(?<=\S) {3,}(?=\S)")


def text_furniture(lines: list[str]) -> set[int]:
    """The numbers (from 1) of a text's lines that are page headers, footers or numbers:
    page numbers, a footer in columns ending in one, and short lines that come back three
    times or more (the municipality's name, the document's name on every page)."""
    repeated = Counter(_furniture_key(line.strip()) for line in lines if line.strip())
    return {n for n, raw in enumerate(lines, 1) if raw.strip() and (
        PAGE_NUMBER.match(raw.strip()) or _page_cell(raw)
        or (repeated[_furniture_key(raw.strip())] >= 3 and len(raw.split()) <= 8
            and not LIST_MARK.match(raw.strip())))}


def _page_cell(raw: str) -> bool:
    """A page header or footer in columns: "Grönhed kommun   Riktlinje   Sida 1 av 2"."""
    cells = [c for c in CELL_GAP.split(raw.strip()) if c]
    return len(cells) >= 2 and len(raw.split()) <= 12 and bool(
        PAGE_NUMBER.match(cells[-1]) or PAGE_NUMBER.match(cells[0]))


def _cell_starts(raw: str) -> list[tuple[int, str]]:
    """(column, text) of each cell of a line, by tabs or by runs of spaces."""
    out, pos = [], 0
    for gap in CELL_GAP.finditer(raw):
        if raw[pos:gap.start()].strip():
            out.append((pos, raw[pos:gap.start()].strip()))
        pos = gap.end()
    if raw[pos:].strip():
        out.append((pos + len(raw[pos:]) - len(raw[pos:].lstrip()), raw[pos:].strip()))
    return out


def _text_tables(lines: list[str], furniture: set[int]
                 ) -> tuple[dict[int, list[str] | None], set[int]]:
    """The rows of the tables of a pasted text: line number -> the row's cells, or None for a
    line that continues the row above it (a wrapped cell, merged into that row).

    A table is two lines or more in a row, each with a gap between cells (a tab, or two
    spaces or more), that split into the same number of columns as the first (the header).
    A line that begins with a gap (its first cell empty) continues the row above it. With
    spaces, a cell belongs to the column of the header whose start is nearest. Also the
    numbers of the tables' first lines (their headers)."""
    found: dict[int, list[str] | None] = {}
    headers: set[int] = set()
    number = 0
    while number < len(lines):
        start = number
        run: list[int] = []
        while number < len(lines) and (number + 1) not in furniture and lines[number].strip() \
                and (CELL_GAP.search(lines[number].strip())
                     or (run and lines[number][:1] in " \t")
                     or (run and lines[number].strip()[:1].islower())):
            run.append(number)
            number += 1
        if len(run) < 2:
            number = start + 1
            continue
        tabs = any("\t" in lines[n] for n in run)
        header = _cell_starts(lines[run[0]].rstrip())
        columns = [col for col, _t in header]
        if len(columns) < 2:
            number = start + 1
            continue
        rows: list[tuple[int, list[str]]] = []
        for n in run:
            raw = lines[n].rstrip()
            cells = [""] * len(columns)
            if tabs:
                parts = raw.split("\t")
                texts = [" ".join(c.split()) for c in parts]
                if len(texts) > len(columns):  # extra tabs for alignment
                    lead = [t for t in texts[:1]]
                    texts = lead + [t for t in texts[1:] if t]
                for i, text in enumerate(texts[:len(columns)]):
                    cells[i] = text
                if len(texts) > len(columns):
                    cells[-1] = " ".join([cells[-1], *texts[len(columns):]]).strip()
            else:
                for col, text in _cell_starts(raw):
                    index = min(range(len(columns)), key=lambda i: abs(columns[i] - col))
                    cells[index] = f"{cells[index]} {text}".strip()
            filled = [c for c in cells if c]
            if rows and (not cells[0] or all(c[:1].islower() for c in filled)):
                # a wrapped cell: "Kommunstyrelsens   Beslutar om …" / "arbetsutskott   och …"
                previous = rows[-1][1]
                for i, text in enumerate(cells):
                    if text:
                        previous[i] = f"{previous[i]} {text}".strip()
                found[n + 1] = None
                continue
            rows.append((n + 1, cells))
        if len(rows) < 2:
            for n in run:
                found.pop(n + 1, None)
            number = start + 1
            continue
        for line_number, cells in rows:
            found[line_number] = cells
        headers.add(rows[0][0])
    return found, headers


def _ends_block(line: str, following: str) -> bool:
    """A short line without closing punctuation, followed by a line that starts anew (a
    capital letter or a list mark): a heading or a body's name written without a blank line
    after it ("2. Ansvar", "Kommunförvaltningen"), never the start of a wrapped paragraph."""
    following = following.strip()
    return (bool(following) and len(line.split()) <= 6 and line[-1] not in ".,:;!?-–"
            and (following[0].isupper() or LIST_MARK.match(following) is not None))


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def read_docx(path: Path) -> list[Para]:
    """A Word file, with python-docx: heading and list styles, numbering, bold runs."""
    import docx  # python-docx
    from docx.table import Table

    document = docx.Document(str(path))
    paras: list[Para] = []
    number = 0
    for paragraph in document.iter_inner_content():
        number += 1
        if isinstance(paragraph, Table):  # a table: one row a paragraph, cells kept apart
            for row_no, row in enumerate(paragraph.rows, 1):
                cells: list[str] = []
                seen: list[CT_Tc] = []
                for cell in row.cells:
                    if any(cell._tc is other for other in seen):
                        continue  # a merged cell is listed once for each column it spans
                    seen.append(cell._tc)
                    cells.append(" ".join(cell.text.split()))
                if any(cells):
                    paras.append(Para("\t".join(cells), kind="row", cells=cells,
                                      where=f"tabell i stycke {number}, rad {row_no}",
                                      header=row_no == 1))
            continue
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = 0
        found = re.match(r"(?:Heading|Rubrik)\s*(\d)", style, re.IGNORECASE)
        if found:
            level = int(found[1])
        elif style.lower() in ("title", "rubrik"):
            level = 1
        runs = [r for r in paragraph.runs if r.text.strip()]
        bold = bool(runs) and all(r.bold or (r.style is not None and r.style.font.bold)
                                  for r in runs)
        para = Para(text, where=f"stycke {number}", level=level, bold=bold,
                    kind="heading" if level else "para")
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        listed = num_pr is not None or "list" in style.lower()
        if listed and not level:
            para.kind = "item"
            para.ordered = "bullet" not in style.lower() and _docx_ordered(document, num_pr,
                                                                           style)
        paras.append(para)
    _number_items(paras)
    return paras


def _docx_ordered(document: DocxDocument, num_pr: Any, style: str) -> bool:
    """Whether a Word list paragraph is numbered (decimal, letters) rather than bulleted.
    ``num_pr``: its ``w:numPr`` element or None (python-docx declares the XML children as
    descriptors that mypy cannot read)."""
    if num_pr is None or num_pr.numId is None:
        return "number" in style.lower()
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return "number" in style.lower()
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    num_id = num_pr.numId.val
    level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    abstract = numbering.find(f".//w:num[@w:numId='{num_id}']/w:abstractNumId", ns)
    if abstract is None:
        return "number" in style.lower()
    key = f"{{{ns['w']}}}val"
    fmt = numbering.find(f".//w:abstractNum[@w:abstractNumId='{abstract.get(key)}']"
                         f"/w:lvl[@w:ilvl='{level}']/w:numFmt", ns)
    return fmt is not None and fmt.get(key) not in ("bullet", "none")


def _number_items(paras: list[Para]) -> None:
    """Numbers for numbered items that the format did not write out (Word numbering)."""
    count = 0
    for para in paras:
        if para.kind == "item" and para.ordered and not para.number:
            count += 1
            para.number = count
        elif para.kind != "item":
            count = 0 if para.kind == "heading" or not _continues(para.text) else count


def read_pdf(path: Path) -> list[Para]:
    """A PDF, with pdfplumber: lines, their fonts and positions, page by page."""
    import pdfplumber

    paras: list[Para] = []
    with pdfplumber.open(str(path)) as pdf:
        for page_no, page in enumerate(pdf.pages, 1):
            lines = page.extract_text_lines(return_chars=True, strip=True)
            if not lines:
                continue
            heights = sorted(line["bottom"] - line["top"] for line in lines)
            height = heights[len(heights) // 2] or 10
            # Bullets drawn as small shapes (Chromium, Word) rather than as characters.
            dots = [(o["x1"], (o["top"] + o["bottom"]) / 2) for o in page.curves + page.rects
                    if o["x1"] - o["x0"] < 8 and o["bottom"] - o["top"] < 8]
            previous = None
            # Ruled tables: their rows are read cell by cell, in place of their lines.
            # A row broken by the page's end has no rule below it (nor above it on the next
            # page): the ends of the columns' rules close it.
            rules = [e for e in page.edges if e["orientation"] == "v"]
            closing = ({"explicit_horizontal_lines": [min(e["top"] for e in rules),
                                                       max(e["bottom"] for e in rules)]}
                       if rules else {})
            try:
                tables = [(t.bbox, t.extract()) for t in page.find_tables(closing)]
            except Exception:  # noqa: BLE001 - a page whose ruling cannot be read: its lines
                tables = []
            emitted: set[int] = set()
            for index, line in enumerate(lines):
                middle = (line["top"] + line["bottom"]) / 2
                inside = next((n for n, ((x0, top, x1, bottom), _rows) in enumerate(tables)
                               if top <= middle <= bottom and x0 - 2 <= line["x0"] <= x1), None)
                if inside is not None:
                    if inside not in emitted:
                        emitted.add(inside)
                        rows = [[" ".join((c or "").split()) for c in row]
                                for row in tables[inside][1]]
                        rows = [cells for cells in rows if any(cells)]
                        # A table that goes on from the page before: the same columns, and
                        # nothing else on this page above it. A repeated header is dropped.
                        before = next((p for p in reversed(paras)
                                       if not (p.edge or PAGE_NUMBER.match(p.text))), None)
                        goes_on = (before is not None and before.kind == "row"
                                   and before.page == page_no - 1 and rows
                                   and len(rows[0]) == len(before.cells)
                                   and not any(p.page == page_no and not p.edge
                                               for p in paras))
                        if goes_on and before is not None:  # goes_on needs before
                            header = next(p for p in reversed(paras) if p.header)
                            if rows[0] == header.cells:
                                rows = rows[1:]
                            elif rows and not rows[0][0]:
                                # the rest of the row the page's end broke: its first
                                # column is empty
                                before.cells = [" ".join(c for c in pair if c) for pair in
                                                zip(before.cells, rows[0], strict=True)]
                                before.text = "\t".join(before.cells)
                                rows = rows[1:]
                        for row_no, cells in enumerate(rows, 1):
                            paras.append(Para("\t".join(cells), kind="row", cells=cells,
                                              where=f"sida {page_no}, tabellrad {row_no}",
                                              page=page_no,
                                              header=row_no == 1 and not goes_on))
                    previous = None
                    continue
                text = " ".join(line["text"].split())
                if any(line["top"] <= y <= line["bottom"] and 0 <= line["x0"] - x < 25
                       for x, y in dots):
                    text = f"• {text}"
                chars = [c for c in line["chars"] if c["text"].strip()]
                bold = bool(chars) and all(_bold_font(c.get("fontname", "")) for c in chars)
                size = _line_size(chars)
                edge = index in (0, len(lines) - 1) and (
                    line["top"] < page.height * 0.09 or line["bottom"] > page.height * 0.91)
                gap: float | None = line["top"] - previous["bottom"] if previous else None
                current = paras[-1] if paras and paras[-1].page == page_no else None
                marker = LIST_MARK.match(text)
                # A line set in the same font as the line above goes on with it when the gap
                # is no more than a line's: measured by the page's usual line, or by this
                # line's own height when it is the same size (a title printed large that
                # wraps over two lines is one title).
                limit = height * 0.6
                if current is not None and size and abs(size - current.last_size) < 0.5:
                    limit = max(limit, (line["bottom"] - line["top"]) * 0.6)
                starts_new = (current is None or marker or edge or current.edge
                              or gap is None or gap > limit or bold != current.bold)
                if starts_new:
                    paras.append(Para(text, where=f"sida {page_no}", bold=bold, edge=edge,
                                      page=page_no, size=size, last_size=size,
                                      after_edge=bool(
                                          current is not None and current.edge and not edge
                                          and not marker and gap is not None
                                          and gap <= limit and bold == current.bold)))
                elif current is not None:
                    current.text = _join_lines(current.text, text)
                    current.last_size = size
                previous = line
    return paras


def _line_size(chars: list[dict[str, Any]]) -> float:
    """A PDF line's font size: the size most of its characters have (0 when none)."""
    sizes = Counter(round(float(c.get("size", 0)), 1) for c in chars)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _bold_font(name: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi", name, re.IGNORECASE))


def _join_lines(first: str, second: str) -> str:
    """Two lines of one paragraph. A line ending in a hyphen keeps it: before "och", "eller"
    the hyphen belongs to a shortened word ("kunskaps- och"), else to a compound ("EU-")."""
    if first.endswith("-") and not re.match(r"(och|eller|samt|till|som)\b", second):
        return first + second
    return f"{first} {second}"


def read_document(path: Path) -> list[Para]:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".pdf":
        return read_pdf(path)
    data = path.read_bytes()
    try:
        return read_text_file(data.decode("utf-8-sig"))
    except UnicodeDecodeError:  # a text saved by an older Windows program
        return read_text_file(data.decode("cp1252", errors="replace"))


# --- structure ---------------------------------------------------------------------------------


def _continues(text: str) -> bool:
    """A paragraph's start that continues the previous one (lower case, or a comma)."""
    return bool(re.match(r"^[a-zåäöéü,;)]", text))


def _drop_furniture(paras: list[Para], imported: Imported) -> list[Para]:
    """Page numbers, and a PDF's page headers and footers: short lines at the top or bottom of
    a page that come back on other pages. (A text file's are found line by line when it is
    read; a Word file keeps them apart from the text.)"""
    for p in paras:
        if p.kind == "furniture":
            imported.dropped.append(f"{p.where}: {p.text}")
        elif p.kind == "note":
            imported.notes.append(p.text)
    paras = [p for p in paras if p.kind not in ("furniture", "note")]
    pages: dict[str, set[int]] = {}
    for p in paras:
        if p.edge:
            pages.setdefault(_furniture_key(p.text), set()).add(p.page)
    kept: list[Para] = []
    for p in paras:
        page_number = bool(PAGE_NUMBER.match(p.text)) and p.kind != "item"
        header = (p.edge and len(p.text.split()) <= 10
                  and len(pages.get(_furniture_key(p.text), ())) >= 2)
        if page_number or header:
            imported.dropped.append(f"{p.where}: {p.text}")
            continue
        if p.after_edge and kept and kept[-1].edge and kept[-1].page == p.page \
                and not kept[-1].text.endswith(SENTENCE_END + (":",)):
            # a paragraph whose first line is a page's first line, not a page header
            kept[-1].text = _join_lines(kept[-1].text, p.text)
            kept[-1].edge = False
            kept[-1].last_size = p.last_size
            continue
        kept.append(p)
    return _join_pages(kept, imported)


def _join_pages(paras: list[Para], imported: Imported) -> list[Para]:
    """A PDF paragraph broken by a page's end: its last line on the page ends no sentence,
    and the first line of the next page (below the page header, already dropped) is set in
    the same font and size, is not bold and is no list item or numbered heading."""
    out: list[Para] = []
    for p in paras:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == p.kind == "para" and p.page == prev.page + 1
                and prev.last_size and abs(prev.last_size - p.size) < 0.5
                and not prev.bold and not p.bold
                and not prev.text.endswith(SENTENCE_END) and not LIST_MARK.match(prev.text)
                and not LIST_MARK.match(p.text) and not SECTION_NUMBER.match(p.text)):
            imported.joins.append(f"{prev.where} och {p.where}: »…{prev.text[-30:]}« + "
                                  f"»{p.text[:30]}…«")
            prev.text = _join_lines(prev.text, p.text)
            prev.last_size = p.last_size
            continue
        out.append(p)
    return out


#: A section number before a heading's words: "3.", "3", "3.2", "3.2.", "4.2.1".
SECTION_NUMBER = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?=[A-ZÅÄÖÉÜ])")


def _section_level(paras: list[Para], index: int) -> int:
    """The heading level a section number gives a paragraph ("3. Mål" 2, "3.2 Ansvar" 3,
    "4.2.1 Ansvar" 4; the title is 1), or 0 when it is no numbered heading.

    A numbered heading is short and has no closing punctuation. A line numbered "3." is a
    list item instead when a neighbour continues its count ("2. …" before it or "4. …" after
    it): a numbered list is a run of numbers, a numbered heading stands among other blocks."""
    p = paras[index]
    found = SECTION_NUMBER.match(p.text)
    if p.kind != "para" or not found:
        return 0
    words = p.text[found.end():]
    if len(words.split()) > HEADING_MAX_WORDS or words.rstrip().endswith(SENTENCE_END + (",",)):
        return 0
    parts = found["num"].split(".")
    if len(parts) == 1:
        number = int(parts[0])

        def count(other: Para) -> int | None:
            if other.kind == "item" and other.ordered:
                return other.number
            marker = LIST_MARK.match(other.text) if other.kind == "para" else None
            return int(marker["num"]) if marker and marker["num"] else None

        before = count(paras[index - 1]) if index > 0 else None
        after = count(paras[index + 1]) if index + 1 < len(paras) else None
        if before == number - 1 or after == number + 1:
            return 0
    return len(parts) + 1


def _items(paras: list[Para]) -> list[Para]:
    """Section numbers make headings ("3. Mål", "3.2 Ansvar", see :func:`_section_level`);
    list markers written in the text ("1. ", "- ", "• ") make items."""
    levels = [_section_level(paras, i) for i in range(len(paras))]
    for p, level in zip(paras, levels, strict=True):
        if level:
            p.kind, p.level = "heading", level
            continue
        if p.kind != "para":
            continue
        marker = LIST_MARK.match(p.text)
        if marker:
            p.marker = next(k for k in ("num", "letter", "bullet") if marker[k])
        if marker and marker["letter"]:  # "a) …": an item that keeps its letter as text
            p.kind = "item"
        elif marker:
            p.kind, p.text = "item", marker["text"]
            p.ordered = marker["num"] is not None
            p.number = int(marker["num"]) if p.ordered else 0
    return paras


def _join(paras: list[Para], imported: Imported) -> list[Para]:
    """A paragraph broken by the extraction: the first part ends without a full stop, the
    next starts in lower case and is no list item or heading."""
    out: list[Para] = []
    for p in paras:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind in ("para", "item") and p.kind == "para"
                and not p.bold and not prev.text.endswith(SENTENCE_END) and _continues(p.text)):
            imported.joins.append(f"{prev.where} och {p.where}: »…{prev.text[-30:]}« + "
                                  f"»{p.text[:30]}…«")
            prev.text = f"{prev.text} {p.text}"
            continue
        out.append(p)
    return out


def _is_heading(p: Para, following: Para | None) -> bool:
    if DIARIE.search(p.text) or REGISTRATION.search(p.text):
        return False  # a fact about the document, whatever its style: "RS 2025/0190"
    if p.kind == "heading":
        return True
    if p.kind != "para" or following is None:
        return False
    words = p.text.split()
    if len(words) > HEADING_MAX_WORDS or p.text.endswith(SENTENCE_END + (",",)):
        return False
    if not re.match(r"^[A-ZÅÄÖÉ0-9]", p.text):
        return False
    if re.search(r"\s(?:att|ska|skall|bör|och|som|för|med|till|av|om)$", p.text):
        return False  # a lead-in to a list: "Kanslienheten har till uppgift att"
    if re.search(r"[a-zåäö]{2}[.!?]\s+[A-ZÅÄÖ]", p.text) and not p.bold:
        return False  # a sentence, then a list's lead-in: "… samordna programmet. Förvaltningen"
    if re.search(r"\b(?:ska|skall|bör|måste)(?:\s+\S+)?$", p.text, re.IGNORECASE) \
            and following.kind == "item" and not p.bold:
        return False  # "Under perioden ska kommunen" before a list is a lead-in
    if DATE.search(p.text):
        return False  # "Antagen 2021-02-15": a fact about the document
    return p.bold or len(words) <= HEADING_MAX_WORDS


#: Words of a document's title: its kind (:data:`POLICY_KINDS`) and their relatives.
TITLE_WORDS = re.compile(r"strategi|program|policy|plan\b|plan för|handlingsplan|riktlinje|"
                         r"styrdokument", re.IGNORECASE)


def _drop_letterhead(paras: list[Para], imported: Imported) -> list[Para]:
    """The letterhead of the first page (the municipality, the office, a date) before the
    title: short lines above the first short line that names the document's kind. The same
    lines are dropped from a text, a Word file and a one-page PDF, so the title and the
    sections under it come out the same from every format."""
    head = paras[:8]
    title = next((i for i, p in enumerate(head)
                  if p.kind in ("para", "heading") and TITLE_WORDS.search(p.text)
                  and len(p.text.split()) <= HEADING_MAX_WORDS
                  and not p.text.endswith(SENTENCE_END)), None)
    if not title:
        return paras
    before = paras[:title]
    if any(p.kind == "item" for p in before):
        return paras
    # The letterhead's short lines are dropped; a sentence before the title (a note above
    # the document, "Utkast", "Påhittat exempel: …") stays, word for word.
    kept = []
    for p in before:
        if len(p.text.split()) <= 8 and not p.text.endswith(SENTENCE_END[:3]):
            imported.letterhead.append(p.text)
            imported.dropped.append(f"{p.where}: {p.text} (brevhuvud)")
        else:
            kept.append(p)
    return kept + paras[title:]


def structure(paras: list[Para]) -> Imported:
    """Blocks from paragraphs: furniture dropped, broken paragraphs joined, headings found."""
    imported = Imported([])
    paras = _drop_furniture(paras, imported)
    paras = _join(_items(paras), imported)
    paras = _drop_letterhead(paras, imported)
    blocks: list[Block] = []
    guessed: list[Block] = []
    for index, p in enumerate(paras):
        following = paras[index + 1] if index + 1 < len(paras) else None
        if _is_heading(p, following):
            blocks.append(Block("heading", p.text, p.level, where=p.where))
            if not p.level:
                guessed.append(blocks[-1])
        else:
            # a styled heading that is no heading (a registration number) is a paragraph
            kind = "para" if p.kind == "heading" else p.kind
            blocks.append(Block(kind, p.text, ordered=p.ordered, number=p.number,
                                where=p.where, cells=list(p.cells), header=p.header,
                                marker=p.marker))
    # Levels: the first heading is the title (1). Explicit levels keep their order, the
    # highest of them becoming 2. A guessed heading directly followed by another guessed one
    # opens a part: the guessed headings after it are one level deeper.
    headings = [b for b in blocks if b.kind == "heading"]
    is_guessed = {id(b) for b in guessed}
    if headings:
        explicit = [b.level for b in headings[1:] if b.level]
        shift = min(explicit) - 2 if explicit else 0
        headings[0].level = 1
        depth, previous = 2, 1
        for index, block in enumerate(blocks):
            if block.kind != "heading" or block is headings[0]:
                continue
            if id(block) not in is_guessed:
                # never more than one level below the heading before ("4.2.1" after "3.")
                block.level = depth = min(max(2, block.level - shift), previous + 1)
                previous = block.level
                continue
            next_block = blocks[index + 1] if index + 1 < len(blocks) else None
            if next_block is not None and id(next_block) in is_guessed:
                block.level, depth = depth, depth + 1
            else:
                block.level = depth
            previous = block.level
    imported.headings_guessed = [f"{b.where}: {b.text} (nivå {b.level})" for b in guessed]
    imported.blocks = blocks
    return imported


# --- front matter ------------------------------------------------------------------------------

PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)\b")
DATE = re.compile(r"\b((?:19|20)\d\d-[01]\d-[0-3]\d)\b")
DECIDED = re.compile(
    r"\b(?P<body>Kommunfullmäktige|Kommunstyrelsen|[A-ZÅÄÖ][a-zåäö]+nämnden)\b[^.]{0,80}?"
    r"\b(?:anta|antar|antog|fastställer|fastställde|beslutade|beslutar om)\b[^.]{0,40}?"
    r"\b(?:strategi|program|policy|plan|riktlinje)", re.IGNORECASE)
DECIDED_BY = re.compile(r"\b(?:antagen|antaget|beslutad|beslutat|fastställd|fastställt)\s+av\s+"
                        r"(?P<body>[A-ZÅÄÖ]?[a-zåäö]+(?:fullmäktige|styrelsen|nämnden))",
                        re.IGNORECASE)
DIARIE = re.compile(r"\b(?:Dnr|Diarienummer|Dnr\.)\s*:?\s*(?P<nr>[A-ZÅÄÖ]{0,4}\s?[\d][\w./-]+)")
#: A registration number without "Dnr" before it: the register's letters, the year, a slash or a
#: colon and the number ("KS 2024/123", "RS/2025:0190"). "EU 2021-2027" is a period, not one.
REGISTRATION = re.compile(r"\b[A-ZÅÄÖ]{1,5}[ ./-]?(?:19|20)\d\d[/:]\d{1,6}\b")


NAME = r"[A-ZÅÄÖ][\wåäöé]+(?:[ -][A-ZÅÄÖ][\wåäöé]+)?"
#: "Ekby kommun(s)", "Bäckholms stad", "Region Norrhav": a municipality or region by name.
MUNICIPALITY = re.compile(rf"\b(?P<name>{NAME})\s+(?P<what>kommun|stad)s?\b"
                          rf"|\bRegion\s+(?P<region>{NAME})\b")


def municipality_of(lines: list[str]) -> str:
    """The municipality (or region) a document's title or letterhead names, or ""."""
    for line in lines:
        found = MUNICIPALITY.search(line)
        if found and found["region"]:
            return f"Region {found['region']}"
        if found:
            return f"{found['name']} {found['what']}"
    return ""


def municipality_from_id(kommun: str) -> str:
    """"lomma" -> "Lomma kommun", "upplands-vasby" -> "Upplands-Vasby kommun"."""
    return "-".join(part[:1].upper() + part[1:] for part in kommun.split("-")) + " kommun"


def front_matter(blocks: list[Block], kommun: str, letterhead: Sequence[str] = ()
                 ) -> dict[str, str]:
    """What the document states about itself; ``municipality`` from the command's id and
    ``kind`` "policy" where it says nothing (both marked as suggestions in the draft)."""
    title = next((b.text for b in blocks if b.kind == "heading"), "")
    text = " ".join([*letterhead, *(b.text for b in blocks)])
    kind = next((k for k in POLICY_KINDS if re.search(rf"{k}", title, re.IGNORECASE)), "")
    municipality = municipality_of([title, *letterhead,
                                    *(b.text for b in blocks[:4] if b.kind != "item")])
    period = PERIOD.search(title)
    valid = f"{period[1]}–{period[2]}" if period else ""
    decided = ""
    by = DECIDED_BY.search(text) or DECIDED.search(text)
    if by:
        decided = by["body"][0].upper() + by["body"][1:].lower()
    adopted = ""
    adopted_at = re.search(r"\b(?:antagen|antaget|beslutad|beslutat|fastställd)\b[^.]{0,60}?"
                           + DATE.pattern, text, re.IGNORECASE)
    if adopted_at:
        adopted = adopted_at[1]
    diarie = DIARIE.search(text)
    return {
        "policy": kommun,
        "municipality": municipality or municipality_from_id(kommun),
        "kind": kind or "policy",
        "valid": valid,
        "decided-by": decided,
        "adopted": adopted,
        "diarienummer": diarie["nr"].strip().rstrip(".,;") if diarie else "",
        "version": '"0.1"',
        "status": "förslag",
    }


def _template_front_matter(root: Path, values: dict[str, str]) -> str:
    """The template's front matter rows, in its order, with the draft's values."""
    template = (root / "mallar" / "styrdokument.md").read_text(encoding="utf-8")
    head = template.split("---", 2)[1]
    rows = []
    for row in head.strip().splitlines():
        key = row.split(":", 1)[0].strip()
        value = values.get(key, "")
        rows.append(f"{key}: {value}".rstrip())
    return "---\n" + "\n".join(rows) + "\n---\n"


def _template_closing(root: Path) -> str:
    """The template's last section (the responsibility matrix), which is not adopted text."""
    template = (root / "mallar" / "styrdokument.md").read_text(encoding="utf-8")
    index = template.rfind("\n## ")
    return template[index + 1:].rstrip() + "\n" if index >= 0 else ""


# --- writing -----------------------------------------------------------------------------------

_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_<"})


def escape(text: str, start: bool = True) -> str:
    """Adopted words as Markdown text: the characters Markdown would read as markup escaped
    (at the ``start`` of a line also a heading, quote, list or comment mark)."""
    out = text.translate(_ESCAPE)
    if start:
        out = re.sub(r"^(\d+)([.)])(?=\s)", r"\1\\\2", out)
        out = re.sub(r"^([#>+=%]|[-*](?=\s))", r"\\\1", out)
    return out


def _front_source(imported: Imported, front: dict[str, str]) -> str:
    """Where the draft's municipality and kind come from, in words."""
    title = next((b.text for b in imported.blocks if b.kind == "heading"), "")
    named = municipality_of([title, *imported.letterhead,
                             *(b.text for b in imported.blocks[:4] if b.kind != "item")])
    kind = any(re.search(k, title, re.IGNORECASE) for k in POLICY_KINDS)
    where_m = "kommunen från texten" if named else "kommunen från KOMMUN="
    where_k = "typen från rubriken" if kind else "typen gissad, rubriken säger ingen typ"
    return f"{where_m}, {where_k}"


@dataclass
class Draft:
    text: str
    front: dict[str, str]
    imported: Imported
    suggestions: suggest.Suggestions


@lru_cache(maxsize=8)
def _roles_of(root: str) -> tuple[tuple[str, str], ...]:
    try:
        return tuple(project.load(Path(root)).roles.items())
    except ValueError:  # a conf.py that cannot be run: the handbook's roles
        return tuple(DEFAULT_ROLES.items())


def project_roles(root: Path) -> dict[str, str]:
    """The roles of the project in ``root`` (``handbok_roles`` in its conf.py)."""
    return dict(_roles_of(str(root.resolve())))


def make_draft(paras: list[Para], kommun: str, root: Path,
               roles: dict[str, str] | None = None) -> Draft:
    """The draft of a document; its duties in ``roles`` (the project's ``handbok_roles``,
    read from ``root``'s conf.py when not given)."""
    if roles is None:
        roles = project_roles(root)
    imported = structure(paras)
    front = front_matter(imported.blocks, kommun, imported.letterhead)
    found = suggest.suggest(imported.blocks, kommun, roles)
    lines = [_template_front_matter(root, front)]
    lines.append(f"{MARK}: kommun »{front['municipality']}« och typ »{front['kind']}« "
                 f"({_front_source(imported, front)}). Rätta dem överst om de är fel.\n")
    lines.append("% Utkast från make import-policy. Rader som börjar med '% FÖRSLAG' är förslag "
                 "på uppmärkning.\n% Granska varje förslag, rätta det om det behövs och ta "
                 "sedan bort raden. Läs mer i CONTRIBUTING.md.\n"
                 f"% Rollerna är: {', '.join(roles)}.\n")
    if found.named_only:
        lines.append(f"% {NAMED_ONLY}: {', '.join(found.named_only)}. De är inte föreslagna som "
                     "aktörer.\n")
    for chunk in suggest.render(imported.blocks, found, escape, MARK):
        lines.append(chunk)
    lines.append(_template_closing(root))
    return Draft("\n".join(lines), front, imported, found)


# --- report ------------------------------------------------------------------------------------


def report(draft: Draft, out: Path) -> str:
    """What was found, what needs a decision, and the lines the importer was unsure of."""
    imp, found = draft.imported, draft.suggestions
    count = Counter(b.kind for b in imp.blocks)
    draft_lines = draft.text.splitlines()
    marks = [(n, line) for n, line in enumerate(draft_lines, 1) if line.startswith(MARK)]
    lines = [f"Utkastet är sparat i {out}.", "", "Det här hittades:",
             f"- Rubriker: {count['heading']}. Stycken: {count['para']}. Punkter i listor: "
             f"{count['item']}.",
             f"- Avbrutna stycken som har satts ihop: {len(imp.joins)}.",
             f"- Rader med sidhuvud, sidfot eller sidnummer som har tagits bort: "
             f"{len(imp.dropped)}.",
             f"- Förslag: {len(found.actors)} aktörer, {len(found.duties)} uppgifter, "
             f"{len(found.goals)} mål och {len(found.methods)} metoder."]
    given = [f"{POLICY_FIELDS[k].lower()} {v}" for k, v in draft.front.items()
             if v and k not in ("policy", "version", "status")]
    lines.append("- Uppgifter om dokumentet: " + (", ".join(given) if given else "inga") + ".")
    lines += ["", "Det här behöver du ta ställning till:"]
    lines += [f"- {note}" for note in imp.notes]
    if found.named_only:
        lines.append(f"- {NAMED_ONLY}: " + ", ".join(found.named_only) + ". De är inte "
                     "föreslagna som aktörer. Ska något av dem stå i avsnittet Vem ansvarar för "
                     "vad?, lägg till det som aktör och märk uppgiften (avsnitt 7 i "
                     "CONTRIBUTING.md).")
    lines.append(f"- Kommun ({draft.front['municipality']}) och typ ({draft.front['kind']}) "
                 "är förslag: " + _front_source(imp, draft.front) + ". Rätta dem överst i "
                 "filen om de är fel.")
    missing = [k for k, v in draft.front.items() if not v]
    if missing:
        lines.append("- Texten säger inget om " + ", ".join(
            f"{POLICY_FIELDS[k].lower()} ({k})" for k in missing) + ". Fyll i det som står i "
            "beslutet, eller lämna fältet tomt. Bygget går igenom ändå.")
    lines.append(f"- {len(marks)} förslag är markerade med '{MARK}'. Granska vart och ett och "
                 "ta bort raden. Bygget varnar för varje rad som är kvar.")
    for n, line in marks:
        lines.append(f"  rad {n}: {line[len(MARK):].lstrip(' :')}")
    lines.append("- Status är förslag. Ändra till gällande först när du har jämfört utkastet "
                 "med det antagna dokumentet.")
    unsure = ([f"sammanfogat, {j}" for j in imp.joins]
              + [f"rubrik gissad, {h}" for h in imp.headings_guessed]
              + [f"borttaget, {d}" for d in imp.dropped] + found.unsure
              + [f"{b.where}: samma ord två gånger, »{m[0]}«. Står det så i originalet? "
                 "Ändra inte den antagna texten." for b in imp.blocks
                 for m in re.finditer(r"\b(\w+)\s+\1\b", b.text, re.IGNORECASE)])
    lines += ["", "Rader som importen var osäker på:"]
    lines += [f"- {u}" for u in unsure] or ["- inga"]
    lines += ["", "Nästa steg (avsnitt 8 i CONTRIBUTING.md): granska varje förslag och ta bort "
              "raden som börjar med % FÖRSLAG (steg 2). Du behöver inte ändra någon annan fil "
              "(steg 3). Kör sedan make html (steg 4)."]
    return "\n".join(lines) + "\n"


# --- command -----------------------------------------------------------------------------------


def default_out(root: Path, kommun: str, front: dict[str, str]) -> Path:
    return root / "policy" / kommun / f"{front['kind'] or 'styrdokument'}.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="handbok importera",
        description="Gör ett utkast till en policysida från ett antaget dokument "
                    "(.docx, .pdf eller text).")
    parser.add_argument("fil", help="dokumentet, till exempel strategi.docx")
    parser.add_argument("kommun", help="kommunens id, till exempel huddinge")
    parser.add_argument("--ut", help="filen som utkastet sparas i (annars policy/<kommun>/...)")
    parser.add_argument("--rot", default=".", help="handbokens mapp")
    args = parser.parse_args(argv)
    root = Path(args.rot)
    source = Path(args.fil)
    if not args.fil or not source.is_file():
        print(f"Filen '{args.fil}' finns inte. Skriv sökvägen till dokumentet: "
              "make import-policy FIL=dokument.docx KOMMUN=kommunens-id", file=sys.stderr)
        return 2
    if not valid_id(args.kommun or ""):
        print(f"Kommunens id '{args.kommun}' går inte att använda. Skriv bara små bokstäver "
              "a–z, siffror och bindestreck, till exempel KOMMUN=huddinge.", file=sys.stderr)
        return 2
    if not (root / "mallar" / "styrdokument.md").is_file():
        print(f"Mallen mallar/styrdokument.md finns inte i {root.resolve()}. Kör kommandot i "
              "handbokens mapp.", file=sys.stderr)
        return 2
    if source.suffix.lower() not in (".docx", ".pdf", ".txt", ".md", ""):
        print(f"Filtypen '{source.suffix}' kan inte läsas. Spara dokumentet som .docx, .pdf "
              "eller .txt.", file=sys.stderr)
        return 2
    try:
        paras = read_document(source)
    except Exception as error:  # noqa: BLE001 - any reader's failure is one message to the editor
        print(f"Dokumentet {source} kan inte läsas ({type(error).__name__}: {error}). Är filen "
              "hel? Spara den på nytt som .docx eller .pdf och försök igen.", file=sys.stderr)
        return 2
    if not any(p.text.strip() for p in paras):
        print(f"Dokumentet {source} innehåller ingen text som kan läsas. En inskannad PDF är "
              "bara bilder: be om originalet som Word-fil eller som PDF med text.",
              file=sys.stderr)
        return 2
    draft = make_draft(paras, args.kommun, root)
    out = Path(args.ut) if args.ut else default_out(root, args.kommun, draft.front)
    if out.exists():
        print(f"Filen {out} finns redan. Välj en annan fil med UT=..., eller spara den gamla "
              "versionen först med make archive-policy.", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(draft.text, encoding="utf-8")
    print(report(draft, out), end="")
    for other in same_policy_id(root, args.kommun, exclude=out):
        print(f"\nObs! {other} har också policy: {args.kommun}. Två sidor får inte ha samma id. "
              "Spara den gamla versionen med make archive-policy, eller ändra policy: och id:n "
              "för mål och metoder i utkastet.")
    return 0


def same_policy_id(root: Path, policy: str, exclude: Path | None = None) -> list[Path]:
    """Policy pages under ``root/policy`` whose front matter has the id ``policy`` (other
    than ``exclude``, the draft just written)."""
    found = []
    for page in sorted((root / "policy").rglob("*.md")):
        if exclude is not None and page.resolve() == exclude.resolve():
            continue
        fm = frontmatter.read(page.read_text(encoding="utf-8"))
        if fm is not None and not fm.error and fm.text_value("policy") == policy:
            found.append(page)
    return found


if __name__ == "__main__":
    sys.exit(main())
