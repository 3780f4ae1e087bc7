"""LIX readability: the report page and the warning for our own hard pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import sphinx_build as build_in_process
from handbok.readability import band, lix, lix_of_blocks

ROOT = Path(__file__).resolve().parent / "roots" / "test-readability"
PLAIN = ("Det här är en enkel sida. Den har korta ord. Alla kan läsa den. Vi skriver kort. "
         "Vi vill att du ska förstå. Fråga oss om du inte gör det. Vi hjälper dig gärna. "
         "Det är bra att fråga. Vi svarar så fort vi kan. Tack för att du läser.")


def report(app) -> dict[str, list[str]]:
    page = BeautifulSoup((Path(app.outdir) / "rapport.html").read_text("utf-8"), "html.parser")
    rows = {}
    for tr in page.select("#lasbarhet-per-sida tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        rows[cells[0]] = cells[1:]
    return rows


def readability_warnings(app) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "handbok.readability" in line]


def test_lix_formula():
    # 6 words, 2 sentences, 1 long word (> 6 letters): 6/2 + 100*1/6 = 19.67
    assert lix("Vi går hem. Nu arbetar vi.") == pytest.approx(19.7, abs=0.05)
    rec = lix_of_blocks(["Rubrik", "Ett stycke utan punkt", "Två meningar. Här."])
    assert (rec["words"], rec["sentences"], rec["long_words"]) == (8, 4, 1)
    assert [band(x) for x in (29.9, 30, 39.9, 40, 50, 59.9, 60, 75)] == [
        "mycket lättläst", "lättläst", "lättläst", "medelsvår", "svår", "svår",
        "mycket svår", "mycket svår"]


@pytest.mark.sphinx("html", testroot="readability")
def test_report_and_warning(app):
    app.build()
    warnings = readability_warnings(app)
    # Only our own hard page: not the adopted policy text, not the page excluded in conf.py.
    assert len(warnings) == 1, app.warning.getvalue()
    assert re.search(r"svar\.md:1: WARNING: Sidan är svårläst: LIX [\d.]+ \(mycket svår\)",
                     warnings[0]), warnings[0]
    rows = report(app)
    assert set(rows) == {"Start", "Svår sida", "Undantagen sida", "Antagen strategi", "Rapport"}
    assert rows["Start"][1] in ("mycket lättläst", "lättläst")
    assert rows["Svår sida"][1] == "mycket svår"
    assert rows["Svår sida"][-1] == "Över gränsen 50: skriv enklare."
    assert rows["Antagen strategi"][1] == "mycket svår"
    assert rows["Antagen strategi"][-1] == "Antagen text: ingen varning."
    assert rows["Undantagen sida"][-1] == "Undantagen från varningen."
    assert rows["Rapport"][-1] == "För lite egen text för att mäta."
    # Too little text to measure: no LIX is shown, and the page comes last.
    assert rows["Rapport"][:2] == ["–", "–"]
    assert list(rows)[-1] == "Rapport"
    # Measured pages are sorted hardest first; the page names link to the pages.
    lixes = [float(r[0].replace(",", ".")) for r in rows.values() if r[0] != "–"]
    assert lixes == sorted(lixes, reverse=True)


def sphinx_build(src: Path, out: Path) -> subprocess.CompletedProcess:
    return build_in_process("-b", "html", "-W", "--keep-going", "-n", str(src), str(out))


def test_warning_fails_with_W_and_report_follows_edits(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(ROOT, src)
    proc = sphinx_build(src, out)
    assert proc.returncode != 0
    assert "svar.md:1: WARNING: Sidan är svårläst" in proc.stderr
    # The editor rewrites the page plainly: the build passes and the report follows (an
    # incremental build: only the changed page is read again).
    (src / "svar.md").write_text(f"# Svår sida\n\n{PLAIN}\n", encoding="utf-8")
    proc = sphinx_build(src, out)
    assert proc.returncode == 0, proc.stderr
    assert "1 source files that are out of date" in proc.stdout or "1 changed" in proc.stdout
    page = BeautifulSoup((out / "rapport.html").read_text("utf-8"), "html.parser")
    rows = {tr.find("td").get_text(strip=True): tr
            for tr in page.select("#lasbarhet-per-sida tbody tr")}
    assert rows["Svår sida"].find_all("td")[-1].get_text(strip=True) == ""


def test_parallel_build_merges_the_data(tmp_path, make_app):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    app = make_app("html", srcdir=src, parallel=2)
    app.build()
    assert len(report(app)) == 5
    assert len(readability_warnings(app)) == 1
    app.cleanup()


def test_real_site_report_lists_every_page(site_html):
    page = BeautifulSoup((site_html / "docs/lasbarhet.html").read_text("utf-8"), "html.parser")
    rows = page.select("#lasbarhet-per-sida tbody tr")
    pages = {tr.find("a")["href"] for tr in rows}
    assert "../policy/huddinge/strategi.html" in pages
    assert "lasbarhet.html" in pages or "#" in pages
    # Our own pages are at most 50, except the ones too short to measure.
    for tr in rows:
        cells = [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        if cells[-1] == "":
            assert float(cells[1].replace(",", ".")) <= 50


@pytest.mark.sphinx("html", testroot="readability",
                    confoverrides={"handbok_readability_limit": None})
def test_no_limit_no_warning(app):
    """Without a limit (the extension's default) the report is made but nothing is warned."""
    app.build()
    assert readability_warnings(app) == []
    assert report(app)["Svår sida"][1] == "mycket svår"
    assert report(app)["Svår sida"][-1] == ""
