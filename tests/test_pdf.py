"""The reader's book: ``make pdf`` (Chromium prints the HTML build; handbok_cli.printpdf).

Needs Chromium, pdftotext and pdfinfo from Debian (installed by .ci/run). Without them the
build fails, and so does this test: a missing install is never skipped.
"""

from __future__ import annotations

import http.server
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PDF_NAME = "handbok-internationellt-arbete"
EDITORS_PDF = "handbok-redaktion"
DUTY_RE = re.compile(r"\{duty\}`(?P<text>[^`<]*?)\s*<[^`]*>`", re.S)


def squash(text: str) -> str:
    """Compare text regardless of line breaks, hyphenation and spacing in the PDF."""
    text = text.replace("\u00ad", "")
    return re.sub(r"[\s\-‐‑–—]+", "", text).lower()


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path) -> list[str]:
    """The text of every page (pdftotext separates pages with a form feed)."""
    return pdftotext(path).split("\f")[:-1]


def pdfinfo(path: Path, *args: str) -> str:
    return subprocess.run(["pdfinfo", *args, str(path)], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def pdf(site_pdf) -> dict:
    """``make pdf`` of the real site (the session's build), read with pdftotext."""
    path = site_pdf / f"{PDF_NAME}.pdf"
    assert path.is_file()
    text = pdftotext(path)
    return {"dir": site_pdf, "path": path, "text": text, "flat": squash(text)}


def policy_duties(relpath: str) -> list[str]:
    source = (REPO / relpath).read_text(encoding="utf-8")
    return [" ".join(m.group("text").split()) for m in DUTY_RE.finditer(source)]


def learning_goals(module: Path) -> list[str]:
    source = module.read_text(encoding="utf-8")
    section = source.split("## Lärandemål", 1)[1].split("\n#", 1)[0]
    return [line[2:].strip() for line in section.splitlines() if line.startswith("- ")]


MATRICES = {
    "policy/huddinge/strategi.md": "Huddinge kommuns strategi för internationellt arbete 2016-2020",
    "policy/haninge/program.md": "Haninge kommuns internationella program",
}


def test_both_matrices_are_tables_with_every_duty(pdf):
    text, flat = pdf["text"], pdf["flat"]
    # Each policy's own, and the two that modules 3 and 4 walk through.
    assert len(re.findall(r"Tabell \d+: Ansvarsmatris", text)) == 3 * len(MATRICES)
    for relpath, title in MATRICES.items():
        caption = flat.index(squash(f"Ansvarsmatris: {title}"))
        # Chromium's tagged PDF may give the caption after the table's first rows: the table
        # starts where the sentence that introduces it ends.
        start = flat.rindex(squash("där uppgiften står."), 0, caption)
        # The table ends where the role legend under it begins.
        end = flat.index(squash("fattar beslut om ramar, mål och uppdrag"), start)
        table = flat[start:end]
        assert squash("Uppgift") in table
        duties = policy_duties(relpath)
        assert len(duties) >= 10, relpath
        for duty in duties:
            # Text extraction reads a table row by row, so a role cell can interrupt a long
            # task cell after its first line (even inside a hyphenated word): compare the
            # opening characters of every task, which always fit on the cell's first line.
            assert squash(duty)[:16] in table, (title, duty)
            assert squash(duty) in flat, duty  # and the whole wording is in the PDF
        # The marks are short forms; the legend under the table names the roles in full.
        legend = flat[end - 200:end + 800]
        assert "a=ansvarar" in legend and "st=stödjer" in legend, legend


def test_every_module_and_its_learning_goals(pdf):
    flat = pdf["flat"]
    modules = sorted((REPO / "docs" / "utbildning").glob("*.md"))
    modules = [m for m in modules if m.name != "index.md"]
    assert len(modules) >= 4
    for module in modules:
        title = module.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        assert squash(title) in flat, title
        goals = learning_goals(module)
        assert len(goals) >= 3, module.name
        for goal in goals:
            assert squash(goal) in flat, (module.name, goal)
    # self-check questions and their answers are printed too
    assert flat.count(squash("Fråga 5:")) >= 4


def test_the_whole_casebook_is_included(pdf):
    flat = pdf["flat"]
    assert squash("Exempelsamling") in flat
    cases = [p for p in (REPO / "casebook").rglob("*.md") if p.name != "index.md"]
    assert cases
    for case in cases:
        source = case.read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", source, re.M).group(1)
        effect = re.search(r"^:effect:\s*(.+)$", source, re.M).group(1)
        assert squash(title) in flat, case.name
        assert squash(effect) in flat, case.name


def test_accessible_tagged_swedish_pdf_with_title_and_structure(pdf):
    for path in (pdf["path"], pdf["dir"] / f"{EDITORS_PDF}.pdf"):
        info = pdfinfo(path)
        assert re.search(r"^Tagged:\s+yes$", info, re.M), path.name
        assert re.search(r"^Title:\s+Handbok för internationellt arbete", info, re.M)
        assert b"/Lang (sv)" in path.read_bytes()
        struct = pdfinfo(path, "-struct")
        for element in ("H1", "H2", "Table", "TH", "TD"):
            assert re.search(rf"^\s*{element}\b", struct, re.M), (path.name, element)
    assert "å" in pdf["text"] and "ö" in pdf["text"]


def test_long_words_are_whole_in_the_text_layer(pdf):
    # Nothing is hyphenated in print, so search finds long words whole.
    for word in ("Kommunfullmäktige", "verksamhetsberättelsen", "Samhällsbyggnadsförvaltningen"):
        assert word in pdf["text"], word
    assert "\u00ad" not in pdf["text"]
    # Nor in the editors' PDF (the phone's hyphenation is for the screen only).
    assert "\u00ad" not in pdftotext(pdf["dir"] / f"{EDITORS_PDF}.pdf")


def test_swedish_words_and_running_numbers(pdf):
    text = pdf["text"]
    assert "Släpp" not in text and "Fig." not in text and "Listning" not in text
    assert re.search(r"Utgåva 1\.0", text)
    numbers = [int(n) for n in re.findall(r"Tabell (\d+):", text)]
    assert numbers == list(range(1, len(numbers) + 1)), "tables are numbered 1, 2, 3 …"
    assert re.search(r"Figur 1: ", text)


def test_no_blank_pages(pdf):
    pages = pdf_pages(pdf["path"])
    assert len(pages) > 40
    # The footer alone ("Handbok för internationellt arbete  Sida 9 av 90") is not a page.
    footer = re.compile(r"Handbok för internationellt arbete|Sida \d+ av \d+")
    empty = [n for n, page in enumerate(pages, 1) if len(footer.sub("", page).split()) < 5]
    assert empty == []


def test_no_heading_stranded_at_the_foot_of_a_page(pdf):
    # Section headings (h2-h4 of the web pages); page titles are left out, since lists name
    # the pages by their titles (a list item at a page's foot is no stranded heading).
    headings = set()
    for path in (pdf["dir"].parent / "html").rglob("*.html"):
        for h in re.findall(r"<h[2-4][^>]*>(.*?)</h[2-4]>", path.read_text(encoding="utf-8")):
            plain = " ".join(re.sub(r"<[^>]+>|#", "", h).split())
            if len(plain) > 8:
                headings.add(plain)
    stranded = []
    for n, page in enumerate(pdf_pages(pdf["path"]), 1):
        if page.lstrip().startswith("Innehåll"):
            continue  # the contents page lists chapter and section titles
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not re.fullmatch(
            r"(Handbok för internationellt arbete)?\s*(Sida \d+ av \d+)?", line)]
        if body and body[-1] in headings:
            stranded.append((n, body[-1]))
    assert stranded == []


