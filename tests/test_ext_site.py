"""The extension on the real site: matrices, methods with their cases, cases linking back,
the per-actor view, the casebook's coverage; parallel and every builder on the real content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

POLICIES = ("policy/huddinge/strategi", "policy/haninge/program")
CASE_TYPES = ("jobbskuggning", "studiebesök", "projekt", "konferens", "nätverk", "vänortsutbyte")
METHODS = [f"huddinge-metod-{n}" for n in range(1, 6)] + [f"haninge-metod-{n}" for n in range(1, 5)]


def soup(html_dir: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def case_pages() -> list[str]:
    return sorted(str(p.relative_to(REPO).with_suffix("")) for p in REPO.glob("casebook/*/*.md")
                  if p.name != "index.md")


def case_type(page: str) -> str:
    text = (REPO / f"{page}.md").read_text(encoding="utf-8")
    return re.search(r"^:type:\s*(.+)$", text, re.M).group(1).strip()


@pytest.mark.parametrize("page", POLICIES)
def test_policy_page_has_an_accessible_matrix(site_html, page):
    doc = soup(site_html, page)
    table = doc.select_one("table.handbok-matrix")
    assert table is not None and table.caption.get_text().startswith("Ansvarsmatris")
    assert len(table.select("tbody tr")) >= 8
    assert all(th.get("scope") == "col" for th in table.select("thead th"))
    assert all(th.get("scope") == "row" for th in table.select("tbody th"))
    region = table.find_parent("div")
    assert region.get("tabindex") == "0" and region.get("role") == "region"
    # Every row links to the passage that states the duty, on the same page.
    for link in table.select("tbody th a"):
        anchor = link["href"].lstrip("#")
        assert doc.find(id=anchor) is not None, anchor


def test_every_method_lists_its_cases(site_html):
    found = {}
    for page in POLICIES:
        for method in soup(site_html, page).select("div.handbok-method"):
            mid = method.select_one("[id]")["id"]
            found[mid] = [a["href"] for a in method.select(".handbok-target-cases a")]
    assert sorted(found) == sorted(METHODS)
    assert all(found.values()), found


@pytest.mark.parametrize("page", case_pages())
def test_every_case_links_back_to_its_methods(site_html, page):
    doc = soup(site_html, page)
    assert doc.select_one(".handbok-illustrative") is not None
    links = doc.select("table.handbok-case-facts td a.reference")
    assert links
    text = (REPO / f"{page}.md").read_text(encoding="utf-8")
    methods = re.search(r"^:methods:\s*(.+)$", text, re.M).group(1)
    hrefs = {a["href"].rpartition("#")[2] for a in links}
    assert {m.strip() for m in methods.split(",")} <= hrefs
    # ... and the method lists the case in return.
    for link in links:
        target_page, _, anchor = link["href"].partition("#")
        target = BeautifulSoup((site_html / Path(page).parent / target_page).read_text("utf-8"),
                               "html.parser")
        box = target.find(id=anchor).find_parent("div")
        assert Path(page).name + ".html" in str(box.select(".handbok-target-cases a"))
    # Partners are invented and said to be.
    assert "påhittad" in text or "påhittat" in text


def test_casebook_coverage():
    types = [case_type(p) for p in case_pages()]
    for ctype in CASE_TYPES:
        assert types.count(ctype) >= 2, ctype
    served = set()
    for page in case_pages():
        text = (REPO / f"{page}.md").read_text(encoding="utf-8")
        served |= {m.strip() for m in re.search(r"^:methods:\s*(.+)$", text, re.M).group(1)
                   .split(",")}
        assert re.search(r"^orphan: true$", text, re.M), page
        assert re.search(r"^:illustrative:$", text, re.M), page
    assert set(METHODS) <= served


def test_casebook_front_page_and_type_pages_list_every_case(site_html):
    front = soup(site_html, "casebook/index")
    captions = front.select("table.handbok-case-table caption .caption-text")
    assert len(captions) == len(CASE_TYPES)
    listed = {a["href"] for a in front.select("table.handbok-case-table td a")}
    assert listed == {p.removeprefix("casebook/") + ".html" for p in case_pages()}
    for page in case_pages():
        type_page = soup(site_html, str(Path(page).parent / "index"))
        assert Path(page).name + ".html" in {
            a["href"] for a in type_page.select("table.handbok-case-table td a")}


def test_per_actor_view(site_html):
    doc = soup(site_html, "policy/ansvar")
    lists = doc.select("ul.handbok-actor-duties")
    assert len(lists) >= 10  # eight actors of Huddinge, three of them also in Haninge
    assert all(li.select_one("a[href*='#duty-']") for ul in lists for li in ul.select("li"))
    assert soup(site_html, "policy/index").select_one("a[href='ansvar.html']") is not None
