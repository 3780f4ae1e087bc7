"""Follow-up reports: generated year pages, grouping, counts, coverage, incremental builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

#: The tests that only read a build of the unchanged root share one build (Sphinx's own
#: ``shared_result``: the first builds, the others read its output and its warnings).
SHARED = "followup-shared"

CASE = """---
orphan: true
---

# Exempel {ident}

:::{{case}} {ident}
:type: {ctype}
:unit: {unit}
:period: {period}
:methods: {methods}
:goals: test-mal-1
:effect: {effect}
:illustrative: nej

Det här gjordes.
:::
"""


def soup(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text("utf-8"),
                         "html.parser")


def section(page: BeautifulSoup, part: str):
    found = page.select_one(f"section.handbok-followup-{part}")
    assert found is not None, part
    return found


def units_report(page: BeautifulSoup) -> dict[str, list[tuple[str, str]]]:
    """unit heading -> [(case title, effect text)] from the per-förvaltning section."""
    result = {}
    for box in section(page, "units").select("div.handbok-followup-unit"):
        heading = box.select_one(".rubric").get_text(" ", strip=True)
        cases = []
        for item in box.select("li.handbok-followup-case"):
            title = item.select_one("strong a").get_text(" ", strip=True)
            effect = item.select_one("p.handbok-followup-effect").get_text(" ", strip=True)
            cases.append((title, effect))
        result[heading] = cases
    return result


def table_rows(table) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
            for tr in table.select("tr")]


def gaps(page: BeautifulSoup, kind: str) -> list[str]:
    found = section(page, "coverage").select_one(f"ul.handbok-followup-gap-{kind}")
    return [li.get_text(" ", strip=True) for li in found.select("li")] if found else []


def add_case(srcdir: Path, name: str, **fields) -> None:
    fields.setdefault("methods", "test-metod-1")
    (Path(srcdir) / "casebook" / f"{name}.md").write_text(
        CASE.format(**fields), encoding="utf-8")


@pytest.mark.sphinx("html", testroot="followup")
@pytest.mark.test_params(shared_result=SHARED)
def test_one_generated_page_per_year(app):
    app.build()
    folder = Path(app.srcdir) / "docs" / "uppfoljning"
    assert sorted(p.name for p in folder.glob("[0-9]*.md")) == ["2018.md", "2019.md",
                                                                 "2020.md"]
    for year in (2018, 2019, 2020):
        assert (Path(app.outdir) / "docs" / "uppfoljning" / f"{year}.html").is_file()
    index = soup(app, "docs/uppfoljning/index")
    links = [a.get_text(strip=True) for a in index.select(".toctree-wrapper li.toctree-l1 > a")]
    assert links == ["Uppföljning 2018", "Uppföljning 2019", "Uppföljning 2020"]
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="followup")
@pytest.mark.test_params(shared_result=SHARED)
def test_report_lists_exactly_the_years_cases_by_unit_with_effects(app):
    app.build()
    page = soup(app, "docs/uppfoljning/2019")
    assert units_report(page) == {
        "Miljöförvaltningen, Testkommun (1 aktivitet)": [
            ("Exempel ex-b-projekt", "Effekt: Effekt B: lägre energianvändning.")],
        "Socialförvaltningen, Testkommun (1 aktivitet)": [
            ("Exempel ex-c-2019", "Effekt: Effekt C: bättre planering.")],
        "Utbildningsförvaltningen, Testkommun (1 aktivitet)": [
            ("Exempel ex-d-2019", "Effekt: Effekt D: nya kontakter.")],
    }
    # A case spanning 2018-2019 belongs to both years; 2018 has only its own cases.
    assert units_report(soup(app, "docs/uppfoljning/2018")) == {
        "Miljöförvaltningen, Testkommun (1 aktivitet)": [
            ("Exempel ex-b-projekt", "Effekt: Effekt B: lägre energianvändning.")],
        "Socialförvaltningen, Testkommun (1 aktivitet)": [
            ("Exempel ex-a-2018", "Effekt: Effekt A: nya rutiner i äldreomsorgen.")],
    }
    types = [r.get_text(" ", strip=True)
             for r in section(page, "types").select(".rubric")]
    assert types == ["Studiebesök (1 aktivitet)", "Projekt (1 aktivitet)",
                     "Konferens (1 aktivitet)"]
    methods = [" ".join(li.get_text().split())
               for li in section(page, "targets").select("ul.handbok-followup-methods li")]
    assert methods == [
        "Studiebesök och utbyte (2 aktiviteter): Exempel ex-c-2019, Exempel ex-d-2019",
        "Projekt (1 aktivitet): Exempel ex-b-projekt",
    ]


@pytest.mark.sphinx("html", testroot="followup")
@pytest.mark.test_params(shared_result=SHARED)
def test_count_tables_and_coverage(app):
    app.build()
    page = soup(app, "docs/uppfoljning/2019")
    unit_years = table_rows(page.select_one("table.handbok-followup-unit-years"))
    assert unit_years == [
        ["Förvaltning", "2018", "2019"],
        ["Kultur- och fritidsförvaltningen, Testkommun", "0", "0"],
        ["Miljöförvaltningen, Testkommun", "1", "1"],
        ["Socialförvaltningen, Testkommun", "1", "1"],
        ["Utbildningsförvaltningen, Testkommun", "0", "1"],
        ["Totalt", "2", "3"],
    ]
    types = table_rows(page.select_one("table.handbok-followup-type-counts"))
    assert types == [["Typ", "2019"], ["Studiebesök", "1"], ["Projekt", "1"],
                     ["Konferens", "1"], ["Vänortsutbyte", "0"], ["Totalt", "3"]]
    method_years = table_rows(page.select_one("table.handbok-followup-method-years"))
    assert method_years == [
        ["Metod", "2018", "2019"],
        ["Studiebesök och utbyte (Testkommun)", "1", "2"],
        ["Projekt (Testkommun)", "1", "1"],
        ["Vänorter (Testkommun)", "0", "0"],
    ]
    # The 2020 page shows 2020 and the years before it, not the years after.
    assert table_rows(soup(app, "docs/uppfoljning/2020").select_one(
        "table.handbok-followup-method-years"))[0] == ["Metod", "2018", "2019", "2020"]
    assert gaps(page, "methods") == ["Vänorter (Testkommun)"]
    assert gaps(page, "goals") == ["Profil (Testkommun)"]
    assert gaps(page, "units") == ["Kultur- och fritidsförvaltningen, Testkommun"]
    page_2020 = soup(app, "docs/uppfoljning/2020")
    assert gaps(page_2020, "units") == ["Miljöförvaltningen, Testkommun",
                                        "Socialförvaltningen, Testkommun",
                                        "Utbildningsförvaltningen, Testkommun"]
    assert gaps(page_2020, "methods") == ["Studiebesök och utbyte (Testkommun)",
                                          "Projekt (Testkommun)"]


@pytest.mark.sphinx("html", testroot="followup", srcdir="followup-incremental")
def test_incremental_build_adds_case_new_year_and_removes_stale_year(app, make_app):
    app.build()
    srcdir = Path(app.srcdir)
    before = units_report(soup(app, "docs/uppfoljning/2019"))
    assert "Kultur- och fritidsförvaltningen, Testkommun (1 aktivitet)" not in before

    add_case(srcdir, "f-2019", ident="ex-f-ny", ctype="nätverk",
             unit="Kultur- och fritidsförvaltningen", period="2019-02/2019-03",
             methods="test-metod-3", effect="Effekt F: ett nytt nätverk.")
    add_case(srcdir, "g-2021", ident="ex-g-2021", ctype="projekt",
             unit="Socialförvaltningen", period="2021-01", effect="Effekt G.")
    app2 = make_app("html", srcdir=srcdir)
    app2.build()
    assert "ex-f-ny" in app2.env.domains["handbok"].data["cases"]["casebook/f-2019"]["id"]
    page = soup(app2, "docs/uppfoljning/2019")
    report = units_report(page)
    assert report["Kultur- och fritidsförvaltningen, Testkommun (1 aktivitet)"] == [
        ("Exempel ex-f-ny", "Effekt: Effekt F: ett nytt nätverk.")]
    assert len(report) == 4
    assert gaps(page, "units") == []
    assert gaps(page, "methods") == []
    # A new year gets its page, and the index lists it.
    assert (srcdir / "docs" / "uppfoljning" / "2021.md").is_file()
    assert units_report(soup(app2, "docs/uppfoljning/2021")) == {
        "Socialförvaltningen, Testkommun (1 aktivitet)": [
            ("Exempel ex-g-2021", "Effekt: Effekt G.")]}
    index = soup(app2, "docs/uppfoljning/index")
    assert "Uppföljning 2021" in index.select_one(".toctree-wrapper").get_text()
    # The 2018 page (another year) also shows the new unit in its coverage list.
    assert "Kultur- och fritidsförvaltningen, Testkommun" in gaps(
        soup(app2, "docs/uppfoljning/2018"), "units")

    # Removing the only 2021 case removes the generated 2021 page.
    (srcdir / "casebook" / "g-2021.md").unlink()
    app3 = make_app("html", srcdir=srcdir)
    app3.build()
    assert not (srcdir / "docs" / "uppfoljning" / "2021.md").exists()
    assert "Uppföljning 2021" not in soup(app3, "docs/uppfoljning/index").select_one(
        ".toctree-wrapper").get_text()
    assert "[handbok" not in app3.warning.getvalue(), app3.warning.getvalue()


@pytest.mark.sphinx("html", testroot="followup", srcdir="followup-unit")
def test_report_for_one_unit_and_bad_year(app):
    extra = Path(app.srcdir) / "enhet.md"
    extra.write_text("---\norphan: true\n---\n\n# Enhet\n\n:::{followup-report}\n:year: 2019\n"
                     ":unit: Socialförvaltningen\n:::\n\n:::{followup-report}\n:year: 19\n:::\n",
                     encoding="utf-8")
    app.build(force_all=True)
    page = soup(app, "enhet")
    assert units_report(page) == {
        "Socialförvaltningen, Testkommun (1 aktivitet)": [
            ("Exempel ex-c-2019", "Effekt: Effekt C: bättre planering.")]}
    assert table_rows(page.select_one("table.handbok-followup-unit-years"))[1:] == [
        ["Socialförvaltningen, Testkommun", "1", "1"], ["Totalt", "1", "1"]]
    assert gaps(page, "methods") == ["Projekt (Testkommun)", "Vänorter (Testkommun)"]
    warnings = app.warning.getvalue()
    assert "enhet.md:12" in warnings and "':year:'" in warnings and "'19'" in warnings


@pytest.mark.sphinx("html", testroot="followup", srcdir="followup-handwritten")
def test_handwritten_year_file_is_kept_with_a_warning(app, make_app):
    own = Path(app.srcdir) / "docs" / "uppfoljning" / "2020.md"
    own.write_text("# Egen sida 2020\n", encoding="utf-8")
    app2 = make_app("html", srcdir=app.srcdir)  # year pages are written as the build starts
    app2.build()
    assert own.read_text(encoding="utf-8") == "# Egen sida 2020\n"
    assert "2020.md finns redan och är inte genererad" in app2.warning.getvalue()


def test_empty_or_broken_front_matter_names_no_municipality(tmp_path):
    """The follow-up pages come from the policies' front matter as the site reads it: an
    empty ``municipality`` or a broken block gives no page (never "kind: policy" read as a
    municipality)."""
    from types import SimpleNamespace

    from handbok.followup import _scan_sources

    pages = {
        "tom.md": "---\npolicy: tom\nmunicipality:\nkind: policy\n---\n\n# Tom\n",
        "trasig.md": "---\npolicy: trasig\nmunicipality: [Ekby\n---\n\n# Trasig\n",
        "ratt.md": "---\npolicy: ratt\nmunicipality: Ekby kommun\nkind: plan\n---\n\n# Rätt\n",
        "citat.md": "---\npolicy: citat\nmunicipality: \"Lillby kommun\"\n---\n\n# Citat\n",
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    config = SimpleNamespace(source_suffix={".md": "markdown"}, exclude_patterns=[])
    _years, municipalities = _scan_sources(SimpleNamespace(srcdir=tmp_path, config=config))
    # (municipality, docname) pairs: the one-name-per-municipality rule needs the page too.
    assert municipalities == {("Ekby kommun", "ratt"), ("Lillby kommun", "citat")}
