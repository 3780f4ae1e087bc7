"""Follow-up per municipality and förvaltning: the pages, the Excel workbooks and the Word
reports agree, count only carried-out activities and never start a cell with a formula."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import docx
import jsonschema
import openpyxl
import pytest
from bs4 import BeautifulSoup

FORMULA_START = ("=", "+", "-", "@")
ACTIVITY_HEADERS = ["År", "Kommun", "Förvaltning", "Id", "Aktivitet", "Typ", "Period",
                    "Partner", "Land", "Finansiering", "Metod-id", "Metoder", "Mål-id", "Mål",
                    "Effekt", "Adress"]
SHEETS = ["Aktiviteter", "Per förvaltning och år", "Per metod och år", "Diagram", "Om filen"]
#: With the roll-up per nämnd (where a policy says which nämnd a förvaltning belongs to).
SHEETS_WITH_BOARDS = [*SHEETS[:2], "Per nämnd och år", *SHEETS[2:]]
TABLE_SHEETS = [s for s in SHEETS_WITH_BOARDS if s != "Diagram"]
NORRAS, SODERBY = "Norrås kommun", "Söderby kommun"
FORM_LABELS = ["Rubrik", "Typ", "Förvaltning", "Kommun", "Period", "Partner", "Land",
               "Finansiering", "Metoder", "Mål", "Effekt"]
#: The carried-out activities of the test casebook in 2023: (municipality, förvaltning).
EXPECTED_2023 = {
    NORRAS: {"Socialförvaltningen": 1, "Utbildningsförvaltningen": 1},
    SODERBY: {"Kultur- och fritidsförvaltningen": 1, "Socialförvaltningen": 1},
}

#: The tests that only read a build of the unchanged root share one build (Sphinx's own
#: ``shared_result``: the first builds, the others read its output and its warnings).
SHARED = "followup-files-shared"


def soup(outdir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(outdir) / f"{docname}.html").read_text("utf-8"), "html.parser")


def page_counts(page: BeautifulSoup) -> dict[str, int]:
    """'Förvaltning, Kommun' -> number of activities, from the per-förvaltning section."""
    found = {}
    for box in page.select("section.handbok-followup-units div.handbok-followup-unit"):
        heading = box.select_one(".rubric").get_text(" ", strip=True)
        label, _, count = heading.rpartition(" (")
        found[label] = int(count.split()[0])
        assert len(box.select("li.handbok-followup-case")) == found[label]
    return found


def sheet_rows(book, title: str) -> tuple[list, list[list]]:
    """(header, data rows): without the table's total row, which is checked here: an Excel
    SUBTOTAL of each number column of the table."""
    header, *rows = [list(r) for r in book[title].iter_rows(values_only=True)]
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if rows and rows[-1][0] == "Totalt":
        total = rows.pop()
        table = next(iter(book[title].tables.values()))
        assert table.totalsRowCount == 1
        assert all(v is None or str(v).startswith("=SUBTOTAL(10") for v in total[1:]), total
        assert any(v for v in total[1:])
    return header, rows


def workbook_counts(path: Path, year: int) -> dict[str, int]:
    book = openpyxl.load_workbook(path)
    header, rows = sheet_rows(book, "Aktiviteter")
    assert header == ACTIVITY_HEADERS
    counted = Counter(f"{r[2]}, {r[1]}" for r in rows if r[0] == year)
    header, pivot = sheet_rows(book, "Per förvaltning och år")
    column = header.index(str(year))
    assert {f"{r[1]}, {r[0]}": r[column] for r in pivot if r[column]} == dict(counted)
    return dict(counted)


def report_counts(path: Path) -> dict[str, int]:
    document = docx.Document(str(path))
    summary = document.tables[0]
    assert [c.text for c in summary.rows[0].cells] == ["Förvaltning", "Antal aktiviteter"]
    counts = {r.cells[0].text: int(r.cells[1].text) for r in summary.rows[1:]}
    total = counts.pop("Totalt")
    assert total == sum(counts.values())
    # One table per förvaltning, under its heading, with one row per activity and its effect.
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    for unit, n in counts.items():
        table = document.tables[headings.index(unit)]  # the first table is the summary
        assert [c.text for c in table.rows[0].cells] == ["Aktivitet", "Typ", "Period", "Effekt"]
        assert len(table.rows) - 1 == n
        assert all(r.cells[3].text for r in table.rows[1:])
    return counts


def assert_summary_agrees(path: Path, municipality: str) -> None:
    """The summary of a Word report names only methods of its own table, with the counts the
    table has, the most used first; and the numbers of förvaltningar and activities."""
    document = docx.Document(str(path))
    summary = document.paragraphs[1].text
    units = report_counts(path)
    assert f"genomförde {len(units)} förvaltningar i {municipality} " \
        f"{sum(units.values())} internationella aktiviteter" in summary
    methods = {r.cells[0].text: int(r.cells[1].text) for r in document.tables[-1].rows[1:]}
    assert document.tables[-1].rows[0].cells[0].text == "Metod"
    named = re.findall(r"([A-ZÅÄÖ][^()]*?) \((\d+)\)", summary.split("Flest aktiviteter hade ")[1])
    named = [(re.sub(r"^(metoden|metoderna) ", "", m).strip(), int(n)) for m, n in named]
    assert named, summary
    for label, n in named:
        assert methods[label] == n, (label, methods)
    assert [n for _m, n in named] == sorted(methods.values(), reverse=True)[:len(named)]
    # No other municipality's method, however an activity names it.
    other = "Norrås" if "Söderby" in municipality else "Söderby"
    assert other not in summary


def assert_charts(workbook: Path, report: Path, expected: dict[str, int]) -> None:
    """The workbook's sheet Diagram has native bar charts drawn from the count sheets; the
    Word report has the same charts as pictures whose alternative text gives the counts."""
    book = openpyxl.load_workbook(workbook)
    charts = book["Diagram"]._charts
    assert len(charts) >= 2
    refs = [s.val.numRef.f for c in charts for s in c.series]
    assert any(r.startswith("'Per förvaltning och år'!") for r in refs)
    assert any(r.startswith("'Per metod och år'!") for r in refs)
    assert all(c.type == "bar" if hasattr(c, "type") else True for c in charts)
    document = docx.Document(str(report))
    alts = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert len(alts) == 2, alts
    per_unit = alts[0]
    assert per_unit.startswith("Aktiviteter per förvaltning 2023: ")
    for label, n in expected.items():
        assert f"{label.split(', ')[0]} {n}" in per_unit
    assert alts[1].startswith("Aktiviteter per metod 2023: ")


def assert_no_formula_cells(path: Path) -> int:
    """Every text cell of a workbook or Word report; returns how many were checked. The only
    formulas are the SUBTOTALs of the tables' own total rows."""
    checked = 0
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        for sheet in book:
            if sheet.title == "Diagram":
                assert not sheet.tables
                continue
            assert sheet.freeze_panes == "A2", (path.name, sheet.title)
            assert len(sheet.tables) == 1, (path.name, sheet.title)
            table = next(iter(sheet.tables.values()))
            assert table.autoFilter is not None
            for row in sheet.iter_rows(values_only=True):
                if row[0] == "Totalt":
                    continue
                for value in row:
                    if isinstance(value, str):
                        checked += 1
                        assert not value.startswith(FORMULA_START), (path.name, value)
    else:
        document = docx.Document(str(path))
        texts = [p.text for p in document.paragraphs]
        texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        for text in texts:
            checked += 1
            assert not text.startswith(FORMULA_START), (path.name, text)
    return checked


