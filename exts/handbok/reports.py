"""Follow-up files for controllers: an Excel workbook and a Word report, written with the build.

Written at ``build-finished`` into ``export/uppfoljning/`` (names from ``util.report_file``),
for every builder that writes files, like the open data of :mod:`handbok.export`:

- Excel (XlsxWriter) per municipality and year, per year (all municipalities) and per
  municipality (all years): a sheet of activities with one row per activity and year (method
  and goal labels beside their ids, absolute links from ``html_baseurl``), a sheet per
  förvaltning and year and one per method and year, and a sheet about the file. Every sheet
  has Swedish headers, a frozen header row, column widths that fit and an Excel table, so the
  filters work.
- Word (python-docx) per municipality and year, laid out like a section of a
  verksamhetsberättelse: a short summary, a table of counts per förvaltning, a table per
  förvaltning with each activity and its effect, counts per method. A municipality's own
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
import json
from collections import Counter
from importlib.metadata import version
from pathlib import Path

from sphinx.application import Sphinx

from .domain import query
from .model import Query
from .util import absolute_url, formula_safe, logger, period_label, report_file, slug, sv_key

#: Columns of the activities sheet: (header, row field, width limit).
ACTIVITY_COLUMNS = (
    ("År", "year", 6), ("Kommun", "municipality", 30), ("Förvaltning", "unit", 40),
    ("Id", "id", 40), ("Aktivitet", "title", 50), ("Typ", "type_label", 16),
    ("Period", "period_label", 24), ("Partner", "partner", 40), ("Land", "country", 24),
    ("Finansiering", "funding", 30), ("Metod-id", "methods", 30),
    ("Metoder", "method_labels", 50), ("Mål-id", "goals", 30), ("Mål", "goal_labels", 50),
    ("Effekt", "effect", 70), ("Adress", "url", 60),
)
SHEETS = ("Aktiviteter", "Per förvaltning och år", "Per metod och år", "Om filen")


def _cell(value) -> str | int:
    if isinstance(value, int):
        return value
    if isinstance(value, list):
        value = "; ".join(value)
    return formula_safe(str(value or ""))


class Scope:
    """Which activities a file holds: a municipality (or all) and a year (or all)."""

    def __init__(self, app: Sphinx, idx: Query, municipality: str, year: int | None) -> None:
        self.municipality, self.year = municipality, year
        self.cases = idx.activities(year=year, municipality=municipality)
        self.years = [year] if year else idx.years()
        types = app.config.handbok_case_types
        self.rows = idx.activity_rows(self.cases, year)
        for row in self.rows:
            row["type_label"] = types.get(row["type"], row["type"])
            row["period_label"] = period_label(row["period"])
            row["url"] = absolute_url(app, row["docname"])
            row["unit"] = row["unit_label"].removesuffix(f", {row['municipality']}") \
                if row["municipality"] else row["unit_label"]

    @property
    def name(self) -> str:
        where = self.municipality or "alla kommuner"
        when = str(self.year) if self.year else "alla år"
        return f"{where}, {when}"


# --- Excel --------------------------------------------------------------------------------------


def _width(header: str, values: list, limit: int) -> int:
    longest = max([len(header) + 3, *(len(str(v)) for v in values)])
    return max(6, min(limit, longest + 1))


def _sheet(book, title: str, headers: list[str], rows: list[list], limits: list[int],
           wrap: set[int], formats: dict, pages_wide: int = 1) -> None:
    sheet = book.add_worksheet(title)
    # Printed (or saved as PDF): A4 landscape, the header row on every page.
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(pages_wide, 0)
    sheet.repeat_rows(0)
    for col, header in enumerate(headers):
        values = [r[col] for r in rows]
        width = _width(header, values, limits[col])
        sheet.set_column(col, col, width, formats["wrap"] if col in wrap else None)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int):
                sheet.write_number(r, c, value)
            elif str(value).startswith(("http://", "https://")):
                sheet.write_url(r, c, value, string=value)
            else:
                sheet.write_string(r, c, value, formats["wrap"] if c in wrap else None)
    # An Excel table gives the header row its filters; an empty one keeps one blank row.
    last = max(len(rows), 1)
    sheet.add_table(0, 0, last, len(headers) - 1, {
        "name": "Tabell_" + slug(title).replace("-", "_"),
        "columns": [{"header": h, "header_format": formats["head_number" if h.isdigit()
                                                          else "head"]} for h in headers],
        "style": "Table Style Light 9",
        "autofilter": True,
    })
    sheet.freeze_panes(1, 0)


def write_workbook(path: Path, idx: Query, scope: Scope) -> None:
    import xlsxwriter  # here, not at start-up: most builds write no file (issue 30)

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_urls": False})
    book.set_properties({"title": f"Internationella aktiviteter, {scope.name}",
                         "language": "sv-SE"})
    formats = {"wrap": book.add_format({"text_wrap": True, "valign": "top"}),
               # Bold with a rule below, so the header shows in programs that do not draw
               # Excel's table styles.
               "head": book.add_format({"bold": True, "bottom": 1, "bg_color": "#DDEBF7"}),
               "head_number": book.add_format({"bold": True, "bottom": 1, "align": "right",
                                               "bg_color": "#DDEBF7"})}
    headers = [h for h, _f, _w in ACTIVITY_COLUMNS]
    rows = [[_cell(row[field]) for _h, field, _w in ACTIVITY_COLUMNS] for row in scope.rows]
    wrap = {n for n, (_h, f, _w) in enumerate(ACTIVITY_COLUMNS) if f in ("effect", "title")}
    _sheet(book, SHEETS[0], headers, rows, [w for _h, _f, w in ACTIVITY_COLUMNS], wrap, formats,
           pages_wide=2)

    counts = Counter((r["municipality"], r["unit"], r["year"]) for r in scope.rows)
    units = sorted({(r["municipality"], r["unit"]) for r in scope.rows},
                   key=lambda k: (sv_key(k[0]), sv_key(k[1])))
    rows = [[_cell(m), _cell(u), *(counts[(m, u, y)] for y in scope.years)] for m, u in units]
    _sheet(book, SHEETS[1], ["Kommun", "Förvaltning", *map(str, scope.years)], rows,
           [30, 40, *[8] * len(scope.years)], set(), formats)

    rows = []
    for rec in idx.targets_in_order("method"):
        municipality = idx.municipality(rec["policy"])
        if scope.municipality and municipality != scope.municipality:
            continue
        per_year = Counter(r["year"] for r in scope.rows if rec["id"] in r["methods"])
        rows.append([_cell(municipality), _cell(rec["id"]), _cell(rec["label"]),
                     *(per_year[y] for y in scope.years)])
    _sheet(book, SHEETS[2], ["Kommun", "Metod-id", "Metod", *map(str, scope.years)], rows,
           [30, 30, 60, *[8] * len(scope.years)], set(), formats)

    about = [
        ["Innehåll", f"Genomförda internationella aktiviteter, {scope.name}."],
        ["Antal genomförda aktiviteter", len(scope.cases)],
        ["Illustrativa exempel", "Räknas inte och finns inte med i filen."],
        ["Rader", "Bladet Aktiviteter har en rad per aktivitet och år. En aktivitet som pågår "
                  "under flera år har en rad för varje år."],
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


def _new_document(template: Path | None):
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


def _table(doc, headers: list[str], rows: list[list], widths_cm: list[float]):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    """A table with a bold, shaded header row that repeats on every page, fixed column
    widths (Word and LibreOffice both read them from the grid) and numbers to the right."""
    table = doc.add_table(rows=1, cols=len(headers))
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
    if rows and rows[-1][0] == "Totalt":
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    doc.add_paragraph()  # room before the next heading or text
    return table


def _heading(doc, text: str, level: int) -> None:
    try:
        doc.add_heading(text, level)
    except KeyError:  # a template without heading styles
        doc.add_paragraph().add_run(text).bold = True


def write_report(path: Path, app: Sphinx, idx: Query, scope: Scope) -> None:
    year, municipality = scope.year, scope.municipality
    doc = _new_document(_template(app, municipality))
    doc.core_properties.title = f"Internationellt arbete {year}, {municipality}"
    _heading(doc, f"Internationellt arbete {year}", 1)
    cases = scope.cases
    units = Counter(idx.unit_label(c) for c in cases)
    if cases:
        methods = Counter(m for c in cases for m in c["methods"])
        top = [idx.targets[m]["label"] for m, _n in methods.most_common(2) if m in idx.targets]
        summary = (f"Under {year} genomförde {len(units)} "
                   f"{'förvaltning' if len(units) == 1 else 'förvaltningar'} i {municipality} "
                   f"{len(cases)} internationella "
                   f"{'aktivitet' if len(cases) == 1 else 'aktiviteter'}.")
        if top:
            summary += f" De vanligaste metoderna var {' och '.join(top)}."
        summary += (" En aktivitet som pågår under flera år räknas till varje år. Nedan står "
                    "vad varje förvaltning har gjort och vilken effekt det har haft.")
    else:
        summary = (f"Inga genomförda internationella aktiviteter har rapporterats för {year} "
                   f"i {municipality}.")
    doc.add_paragraph(summary)
    if cases:
        _heading(doc, "Antal aktiviteter per förvaltning", 2)
        rows = [[u, units[u]] for u in sorted(units, key=sv_key)]
        rows.append(["Totalt", len(cases)])
        _table(doc, ["Förvaltning", "Antal aktiviteter"], rows, [12, 4])
        types = app.config.handbok_case_types
        for unit in sorted(units, key=sv_key):
            _heading(doc, unit, 2)
            rows = [[c["title"], types.get(c["type"], c["type"]), period_label(c["period"]),
                     c["effect"] or "Effekten är inte beskriven."]
                    for c in cases if idx.unit_label(c) == unit]
            _table(doc, ["Aktivitet", "Typ", "Period", "Effekt"], rows, [4.3, 2.9, 2.6, 6.2])
        _heading(doc, "Antal aktiviteter per metod", 2)
        rows = []
        for rec in idx.targets_in_order("method"):
            if idx.municipality(rec["policy"]) != municipality:
                continue
            n = sum(1 for c in cases if rec["id"] in c["methods"])
            rows.append([rec["label"], n])
        _table(doc, ["Metod", "Antal aktiviteter"], rows, [12, 4])
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
    Path(__file__).with_name(name).read_bytes() for name in ("reports.py", "model.py", "util.py")
) + version("XlsxWriter").encode() + version("python-docx").encode()).hexdigest()
#: The fingerprints of the files written, in the doctree folder (not published).
_FINGERPRINTS = "handbok-reports.json"


def _common(app: Sphinx, idx: Query) -> str:
    """What every file of a build is made from: the code, every method's and goal's label,
    the policies and the case types (hashed once per build, not once per file)."""
    text = json.dumps([_MAKERS, idx.targets, idx.policies, app.config.handbok_case_types],
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
    store = Path(app.doctreedir) / _FINGERPRINTS
    try:
        known = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    common = _common(app, idx)
    kept: dict[str, list] = {}
    written = unchanged = 0
    for municipality, year, kinds in report_scopes(idx):
        scope = Scope(app, idx, municipality, year)
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
    Path(app.doctreedir).mkdir(parents=True, exist_ok=True)
    store.write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")
    if written or unchanged:
        logger.info(f"handbok: {written} uppföljningsfiler (Excel och Word) skrivna, "
                    f"{unchanged} oförändrade")


def setup_reports(app: Sphinx) -> None:
    app.connect("build-finished", write_reports)
