"""Policies with a life cycle: dates read, status derived on the build's day, notices on every
page that shows a policy, located warnings, the editors' overview and the exports."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from handbok import lifecycle
from sphinx.testing.util import SphinxTestApp

D = dt.date


def page(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text("utf-8"),
                         "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def warnings(app) -> list[str]:
    return [line for line in app._warning.getvalue().splitlines() if "WARNING" in line]


# --- reading dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "start", "end"), [
    ("2016–2020", D(2016, 1, 1), D(2020, 12, 31)),
    ("2016-2020", D(2016, 1, 1), D(2020, 12, 31)),
    ("2016 – 2020", D(2016, 1, 1), D(2020, 12, 31)),
    ("2024-03-01/2027-06", D(2024, 3, 1), D(2027, 6, 30)),
    ("2021", D(2021, 1, 1), D(2021, 12, 31)),
    ("2021–", D(2021, 1, 1), None),
    ("tills vidare", None, None),
    ("", None, None),
])
def test_validity_periods_are_read(written, start, end):
    assert lifecycle.parse_validity(written) == (start, end)


@pytest.mark.parametrize("written", ["snart", "2020–2016", "2024-13-01/2025", "20-21"])
def test_unreadable_validity_periods_are_refused(written):
    with pytest.raises(ValueError):
        lifecycle.parse_validity(written)


def test_status_is_derived_from_the_day():
    pol = {"id": "x", "title": "X", "municipality": "X kommun", "status": "gällande",
           "valid": "2024–2026", "valid_end": "2026-12-31", "review_date": "2025-06-30",
           "owner": "Kommunstyrelsens förvaltning"}
    before = lifecycle.derive(pol, D(2025, 6, 30))
    assert before.state == "gallande" and before.notice is None
    assert [n.day for n in before.later] == [D(2025, 7, 1), D(2027, 1, 1)]
    review = lifecycle.derive(pol, D(2025, 7, 1))
    assert review.state == "se-over" and review.since == D(2025, 7, 1)
    assert "Fråga Kommunstyrelsens förvaltning" in review.notice.text
    ended = lifecycle.derive(pol, D(2027, 1, 1))
    assert ended.state == "utgangen" and ended.later == []
    assert "gick ut den 31 december 2026" in ended.notice.text
    assert ended.urgency < review.urgency < before.urgency
    assert lifecycle.derive({**pol, "status": "upphävd"}, D(2030, 1, 1)).notice is None


def test_the_owner_must_be_a_unit_or_a_role():
    from handbok.policy import looks_like_a_person

    for person in ("Anna Andersson", "Per-Olof Svensson", "anna@example.com"):
        assert looks_like_a_person(person), person
    for unit in ("Kommunstyrelsens förvaltning", "Internationell strateg", "Kommunledningskontoret",
                 "Enheten för EU-frågor"):
        assert not looks_like_a_person(unit), unit


# --- a built site -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory):
    src = tmp_path_factory.mktemp("lifecycle") / "src"
    shutil.copytree(rootdir / "test-lifecycle", src)
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
    app.build()
    yield app
    app.cleanup()


def test_located_warnings(built):
    found = warnings(built)

    def where(fragment: str) -> str:
        hits = [w for w in found if fragment in w]
        assert hits, (fragment, found)
        return re.search(r"(policy/[\w/]+\.md):(\d+)", hits[0]).group(0)

    assert where("giltighetstiden (2016–2020) gick ut") == "policy/alfa/strategi.md:5"
    assert "handbok.policy-expired" in next(w for w in found if "gick ut" in w)
    assert where("Ägaren 'Anna Andersson' ser ut som en person") == "policy/beta/program.md:7"
    assert where("Giltighetstiden 'snart' kan inte läsas") == "policy/gamma/plan.md:5"
    assert where("Datumet 'i vår' i 'review-by' kan inte läsas") == "policy/gamma/plan.md:6"
    assert where("'replaced-by: delta' nämner ett styrdokument som inte finns") == \
        "policy/gamma/plan.md:14"
    assert where("Menade du 'kommunstyrelse'?") == "policy/gamma/plan.md:21"
    # A proposal is not warned about for its period; replaces: alfa names a known policy.
    assert not [w for w in found if "replaces: alfa" in w]


def test_notice_on_the_policy_page(built):
    doc = page(built, "policy/alfa/strategi")
    notice = doc.select_one(".handbok-lifecycle-notice")
    assert notice is not None and not notice.has_attr("hidden")
    assert "Giltighetstiden har gått ut" in text(notice)
    assert "31 december 2020" in text(notice)
    assert "Fråga Kommunstyrelsens förvaltning" in text(notice)
    fields = text(doc.select_one(".handbok-policy-meta"))
    assert "Ägare : Kommunstyrelsens förvaltning" in fields
    assert "Ska ses över senast : uppgift saknas" in fields


def test_later_notices_are_in_the_page_hidden_for_the_script(built):
    doc = page(built, "policy/beta/program")
    later = doc.select("[data-handbok-from]")
    assert [n["data-handbok-from"] for n in later] == ["2027-07-01", "2029-01-01"]
    assert all(n.has_attr("hidden") for n in later)
    assert "30 juni 2027" in text(later[0]) and "31 december 2028" in text(later[1])
    assert doc.find("script", src=re.compile(r"handbok-livscykel\.js")) is not None
    assert (Path(built.outdir) / "_static" / "handbok-livscykel.js").is_file()


def test_notice_in_the_list_on_the_actor_page_and_under_quotes(built):
    listed = page(built, "index").select("ul.handbok-policy-list > li")
    assert [text(li).split(" (")[0] for li in listed] == [
        "Alfa kommuns strategi", "Beta kommuns program", "Gamma kommuns plan"]
    assert "Giltighetstiden gick ut den 31 december 2020" in text(listed[0])
    assert listed[1].select_one(".handbok-lifecycle-notice:not([hidden])") is None
    actors = page(built, "ansvar")
    alfa = next(p for p in actors.select("p") if text(p).startswith("Kommunens bolag enligt"))
    assert "Giltighetstiden har gått ut" in text(alfa.find_next_sibling())
    quotes = page(built, "citat").select("blockquote.handbok-policy-quote")
    assert "Giltighetstiden gick ut" in text(quotes[0])
    assert quotes[1].select_one(".handbok-lifecycle-notice:not([hidden])") is None


def test_actors_are_grouped_by_kind_with_their_own_labels(built):
    doc = page(built, "ansvar")
    bolag = next(s for s in doc.select("section.handbok-actor-kind")
                 if text(s.find(["h2", "h3"])).startswith("Kommunala bolag"))
    labels = [text(p).split(" enligt ")[0] for p in bolag.select("p")
              if " enligt " in text(p)]
    assert labels == ["Kommunens bolag", "Bolagen"]


def test_overview_lists_every_policy_most_urgent_first(built):
    rows = [[text(c) for c in tr.find_all(["td", "th"])]
            for tr in page(built, "oversyn").select("table.handbok-policy-review tbody tr")]
    assert [r[0].split(" (")[0] for r in rows] == [
        "Alfa kommuns strategi", "Beta kommuns program", "Gamma kommuns plan"]
    assert rows[0][1] == "Giltighetstiden har gått ut (sedan 1 januari 2021)"
    assert rows[1][1:5] == ["Gällande", "2024–2028", "2027-06-30", "Anna Andersson"]
    assert rows[1][5] == "inget"
    assert rows[2][1] == "Förslag" and "Ägare" in rows[2][5]


def test_exports_carry_the_life_cycle(built):
    out = Path(built.outdir) / "export"
    policies = {p["id"]: p for p in json.loads((out / "policies.json").read_text())["policies"]}
    assert policies["alfa"]["state"] == "utgangen"
    assert policies["alfa"]["state_since"] == "2021-01-01"
    assert policies["alfa"]["owner"] == "Kommunstyrelsens förvaltning"
    assert policies["beta"]["review_by"] == "2027-06-30" and policies["beta"]["missing"] == []
    assert policies["gamma"]["replaces"] == "alfa"
    header = (out / "policies.csv").read_text("utf-8-sig").splitlines()[0].split(";")
    for column in ("ses över senast", "ägare", "läge", "läge sedan", "saknas"):
        assert column in header
    actors = json.loads((out / "actors.json").read_text())["actors"]
    assert {(a["policy"], a["id"]): a["kind"] for a in actors}[("alfa", "bolagen")] == "bolag"


# --- the real site, built today -----------------------------------------------------------------


def test_huddinge_shows_that_its_period_ended_in_2020(site_html):
    doc = BeautifulSoup((site_html / "policy/huddinge/strategi.html").read_text("utf-8"),
                        "html.parser")
    notice = doc.select_one(".handbok-lifecycle-notice")
    assert notice is not None and not notice.has_attr("hidden")
    assert "Giltighetstiden har gått ut" in text(notice)
    assert "2016–2020" in text(notice) and "31 december 2020" in text(notice)
    assert "Fråga Huddinge kommun" in text(notice)
    # Nothing invented: the fields the adopted text does not give stay empty.
    fields = text(doc.select_one(".handbok-policy-meta"))
    assert re.search(r"Ägare :? ?uppgift saknas", fields)
    assert re.search(r"Antagen :? ?uppgift saknas", fields)
    overview = BeautifulSoup((site_html / "docs/oversyn.html").read_text("utf-8"), "html.parser")
    first = overview.select_one("table.handbok-policy-review tbody tr")
    assert "Huddinge" in text(first) and "Giltighetstiden har gått ut" in text(first)


def test_an_archived_version_needs_no_edit_of_the_policy_list(tmp_path, capsys):
    """The policy toctree is a glob: `make archive-policy` leaves policy/index.md alone and
    does not ask the editor to add the page."""
    from conftest import copy_site
    from handbok_cli.archive import main as archive

    src = copy_site(tmp_path / "site")
    index = (src / "policy/index.md").read_text(encoding="utf-8")
    assert archive(["policy/huddinge/strategi.md", "2016-2020", "--rot", str(src)]) == 0
    assert "Lägg till" not in capsys.readouterr().out
    assert (src / "policy/index.md").read_text(encoding="utf-8") == index
    assert (src / "policy/huddinge/strategi-2016-2020.md").is_file()