def files(outdir: Path, ext: str) -> list[Path]:
    return sorted((Path(outdir) / "export" / "uppfoljning").glob(f"*.{ext}"))


@pytest.mark.sphinx("html", testroot="followup-kommuner")
@pytest.mark.test_params(shared_result=SHARED)
def test_pages_workbooks_and_reports_count_the_same(app):
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    out = Path(app.outdir)
    expected_all = {}
    for municipality, units in EXPECTED_2023.items():
        expected = {f"{u}, {municipality}": n for u, n in units.items()}
        expected_all |= expected
        slug = "norras-kommun" if municipality == NORRAS else "soderby-kommun"
        page = soup(out, f"docs/uppfoljning/{slug}/2023")
        assert page_counts(page) == expected, municipality
        assert page.select_one(".handbok-followup-total").get_text() == str(
            sum(expected.values()))
        folder = out / "export" / "uppfoljning"
        assert workbook_counts(folder / f"uppfoljning-{slug}-2023.xlsx", 2023) == expected
        assert workbook_counts(folder / f"uppfoljning-{slug}.xlsx", 2023) == expected
        assert report_counts(folder / f"uppfoljning-{slug}-2023.docx") == expected
        # The page links its own files, and they exist.
        hrefs = [a["href"] for a in page.select("p.handbok-followup-files a")]
        assert hrefs == [f"../../../export/uppfoljning/uppfoljning-{slug}-2023.xlsx",
                         f"../../../export/uppfoljning/uppfoljning-{slug}-2023.docx"]
        for href in hrefs:
            assert (out / "docs" / "uppfoljning" / slug / href).resolve().is_file()
        assert_summary_agrees(folder / f"uppfoljning-{slug}-2023.docx", municipality)
        assert_charts(folder / f"uppfoljning-{slug}-2023.xlsx",
                      folder / f"uppfoljning-{slug}-2023.docx", expected)
    # Norrås's policy says which nämnd each förvaltning belongs to: the roll-up per nämnd.
    folder = out / "export" / "uppfoljning"
    norras = docx.Document(str(folder / "uppfoljning-norras-kommun-2023.docx"))
    boards = next(t for t in norras.tables if t.rows[0].cells[0].text == "Nämnd")
    assert [[c.text for c in r.cells] for r in boards.rows[1:]] == [
        ["Socialnämnden", "1"], ["Utbildningsnämnden", "1"], ["Totalt", "2"]]
    book = openpyxl.load_workbook(folder / "uppfoljning-norras-kommun.xlsx")
    header, rows = sheet_rows(book, "Per nämnd och år")
    assert header == ["Kommun", "Nämnd", "2022", "2023", "2024"]
    # Miljöförvaltningen (2024) is under no nämnd in the policy.
    assert rows == [[NORRAS, "Socialnämnden", 0, 1, 0], [NORRAS, "Utbildningsnämnden", 1, 1, 0],
                    [NORRAS, "Nämnd inte angiven", 0, 0, 1]]
    assert not any(t.rows[0].cells[0].text == "Nämnd" for t in docx.Document(str(
        folder / "uppfoljning-soderby-kommun-2023.docx")).tables)
    # The follow-up page has the same roll-up, from the same function: per nämnd and year it
    # agrees with the workbook, and its 2023 column with the Word report.
    table = soup(out, "docs/uppfoljning/norras-kommun/2023").select_one(
        "table.handbok-followup-board-years")
    web = [[c.get_text(" ", strip=True) for c in tr.select("th, td")] for tr in table.select("tr")]
    years = web[0][1:]
    assert web[0][0] == "Nämnd" and "2023" in years
    excel = {r[1]: dict(zip(header[2:], r[2:], strict=True)) for r in rows}
    for board, *counts in web[1:-1]:
        assert {y: int(n) for y, n in zip(years, counts, strict=True)} == {
            y: excel[board][y] for y in years}, board
    assert web[-1][0] == "Totalt"
    word = {r.cells[0].text: int(r.cells[1].text) for r in boards.rows[1:]}
    column = {b: int(n) for b, *ns in web[1:] for y, n in zip(years, ns, strict=True)
              if y == "2023" and (int(n) or b in word)}
    assert column == word
    # Söderby's policy names no nämnd: no roll-up on its page.
    assert soup(out, "docs/uppfoljning/soderby-kommun/2023").select_one(
        "table.handbok-followup-board-years") is None
    # Wrapped text gets the row height of its lines, so a printed row never overlaps the next.
    sheet = openpyxl.load_workbook(folder / "uppfoljning-2023.xlsx")["Aktiviteter"]
    heights = {r: d.height for r, d in sheet.row_dimensions.items() if d.height}
    assert heights and all(h >= 30 for h in heights.values())
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    # A year without carried-out activities says so once: no empty sections, no table of
    # zeros, and the page's contents list only the sections left.
    empty = soup(out, "docs/uppfoljning/soderby-kommun/2022")
    body = empty.select_one("[role=main]").get_text(" ", strip=True)
    assert body.count("Inga genomförda aktiviteter") == 1, body
    assert not empty.select("[role=main] table")
    assert [s["class"] for s in empty.select("[role=main] section section")] == [
        ["handbok-followup-illustrative"]]
    # A later year without activities keeps the table of the years before it (not all zeros).
    later = soup(out, "docs/uppfoljning/soderby-kommun/2024")
    assert later.select("table.handbok-followup-unit-years")
    assert not later.select("section.handbok-followup-units")
    # The year page of both municipalities: a förvaltning of the same name in each is kept
    # apart, and the illustrative examples are listed, not counted.
    page = soup(out, "docs/uppfoljning/2023")
    assert page_counts(page) == expected_all
    assert page.select_one(".handbok-followup-total").get_text() == "4"
    assert workbook_counts(out / "export" / "uppfoljning" / "uppfoljning-2023.xlsx",
                           2023) == expected_all
    examples = page.select("section.handbok-followup-illustrative "
                           "li.handbok-followup-illustrative-case")
    assert [li.a.get_text(strip=True) for li in examples] == [
        "Aktivitet blandad-illustrativ", "Aktivitet norras-illustrativ"]
    assert all(li.get_text(" ", strip=True).startswith("Illustrativt exempel ")
               for li in examples)
    titles = {a.get_text(strip=True) for a in page.select("section.handbok-followup-units a")}
    assert not any("illustrativ" in t for t in titles)
    # A case that lasts two years is one row per year; the year page table shows the years.
    book = openpyxl.load_workbook(out / "export" / "uppfoljning" / "uppfoljning-norras-kommun.xlsx")
    _, rows = sheet_rows(book, "Aktiviteter")
    assert [(r[0], r[3]) for r in rows if r[3] == "norras-projekt"] == [
        (2022, "norras-projekt"), (2023, "norras-projekt")]
    unit_years = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
                  for tr in page.select("table.handbok-followup-unit-years tr")]
    assert unit_years[0] == ["Förvaltning", "2022", "2023"]
    assert unit_years[-1] == ["Totalt", "1", "4"]


