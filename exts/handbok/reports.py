"""Follow-up files for controllers: an Excel workbook and a Word report, written with the build.

Written at ``build-finished`` into ``export/uppfoljning/`` (names from ``util.report_file``),
for every builder that writes files, like the open data of :mod:`handbok.export`:

- Excel (XlsxWriter) per municipality and year, per year (all municipalities) and per
  municipality (all years): a sheet of activities with one row per activity and year (method
  and goal labels beside their ids, absolute links from ``html_baseurl``), a sheet per
  förvaltning and year and one per method and year, and a sheet about the file. Every sheet
  has Swedish headers, a frozen header row, column widths that fit and an Excel table, so the
  filters work.
- Every table of counts ends in a total row (an Excel table's own total row, so it follows
  the filters); rows of wrapped text get the height of their text, so nothing overlaps when
  printed; a sheet "Diagram" has native bar charts of the activities per förvaltning and per
  method, drawn from the count sheets.
- Where a policy's front matter says which nämnd each förvaltning belongs to
  (``boards: {Socialnämnden: [Socialförvaltningen]}``), the files also count per nämnd.
- Word (python-docx) per municipality and year, laid out like a section of a
  verksamhetsberättelse: a short summary, a table of counts per förvaltning (and per nämnd),
  the same bar charts as pictures (matplotlib, drawn at build time), a table per
  förvaltning with each activity and its effect, counts per method. The summary names only
  the municipality's own methods, from the same counts as the method table. A municipality's own
  template (``<handbok_report_templates>/uppfoljning-<kommun>.docx``, else
  ``uppfoljning.docx``) gives the styles, page and headers; its body text is replaced.

Only carried-out activities are in the files; illustrative examples never are. Text from the
casebook that would start a formula (``=``, ``+``, ``-``, ``@``) gets a leading apostrophe.

A file is written again only when what it is made from has changed (its fingerprint, kept
in the doctree folder): an edit of one 2024 case rewrites the 2024 files and the
municipality's all-years workbook, and a build with no change writes none.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections import Counter
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import Sphinx

from .boards import board_year_counts, has_boards, unit_boards
from .domain import query
from .model import Query
from .records import ActivityRow, CaseRecord
from .state import keep_for_next_build, read_kept
from .util import (
    absolute_url,
    formula_safe,
    logger,
    period_label,
    report_file,
    slug,
    sv_key,
)

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table as DocxTable
    from xlsxwriter.chart import Chart
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

#: Columns of the activities sheet: (header, row field, width limit).
ACTIVITY_COLUMNS = (
    ("År", "year", 6), ("Kommun", "municipality", 16), ("Förvaltning", "unit", 22),
    ("Id", "id", 18), ("Aktivitet", "title", 28), ("Typ", "type_label", 13),
    ("Period", "period_label", 14), ("Partner", "partner", 20), ("Land", "country", 12),
    ("Finansiering", "funding", 16), ("Metod-id", "methods", 16),
    ("Metoder", "method_labels", 24), ("Mål-id", "goals", 16), ("Mål", "goal_labels", 24),
    ("Effekt", "effect", 40), ("Adress", "url", 60),
)
SHEETS = ("Aktiviteter", "Per förvaltning och år", "Per metod och år", "Om filen")
#: The sheet of counts per nämnd (only where the policies say which nämnd a förvaltning
#: belongs to) and the sheet of charts.
BOARD_SHEET, CHART_SHEET = "Per nämnd och år", "Diagram"
TOTAL = "Totalt"


#: A cell of a workbook or a Word table: a number, or text.
Cell = str | int


class ReportRow(ActivityRow):
    """An activity row of a follow-up file: the follow-up's row (:class:`ActivityRow`, its
    ``unit`` without the municipality) with the labels and the address the files show."""

    type_label: str
    period_label: str
    url: str


def _cell(value: object) -> Cell:
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        value = "; ".join(value)
    return formula_safe(str(value or ""))


class Scope:
    """Which activities a file holds: a municipality (or all) and a year (or all)."""

    def __init__(self, app: Sphinx, idx: Query, municipality: str, year: int | None,
                 boards: dict[tuple[str, str], str] | None = None) -> None:
        self.municipality, self.year = municipality, year
        self.boards = boards or {}
        self.cases = idx.activities(year=year, municipality=municipality)
        self.years = [year] if year else idx.years()
        types = app.config.handbok_case_types
        self.rows: list[ReportRow] = [{
            **row,
            "type_label": types.get(row["type"], row["type"]),
            "period_label": period_label(row["period"]),
            "url": absolute_url(app, row["docname"]),
            "unit": row["unit_label"].removesuffix(f", {row['municipality']}")
            if row["municipality"] else row["unit_label"],
        } for row in idx.activity_rows(self.cases, year)]

    @property
    def has_boards(self) -> bool:
        """Whether a policy of the scope's municipality (or any, for all) names nämnder."""
        return has_boards(self.boards, self.municipality)

    @property
    def name(self) -> str:
        where = self.municipality or "alla kommuner"
        when = str(self.year) if self.year else "alla år"
        return f"{where}, {when}"


