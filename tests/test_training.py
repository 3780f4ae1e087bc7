"""Training section: modules per target group, self-checks, facilitator notes, print CSS.

Directive behaviour is tested on small roots (tests/roots/test-training*); the real site is
built with the real make targets (``make html`` / ``make trainer``) into a temporary folder.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import snowballstemmer
from bs4 import BeautifulSoup
from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
MODULES = ["alla-medarbetare", "kontaktpersoner", "forvaltningschefer", "fortroendevalda"]
NOTE_MARKER = "Handledarens anteckningar"
STEM = snowballstemmer.stemmer("swedish").stemWord  # as Sphinx's Swedish search index


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def search_index(outdir: Path) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1: text.rindex(")")])


def terms_of(index: dict, docname: str) -> set[str]:
    doc = index["docnames"].index(docname)
    found = set()
    for table in ("terms", "titleterms"):
        for term, docs in index[table].items():
            if doc == docs or (isinstance(docs, list) and doc in docs):
                found.add(term)
    return found


# --- directives on a small root -----------------------------------------------------------


@pytest.mark.sphinx("html", testroot="training")
def test_facilitator_note_left_out_of_the_default_build(app):
    app.build()
    assert not app._warning.getvalue()
    out = Path(app.outdir)
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file()
    )
    assert "Hemligt upplägg" not in everything
    assert NOTE_MARKER not in everything
    assert STEM("kaffe") not in terms_of(search_index(out), "modul")


@pytest.mark.sphinx("html", testroot="training", confoverrides={"handbok_trainer": True})
def test_facilitator_note_shown_in_the_trainer_build(app):
    app.build()
    assert not app._warning.getvalue()
    page = soup(Path(app.outdir) / "modul.html")
    notes = page.select(".handbok-facilitator-note")
    assert len(notes) == 1
    assert notes[0].select_one(".admonition-title").get_text() == f"{NOTE_MARKER}: tidsplan"
    assert "Hemligt upplägg" in notes[0].get_text()
    assert STEM("kaffe") in terms_of(search_index(Path(app.outdir)), "modul")


@pytest.mark.sphinx("html", testroot="training")
def test_policy_quote_takes_the_wording_from_the_policy(app):
    app.build()
    page = soup(Path(app.outdir) / "modul.html")
    quote = page.select_one("blockquote.handbok-policy-quote")
    wording = "Kommunen ska göra studiebesök hos grannländerna för att lära av dem."
    assert quote.p.get_text() == wording
    hrefs = [a["href"] for a in quote.select("a")]
    assert "policy.html#test-metod-1" in hrefs


@pytest.mark.sphinx("html", testroot="training")
def test_policy_quote_follows_a_change_of_the_policy(app):
    app.build()
    policy = Path(app.srcdir) / "policy.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "för att lära av dem", "för att lära av varandra"), encoding="utf-8")
    app.build()
    quote = soup(Path(app.outdir) / "modul.html").select_one("blockquote.handbok-policy-quote")
    assert "för att lära av varandra" in quote.get_text()


@pytest.mark.sphinx("html", testroot="training")
def test_duties_heading_follows_the_status_of_the_policy(app):
    """Issue 27: a module never teaches the duties of a policy that no longer applies as the
    reader's own; the heading is derived from the policy's dates, in the page and its contents
    list, and keeps its anchor."""
    def heading() -> tuple[str, str, str]:
        title = soup(Path(app.outdir) / "modul.html").select_one("h2:has(.handbok-duties-title)")
        toc = app.env.tocs["modul"].next_node(
            lambda n: isinstance(n, nodes.inline) and "handbok-duties-title" in n["classes"])
        return title.select_one(".handbok-duties-title").get_text(), title.parent["id"], \
            toc.astext()

    app.build()
    assert heading() == ("Ditt ansvar", "ditt-ansvar", "Ditt ansvar")
    policy = Path(app.srcdir) / "policy.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "status: gällande", "status: gällande\nvalid: 2016–2020"), encoding="utf-8")
    app.build()
    ended = "Chefernas ansvar enligt en strategi som har gått ut"
    assert heading() == (ended, "ditt-ansvar", ended)
    assert "Giltighetstiden har gått ut" in soup(Path(app.outdir) / "modul.html").get_text()


@pytest.mark.sphinx("html", testroot="training")
def test_self_check_is_a_details_element_linking_into_the_policy(app):
    app.build()
    page = soup(Path(app.outdir) / "modul.html")
    details = page.select("details.sd-dropdown")
    assert len(details) == 1
    assert details[0].summary is not None
    assert "Vem utser kontaktpersonen?" in details[0].summary.get_text()
    assert not details[0].has_attr("open")
    hrefs = {a["href"] for a in details[0].select("a")}
    assert {"policy.html#actor-chefer", "policy.html#test-metod-1"} <= hrefs


@pytest.mark.sphinx("html", testroot="training-bad")
def test_unknown_policy_quote_is_a_located_warning(app):
    app.build()
    warnings = app._warning.getvalue()
    assert "index.md:5" in warnings
    assert "finns-inte-1" in warnings and "Kontrollera id:t" in warnings
    page = soup(Path(app.outdir) / "index.html")
    assert "Text efter citatet." in page.get_text()


@pytest.mark.sphinx("latex", testroot="training")
def test_latex_document_contains_the_orphan_case_in_full(app):
    app.build()
    assert not app._warning.getvalue()
    tex = (Path(app.outdir) / "test.tex").read_text(encoding="utf-8")
    assert "Alla exempel i sin helhet" in tex
    assert "Fyra lärare besökte en skola" in tex
    # the case table links to the inlined case, and the inlined case has that label
    assert r"\hyperref[\detokenize{fall/besok::doc}]" in tex
    assert r"\label{\detokenize{fall/besok::doc}}" in tex
    assert "Hemligt upplägg" not in tex


# --- the real site, built by the real make targets -----------------------------------------


@pytest.fixture(scope="module")
def builds(site_html, site_trainer) -> dict[str, Path]:
    """``make html`` and ``make trainer`` of the real site (the session's builds)."""
    return {"html": site_html, "trainer": site_trainer}


def module_sources() -> dict[str, str]:
    return {m: (REPO / "docs" / "utbildning" / f"{m}.md").read_text(encoding="utf-8")
            for m in MODULES}


def note_sentences() -> list[str]:
    """Sentences written inside facilitator-note directives in the module sources."""
    found = []
    for text in module_sources().values():
        for body in re.findall(r"::::\{facilitator-note\}[^\n]*\n(.*?)\n::::", text, re.S):
            for line in body.splitlines():
                line = re.sub(r"^(\d+\.|-)\s+", "", line.strip())
                if re.match(r"^[A-ZÅÄÖ][a-zåäö ,]{20,}", line) and not set("{|[") & set(line):
                    found.append(line.split(".")[0].split("?")[0])
    return found


def test_every_module_has_goals_length_and_five_self_checks_linking_to_policy(builds):
    for module in MODULES:
        page = soup(builds["html"] / "docs" / "utbildning" / f"{module}.html")
        article = page.select_one("article")
        text = article.get_text(" ")
        assert "Lärandemål" in text and "Tidsåtgång" in text, module
        goals = article.select_one("section#larandemal ul")
        assert goals is not None and len(goals.select("li")) >= 3, module
        checks = article.select("details.sd-dropdown")
        assert len(checks) >= 5, module
        for check in checks:
            assert check.summary.get_text(strip=True).startswith("Fråga"), module
            hrefs = [a["href"] for a in check.select("a.reference.internal")]
            # into a policy text (a policy page, usually an anchor in it), not just the list
            assert any(re.search(r"policy/[^/]+/[^/]+\.html", h) for h in hrefs), (
                module, check.summary)


def test_modules_draw_duties_from_the_policy_text(builds):
    """The per-actor view in a module shows the duty wording exactly as the policy marks it."""
    html = builds["html"]
    policy = soup(html / "policy" / "huddinge" / "strategi.html")
    page = soup(html / "docs" / "utbildning" / "forvaltningschefer.html")
    items = page.select("ul.handbok-actor-duties li a")
    assert len(items) >= 2
    for link in items:
        path, anchor = link["href"].split("#")
        target_page = soup((html / "docs" / "utbildning" / path).resolve())
        marked = target_page.find(id=anchor).find_next("span", class_="handbok-duty")
        assert marked.get_text() == link.get_text()
    quote = page.select_one("blockquote.handbok-policy-quote p").get_text()
    assert quote in policy.select_one("#huddinge-metod-1").parent.get_text()


def test_module_3_does_not_teach_the_ended_strategy_as_your_duty(builds):
    """Huddinge's strategy (2016–2020) has ended: module 3's duties heading says so."""
    page = soup(builds["html"] / "docs" / "utbildning" / "forvaltningschefer.html")
    headings = [h.get_text().rstrip("#").strip() for h in page.select("article h2")]
    assert "Ditt ansvar" not in headings
    assert "Förvaltningschefernas ansvar enligt en strategi som har gått ut" in headings


def test_training_is_in_the_navigation(builds):
    index = soup(builds["html"] / "docs" / "utbildning" / "index.html")
    hrefs = {a["href"] for a in index.select("article a.reference.internal")}
    for module in MODULES:
        assert f"{module}.html" in hrefs


def test_make_trainer_has_the_notes_and_make_html_has_no_trace(builds):
    html, trainer = builds["html"], builds["trainer"]
    sentences = note_sentences()
    assert len(sentences) >= 8
    for module in MODULES:
        notes = soup(trainer / "docs" / "utbildning" / f"{module}.html").select(
            ".handbok-facilitator-note")
        assert len(notes) >= 2, module
        assert notes[0].select_one(".admonition-title").get_text().startswith(NOTE_MARKER)
    trainer_text = "".join(p.read_text(encoding="utf-8") for p in trainer.rglob("*.html"))
    for sentence in sentences:
        assert sentence in trainer_text, sentence
    # No trace in any file of the default build: pages, search index, sources, anything.
    assert not [p for p in (html / "_sources").rglob("*") if p.is_file()]
    for path in html.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert NOTE_MARKER not in text, path
            assert "handbok-facilitator-note" not in text, path
            for sentence in sentences:
                assert sentence not in text, (path, sentence)
    # Words only the notes use are indexed for the module pages in one build, not the other.
    full, plain = search_index(trainer), search_index(html)
    for module in MODULES:
        docname = f"docs/utbildning/{module}"
        assert STEM("tidsplan") in terms_of(full, docname), module
        assert STEM("tidsplan") not in terms_of(plain, docname), module
    assert not any(NOTE_MARKER in title for title in plain["alltitles"])


def test_print_css_hides_navigation(builds):
    css = (builds["html"] / "_static" / "handbok.css").read_text(encoding="utf-8")
    block = css[css.index("@media print"):]
    for selector in (".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary",
                     ".bd-header-article", ".prev-next-area", ".bd-footer"):
        assert selector in block, selector
    assert "display: none !important" in block
    page = soup(builds["html"] / "docs" / "utbildning" / "alla-medarbetare.html")
    assert any("handbok.css" in link.get("href", "") for link in page.select("link"))


CHROMIUM = "/usr/bin/chromium"  # Debian's chromium (installed by .ci/run)


def print_page(html: Path, page: str, pdf: Path) -> str:
    """Print a page as the browser does (print media) and return the text on paper."""
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", (html / page).as_uri()],
        capture_output=True, timeout=120, check=True)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.pdf