@pytest.mark.sphinx("html", testroot="followup-kommuner")
@pytest.mark.test_params(shared_result=SHARED)
def test_every_file_has_headers_rows_and_no_formula(app):
    app.build()
    out = Path(app.outdir)
    workbooks, reports = files(out, "xlsx"), files(out, "docx")
    # Per year (3), per municipality and year (2 × 3), per municipality (2); Word per
    # municipality and year.
    assert len(workbooks) == 11 and len(reports) == 6
    activities = json.loads((out / "export" / "activities.json").read_text("utf-8"))[
        "activities"]
    checked = 0
    for path in workbooks:
        book = openpyxl.load_workbook(path)
        name = path.stem.removeprefix("uppfoljning").strip("-")
        # Only Norrås's policy says which nämnd its förvaltningar belong to.
        assert book.sheetnames == (SHEETS if name.startswith("soderby") else
                                   SHEETS_WITH_BOARDS), path.name
        header, rows = sheet_rows(book, "Aktiviteter")
        assert header == ACTIVITY_HEADERS
        name = path.stem.removeprefix("uppfoljning").strip("-")
        year = int(name[-4:]) if name[-4:].isdigit() else None
        kommun = {"norras": NORRAS, "soderby": SODERBY}.get(name.split("-")[0])
        wanted = [a for a in activities if (year is None or a["year"] == year)
                  and (kommun is None or a["municipality"] == kommun)]
        assert len(rows) == len(wanted), path.name
        assert all(r[15].startswith("https://intranat.example.se/handbok/casebook/")
                   for r in rows)
        # Labels beside ids.
        assert all(r[11] and r[10] for r in rows)
        for sheet in TABLE_SHEETS[1:4]:
            if sheet not in book.sheetnames:
                continue
            sub_header, _ = sheet_rows(book, sheet)
            assert sub_header[0] == "Kommun"
        checked += assert_no_formula_cells(path)
    for path in reports:
        document = docx.Document(str(path))
        assert document.paragraphs[0].style.name == "Heading 1"
        assert document.paragraphs[0].text.startswith("Internationellt arbete 20")
        checked += assert_no_formula_cells(path)
    assert checked > 500
    # The text that would have started a formula is kept, behind an apostrophe.
    _, rows = sheet_rows(openpyxl.load_workbook(
        out / "export" / "uppfoljning" / "uppfoljning-2023.xlsx"), "Aktiviteter")
    effects = {r[3]: r[14] for r in rows}
    assert effects["norras-studiebesok"].startswith("'=HYPERLINK(")
    assert effects["soderby-natverk"] == "'+ bättre planering av hemtjänsten."
    assert effects["soderby-blandad"] == "'@nya kontakter med bibliotek."


