"""Pictures: responsibility diagrams and the activity chart, as SVG with text alternatives."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


def page(outdir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(outdir) / f"{docname}.html").read_text("utf-8"), "html.parser")


def diagram_img(soup: BeautifulSoup, cls: str):
    img = soup.select_one(f"figure div.{cls} img")
    assert img is not None, cls
    return img


def assert_svg(outdir: Path, docname: str, img, *texts: str) -> None:
    svg = (Path(outdir) / docname).parent / img["src"]
    content = svg.resolve().read_text("utf-8")
    assert content.lstrip().startswith("<?xml") and "<svg" in content
    for text in texts:
        assert text in content, text
    assert "<script" not in content and "http://" not in content.split("<svg", 1)[1].replace(
        'xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', "")


@pytest.mark.sphinx("html", testroot="compare", srcdir="charts-diagrams")
def test_each_policy_page_shows_its_responsibility_diagram(app):
    app.build()
    assert "[handbok" not in app.warning.getvalue(), app.warning.getvalue()
    for pid, actors in (("alfa", ["Kommunstyrelsen", "Nämnderna"]),
                        ("gamma", ["Kommunstyrelsen", "Bolagen"])):
        soup = page(app.outdir, f"policy/{pid}")
        img = diagram_img(soup, "handbok-responsibility-diagram")
        assert img["role"] == "img"
        assert img["alt"].startswith("Diagram över vem som ansvarar för vad enligt")
        assert_svg(app.outdir, f"policy/{pid}", img, *actors, "samordnar" if pid == "alfa"
                   else "deltar")
        # The text alternative next to it: duties per actor and role.
        table = soup.select_one("table.handbok-responsibility-table")
        assert table is not None
        assert actors[0] in table.get_text()
    gamma = page(app.outdir, "policy/gamma")
    alt = diagram_img(gamma, "handbok-responsibility-diagram")["alt"]
    assert "öppenhet" in alt and "& samarbete" in alt  # quotes and & escaped, not broken
    html = (Path(app.outdir) / "policy" / "gamma.html").read_text("utf-8")
    assert re.search(r'alt="Diagram över[^"]*&amp; samarbete', html)


@pytest.mark.sphinx("html", testroot="export", srcdir="charts-activity")
def test_activity_chart_with_table(app):
    app.build()
    soup = page(app.outdir, "index")
    # Every case of the root is illustrative: the default chart counts none of them.
    assert "Inga genomförda aktiviteter har rapporterats ännu" in soup.select_one(
        "p.handbok-empty").get_text()
    img = diagram_img(soup, "handbok-activity-chart")
    assert img["role"] == "img" and "antal illustrativa exempel per år och typ" in img["alt"]
    assert "räknas inte som genomförda aktiviteter" in img["alt"]
    assert_svg(app.outdir, "index", img, "Studiebesök", "Konferens", "2019", "2021")
    table = soup.select_one("table.handbok-activity-table")
    rows = [[c.get_text(strip=True) for c in tr.find_all(["td", "th"])]
            for tr in table.select("tr")]
    assert rows == [["År", "Studiebesök", "Konferens", "Totalt"], ["2019", "1", "0", "1"],
                    ["2020", "1", "0", "1"], ["2021", "0", "1", "1"]]
    # A duty text with quotes and a semicolon is drawn (DOT escaping), without a warning.
    plan = page(app.outdir, "policy/plan")
    assert_svg(app.outdir, "policy/plan", diagram_img(plan, "handbok-responsibility-diagram"),
               "&quot;studiebesök&quot;")
    assert "WARNING" not in app.warning.getvalue()


@pytest.mark.sphinx("latex", testroot="compare")
def test_latex_gets_pdf_pictures(app):
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text("utf-8")
    pictures = re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{([^}]+\.pdf)\}", tex)
    assert len(pictures) == 3, re.findall(r".*includegraphics.*", tex)
    for name in pictures:
        assert (Path(app.outdir) / name).read_bytes().startswith(b"%PDF")


@pytest.mark.sphinx("text", testroot="compare")
def test_text_builder_shows_the_alt_text(app):
    app.build()
    text = (Path(app.outdir) / "policy" / "alfa.txt").read_text("utf-8")
    assert "Diagram över vem som ansvarar för vad enligt Alfas program" in text


# --- the real site ----------------------------------------------------------------------------


def test_site_policy_pages_show_their_diagrams(site_html):
    for docname, actor in (("policy/huddinge/strategi", "Kommunfullmäktige"),
                           ("policy/haninge/program", "Kommunens bolag")):
        soup = page(site_html, docname)
        section = soup.find(id="vem-ansvarar-for-vad")
        assert section is not None, docname
        img = diagram_img(section, "handbok-responsibility-diagram")
        assert img["role"] == "img" and img["alt"]
        assert section.select_one("table.handbok-matrix") is not None  # matrix stays first
        assert_svg(site_html, docname, img, "ansvarar")
        assert actor in section.get_text() or actor == "Kommunens bolag"


def test_site_casebook_shows_chart_and_export_links(site_html):
    soup = page(site_html, "casebook/index")
    img = diagram_img(soup, "handbok-activity-chart")
    assert_svg(site_html, "casebook/index", img, "Projekt")
    hrefs = [a["href"] for a in soup.select("ul.handbok-export-links a")]
    assert "../export/cases.csv" in hrefs and "../export/schema.json" in hrefs
    for href in hrefs:
        assert (site_html / "casebook" / href).resolve().is_file(), href


def test_site_followup_pages_exports_and_comparison(site_html):
    cases = json.loads((site_html / "export" / "cases.json").read_text("utf-8"))["cases"]
    years = sorted({y for c in cases for y in c["years"]})
    # Every case of the casebook is illustrative: the year pages count no carried-out
    # activity and list every example as an illustrative one, under its own heading.
    assert cases and all(c["illustrative"] for c in cases)
    examples = set()
    for year in years:
        soup = page(site_html, f"docs/uppfoljning/{year}")
        assert soup.select("li.handbok-followup-case") == [], year
        assert soup.select_one(".handbok-followup-total").get_text() == "0"
        assert "Inga genomförda aktiviteter har rapporterats" in soup.select_one(
            ".handbok-followup-intro").get_text()
        section = soup.select_one("section.handbok-followup-illustrative")
        assert section.select_one("h2").get_text(strip=True).startswith(
            f"Illustrativa exempel {year}")
        listed = [li.get_text(" ", strip=True) for li in section.select(
            "li.handbok-followup-illustrative-case")]
        assert all(text.startswith("Illustrativt exempel ") for text in listed)
        titles = {a.get_text(strip=True) for a in section.select(
            "li.handbok-followup-illustrative-case a")}
        assert titles == {c["title"] for c in cases if year in c["years"]}, year
        examples |= titles
    assert len(examples) == len(cases) == 12
    activities = json.loads((site_html / "export" / "activities.json").read_text("utf-8"))
    assert activities["activities"] == []
    index = page(site_html, "docs/uppfoljning/index")
    assert [a.get_text(strip=True) for a in index.select(".toctree-wrapper li.toctree-l1 > a")
            ] == [f"Uppföljning {y}" for y in reversed(years)]
    compare = page(site_html, "docs/jamforelse")
    head = [th.get_text(strip=True) for th in compare.select(
        "table.handbok-compare-overview thead th")]
    assert head[1:] == ["Haninge kommun", "Huddinge kommun"]
    fields = page(site_html, "docs/oppna-data")
    assert fields.select_one("table#falt-cases") is not None
