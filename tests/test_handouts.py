"""Handouts: ``make handouts`` prints each training module twice (participants, facilitator)
and ``make handouts MODULER=1,3`` one pack; the site links the participants' PDFs.

Read back with pdftotext and pdfinfo (Debian's poppler-utils), never skipped.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_pdf import pdf_pages, pdfinfo, pdftotext, squash

REPO = Path(__file__).resolve().parent.parent
MODULES = REPO / "docs" / "utbildning"
NOTE = "Handledarens anteckningar"


def module_names() -> list[str]:
    """The modules in the training index's toctree order."""
    index = (MODULES / "index.md").read_text(encoding="utf-8")
    toc = index.split("```{toctree}", 1)[1].split("```", 1)[0]
    return [line.strip() for line in toc.splitlines()
            if line.strip() and not line.startswith(":")]


def questions_and_answers(module: str) -> list[tuple[str, str]]:
    """(question, first words of the answer) of the module's self-check dropdowns."""
    source = (MODULES / f"{module}.md").read_text(encoding="utf-8")
    found = re.findall(r"^:::\{dropdown\} (Fråga \d+: .+)\n(.+)$", source, re.M)
    # The answer's opening words, before any role or link (those print as their titles) and a
    # closing "Se"/"Läs"; answers too short to be told apart from the module's text are left out.
    pairs = []
    for question, answer in found:
        opening = re.split(r"[{\[]", answer, maxsplit=1)[0].strip()
        opening = re.sub(r"\s*(Se|Läs)( avsnittet| målet| metoden)?$", "", opening).strip()
        if len(opening) >= 25:
            pairs.append((question, opening))
    return pairs


@pytest.fixture(scope="module")
def handouts(site_handouts) -> Path:
    return site_handouts


def test_one_participants_and_one_facilitator_pdf_per_module(handouts):
    names = module_names()
    assert len(names) == 4
    pdfs = sorted(p.name for p in handouts.glob("*.pdf"))
    # Each module, and the ready packs: förvaltningschefer (modules 1 and 3) and the
    # 45-minute workplace meeting.
    expected = sorted(f"{n}-{e}.pdf" for n in [*names, "paket-1-3", "arbetsplatstraff"]
                      for e in ("deltagare", "handledare"))
    assert pdfs == expected


def test_every_handout_is_tagged_swedish_and_titled(handouts):
    for path in handouts.glob("*.pdf"):
        info = pdfinfo(path)
        assert re.search(r"^Tagged:\s+yes$", info, re.M), path.name
        assert re.search(r"^Title:\s+(Arbetsplatsträff på 45 minuter: )?Modul \d", info,
                         re.M), path.name
        assert b"/Lang (sv)" in path.read_bytes(), path.name
        struct = pdfinfo(path, "-struct")
        assert re.search(r"^\s*H1\b", struct, re.M) and re.search(r"^\s*Table\b", struct, re.M)


def test_participants_never_see_an_answer_on_its_questions_page(handouts):
    for module in module_names():
        pairs = questions_and_answers(module)
        assert len(pairs) >= 3, module
        pages = [squash(p) for p in pdf_pages(handouts / f"{module}-deltagare.pdf")]
        # Short enough to hand out: modules 3 and 4 have the matrices (two pages each).
        assert 2 <= len(pages) <= 10, (module, len(pages))
        for question, answer in pairs:
            asked = [n for n, page in enumerate(pages) if squash(question) in page]
            answered = [n for n, page in enumerate(pages) if squash(answer) in page]
            assert asked and answered, (module, question)
            assert not set(asked) & set(answered), (module, question, asked, answered)
            assert min(answered) > max(asked)  # the answer sheet comes after the questions
        text = pdftotext(handouts / f"{module}-deltagare.pdf")
        assert "Svar på fråga 1" in text
        assert NOTE not in text
        # Printed on both sides, the answer sheet starts on a new sheet: an odd page.
        first = min(n for n, page in enumerate(pages) if "svar:modul" in page)
        assert first % 2 == 0, (module, first + 1)
        if squash("Sidan är tom med avsikt") in pages[first - 1]:
            assert "fråga" not in pages[first - 1], module  # nothing else on the empty page


def test_handouts_carry_no_screen_only_text(handouts):
    for path in handouts.glob("*.pdf"):
        text = pdftotext(path)
        for screen in ("Rulla i sidled", "Öppna diagrammet i full storlek", "↔"):
            assert screen not in text, (path.name, screen)