@pytest.mark.sphinx("html", testroot="followup-kommuner")
@pytest.mark.test_params(shared_result=SHARED)
def test_activities_csv_one_row_per_activity_and_year(app):
    app.build()
    folder = Path(app.outdir) / "export"
    raw = (folder / "activities.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    body = raw[3:].decode("utf-8")
    assert "\n" not in body.replace("\r\n", "")
    header, *rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))
    assert header[:3] == ["år", "kommun", "förvaltning"] and header[-1] == "adress"
    records = [dict(zip(header, r, strict=True)) for r in rows]
    # Five carried-out activities, one of them over two years; no illustrative example.
    assert len(records) == 6
    assert Counter((r["år"], r["kommun"]) for r in records) == {
        ("2022", NORRAS): 1, ("2023", NORRAS): 2, ("2023", SODERBY): 2, ("2024", NORRAS): 1}
    assert not any("illustrativ" in r["id"] for r in records)
    blandad = next(r for r in records if r["id"] == "soderby-blandad")
    assert blandad["metoder"] == "Studiebesök i Söderby, Studiebesök i Norrås"
    assert blandad["metod-id"] == "soderby-metod-1, norras-metod-1"
    assert blandad["adress"] == "https://intranat.example.se/handbok/casebook/r4.html"
    assert blandad["effekt"] == "'@nya kontakter med bibliotek."
    schema = json.loads((folder / "schema.json").read_text("utf-8"))
    check = jsonschema.Draft202012Validator(schema)
    for name in ("activities", "cases", "handbok"):
        payload = json.loads((folder / f"{name}.json").read_text("utf-8"))
        assert not list(check.iter_errors(payload)), name
    # The order of :methods: never makes two combinations of municipalities.
    cases = {c["id"]: c for c in json.loads((folder / "cases.json").read_text("utf-8"))[
        "cases"]}
    combos = {tuple(c["municipalities"]) for c in cases.values() if len(c["municipalities"]) > 1}
    assert combos == {(NORRAS, SODERBY)}
    assert cases["soderby-blandad"]["municipality"] == SODERBY
    assert cases["norras-2024"]["municipality"] == NORRAS
    assert cases["blandad-illustrativ"]["municipality"] == ""