def test_no_table_is_wider_than_the_page(pdf):
    report = json.loads((pdf["dir"] / f"{PDF_NAME}.tryck.json").read_text(encoding="utf-8"))
    assert len(report["tables"]) > 10
    assert report["too_wide"] == []
    assert all(t["width"] <= report["content_width"] + 1 for t in report["tables"])
    # The matrices are among them (the follow-up years without activities are left out).
    captions = " ".join(t["caption"] for t in report["tables"])
    assert "Ansvarsmatris" in captions


def test_reader_book_has_no_contributor_chapters(pdf):
    editors = pdftotext(pdf["dir"] / f"{EDITORS_PDF}.pdf")
    for page in ("bidra", "referens", "lasbarhet", "prestanda", "oversyn", "sokning",
                 "sakerhet", "publicera", "nytt"):
        title = (REPO / "docs" / f"{page}.md").read_text(encoding="utf-8").splitlines()[0]
        title = title.lstrip("# ").strip()
        assert squash(title) in squash(editors), page
        assert not re.search(rf"^{re.escape(title)}$", pdf["text"], re.M), page
    assert '"$schema"' not in pdf["text"]  # the JSON Schema stays on the web


def test_reader_book_is_made_for_paper(pdf):
    pages = pdf_pages(pdf["path"])
    # A contents page after the title page, naming the chapters.
    assert pages[1].lstrip().startswith("Innehåll")
    for chapter in ("Styrdokument", "Exempelsamling", "Utbildning"):
        assert chapter in pages[1], chapter
    # No text that only makes sense on a screen, no editorial commands.
    for screen in ("Rulla i sidled", "Öppna diagrammet i full storlek", "↔",
                   "make bench-search"):
        assert screen not in pdf["text"], screen
    # The report form is the web's: the page says where to find it.
    assert squash("Formuläret finns på webbplatsen, på sidan Rapportera en aktivitet.") \
        in pdf["flat"]
    # No follow-up year with nothing carried out (every year of the site is such a year).
    assert "Inga genomförda aktiviteter har rapporterats ännu" not in pdf["text"]


