"""The real site: both policy texts verbatim, metadata headers, Swedish search."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import snowballstemmer
from bs4 import BeautifulSoup

DATA = Path(__file__).parent / "data"
HUDDINGE_SEED = DATA / "000_90fa242f7908c51f.txt"
HANINGE_SEED = DATA / "002_fd97f4ee8a23109e.txt"
PAGES = {
    HUDDINGE_SEED: "policy/huddinge/strategi.html",
    HANINGE_SEED: "policy/haninge/program.html",
}


def normalise(text: str) -> str:
    return " ".join(text.split())


def seed_paragraphs(path: Path) -> list[str]:
    """Every heading, paragraph and list item of a seed, without Markdown markup."""
    blocks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"^(\d+\.|-)\s+", "", line)
        line = line.replace("**", "")
        blocks.append(normalise(line))
    return blocks


def page_text(html_file: Path) -> str:
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    for link in article.select("a.headerlink"):
        link.decompose()
    return normalise(article.get_text(""))


@pytest.mark.parametrize("seed", list(PAGES), ids=["huddinge", "haninge"])
def test_policy_page_renders_every_paragraph_of_its_seed(site_html, seed):
    text = page_text(site_html / PAGES[seed])
    missing = [p for p in seed_paragraphs(seed) if p not in text]
    assert not missing, f"paragraphs not rendered verbatim: {missing}"


@pytest.mark.parametrize(
    ("page", "joined"),
    [
        ("policy/huddinge/strategi.html",
         "skapar därmed ett mervärde för de som bor, verkar i och besöker kommunen,"),
        ("policy/huddinge/strategi.html",
         "de aktiviteter som vidtagits samt beskriva vad dessa aktiviteter haft för effekt"),
        ("policy/haninge/program.html",
         "i samband med krig och och andra oroligheter samt naturkatastrofer"),
    ],
)
def test_lines_broken_by_extraction_are_joined(site_html, page, joined):
    assert joined in page_text(site_html / page)


def _numbered_items(soup: BeautifulSoup, heading: str) -> list[str]:
    section = next(s for s in soup.select("section") if s.find(["h2"]) and
                   s.find("h2").get_text("", strip=True).rstrip("#") == heading)
    return [normalise(li.find("p").get_text("")) for li in section.select("ol > li")]


def test_structure_headings_and_numbered_lists(site_html):
    soup = BeautifulSoup((site_html / PAGES[HUDDINGE_SEED]).read_text(encoding="utf-8"),
                         "html.parser")
    h2 = [normalise(h.get_text("")).rstrip("#") for h in soup.select("article h2")]
    for heading in ["Inledning", "Inriktning och syfte", "Metoder – så ska strategin förverkligas",
                    "Genomförande och uppföljning", "Ansvarsfördelning"]:
        assert heading in h2
    methods = _numbered_items(soup, "Metoder – så ska strategin förverkligas")
    assert len(methods) == 5
    assert methods[2].startswith("Kommunen ska bibehålla och utveckla samarbete")
    # Each part has its own anchor.
    for n in range(1, 6):
        assert soup.find(id=f"huddinge-metod-{n}") is not None


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("policy/huddinge/strategi.html", {
            "Kommun": "Huddinge kommun", "Typ av dokument": "strategi",
            "Giltighetstid": "2016–2020", "Beslutande organ": "Kommunfullmäktige",
            "Antagen": "uppgift saknas", "Diarienummer": "uppgift saknas",
            # Derived from the dates (issue 27): the period 2016–2020 has ended.
            "Status": "utgången"}),
        ("policy/haninge/program.html", {
            "Kommun": "Haninge kommun", "Typ av dokument": "program",
            "Giltighetstid": "uppgift saknas", "Beslutande organ": "uppgift saknas",
            "Antagen": "uppgift saknas", "Status": "gällande"}),
    ],
)
def test_policy_metadata_header(site_html, page, expected):
    soup = BeautifulSoup((site_html / page).read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one(".handbok-policy-meta")
    header = {dt.get_text(strip=True).rstrip(":"): dd.get_text(" ", strip=True)
              for dt, dd in zip(box.select("dt"), box.select("dd"), strict=True)}
    for key, value in expected.items():
        assert header[key] == value


def _search_index(site_html: Path) -> dict:
    raw = (site_html / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(raw[raw.index("(") + 1: raw.rindex(")")])


def test_site_is_swedish(site_html):
    html = (site_html / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv"' in html
    options = (site_html / "_static" / "documentation_options.js").read_text(encoding="utf-8")
    assert "LANGUAGE: 'sv'" in options


@pytest.mark.parametrize("query", ["vänort", "vänorter", "vänorterna"])
def test_search_for_vanort_finds_the_huddinge_strategy(site_html, query):
    index = _search_index(site_html)
    stem = snowballstemmer.stemmer("swedish").stemWord(query.lower())
    docs = index["terms"].get(stem)
    assert docs is not None, f"{query!r} (stem {stem!r}) is not in the search index"
    docs = docs if isinstance(docs, list) else [docs]
    assert index["docnames"].index("policy/huddinge/strategi") in docs


def _search_config(site_html: Path) -> dict:
    raw = (site_html / "_static" / "handbok-search-config.js").read_text(encoding="utf-8")
    return json.loads(raw[raw.index("=") + 1:].strip().rstrip(";"))


def _docs_of(index: dict, term: str) -> set[str]:
    docs = index["terms"].get(term, [])
    return {index["docnames"][d] for d in (docs if isinstance(docs, list) else [docs])}


def test_the_pages_that_say_which_policies_apply_come_from_the_build(site_html):
    # The search brings these pages up for "gäller strategin fortfarande": the pages that
    # show the policy list or the editors' review, whichever they are.
    showing = sorted(
        str(page.relative_to(site_html).with_suffix("")) for page in site_html.rglob("*.html")
        if re.search(r'class="[^"]*handbok-policy-(list|review)\b',
                     page.read_text(encoding="utf-8")))
    assert showing, "no page shows the policy list"
    assert _search_config(site_html)["status_pages"] == showing


def test_the_policy_lists_facts_are_searched(site_html):
    # The policy list states each policy's validity and status ("status: utgången"): those
    # are the page's own words, unlike a list of cases that only names them by their titles.
    index = _search_index(site_html)
    stemmer = snowballstemmer.stemmer("swedish")
    for word in ("giltighetstid", "status", "utgången", "strategi", "program"):
        assert "policy/index" in _docs_of(index, stemmer.stemWord(word)), word