# --- counts shared by the Excel and Word files ---------------------------------------------------


def own_method_counts(idx: Query, cases: list[CaseRecord], municipality: str
                      ) -> list[tuple[str, str, str, int]]:
    """(municipality, method id, label, number of activities) per method of the policies of
    ``municipality`` (every municipality's when empty), in the policies' order. An activity
    that also names another municipality's method is counted only under the scope's methods."""
    rows = []
    for rec in idx.targets_in_order("method"):
        owner = idx.municipality(rec["policy"])
        if municipality and owner != municipality:
            continue
        rows.append((owner, rec["id"], rec["label"],
                     sum(1 for c in cases if rec["id"] in c["methods"])))
    return rows


def most_used(rows: list[tuple[str, str, str, int]], limit: int = 2) -> list[tuple[str, int]]:
    """The methods with the most activities (ties in the policies' order), never one without."""
    ranked = sorted((r for r in rows if r[3]), key=lambda r: -r[3])  # stable: policy order
    return [(label, n) for _m, _id, label, n in ranked[:limit]]


def board_counts(scope: Scope) -> list[tuple[str, str, list[int]]]:
    """(municipality, nämnd, activities per year of the scope) for the scope's rows: the
    roll-up of :func:`handbok.boards.board_year_counts`, as on the follow-up pages."""
    return board_year_counts(scope.boards, scope.rows, scope.years)


# --- Excel --------------------------------------------------------------------------------------


def _width(header: str, values: list[Cell], limit: int) -> int:
    longest = max([len(header) + 3, *(len(str(v)) for v in values)])
    return max(6, min(limit, longest + 1))