@pytest.mark.sphinx("html", testroot="followup-kommuner", srcdir="followup-files-template")
def test_a_municipality_template_gives_the_word_report_its_styles(app, make_app):
    folder = Path(app.srcdir) / "mallar"
    folder.mkdir()
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Söderby kommun – verksamhetsberättelse"
    template.add_paragraph("Den här texten i mallen ska inte följa med.")
    template.save(str(folder / "uppfoljning-soderby-kommun.docx"))
    app2 = make_app("html", srcdir=app.srcdir)
    app2.build()
    out = Path(app2.outdir) / "export" / "uppfoljning"
    own = docx.Document(str(out / "uppfoljning-soderby-kommun-2023.docx"))
    assert own.sections[0].header.paragraphs[0].text == "Söderby kommun – verksamhetsberättelse"
    texts = [p.text for p in own.paragraphs]
    assert "Den här texten i mallen ska inte följa med." not in texts
    assert texts[0] == "Internationellt arbete 2023"
    other = docx.Document(str(out / "uppfoljning-norras-kommun-2023.docx"))
    assert other.sections[0].header.paragraphs[0].text == ""
    # Each report starts from its own copy of the template (it is read once per process):
    # nothing of one report is in another.
    assert texts.count("Internationellt arbete 2023") == 1
    assert [p.text for p in other.paragraphs].count("Internationellt arbete 2023") == 1
    # An edited template is read again, in the same process.
    template.sections[0].header.paragraphs[0].text = "Söderby kommun – årsredovisning"
    template.save(str(folder / "uppfoljning-soderby-kommun.docx"))
    make_app("html", srcdir=app.srcdir).build()
    own = docx.Document(str(out / "uppfoljning-soderby-kommun-2023.docx"))
    assert own.sections[0].header.paragraphs[0].text == "Söderby kommun – årsredovisning"