def test_browser_prints_a_page_without_navigation(builds, tmp_path):
    page = "docs/utbildning/alla-medarbetare.html"
    printed = print_page(builds["html"], page, tmp_path / "with.pdf")
    lines = [line.strip() for line in printed.splitlines()]
    assert "Modul 1: Introduktion för alla medarbetare" in " ".join(lines)
    assert "Lärandemål" in lines
    # The page's table of contents ("Innehåll", one entry per heading) stays on screen.
    assert "Innehåll" not in lines
    assert lines.count("Testa dig själv") == 1
    # Without the print block the same page prints its table of contents: the CSS matters.
    bare = tmp_path / "bare"
    shutil.copytree(builds["html"], bare)
    css = bare / "_static" / "handbok.css"
    text = css.read_text(encoding="utf-8")
    css.write_text(text[: text.index("@media print")], encoding="utf-8")
    lines = [line.strip() for line in print_page(bare, page, tmp_path / "bare.pdf").splitlines()]
    assert "Innehåll" in lines and lines.count("Testa dig själv") == 2


def test_slide_decks_quote_the_policies_and_keep_answers_in_the_notes(builds):
    """One 16:9 PowerPoint deck per module (python-pptx reads it back): title, learning
    goals, a slide per section with the quoted wording and its source, and each self-check
    question alone on a slide with its answer only in the speaker notes."""
    from pptx import Presentation

    for module, source in module_sources().items():
        path = builds["trainer"] / "utskrift" / f"{module}-bilder.pptx"
        assert (builds["html"] / "utskrift" / path.name).is_file(), module
        deck = Presentation(str(path))
        assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
        slides = [[sh.text_frame.text for sh in s.shapes if sh.has_text_frame]
                  for s in deck.slides]
        notes = [s.notes_slide.notes_text_frame.text if s.has_notes_slide else ""
                 for s in deck.slides]
        assert slides[0][0] == source.splitlines()[0].lstrip("# ").strip()
        assert slides[1][0] == "Lärandemål"
        # The page's headings as built (a duties-title is derived from the policy's status).
        page = soup(builds["html"] / "docs" / "utbildning" / f"{module}.html")
        headings = [h.get_text().rstrip("#").strip() for h in page.select("article h2")]
        assert len(headings) == len(re.findall(r"^## ", source, re.M)), module
        titles = [s[0] for s in slides]
        for heading in headings:
            if heading not in ("Lärandemål", "Testa dig själv"):
                assert heading in titles, (module, heading)
        if "{policy-quote}" in source:
            assert any("Källa:" in " ".join(s) and "”" in " ".join(s) for s in slides), module
        questions = re.findall(r"^:::\{dropdown\} Fråga \d+: (.+)$", source, re.M)
        asked = [(n, s) for n, s in enumerate(slides) if s[0].startswith("Testa dig själv")]
        assert [s[1] for _n, s in asked] == questions, module
        for n, slide in asked:
            assert notes[n].startswith("Svar: ") and len(notes[n]) > 8
            assert notes[n][6:30] not in " ".join(slide), (module, n)


