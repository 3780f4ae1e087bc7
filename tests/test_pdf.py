"""The printable handbook: ``make pdf`` (LaTeX builder + latexmk/XeLaTeX) and its text.

Needs TeX and pdftotext from Debian (installed by .ci/run). Without them the build fails,
and so does this test: a missing install is never skipped.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PDF_NAME = "handbok-internationellt-arbete"
DUTY_RE = re.compile(r"\{duty\}`(?P<text>[^`<]*?)\s*<[^`]*>`", re.S)


def squash(text: str) -> str:
    """Compare text regardless of line breaks, hyphenation and spacing in the PDF."""
    text = text.replace("\u00ad", "")
    return re.sub(r"[\s\-‐‑–—]+", "", text).lower()


@pytest.fixture(scope="module")
def pdf(site_pdf) -> dict:
    """``make pdf`` of the real site (the session's build), read with pdftotext."""
    latex = site_pdf
    path = latex / f"{PDF_NAME}.pdf"
    assert path.is_file()
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return {"dir": latex, "text": text, "flat": squash(text)}


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
    assert len(re.findall(r"Tabell \d+: Ansvarsmatris", text)) == len(MATRICES)
    for relpath, title in MATRICES.items():
        start = flat.index(squash(f"Ansvarsmatris: {title}"))
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
        assert "ansvarar" in table and "stödjer" in table


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
    assert squash("Alla exempel i sin helhet") in flat
    cases = [p for p in (REPO / "casebook").rglob("*.md") if p.name != "index.md"]
    assert cases
    for case in cases:
        source = case.read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", source, re.M).group(1)
        effect = re.search(r"^:effect:\s*(.+)$", source, re.M).group(1)
        assert squash(title) in flat, case.name
        assert squash(effect) in flat, case.name


def test_swedish_typography(pdf):
    tex = (pdf["dir"] / f"{PDF_NAME}.tex").read_text(encoding="utf-8")
    log = (pdf["dir"] / f"{PDF_NAME}.log").read_text(encoding="utf-8", errors="replace")
    assert r"\setmainlanguage{swedish}" in tex or "[swedish]{babel}" in tex
    assert "gloss-swedish" in log or "swedish.ldf" in log
    assert "No hyphenation patterns" not in log
    assert "Innehåll" in pdf["text"]  # the table of contents, in Swedish
    assert "å" in pdf["text"] and "ö" in pdf["text"]


def test_facilitator_notes_are_not_in_the_handout(pdf):
    assert "Handledarens anteckningar" not in pdf["text"]