@pytest.mark.sphinx("html", testroot="followup-kommuner", srcdir="followup-files-warnings")
def test_a_real_activity_without_its_municipality_is_reported(app):
    src = Path(app.srcdir)
    (src / "casebook" / "r6.md").write_text(
        "---\norphan: true\n---\n\n# Utan kommun\n\n:::{case} utan-kommun\n:type: projekt\n"
        ":unit: Socialförvaltningen\n:period: 2023\n:methods: norras-metod-1, soderby-metod-1\n"
        ":effect: En effekt.\n:illustrative: nej\n\nText.\n:::\n", encoding="utf-8")
    (src / "casebook" / "r7.md").write_text(
        "---\norphan: true\n---\n\n# Fel kommun\n\n:::{case} fel-kommun\n:type: projekt\n"
        ":unit: Socialförvaltningen\n:municipality: Norrby kommun\n:period: 2023\n"
        ":methods: norras-metod-1\n:effect: En effekt.\n\nText.\n:::\n", encoding="utf-8")
    (src / "enhet.md").write_text(
        "---\norphan: true\n---\n\n# Enhet\n\n:::{followup-report}\n:year: 2023\n"
        ":municipality: Söderby kommun\n:unit: Socialförvaltningen\n:::\n", encoding="utf-8")
    app.build()
    warnings = app.warning.getvalue()
    assert "r6.md:7" in warnings and "':municipality:'" in warnings
    assert "r7.md:7" in warnings and "Norrby kommun" in warnings
    # One förvaltning of one municipality: Söderby's Socialförvaltningen, not Norrås's.
    assert page_counts(soup(app.outdir, "enhet")) == {"Socialförvaltningen, Söderby kommun": 1}


def test_site_files_hold_no_illustrative_example(site_html):
    """The real casebook has only illustrative examples: every file the build writes says that
    no activity has been reported, with its headers in place and no formula."""
    workbooks, reports = files(site_html, "xlsx"), files(site_html, "docx")
    cases = json.loads((site_html / "export" / "cases.json").read_text("utf-8"))["cases"]
    years = {y for c in cases for y in c["years"]}
    municipalities = {"haninge-kommun", "huddinge-kommun"}
    assert {p.name for p in reports} == {f"uppfoljning-{m}-{y}.docx"
                                         for m in municipalities for y in years}
    assert len(workbooks) == len(years) * 3 + len(municipalities)
    for path in workbooks:
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == SHEETS
        header, rows = sheet_rows(book, "Aktiviteter")
        assert header == ACTIVITY_HEADERS and rows == [], path.name
        assert not book["Diagram"]._charts
        about = dict(sheet_rows(book, "Om filen")[1])
        assert about["Antal genomförda aktiviteter"] == 0
        assert_no_formula_cells(path)
    for path in reports:
        document = docx.Document(str(path))
        assert document.tables == [], path.name
        assert "Inga genomförda internationella aktiviteter har rapporterats" in \
            document.paragraphs[1].text
        assert_no_formula_cells(path)
    # A controller reads no markup and no field names on the follow-up pages, and is told how
    # to report an activity.
    folder = site_html / "docs" / "uppfoljning"
    for page in [folder / "index.html", *folder.glob("*.html"), *folder.glob("*/*.html")]:
        text = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one(
            "article").get_text(" ", strip=True)
        for markup in (":::", "{followup-report}", ":illustrative:", ":municipality:",
                       ":year:", "{case}"):
            assert markup not in text, (page.name, markup)
        assert "Rapportera en aktivitet" in text, page
    # The front page links the form with exactly that text.
    front = BeautifulSoup((site_html / "index.html").read_text("utf-8"), "html.parser")
    assert [a["href"] for a in front.select("article a")
            if a.get_text(strip=True) == "Rapportera en aktivitet"] == ["docs/rapportera.html"]
    form = BeautifulSoup((site_html / "docs" / "rapportera.html").read_text("utf-8"),
                         "html.parser")
    labels = [label.get_text(" ", strip=True).split(" (")[0]
              for label in form.select("form.handbok-report-form label[for^='hr-'], "
                                       "form.handbok-report-form fieldset.handbok-targets > "
                                       "legend")]
    assert [x for x in labels if x in FORM_LABELS] == FORM_LABELS
    assert not form.select("article script:not([src]):not([type='application/json'])")
    # Every year is without carried-out activities here: each page says so once, has no
    # table of zeros, and its contents list only links to the sections left.
    for page in folder.glob("*/*.html"):
        html = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        text = html.select_one("article").get_text(" ", strip=True)
        assert text.count("Inga genomförda aktiviteter") == 1, page
        assert not html.select("article table"), page
        ids = {t["id"] for t in html.select("[id]")}
        toc = [a["href"] for a in html.select(".bd-toc a[href^='#']")]
        assert all(h[1:] in ids for h in toc), (page, toc)
    # Every municipality page links its own two files.
    for m in municipalities:
        year = max(years)
        page = soup(site_html, f"docs/uppfoljning/{m}/{year}")
        hrefs = [a["href"] for a in page.select("p.handbok-followup-files a")]
        assert [h.rsplit("/", 1)[1] for h in hrefs] == [f"uppfoljning-{m}-{year}.xlsx",
                                                       f"uppfoljning-{m}-{year}.docx"]


