""""Rapportera en aktivitet" in Chromium at 375 px: the form checks the entry with the build's
rules, makes a case file that is downloaded and put where the page says, and the next build
(with -W) counts the activity on the follow-up page and in the Excel and Word files. Nothing
is requested from another host until "Föreslå på GitHub" is pressed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import docx
import openpyxl
import pytest
from bs4 import BeautifulSoup
from handbok.util import parse_period

from .conftest import Site
from .helpers import goto_loaded, run_axe

REPO = Path(__file__).parents[2]
FORGE_URL = "https://forge.example.org/kommun/handbok"
FORGE = FORGE_URL + "/new/main"
THEME = {"html_theme": "sphinx_book_theme", "html_static_path": [str(REPO / "_static")],
         "html_css_files": ["handbok.css"], "handbok_forge": "github",
         "handbok_forge_url": FORGE_URL}
#: Periods the form and the build must judge alike (the build's parse_period decides).
PERIODS = ["2024", "2024-02", "2024-02-30", "2024-13", "2023/2024", "2024/2023", "2024-02-29",
           "24-02", "2023-11/2024-01", "2023-11-31/2024", "2024 / 2024-03", "2024/2025/2026"]
TODAY = "2025-06-15"


def in_view(locator, page) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 1 \
        and 0 <= box["y"] < size["height"]


def fill(page, period: str) -> None:
    page.get_by_label("Rubrik").fill("Studiebesök om hemtjänst i Åbo")
    page.get_by_label("Typ").select_option(label="Studiebesök")
    page.get_by_label("Förvaltning").fill("Socialförvaltningen")
    page.get_by_label("Kommun").select_option("Norrås kommun")
    page.get_by_label("Period").fill(period)
    page.get_by_label("Partner").fill("En kommun i Finland (påhittad)")
    page.get_by_label("Land").fill("Finland")
    page.get_by_label("Finansiering").fill("Egen budget")
    page.get_by_label("Effekt").fill("Nya rutiner\n:::\nför hemtjänstens planering.")
    page.get_by_label("Vad gjorde ni?").fill("Fyra handläggare besökte en kommun.\n:::")


@pytest.mark.sphinx("html", testroot="followup-kommuner", srcdir="browser-report-form",
                    confoverrides={**THEME, "handbok_today": TODAY})
def test_a_reported_activity_is_counted(app, browser, tmp_path):
    src = Path(app.srcdir)
    shutil.copy(REPO / "docs" / "rapportera.md", src / "docs" / "rapportera.md")
    index = src / "index.md"
    index.write_text(index.read_text("utf-8").replace(
        "docs/uppfoljning/index\n", "docs/uppfoljning/index\ndocs/rapportera\n"), "utf-8")
    app.build()
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    out = Path(app.outdir)
    # The follow-up pages link the form.
    followup = BeautifulSoup((out / "docs/uppfoljning/norras-kommun/2024.html").read_text(
        "utf-8"), "html.parser")
    assert [a["href"] for a in followup.select("article a") if a.get_text(strip=True)
            == "Rapportera en aktivitet"] == ["../../rapportera.html"]

    served = Site(out)
    context = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 800},
                                  accept_downloads=True)
    hosts: list[str] = []
    context.on("request", lambda r: hosts.append(urlsplit(r.url).netloc))
    # The forge answers here (nothing leaves the machine); the page it is given is checked.
    context.route("https://forge.example.org/**",
                  lambda route: route.fulfill(status=200, body="forge", content_type="text/plain"))
    try:
        page = context.new_page()
        goto_loaded(page, served.url("docs/rapportera.html"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        # The lists come from the policies, grouped by municipality and policy.
        groups = page.locator("#hr-methods-field fieldset legend").all_text_contents()
        assert groups == ["Norrås kommun: Norråss plan", "Söderby kommun: Söderbys program"]
        goals = page.get_by_role("group", name="Mål", exact=True)
        assert goals.get_by_role("checkbox").count() == 2
        # An empty form: the errors are listed at the top, in view, and at each field.
        page.get_by_role("button", name="Skapa filen").click()
        summary = page.get_by_role("alert")
        assert summary.is_visible() and in_view(summary, page)
        assert "Välj minst en metod eller ett mål." in summary.inner_text()
        assert page.locator("#hr-title").get_attribute("aria-invalid") == "true"
        assert not page.locator("#hr-result").is_visible()
        # (The theme's "back to top" button, shown once the page has scrolled, is the theme's.)
        assert [v for v in run_axe(page) if not all("pst-back-to-top" in n
                                                    for n in v["nodes"])] == []
        # The period: the same verdict as the build's parse_period, and a carried-out
        # activity cannot start after the build's day.
        fill(page, "2024-02")
        page.get_by_label("Studiebesök i Norrås").check()
        for period in [*PERIODS, "2025-07"]:
            page.get_by_label("Period").fill(period)
            page.get_by_role("button", name="Skapa filen").click()
            error = page.locator("#hr-period-error")
            readable = parse_period(period) is not None
            assert error.is_visible() != (readable and period != "2025-07"), period
            if period == "2025-07":
                assert "har inte börjat" in error.inner_text()
        page.get_by_label("Period").fill("2024-02")
        page.get_by_role("button", name="Skapa filen").click()
        result = page.locator("#hr-result")
        assert result.is_visible() and in_view(page.locator("#hr-result-title"), page)
        folder = page.locator("#hr-folder").inner_text()
        name = page.locator("#hr-filename").inner_text()
        assert (folder, name) == ("casebook/studiebesok/", "studiebesok-om-hemtjanst-i-abo.md")
        with page.expect_download() as info:
            page.get_by_role("button", name="Ladda ner filen").click()
        download = info.value
        assert download.suggested_filename == name
        target = src / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        download.save_as(target)
        # Until now only the test server was asked for anything.
        assert set(hosts) == {urlsplit(served.origin).netloc}, set(hosts)
        with page.expect_popup() as popup:
            page.get_by_role("button", name="Föreslå på GitHub").click()
        popup.value.wait_for_load_state()
        query = parse_qs(urlsplit(popup.value.url).query)
        assert popup.value.url.startswith(FORGE + "?filename=")
        assert query["filename"] == [folder + name]
        assert query["value"] == [target.read_text("utf-8")]
    finally:
        context.close()
        served.close()

    text = target.read_text("utf-8")
    # A carried-out activity says so; without the line the build would not count it.
    assert text.count(":illustrative:") == 1 and ":illustrative: nej\n" in text
    # The text's own ":::" line lost its colons: the case still ends at its closing line.
    assert [n for n, line in enumerate(text.splitlines()) if line.startswith(":::")] == [
        6, len(text.splitlines()) - 1]
    assert ":effect: Nya rutiner ::: för hemtjänstens planering." in text
    # The file where the page says, and a build that treats every warning as an error.
    build = tmp_path / "html"
    overrides = [f"-Dhandbok_today={TODAY}"]
    # A process of its own: this one has the test app's directives registered.
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", *overrides,
                           str(src), str(build)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    page_2024 = BeautifulSoup((build / "docs/uppfoljning/norras-kommun/2024.html").read_text(
        "utf-8"), "html.parser")
    assert page_2024.select_one(".handbok-followup-total").get_text() == "2"
    units = [r.get_text(" ", strip=True) for r in page_2024.select(
        "section.handbok-followup-units .rubric")]
    assert "Socialförvaltningen, Norrås kommun (1 aktivitet)" in units
    files = build / "export" / "uppfoljning"
    book = openpyxl.load_workbook(files / "uppfoljning-norras-kommun-2024.xlsx")
    rows = [r for r in book["Aktiviteter"].iter_rows(values_only=True)]
    assert any(r[4] == "Studiebesök om hemtjänst i Åbo" and r[2] == "Socialförvaltningen"
               for r in rows)
    report = docx.Document(str(files / "uppfoljning-norras-kommun-2024.docx"))
    cells = [c.text for t in report.tables for r in t.rows for c in r.cells]
    assert "Studiebesök om hemtjänst i Åbo" in cells
    assert "Under 2024 genomförde 2 förvaltningar i Norrås kommun 2 internationella" in \
        report.paragraphs[1].text