def test_facilitator_edition_has_marked_notes_and_the_answers(handouts):
    for module in module_names():
        source = (MODULES / f"{module}.md").read_text(encoding="utf-8")
        notes = source.count("{facilitator-note}")
        assert notes >= 1
        text = pdftotext(handouts / f"{module}-handledare.pdf")
        assert text.count(NOTE) == notes, module
        flat = squash(text)
        for question, answer in questions_and_answers(module):
            assert squash(question) in flat and squash(answer) in flat
        assert "Handledarens upplaga" in text
        # The facilitator's edition starts with the time plan: the first note is the plan,
        # before the module's first section.
        first_page = squash(pdf_pages(handouts / f"{module}-handledare.pdf")[0])
        assert squash("upplägg och tidsplan") in first_page.lower(), module


def test_handouts_fit_the_page(handouts):
    for report in handouts.glob("*.tryck.json"):
        data = json.loads(report.read_text(encoding="utf-8"))
        assert data["tables"], report.name
        assert data["too_wide"] == [], report.name


def test_module_pages_and_index_link_existing_handouts(handouts):
    html = handouts.parent
    index = BeautifulSoup((html / "docs/utbildning/index.html").read_text(encoding="utf-8"),
                          "html.parser")
    listed = [a["href"] for a in index.select("a.handbok-handout-link")]
    assert len(listed) == len(module_names()) + 2  # the modules and the ready packs
    assert "../../utskrift/paket-1-3-deltagare.pdf" in listed
    assert "../../utskrift/arbetsplatstraff-deltagare.pdf" in listed
    for module in module_names():
        page = html / "docs" / "utbildning" / f"{module}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select("article a.handbok-handout-link")]
        assert links == [f"../../utskrift/{module}-deltagare.pdf"], module
        assert (page.parent / links[0]).resolve().is_file()
    for href in listed:
        assert (html / "docs" / "utbildning" / href).resolve().is_file(), href
    # The trainers' build links both editions of each module, and both are there (no 404).
    trainer = handouts.parent.parent / "trainer"
    index = BeautifulSoup((trainer / "docs/utbildning/index.html").read_text(encoding="utf-8"),
                          "html.parser")
    packs = [a["href"] for a in index.select("article a.handbok-handout-link")
             if "paket" in a["href"] or "arbetsplatstraff" in a["href"]]
    assert packs == [f"../../utskrift/{pack}-{edition}.pdf"
                     for pack in ("paket-1-3", "arbetsplatstraff")
                     for edition in ("deltagare", "handledare")]
    for href in packs:
        assert (trainer / "docs" / "utbildning" / href).resolve().is_file(), href
    for module in module_names():
        page = trainer / "docs" / "utbildning" / f"{module}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select("article a.handbok-handout-link")]
        assert links == [f"../../utskrift/{module}-deltagare.pdf",
                         f"../../utskrift/{module}-handledare.pdf",
                         f"../../utskrift/{module}-bilder.pptx"], module
        for href in links:
            assert (page.parent / href).resolve().is_file(), href


