"""Each directive and role of the handbok extension, on the test root ``test-ext-basic``."""

from __future__ import annotations

import shutil
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.testing.util import SphinxTestApp


def tables_of(app, docname: str) -> list[dict]:
    """Every table of a resolved page as caption + rows of cell texts (builder-independent)."""
    doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.tags)
    found = []
    for table in doctree.findall(nodes.table):
        title = next((c.astext() for c in table.children if isinstance(c, nodes.title)), "")
        rows = [
            [" ".join(entry.astext().split()) for entry in row.findall(nodes.entry)]
            for row in table.findall(nodes.row)
        ]
        found.append({"caption": title, "ids": list(table["ids"]), "rows": rows})
    return found


def body(app, page: str) -> BeautifulSoup:
    html = BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"),
                         "html.parser")
    return html.select_one("div.body") or html


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory):
    """The test root built once; every test below reads this one build."""
    srcdir = tmp_path_factory.mktemp("ext-basic") / "src"
    shutil.copytree(rootdir / "test-ext-basic", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    app.build()
    yield app
    app.cleanup()


def test_builds_without_warnings(built):
    assert built.warning.getvalue() == ""


def test_responsibility_matrix_rows_and_links(built):
    (matrix,) = [t for t in tables_of(built, "policy") if "handbok-matrix" in str(t["ids"]) or
                 t["caption"].startswith("Ansvarsmatris")]
    assert matrix["caption"] == "Ansvarsmatris: Alfa strategi"
    # On a web page a mark shows the role's short form and keeps the full role, with the
    # actor, as text for screen readers.
    assert matrix["rows"] == [
        ["Uppgift", "Styrelsen", "Nämnderna"],
        ["leder arbetet", "SaStyrelsen: samordnar", ""],
        ["genomför arbetet i sina verksamheter", "StStyrelsen: stödjer",
         "ANämnderna: ansvarar"],
    ]
    soup = body(built, "policy")
    table = soup.select_one("table.handbok-matrix")
    assert [a["href"] for a in table.select("tbody th a")] == ["#duty-1", "#duty-2"]
    # Every mark links to the sentence that gives the duty.
    marks = [(a.select_one(".handbok-mark-short").get_text(), a["href"])
             for a in table.select("tbody td a")]
    assert marks == [("Sa", "#duty-1"), ("St", "#duty-2"), ("A", "#duty-2")]
    legend = [dt.get_text() for dt in soup.select("dl.handbok-role-legend dt")]
    assert legend[:3] == ["B = beslutar", "A = ansvarar", "Sa = samordnar"]
    # The narrow-screen form: duty by duty, each actor with its role, linked to the sentence.
    by_duty = soup.select_one(".handbok-matrix-by-duty")
    assert [a.get_text(" ", strip=True) for a in by_duty.select(".handbok-matrix-marks a")] == [
        "Styrelsen : samordnar", "Nämnderna : ansvarar", "Styrelsen : stödjer"]
    assert [a["href"] for a in by_duty.select(".handbok-matrix-marks a")] == [
        "#duty-1", "#duty-2", "#duty-2"]
    assert soup.select_one("#duty-1") is not None and soup.select_one("#actor-styrelsen")
    # Header cells carry scope, the table has a caption and a focusable scroll region.
    assert {th["scope"] for th in table.select("thead th")} == {"col"}
    assert {th["scope"] for th in table.select("tbody th")} == {"row"}
    assert table.caption is not None
    region = table.parent
    assert region.name == "div" and region["tabindex"] == "0" and region["role"] == "region"
    assert region["aria-label"] == "Ansvarsmatris: Alfa strategi"


def test_matrix_with_policy_argument_on_another_page(built):
    captions = [t["caption"] for t in tables_of(built, "views")]
    assert "Ansvarsmatris: Alfa strategi" in captions


def test_method_and_goal_list_their_cases(built):
    soup = body(built, "policy")
    method = soup.select_one("div.handbok-method:has(#alfa-metod-1)")
    links = [a.get_text() for a in method.select(".handbok-target-cases a")]
    assert links == ["Projekt B", "Studiebesök A"]  # sorted by period: 2019 before 2021
    goal = soup.select_one("div.handbok-goal:has(#alfa-mal-1)")
    assert [a.get_text() for a in goal.select(".handbok-target-cases a")] == ["Studiebesök A"]


def test_case_shows_facts_and_links_back(built):
    (facts,) = tables_of(built, "cases/besok-a")
    assert facts["caption"] == "Fakta om exemplet"
    assert facts["rows"][:3] == [["Typ", "Studiebesök"], ["Förvaltning", "Skolförvaltningen"],
                                 ["Period", "mars–april 2021"]]
    soup = body(built, "cases/besok-a")
    hrefs = [a["href"] for a in soup.select("table.handbok-case-facts td a")]
    assert hrefs == ["../policy.html#alfa-metod-1", "../policy.html#alfa-mal-1"]
    assert soup.select_one(".handbok-illustrative") is not None
    assert "Skolan ändrade sitt schema." in soup.get_text()


def test_field_values_are_text_only(built):
    html = (built.outdir / "cases" / "projekt-b.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_case_tables_filter_group_and_sort(built):
    tables = {t["caption"]: t for t in tables_of(built, "views")}
    assert tables["Projekt (1)"]["rows"][1][0] == "Projekt B"
    assert [r[0] for r in tables["Exempel (2)"]["rows"][1:]] == ["Projekt B", "Studiebesök A"]
    assert [r[0] for r in tables["2019 (1)"]["rows"][1:]] == ["Projekt B"]  # :year: 2021
    assert [r[0] for r in tables["Skolförvaltningen (1)"]["rows"][1:]] == ["Studiebesök A"]
    grouped = [t["caption"] for t in tables_of(built, "casebook")]
    assert grouped == ["Studiebesök (1)", "Projekt (1)"]  # the configured order of types


def test_actor_duties_across_policies(built):
    soup = body(built, "views")
    items = [li.get_text(" ", strip=True) for li in soup.select("ul.handbok-actor-duties li")]
    assert items == ["samordnar – leder arbetet",
                     "stödjer – genomför arbetet i sina verksamheter"]
    assert soup.select_one("ul.handbok-actor-duties a")["href"] == "policy.html#duty-1"


def test_citing_roles(built):
    soup = body(built, "views")
    links = {a.get_text(): a["href"] for a in soup.select("p a.reference")}
    assert links["Studiebesök"] == "policy.html#alfa-metod-1"
    assert links["målet"] == "policy.html#alfa-mal-1"
    assert links["Studiebesök A"] == "cases/besok-a.html"
    assert links["Styrelsen"] == "policy.html#actor-styrelsen"


def test_policy_header(built):
    soup = body(built, "policy")
    fields = soup.select_one(".handbok-policy-meta")
    assert "Alfa kommun" in fields.get_text() and "KS 2020/1" in fields.get_text()


def test_snapshot_tables(built, data_regression):
    data_regression.check({page: tables_of(built, page)
                           for page in ("policy", "views", "casebook", "cases/besok-a")})


def test_snapshot_html_matrix_and_case_table(built, file_regression):
    parts = []
    for page, selector in (("policy", "table.handbok-matrix"),
                           ("casebook", "table.handbok-case-table"),
                           ("cases/besok-a", "table.handbok-case-facts")):
        table = body(built, page).select_one(selector)
        parts.append(f"<!-- {page}: {selector} -->\n{table.parent.prettify()}")
    file_regression.check("\n".join(parts), extension=".html")


def test_records_have_the_fields_of_their_types(built):
    """The typed records of handbok.records describe what the directives store, field for
    field (the ``docname`` that the query adds is not stored)."""
    from handbok.domain import domain
    from handbok.records import BY_TABLE

    data = domain(built.env).data
    seen = set()
    for table, record_type in BY_TABLE.items():
        for value in data[table].values():
            records = (value.values() if isinstance(value, dict) and table in ("actors", "targets")
                       else value if isinstance(value, list) else [value])
            for rec in records:
                seen.add(table)
                assert set(rec) == set(record_type.__annotations__) - {"docname"}, table
    assert seen == set(BY_TABLE)
