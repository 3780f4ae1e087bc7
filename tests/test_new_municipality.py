"""CONTRIBUTING.md's guide "Lägga till en ny kommuns styrdokument", followed as written: a
third municipality joins by adding its folder (and a case citing it), nothing else.

The test runs `make new-policy` with the guide's own line, replaces the scaffold with the
guide's filled-in file, adds the guide's case, and builds the site strictly (-W -n). The new
municipality is then in the policy list, on the per-actor page, in the comparison, in the
follow-up, the exports and the search index, and Haninge keeps its own labels although the
new policy uses the same actor id ``bolagen`` with another label.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from handbok_cli.newpolicy import main as new_policy


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture(scope="module")
def site(edited_site) -> tuple[Path, Path, dict]:
    """Steps 1-4 are made in the shared copy of the site (``add_municipality`` in
    tests/siteedits.py); step 5 is its strict build (-W -n)."""
    return edited_site


def test_the_build_is_clean(site):
    _src, _out, build = site
    assert build["returncode"] == 0, build["stderr"][-3000:]
    assert "WARNING" not in build["stderr"], build["stderr"]


def test_the_policy_is_in_the_list_and_the_menu(site):
    _src, out, _build = site
    index = soup(out / "policy/index.html")
    listed = words(index.select_one("ul.handbok-policy-list"))
    assert "Lillby kommuns internationella program (Lillby kommun, giltighetstid 2025–2028" \
        in listed
    assert index.select_one("a[href='lillby/program.html']") is not None


def test_its_actors_are_on_the_per_actor_page_and_haninge_keeps_its_labels(site):
    _src, out, _build = site
    page = words(soup(out / "policy/ansvar.html").select_one("article"))
    assert "Bolagen enligt Lillby kommuns internationella program (Lillby kommun)" in page
    assert "deltar – deltar i kommunens nätverk" in page
    assert "Nämnderna enligt Lillby kommuns internationella program" in page
    assert "Nämnderna enligt Haninge kommuns internationella program" in page
    haninge = words(soup(out / "policy/haninge/program.html").select_one("article"))
    assert "Kommunens bolag" in haninge and "Bolagen" not in haninge


def test_its_column_is_on_the_comparison_page(site):
    _src, out, _build = site
    doc = soup(out / "docs/jamforelse.html")
    table = doc.select_one("table.handbok-compare-actors")
    rows = [[words(c) for c in tr.find_all(["th", "td"])] for tr in table.select("tr")]
    # The shared copy also has the archived Huddinge strategy, the import guide's draft of
    # the Huddinge seed (tests/siteedits.py) and its other draft (Mossby): one column each.
    assert rows[0] == ["Aktör", "Haninge kommun", *["Huddinge kommun"] * 3, "Lillby kommun",
                       "Mossby kommun"]
    lillby = rows[0].index("Lillby kommun")
    bolag = next(r for r in rows if r[0] == "Kommunala bolag")
    assert bolag[1] == "Kommunens bolag: inga uppgifter"
    assert bolag[lillby] == "Bolagen: deltar 1"
    ks = next(r for r in rows if r[0] == "Kommunstyrelsen")
    assert ks[lillby] == "samordnar 1"


def test_follow_up_exports_and_search_pick_it_up(site):
    _src, out, _build = site
    assert "Studiebesök på ett bibliotek" in (out / "docs/uppfoljning/2025.html").read_text(
        encoding="utf-8")
    export = json.loads((out / "export/handbok.json").read_text(encoding="utf-8"))
    assert "lillby" in {p["id"] for p in export["policies"]}
    assert ("lillby", "bolagen", "Bolagen") in {(a["policy"], a["id"], a["label"])
                                                for a in export["actors"]}
    assert ("haninge", "bolagen", "Kommunens bolag") in {(a["policy"], a["id"], a["label"])
                                                         for a in export["actors"]}
    assert "lillby" in (out / "searchindex.js").read_text(encoding="utf-8").lower()


def test_make_new_policy_refuses_an_existing_folder_and_a_wrong_kind(tmp_path, capsys,
                                                                      monkeypatch):
    shutil.copytree(REPO / "mallar", tmp_path / "mallar")
    monkeypatch.setattr("sys.stdin", open("/dev/null"))  # noqa: SIM115 - not a terminal
    args = ["--rot", str(tmp_path), "--kommun", "Lillby kommun", "--titel", "Programmet"]
    assert new_policy([*args, "--typ", "broschyr"]) == 2
    assert "Typen 'broschyr' finns inte" in capsys.readouterr().err
    assert new_policy([*args, "--typ", "program"]) == 0
    made = (tmp_path / "policy/lillby/program.md").read_text(encoding="utf-8")
    # Only what was answered is filled in; nothing is taken from the template's examples.
    assert "valid:\n" in made and "decided-by:\n" in made and "status: förslag\n" in made
    assert "lillby-metod-1" in made and "kommun-metod-1" not in made
    assert new_policy([*args, "--typ", "program"]) == 2
    assert "finns redan" in capsys.readouterr().err