def test_a_pack_of_modules_one_and_three(print_make, handouts, tmp_path):
    proc = print_make("handouts", "MODULER=1,3")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    names = module_names()
    for edition in ("deltagare", "handledare"):
        path = handouts / f"paket-1-3-{edition}.pdf"
        assert re.search(r"^Tagged:\s+yes$", pdfinfo(path), re.M)
        text = pdftotext(path)
        assert "Modul 1:" in text and "Modul 3:" in text and "Modul 2:" not in text
    pages = [squash(p) for p in pdf_pages(handouts / "paket-1-3-deltagare.pdf")]
    for module in (names[0], names[2]):
        for question, answer in questions_and_answers(module):
            asked = {n for n, page in enumerate(pages) if squash(question) in page}
            answered = {n for n, page in enumerate(pages) if squash(answer) in page}
            assert asked and answered and not asked & answered, question
    # A module that does not exist: the printing command (what make runs, with MODULER
    # passed on as above) stops with a message, without rebuilding the site first.
    html = handouts.parent

    def printing(*flags: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "handbok_cli", "utskrift", "utbildning",
                               "--html", str(html), "--handledare", str(html.parent / "trainer"),
                               "--ut", str(tmp_path), *flags], capture_output=True, text=True)

    bad = printing("--moduler", "1,9")
    assert bad.returncode != 0 and "Det finns ingen modul 9" in bad.stderr
    assert "Modulerna har nummer 1 till 4" in bad.stderr
    # A ready pack that does not exist (make handouts PAKET=...): the packs' names.
    bad = printing("--paket", "fika")
    assert bad.returncode != 0 and "inget färdigt paket som heter 'fika'" in bad.stderr
    assert "arbetsplatstraff" in bad.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_the_45_minute_workplace_pack(handouts):
    """The ready pack for a workplace meeting: module 1 for the participants, and for the
    facilitator module 1 opening with its 45-minute plan (the 60-minute plan left out)."""
    module = module_names()[0]
    source = (MODULES / f"{module}.md").read_text(encoding="utf-8")
    plan = re.search(r"::::\{facilitator-note\} (tidsplan[^\n]*45 minuter)\n(.*?)\n::::",
                     source, re.S)
    assert plan, "module 1 has a facilitator note with the 45-minute plan"
    assert sum(int(m) for m in re.findall(r"^\| (\d+) min \|", plan[2], re.M)) == 45
    participants = handouts / "arbetsplatstraff-deltagare.pdf"
    text = pdftotext(participants)
    assert "Arbetsplatsträff på 45 minuter" in text and NOTE not in text
    pages = [squash(p) for p in pdf_pages(participants)]
    for question, answer in questions_and_answers(module):
        asked = {n for n, page in enumerate(pages) if squash(question) in page}
        answered = {n for n, page in enumerate(pages) if squash(answer) in page}
        assert asked and answered and min(answered) > max(asked), question
    facilitator = handouts / "arbetsplatstraff-handledare.pdf"
    first = squash(pdf_pages(facilitator)[0])
    assert squash(plan[1]) in first
    text = pdftotext(facilitator)
    assert "upplägg och tidsplan" not in text  # the module's 60-minute plan is for another day
    assert text.count(NOTE) == source.count("{facilitator-note}") - 1


def test_the_matrix_the_time_plan_walks_through_is_in_the_handouts(handouts):
    """Modules 3 and 4 walk through the responsibility matrix: both handouts print it whole,
    every duty and every actor's column, on A4 without a cut column, in 8 pt or more."""
    import pdfplumber
    from test_pdf import policy_duties

    for module in ("forvaltningschefer", "fortroendevalda"):
        for edition in ("deltagare", "handledare"):
            path = handouts / f"{module}-{edition}.pdf"
            flat = squash(pdftotext(path))
            for policy, title in (("huddinge/strategi", "Huddinge kommuns strategi"),
                                  ("haninge/program", "Haninge kommuns internationella")):
                assert squash(f"Ansvarsmatris: {title}") in flat, (path.name, policy)
                for duty in policy_duties(f"policy/{policy}.md"):
                    assert squash(duty) in flat, (path.name, duty)
            report = json.loads(path.with_suffix(".tryck.json").read_text(encoding="utf-8"))
            matrices = [t for t in report["tables"] if "Ansvarsmatris" in t["caption"]]
            assert len(matrices) == 2 and report["too_wide"] == [], path.name
        # The actors' names stand whole (upright) over their columns; the cells' text is 8 pt.
        path = handouts / f"{module}-deltagare.pdf"
        text = pdftotext(path, "-layout")  # the upright names, each on lines of its own
        lines = {line.strip() for line in text.splitlines()}
        for actor in ("Kommunövergripande nätverket", "Internationella kontaktpersoner",
                      "Kommunstyrelsens förvaltning", "Förvaltningscheferna"):
            assert actor in lines or set(actor.split()) <= lines, (module, actor)
        # No caption is left at the foot of a page, away from its table (in the page's
        # layout: the tagged text may give a caption after its table's first rows).
        for n, page in enumerate(text.split("\f")[:-1], 1):
            body = [line for line in page.splitlines() if line.strip()][:-1]  # no footer
            assert not (body and body[-1].startswith("Tabell ")), (module, n, body[-1])
        with pdfplumber.open(str(path)) as pdf:
            sizes = [round(c["size"], 1) for page in pdf.pages for c in page.chars
                     if c["upright"] and c["text"].strip()]
        assert min(sizes) >= 8, (module, sorted(set(sizes))[:5])