@pytest.mark.pdf  # LibreOffice prints the decks as PDFs, read back with pdfinfo and pdftotext
def test_slide_decks_turn_into_pdf_with_libreoffice(builds, tmp_path):
    """LibreOffice (what a trainer may open the decks with) turns every deck into a PDF of one
    16:9 page per slide; each page has its slide's title and all its text, and no word runs
    off the slide (pdftotext -bbox)."""
    from pptx import Presentation
    from test_pdf import pdf_pages, pdfinfo, squash

    decks = sorted((builds["html"] / "utskrift").glob("*-bilder.pptx"))
    assert [d.name.removesuffix("-bilder.pptx") for d in decks] == sorted(MODULES)
    # A profile of its own: never the user's, and no clash with a LibreOffice already open.
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, decks)],
                   check=True, capture_output=True, timeout=300)
    for deck_path in decks:
        pdf = tmp_path / deck_path.with_suffix(".pdf").name
        deck = Presentation(str(deck_path))
        info = pdfinfo(pdf)
        assert int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1]) == len(deck.slides), pdf.name
        width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M)
                            .groups())
        assert abs(width / height - 16 / 9) < 0.01, pdf.name
        pages = [squash(page) for page in pdf_pages(pdf)]
        for n, slide in enumerate(deck.slides):
            texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
            assert texts and squash(texts[0]) in pages[n], (pdf.name, n + 1)
            lines = [p.text for sh in slide.shapes if sh.has_text_frame
                     for p in sh.text_frame.paragraphs if p.text.strip()]
            for line in lines:  # each line, without the bullet LibreOffice draws before it
                assert squash(line) in pages[n], (pdf.name, n + 1, line[:60])
        bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        words = re.findall(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" '
                           r'yMax="([\d.-]+)">', bbox)
        assert words, pdf.name
        outside = [w for w in words if float(w[0]) < 0 or float(w[1]) < 0
                   or float(w[2]) > width + 0.5 or float(w[3]) > height + 0.5]
        assert outside == [], (pdf.name, outside[:3])


@given(st.lists(st.text("abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=24),
                min_size=1, max_size=40))
@settings(max_examples=200, deadline=None)
def test_a_slide_title_of_any_length_fits_two_lines_of_its_box(words):
    """A title of any length gets a type from its start size down to 20 pt at which it wraps
    to at most two lines that fit the placeholder's height; one too long even at 20 pt is cut
    at a word with " …" (the slide's notes keep it whole)."""
    from handbok.slides import TITLE_MIN_SIZE, _title_rows, title_fit

    title = " ".join(words)
    shown, size = title_fit(title, 36, 11.7, 1.2)
    assert TITLE_MIN_SIZE <= size <= 36
    rows = _title_rows(shown, size, 11.7 * 72 - 15)
    assert rows <= 2 and rows * 1.2 * size <= 1.2 * 72 - 14
    assert shown == title or (shown.endswith(" …") and title.startswith(shown[:-2]))
