"""Policy comparison: every policy side by side, with agreement and difference from the data."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup


def page(app, docname: str = "index") -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text("utf-8"),
                         "html.parser")


def rows(table) -> list[list[str]]:
    return [[" ".join(c.get_text().split()) for c in tr.find_all(["td", "th"])]
            for tr in table.select("tr")]


def items(soup: BeautifulSoup, cls: str) -> list[str]:
    found = soup.select_one(f"ul.{cls}")
    return [" ".join(li.get_text().split()) for li in found.select("li")] if found else []


@pytest.mark.sphinx("html", testroot="compare")
def test_three_policies_side_by_side(app):
    app.build()
    soup = page(app)
    overview = rows(soup.select_one("table.handbok-compare-overview"))
    assert overview[0] == ["", "Alfa kommun", "Beta kommun", "Gamma kommun"]
    assert ["Antal metoder", "2", "2", "2"] in overview
    assert ["Antal aktörer", "2", "2", "3"] in overview
    methods = rows(soup.select_one("table.handbok-compare-methods"))
    assert methods[0] == ["Nr", "Alfa kommun", "Beta kommun", "Gamma kommun"]
    assert methods[1] == ["1", "Nätverk i Alfa kommun (1 exempel)",
                          "Nätverk i Beta kommun (1 exempel)",
                          "Nätverk i Gamma kommun (0 exempel)"]
    actors = rows(soup.select_one("table.handbok-compare-actors"))
    assert actors[1:] == [
        ["Kommunstyrelsen", "samordnar 1", "samordnar 1", "ansvarar 1"],
        ["Nämnderna", "ansvarar 1", "ansvarar 2", "stödjer 1"],
        ["Bolagen", "finns inte", "finns inte", "deltar 1"],
    ]
    roles = rows(soup.select_one("table.handbok-compare-roles"))
    assert roles[1:] == [["beslutar", "0", "0", "0"], ["ansvarar", "1", "2", "1"],
                         ["samordnar", "1", "1", "0"], ["stödjer", "0", "0", "1"],
                         ["deltar", "0", "0", "1"]]


@pytest.mark.sphinx("html", testroot="compare")
def test_agreement_and_difference(app):
    app.build()
    soup = page(app)
    assert items(soup, "handbok-compare-shared-methods") == [
        "Nätverk i Alfa kommun (Alfa kommun) och Nätverk i Beta kommun (Beta kommun): "
        "Gemensamt nätverk"]
    assert items(soup, "handbok-compare-shared-goals") == [
        "Utbyte i Alfa kommun (Alfa kommun) och Utbyte i Gamma kommun (Gamma kommun): "
        "Gemensamt nätverk"]
    assert items(soup, "handbok-compare-alone-methods") == [
        "Projekt i Alfa kommun (Alfa kommun)", "Projekt i Beta kommun (Beta kommun)",
        "Nätverk i Gamma kommun (Gamma kommun)", "Projekt i Gamma kommun (Gamma kommun)"]
    assert items(soup, "handbok-compare-same-actors") == []
    assert items(soup, "handbok-compare-differ-actors") == [
        "Kommunstyrelsen: Alfa kommun: samordnar; Beta kommun: samordnar; "
        "Gamma kommun: ansvarar",
        "Nämnderna: Alfa kommun: ansvarar; Beta kommun: ansvarar; Gamma kommun: stödjer"]
    assert items(soup, "handbok-compare-only-actors") == ["Bolagen: bara i Gamma kommun"]
    types = rows(soup.select_one("table.handbok-compare-types"))
    assert types == [["Typ", "Alfa kommun", "Beta kommun", "Gamma kommun"],
                     ["Projekt", "0", "0", "1"], ["Nätverk", "1", "1", "1"]]


@pytest.mark.sphinx("html", testroot="compare", srcdir="compare-incremental")
def test_a_policy_added_later_gets_a_column(app, make_app):
    app.build()
    src = Path(app.srcdir)
    text = (src / "policy" / "beta.md").read_text("utf-8")
    (src / "policy" / "delta.md").write_text(
        "---\norphan: true\n" + text.split("---\n", 2)[1].replace("beta", "delta")
        .replace("Beta kommun", "Delta kommun") + "---\n" + text.split("---\n", 2)[2]
        .replace("beta-", "delta-").replace("Beta", "Delta"), encoding="utf-8")
    app2 = make_app("html", srcdir=src)
    app2.build()
    overview = rows(page(app2).select_one("table.handbok-compare-overview"))
    assert overview[0] == ["", "Alfa kommun", "Beta kommun", "Delta kommun", "Gamma kommun"]