@pytest.mark.sphinx("html", testroot="followup-kommuner", srcdir="followup-files-stale")
def test_municipality_pages_follow_the_policies(app, make_app):
    app.build()
    folder = Path(app.srcdir) / "docs" / "uppfoljning"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.glob("*/*.md")) == [
        f"{m}/{y}.md" for m in ("norras-kommun", "soderby-kommun") for y in (2022, 2023, 2024)]
    year_page = soup(app.outdir, "docs/uppfoljning/2023")
    assert [a.get_text(strip=True) for a in year_page.select(".toctree-wrapper a")] == [
        "Uppföljning 2023: Norrås kommun", "Uppföljning 2023: Söderby kommun"]
    # A förvaltning moves to another nämnd (only the policy's boards field changes): the
    # incremental build writes the follow-up page's roll-up per nämnd again.
    norras = Path(app.srcdir) / "policy" / "norras.md"
    norras.write_text(norras.read_text("utf-8").replace(
        "Socialnämnden: [Socialförvaltningen]", "Omsorgsnämnden: [Socialförvaltningen]"), "utf-8")
    make_app("html", srcdir=app.srcdir).build()
    boards = soup(app.outdir, "docs/uppfoljning/norras-kommun/2023").select_one(
        "table.handbok-followup-board-years")
    assert "Omsorgsnämnden" in boards.get_text() and "Socialnämnden" not in boards.get_text()
    # Without Söderby's policy its pages and folder go; Norrås's stay.
    (Path(app.srcdir) / "policy" / "soderby.md").unlink()
    index = Path(app.srcdir) / "index.md"
    index.write_text(index.read_text("utf-8").replace("policy/soderby\n", ""), "utf-8")
    app2 = make_app("html", srcdir=app.srcdir)
    app2.build()
    assert not (folder / "soderby-kommun").exists()
    assert (folder / "norras-kommun" / "2023.md").is_file()
    # The built page of a removed stub goes too: no reader finds it.
    assert not (Path(app2.outdir) / "docs" / "uppfoljning" / "soderby-kommun" / "2023.html"
                ).exists()
    assert (Path(app2.outdir) / "docs" / "uppfoljning" / "norras-kommun" / "2023.html"
            ).is_file()


@pytest.mark.sphinx("html", testroot="followup-kommuner", srcdir="followup-files-rewrite")
def test_only_the_files_of_a_changed_activity_are_written_again(app, make_app):
    app.build()
    out = Path(app.outdir) / "export" / "uppfoljning"

    def stamps() -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in sorted(out.iterdir())}

    first = stamps()
    assert len(first) >= 10
    # A build with no change writes no file again.
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    assert stamps() == first
    assert "0 uppföljningsfiler (Excel och Word) skrivna" in again.status.getvalue()
    # A new effect of Norrås's 2023 activity: its year's and its municipality's files only.
    case = Path(app.srcdir) / "casebook" / "r1.md"
    case.write_text(case.read_text("utf-8").replace(
        ":effect: =HYPERLINK", ":effect: Ny effekt. =HYPERLINK"), "utf-8")
    (out / "uppfoljning-soderby-kommun.xlsx").unlink()  # a file removed by hand comes back
    edited = make_app("html", srcdir=app.srcdir)
    edited.build()
    after = stamps()
    changed = {name for name in after if after[name] != first.get(name)}
    assert changed == {"uppfoljning-2023.xlsx", "uppfoljning-norras-kommun-2023.xlsx",
                       "uppfoljning-norras-kommun-2023.docx", "uppfoljning-norras-kommun.xlsx",
                       "uppfoljning-soderby-kommun.xlsx"}
    book = openpyxl.load_workbook(out / "uppfoljning-2023.xlsx")
    assert any("Ny effekt." in str(r[14]) for r in sheet_rows(book, "Aktiviteter")[1])
    report = docx.Document(str(out / "uppfoljning-norras-kommun-2023.docx"))
    assert any("Ny effekt." in cell.text for t in report.tables for row in t.rows
               for cell in row.cells)