def _lines(text: Cell, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (roughly: a
    little narrower than the column, so a printed row is never too low)."""
    usable = max(1, width - 2)
    return sum(max(1, math.ceil(len(part) / usable)) for part in str(text).split("\n"))


def _sheet(book: Workbook, title: str, headers: list[str], rows: list[list[Cell]],
           limits: list[int], wrap: set[int], formats: dict[str, Format], pages_wide: int = 1,
           total: str = "") -> Worksheet:
    """A sheet with an Excel table. ``total``: "sum" adds a total row that sums the number
    columns, "count" one that counts the rows (an Excel table's own total row: it follows the
    filters)."""
    sheet = book.add_worksheet(title)
    # Printed (or saved as PDF): A4 landscape, the header row on every page, page numbers.
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(pages_wide, 0)
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    sheet.set_header(f"&L&8{title}")
    sheet.set_footer("&R&8Sida &P av &N")
    widths = []
    for col, header in enumerate(headers):
        values = [r[col] for r in rows]
        width = _width(header, values, limits[col])
        widths.append(width)
        sheet.set_column(col, col, width, formats["wrap"] if col in wrap else formats["top"])
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, c, value, formats["top"])
            elif str(value).startswith(("http://", "https://")):
                sheet.write_url(r, c, value, formats["link"], string=value)
            else:
                sheet.write_string(r, c, value, formats["wrap"] if c in wrap else formats["top"])
        # Wrapped text: the row gets the height of its text (Excel and LibreOffice keep a
        # stored height, so a printed row never runs into the next one).
        lines = max([_lines(row[c], widths[c]) for c in wrap if isinstance(row[c], str)] or [1])
        if lines > 1:
            sheet.set_row(r, 15 * lines)
    # An Excel table gives the header row its filters; an empty one keeps one blank row.
    last = max(len(rows), 1)
    columns: list[dict[str, object]] = [
        {"header": h, "header_format": formats["head_number" if h.isdigit() else "head"]}
        for h in headers]
    if total and rows:
        last += 1
        columns[0]["total_string"] = TOTAL
        for col, column in enumerate(columns[1:], start=1):
            numbers = [value for value in (r[col] for r in rows) if isinstance(value, int)]
            if total == "sum" and len(numbers) == len(rows):
                column["total_function"] = "sum"
                column["total_value"] = sum(numbers)
            elif total == "count" and col == 3:  # Id: one per row
                column["total_function"] = "count"
                column["total_value"] = len(rows)
    sheet.add_table(0, 0, last, len(headers) - 1, {
        "name": "Tabell_" + slug(title).replace("-", "_"),
        "columns": columns,
        "style": "Table Style Light 9",
        "autofilter": True,
        "total_row": bool(total and rows),
    })
    sheet.freeze_panes(1, 0)
    return sheet


def _bar_chart(book: Workbook, sheet_title: str, n_rows: int, label_cols: tuple[int, int],
               years: list[int], first_year_col: int, title: str, max_value: int) -> Chart:
    """A native bar chart of a count sheet: one bar per row (the labels are the row's label
    columns), one series per year."""
    chart = book.add_chart({"type": "bar"})
    for n in range(len(years)):
        col = first_year_col + n
        chart.add_series({
            "name": [sheet_title, 0, col],
            "categories": [sheet_title, 1, label_cols[0], n_rows, label_cols[1]],
            "values": [sheet_title, 1, col, n_rows, col],
            "data_labels": {"value": True} if len(years) == 1 else {},
            "gap": 60,
        })
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_x_axis({"name": "Antal aktiviteter", "major_gridlines": {"visible": True},
                      "min": 0, "major_unit": 1 if max_value <= 10 else None,
                      "num_format": "0"})
    # The first row at the top, as in the table.
    chart.set_y_axis({"reverse": True, "num_font": {"size": 9}})
    chart.set_legend({"position": "bottom"} if len(years) > 1 else {"none": True})
    chart.set_size({"width": 760, "height": max(220, 90 + 26 * n_rows * max(1, len(years)))})
    return chart


def write_workbook(path: Path, idx: Query, scope: Scope) -> None:
    import xlsxwriter  # here, not at start-up: most builds write no file (issue 30)

    # in_memory: the parts are zipped from memory, not from temporary files (a third of the
    # time; the same sheets, only the parts' zip dates are 1 January 1980 instead of the 31st).
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_urls": False, "in_memory": True})
    book.set_properties({"title": f"Internationella aktiviteter, {scope.name}",
                         "language": "sv-SE"})
    formats = {"wrap": book.add_format({"text_wrap": True, "valign": "top"}),
               "top": book.add_format({"valign": "top"}),
               "link": book.add_format({"valign": "top", "font_color": "#0563C1",
                                        "underline": 1}),
               # Bold with a rule below, so the header shows in programs that do not draw
               # Excel's table styles.
               "head": book.add_format({"bold": True, "bottom": 1, "bg_color": "#DDEBF7"}),
               "head_number": book.add_format({"bold": True, "bottom": 1, "align": "right",
                                               "bg_color": "#DDEBF7"})}
    headers = [h for h, _f, _w in ACTIVITY_COLUMNS]
    # A row's fields by the columns' names (a ReportRow is a mapping of its fields).
    fields: list[Mapping[str, object]] = list(scope.rows)
    rows = [[_cell(row[field]) for _h, field, _w in ACTIVITY_COLUMNS] for row in fields]
    # Every text column wraps (narrow enough to print two pages wide), but the addresses.
    wrap = {n for n, (_h, f, _w) in enumerate(ACTIVITY_COLUMNS) if f not in ("year", "url")}
    _sheet(book, SHEETS[0], headers, rows, [w for _h, _f, w in ACTIVITY_COLUMNS], wrap, formats,
           pages_wide=2, total="count")

    counts = Counter((r["municipality"], r["unit"], r["year"]) for r in scope.rows)
    units = sorted({(r["municipality"], r["unit"]) for r in scope.rows},
                   key=lambda k: (sv_key(k[0]), sv_key(k[1])))
    rows = [[_cell(m), _cell(u), *(counts[(m, u, y)] for y in scope.years)] for m, u in units]
    _sheet(book, SHEETS[1], ["Kommun", "Förvaltning", *map(str, scope.years)], rows,
           [30, 40, *[8] * len(scope.years)], set(), formats, total="sum")
    n_units = len(rows)
    top_unit = max([v for r in rows for v in r[2:] if isinstance(v, int)] or [0])
    n_boards = top_board = 0
    if scope.has_boards:
        rows = [[_cell(m), _cell(b), *counts] for m, b, counts in board_counts(scope)]
        _sheet(book, BOARD_SHEET, ["Kommun", "Nämnd", *map(str, scope.years)], rows,
               [30, 40, *[8] * len(scope.years)], set(), formats, total="sum")
        n_boards = len(rows)
        top_board = max([v for r in rows for v in r[2:] if isinstance(v, int)] or [0])

    per_year = {y: [c for c in scope.cases if y in c["years"]] for y in scope.years}
    methods = [own_method_counts(idx, per_year[y], scope.municipality) for y in scope.years]
    rows = [[_cell(owner), _cell(ident), _cell(label), *(m[n][3] for m in methods)]
            for n, (owner, ident, label, _c) in enumerate(
                own_method_counts(idx, [], scope.municipality))]
    _sheet(book, SHEETS[2], ["Kommun", "Metod-id", "Metod", *map(str, scope.years)], rows,
           [30, 30, 60, *[8] * len(scope.years)], set(), formats)
    n_methods = len(rows)
    top_method = max([v for r in rows for v in r[3:] if isinstance(v, int)] or [0])

    # The charts, on a sheet of their own, one below the other (one A4 page wide).
    charts = book.add_worksheet(CHART_SHEET)
    charts.set_paper(9)
    charts.fit_to_pages(1, 0)
    charts.hide_gridlines(2)
    charts.write_string(0, 0, f"Genomförda internationella aktiviteter, {scope.name}",
                        book.add_format({"bold": True, "font_size": 13}))
    row = 2
    if not scope.rows:
        charts.write_string(row, 0, "Inga genomförda aktiviteter: inget att visa i diagram.")
    else:
        label_cols = (0, 1) if not scope.municipality else (1, 1)
        parts = [(SHEETS[1], n_units, label_cols, 2, "Aktiviteter per förvaltning", top_unit)]
        if n_boards:
            parts.append((BOARD_SHEET, n_boards, label_cols, 2, "Aktiviteter per nämnd",
                          top_board))
        parts.append((SHEETS[2], n_methods, (0, 2) if not scope.municipality else (2, 2), 3,
                      "Aktiviteter per metod", top_method))
        for sheet_title, n_rows, cols, first, title, top in parts:
            chart = _bar_chart(book, sheet_title, n_rows, cols, scope.years, first, title, top)
            charts.insert_chart(row, 0, chart)
            height = max(220, 90 + 26 * n_rows * max(1, len(scope.years)))
            row += math.ceil(height / 20) + 2

    about: list[list[Cell]] = [
        ["Innehåll", f"Genomförda internationella aktiviteter, {scope.name}."],
        ["Antal genomförda aktiviteter", len(scope.cases)],
        ["Illustrativa exempel", "Räknas inte och finns inte med i filen."],
        ["Rader", "Bladet Aktiviteter har en rad per aktivitet och år. En aktivitet som pågår "
                  "under flera år har en rad för varje år."],
        ["Summor", "Tabellernas summarad räknar bara de rader som syns när du filtrerar. "
                   "Bladet Per metod och år har ingen summarad: en aktivitet kan ha flera "
                   "metoder."],
        ["Diagram", "Bladet Diagram visar antalet aktiviteter per förvaltning och per metod. "
                    "Diagrammen hämtar siffrorna från bladen med antal."],
        ["Källa", "Handbok för internationellt arbete. Filen skapas när handboken byggs."],
    ]
    _sheet(book, SHEETS[3], ["Uppgift", "Värde"], about, [30, 90], {1}, formats)
    book.close()


# --- Word ---------------------------------------------------------------------------------------


def _template(app: Sphinx, municipality: str) -> Path | None:
    folder = app.config.handbok_report_templates
    if not folder:
        return None
    base = Path(app.srcdir, folder)
    for name in (f"uppfoljning-{slug(municipality)}.docx", "uppfoljning.docx"):
        if (base / name).is_file():
            return base / name
    return None


#: The empty document each Word report starts from, per template file (its path, size and
#: time of change; None: python-docx's own), made once per process and copied for every
#: report: reading and parsing the template again was two fifths of writing a report. It
#: holds only what is read from the template, never a build's data.
_EMPTY_DOCUMENTS: dict[tuple[str, int, int] | None, DocxDocument] = {}


def _new_document(template: Path | None) -> DocxDocument:
    import copy

    key = None
    if template:
        stat = template.stat()
        key = (str(template), stat.st_size, stat.st_mtime_ns)
    empty = _EMPTY_DOCUMENTS.get(key)
    if empty is None:
        if len(_EMPTY_DOCUMENTS) >= 8:  # templates edited while sphinx-autobuild runs
            _EMPTY_DOCUMENTS.clear()
        empty = _EMPTY_DOCUMENTS[key] = _empty_document(template)
    return copy.deepcopy(empty)


def _empty_document(template: Path | None) -> DocxDocument:
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document(str(template)) if template else Document()
    if template:
        body = doc.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
    else:
        doc.styles["Normal"].font.name = "Calibri"
        doc.styles["Normal"].font.size = Pt(11)
        section = doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
        section.left_margin = section.right_margin = Cm(2.5)
    doc.core_properties.language = "sv-SE"
    return doc


def _table(doc: DocxDocument, headers: list[str], rows: list[list[Cell]],
           widths_cm: list[float]) -> DocxTable:
    """A table with a bold, shaded header row that repeats on every page, fixed column
    widths (Word and LibreOffice both read them from the grid) and numbers to the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table: DocxTable = doc.add_table(rows=1, cols=len(headers))
    try:
        table.style = doc.styles["Table Grid"]
    except KeyError:
        pass
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    head = table.rows[0]
    head_props = head._tr.get_or_add_trPr()
    head_props.append(OxmlElement("w:tblHeader"))
    for cell, header in zip(head.cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "DDEBF7")
        cell._tc.get_or_add_tcPr().append(shading)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = str(_cell(value))
            if isinstance(value, int):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    if rows and rows[-1][0] == TOTAL:
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    doc.add_paragraph()  # room before the next heading or text
    return table


def _heading(doc: DocxDocument, text: str, level: int) -> None:
    try:
        doc.add_heading(text, level)
    except KeyError:  # a template without heading styles
        doc.add_paragraph().add_run(text).bold = True


def chart_png(title: str, labels: list[str], values: list[int]) -> bytes:
    """A horizontal bar chart as PNG (matplotlib, drawn here: no network), the first label at
    the top, the count at the end of each bar; text at least 9 pt at the printed size."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    wrapped = [_wrap(label, 38) for label in labels]
    lines = sum(w.count("\n") + 1 for w in wrapped)
    width_in = 16 / 2.54  # the width it is placed at in the report
    fig, ax = plt.subplots(figsize=(width_in, 0.9 + 0.28 * max(lines, 2) + 0.12 * len(labels)),
                           dpi=200)
    try:
        positions = list(range(len(labels)))
        bars = ax.barh(positions, values, color="#2F5597", height=0.6)
        ax.set_yticks(positions, wrapped, fontsize=9)
        ax.invert_yaxis()
        ax.bar_label(bars, labels=[str(v) for v in values], padding=3, fontsize=9)
        ax.set_xlabel("Antal aktiviteter", fontsize=9)
        ax.set_title(title, fontsize=11, loc="left")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max([*values, 1]) * 1.15)
        ax.tick_params(axis="x", labelsize=9)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", metadata={"Software": None}, facecolor="white")
        return out.getvalue()
    finally:
        plt.close(fig)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def _picture(doc: DocxDocument, png: bytes, alt: str) -> None:
    """The chart at the text's width, with its content as alternative text."""
    from docx.shared import Cm

    doc.add_picture(io.BytesIO(png), width=Cm(16))
    pictures = doc.inline_shapes
    if len(pictures):
        prop = pictures[-1]._inline.docPr
        prop.set("descr", alt)
        prop.set("title", alt.split(":", 1)[0])
    doc.add_paragraph()


def _alt(title: str, labels: list[str], values: list[int]) -> str:
    return f"{title}: " + "; ".join(f"{label} {value}" for label, value in
                                    zip(labels, values, strict=True)) + "."


def write_report(path: Path, app: Sphinx, idx: Query, scope: Scope) -> None:
    year, municipality = scope.year, scope.municipality
    doc = _new_document(_template(app, municipality))
    doc.core_properties.title = f"Internationellt arbete {year}, {municipality}"
    _heading(doc, f"Internationellt arbete {year}", 1)
    cases = scope.cases
    units = Counter(idx.unit_label(c) for c in cases)
    methods = own_method_counts(idx, cases, municipality)
    if cases:
        top = most_used(methods)
        summary = (f"Under {year} genomförde {len(units)} "
                   f"{'förvaltning' if len(units) == 1 else 'förvaltningar'} i {municipality} "
                   f"{len(cases)} internationella "
                   f"{'aktivitet' if len(cases) == 1 else 'aktiviteter'}.")
        if len(top) == 1:
            summary += f" Flest aktiviteter hade metoden {top[0][0]} ({top[0][1]})."
        elif top:
            summary += (" Flest aktiviteter hade metoderna "
                        + " och ".join(f"{label} ({n})" for label, n in top) + ".")
        summary += (" En aktivitet som pågår under flera år räknas till varje år. Nedan står "
                    "vad varje förvaltning har gjort och vilken effekt det har haft.")
    else:
        summary = (f"Inga genomförda internationella aktiviteter har rapporterats för {year} "
                   f"i {municipality}.")
    doc.add_paragraph(summary)
    if cases:
        _heading(doc, "Antal aktiviteter per förvaltning", 2)
        names = sorted(units, key=sv_key)
        short = [u.removesuffix(f", {municipality}") for u in names]
        rows: list[list[Cell]] = [[u, units[u]] for u in names]
        rows.append([TOTAL, len(cases)])
        _table(doc, ["Förvaltning", "Antal aktiviteter"], rows, [12, 4])
        title = f"Aktiviteter per förvaltning {year}"
        values = [units[u] for u in names]
        _picture(doc, chart_png(title, short, values), _alt(title, short, values))
        if scope.has_boards:
            _heading(doc, "Antal aktiviteter per nämnd", 2)
            rows = [[b, sum(counts)] for _m, b, counts in board_counts(scope)]  # one year
            rows.append([TOTAL, len(cases)])
            _table(doc, ["Nämnd", "Antal aktiviteter"], rows, [12, 4])
        types = app.config.handbok_case_types
        for unit in names:
            _heading(doc, unit, 2)
            rows = [[c["title"], types.get(c["type"], c["type"]), period_label(c["period"]),
                     c["effect"] or "Effekten är inte beskriven."]
                    for c in cases if idx.unit_label(c) == unit]
            _table(doc, ["Aktivitet", "Typ", "Period", "Effekt"], rows, [4.3, 2.9, 2.6, 6.2])
        _heading(doc, "Antal aktiviteter per metod", 2)
        _table(doc, ["Metod", "Antal aktiviteter"], [[label, n] for _m, _i, label, n in methods],
               [12, 4])
        if methods:
            title = f"Aktiviteter per metod {year}"
            labels, values = [r[2] for r in methods], [r[3] for r in methods]
            _picture(doc, chart_png(title, labels, values), _alt(title, labels, values))
            doc.add_paragraph("En aktivitet kan ha flera metoder. Därför kan summan av "
                              "metoderna vara större än antalet aktiviteter.")
    source = ("Källa: Handbok för internationellt arbete. Bara genomförda aktiviteter är med; "
              "handbokens illustrativa exempel räknas inte.")
    doc.add_paragraph(source)
    doc.save(str(path))


# --- writing ------------------------------------------------------------------------------------


def report_scopes(idx: Query) -> list[tuple[str, int | None, tuple[str, ...]]]:
    """(municipality, year, file types) of every follow-up file the build writes."""
    years, municipalities = idx.years(), idx.municipalities()
    scopes: list[tuple[str, int | None, tuple[str, ...]]] = []
    for year in years:
        scopes.append(("", year, ("xlsx",)))
        scopes += [(m, year, ("xlsx", "docx")) for m in municipalities]
    scopes += [(m, None, ("xlsx",)) for m in municipalities]
    return scopes


#: What every file is made from besides its data: this code and the two writers' versions.
_MAKERS = hashlib.sha256(b"".join(
    Path(__file__).with_name(name).read_bytes()
    for name in ("reports.py", "model.py", "util.py", "boards.py")
) + version("XlsxWriter").encode() + version("python-docx").encode()
    + version("matplotlib").encode()).hexdigest()
#: The fingerprints of the files written, in the doctree folder (not published).
_FINGERPRINTS = "handbok-reports.json"


def _common(app: Sphinx, idx: Query, boards: dict[tuple[str, str], str] | None = None) -> str:
    """What every file of a build is made from: the code, every method's and goal's label,
    the policies and the case types (hashed once per build, not once per file)."""
    text = json.dumps([_MAKERS, idx.targets, idx.policies, app.config.handbok_case_types,
                       sorted((*k, v) for k, v in (boards or {}).items())],
                      sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _fingerprint(app: Sphinx, idx: Query, scope: Scope, kind: str, common: str) -> str:
    """Everything a file is made from: ``common``, its scope's activities and rows and the
    Word template."""
    template = _template(app, scope.municipality) if kind == "docx" else None
    data = {
        "common": common, "kind": kind, "scope": [scope.municipality, scope.year],
        "years": scope.years, "cases": scope.cases, "rows": scope.rows,
        "units": [idx.unit_label(c) for c in scope.cases],
        "template": hashlib.sha256(template.read_bytes()).hexdigest() if template else None,
    }
    text = json.dumps(data, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def write_reports(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not app.builder.format:
        return
    idx = query(app.env)
    out = Path(app.outdir)
    known = read_kept(app.doctreedir, _FINGERPRINTS)
    known = known if isinstance(known, dict) else {}
    boards = unit_boards(app.env, idx)
    common = _common(app, idx, boards)
    kept: dict[str, list[str | int]] = {}
    written = unchanged = 0
    for municipality, year, kinds in report_scopes(idx):
        scope = Scope(app, idx, municipality, year, boards)
        for kind in kinds:
            name = report_file(municipality, year, kind)
            path = out / name
            fingerprint = _fingerprint(app, idx, scope, kind, common)
            # The same data, and the file is the one written then (not replaced or removed).
            if path.is_file() and known.get(name) == [fingerprint, *_stamp(path)]:
                kept[name] = known[name]
                unchanged += 1
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "xlsx":
                write_workbook(path, idx, scope)
            else:
                write_report(path, app, idx, scope)
            kept[name] = [fingerprint, *_stamp(path)]
            written += 1
    keep_for_next_build(app.doctreedir, _FINGERPRINTS, kept)
    if written or unchanged:
        logger.info(f"handbok: {written} uppföljningsfiler (Excel och Word) skrivna, "
                    f"{unchanged} oförändrade")


def setup_reports(app: Sphinx) -> None:
    app.connect("build-finished", write_reports)