def test_every_case_is_printed_once(pdf):
    # A case's own text (its first paragraph) is printed once; tables elsewhere only list it.
    flat = pdf["flat"]
    cases = [p for p in (REPO / "casebook").rglob("*.md") if p.name != "index.md"]
    for case in cases:
        body = case.read_text(encoding="utf-8").split("\n# ", 1)[1].split("\n", 1)[1]
        first = next(line for line in body.splitlines()
                     if line.strip() and not line.startswith((":", "#", "`", "{", "<")))
        words = re.split(r"[{\[]", first, maxsplit=1)[0]
        assert len(words) > 30, case.name
        assert flat.count(squash(words)) == 1, case.name


PRINT_BROWSER_TRIES = """
import sys
from pathlib import Path
from playwright.sync_api import sync_playwright
from handbok_cli.printpdf import open_browser
page_file, port = Path(sys.argv[1]), sys.argv[2]
page_file.write_text(f'<img src="http://127.0.0.1:{port}/ip.png">'
                     f'<img src="http://localhost:{port}/name.png">'
                     f'<script src="http://127.0.0.1:{port}/script.js"></script>', 'utf-8')
with sync_playwright() as p:
    browser, page = open_browser(p)
    page.goto(page_file.as_uri(), wait_until="load")
    print(page.evaluate("document.images.length"))
    browser.close()
"""


def test_the_print_browser_reads_only_files(tmp_path):
    """The printing Chromium fetches nothing over the network, not even from this machine:
    a server on 127.0.0.1 gets no request from a page that asks it for three files."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            asked.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        proc = subprocess.run([sys.executable, "-c", PRINT_BROWSER_TRIES, str(tmp_path / "p.html"),
                               str(server.server_address[1])], capture_output=True, text=True)
    finally:
        server.shutdown()
        server.server_close()
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "2"  # the page was read
    assert asked == []


def test_contents_page_gives_the_page_of_each_heading(pdf):
    """Each entry of the contents page ends in a page number, and that page starts with the
    entry's heading (chapters and sections each start a new page)."""
    pages = pdf_pages(pdf["path"])
    contents = pdftotext(pdf["path"], "-layout", "-f", "2", "-l", "2")
    entries = re.findall(r"^\s*(\S.*?\S)\s{2,}(\d+)\s*$", contents, re.M)
    entries = [(title, int(n)) for title, n in entries if not title.startswith("Handbok för")]
    assert len(entries) >= 15, contents
    numbers = [n for _title, n in entries]
    assert numbers == sorted(numbers) and numbers[0] == 3, numbers
    for title, number in entries:
        assert squash(pages[number - 1]).startswith(squash(title)), (title, number)


def test_diagram_text_is_at_least_8_points(pdf):
    """Every printed diagram's smallest text, from its SVG's font sizes and the scale it is
    printed at (the print report), is 8 pt or more; the PDF's own text of the diagrams
    (pdfplumber's sizes) agrees."""
    import pdfplumber

    report = json.loads((pdf["dir"] / f"{PDF_NAME}.tryck.json").read_text(encoding="utf-8"))
    diagrams = report["diagrams"]
    # The two responsibility diagrams (in pieces: one card per actor) and the activity chart.
    assert len({d["page"] for d in diagrams}) >= 2, diagrams
    assert report["small_text"] == [], report["small_text"]
    assert min(d["min_text_pt"] for d in diagrams) >= 8
    # In the PDF: the cards' headings (the actors' names, bold) are 8 pt or more.
    images = pdf["dir"].parent / "html" / "_images"
    names = set()
    for d in diagrams:
        svg = (images / d["svg"]).read_text(encoding="utf-8")
        # Headings (bold, black); the roles (bold too) have their colours.
        names |= set(re.findall(r'font-weight="bold" font-size="[\d.]+">([^<]{8,})</text>', svg))
    assert names
    pages = pdf_pages(pdf["path"])
    # The pages of the diagrams: a figure's caption is under it, on its last page.
    captions = [n for n, page in enumerate(pages) if re.search(r"Figur \d+: ", page)]
    near = sorted({m for n in captions for m in range(max(0, n - 2), n + 1)})
    sizes: dict[str, list[float]] = {name: [] for name in names}
    with pdfplumber.open(str(pdf["path"])) as doc:
        for n in near:
            wanted = [name for name in names if name in pages[n]]
            if not wanted:
                continue
            # The cards' headings are bold; no bold text on these pages is smaller.
            words = [w for w in doc.pages[n].extract_words(extra_attrs=["size", "fontname"])
                     if "bold" in w["fontname"].lower()]
            for name in wanted:
                sizes[name] += [w["size"] for w in words if w["text"] == name.split()[0]]
    assert all(sizes.values()), [name for name, found in sizes.items() if not found]
    assert min(min(found) for found in sizes.values()) >= 7.95, sizes
