"""A machine with Python, make and git only: ``make html`` draws every diagram without Graphviz.

The HTML build draws with graphviz-pure (a pip dependency, see ``handbok.render``), never with
a system ``dot``; these tests hide ``dot`` from PATH and look at what the pages hold.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from handbok import render

REPO = Path(__file__).resolve().parent.parent

#: Actor labels with Swedish letters that each policy's diagram must show.
ACTORS = {
    "policy/huddinge/strategi": ["Kommunfullmäktige", "Förvaltningarna", "Nämnderna",
                                 "Förvaltningscheferna"],
    "policy/haninge/program": ["Förvaltningarna", "Nämnderna", "Kommunstyrelsen"],
}


def soup(outdir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / f"{docname}.html").read_text("utf-8"), "html.parser")


def diagram_svg(outdir: Path, docname: str, cls: str) -> str:
    img = soup(outdir, docname).select_one(f"figure div.{cls} img")
    assert img is not None, (docname, cls)
    assert img["role"] == "img" and img["alt"].strip(), docname
    svg = ((outdir / docname).parent / img["src"]).resolve()
    assert svg.is_file() and svg.stat().st_size > 0, (docname, img["src"])
    text = svg.read_text("utf-8")
    assert "<svg" in text and "<script" not in text, docname
    return text


@pytest.fixture(scope="module")
def bare_site(site_html) -> Path:
    """The session's ``make html``: it runs with no Graphviz on PATH (see conftest)."""
    return site_html


def test_policy_pages_hold_their_diagrams_without_system_dot(bare_site):
    for docname, actors in ACTORS.items():
        svg = diagram_svg(bare_site, docname, "handbok-responsibility-diagram")
        for actor in actors:
            assert f">{actor}</text>" in svg, (docname, actor)
        assert "ansvarar" in svg
        assert 'font-family="Helvetica' not in svg  # laid out and shown in Verdana


def test_casebook_holds_the_activity_chart_without_system_dot(bare_site):
    svg = diagram_svg(bare_site, "casebook/index", "handbok-activity-chart")
    for label in ("Studiebesök", "Vänortsutbyte", "Nätverk", ">År<"):
        assert label in svg, label


def test_every_diagram_of_the_site_is_drawn_without_system_dot(bare_site):
    drawn = 0
    for html in bare_site.rglob("*.html"):
        page = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        assert page.select_one(".handbok-diagram-missing") is None, html
        for img in page.select("div.handbok-diagram img"):
            svg = (html.parent / img["src"]).resolve()
            assert svg.is_file() and svg.stat().st_size > 0, (html, img["src"])
            drawn += 1
    assert drawn >= 3  # both policies and the casebook at least


def test_html_renderer_is_the_one_beside_python_not_path(monkeypatch):
    monkeypatch.setenv("PATH", "")
    render.program.cache_clear()
    try:
        exe = render.program()
    finally:
        render.program.cache_clear()
    assert exe is not None, "graphviz-pure is a dependency in pyproject.toml"
    assert Path(exe).parent in {Path(sys.executable).parent,
                                Path(sysconfig.get_path("scripts"))}


def test_svg_keeps_swedish_letters_and_escapes_text():
    svg = render.svg('digraph { a [label="Nämnd & \\"förvaltning\\" <å>", fontsize=12]; }\n')
    assert "Nämnd &amp; &quot;förvaltning&quot; &lt;å&gt;" in svg
    assert f'font-family="{render.FONT_FAMILY}"' in svg
    assert "<script" not in svg and "xlink:href" not in svg


def test_layout_font_is_wider_than_helvetica():
    """Verdana's table is wider than Helvetica's: a box fits the text in any sans-serif font."""
    def width(font: str) -> float:
        code = (f'digraph {{ node [fontname="{font}", shape=plain]; '
                'a [label="Kommunfullmäktige"]; }')
        out = subprocess.run([render.program(), "-Tsvg"], input=code.encode(),
                             capture_output=True, check=True).stdout.decode()
        return float(out.split('<svg width="', 1)[1].split("pt", 1)[0])

    assert width("Verdana") > width("Helvetica") * 1.1


@pytest.mark.sphinx("html", testroot="compare", srcdir="bare-no-renderer")
def test_missing_renderer_warns_in_swedish_and_keeps_the_text(app, monkeypatch):
    monkeypatch.setattr(render, "program", lambda: None)
    app.build()
    warnings = app.warning.getvalue()
    assert "Diagrammet kunde inte ritas: programmet graphviz-pure saknas" in warnings, warnings
    page = soup(Path(app.outdir), "policy/alfa")
    missing = page.select_one("figure p.handbok-diagram-missing")
    assert missing is not None
    assert missing.get_text().startswith("Diagram över vem som ansvarar för vad enligt")
