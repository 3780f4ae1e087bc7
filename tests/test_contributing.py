"""CONTRIBUTING.md, followed as written, produces a case that shows where it says it will."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import make
from handbok.vocabulary import DEFAULT_CASE_TYPES
from handbok_cli import project
from handbok_cli.newcase import main as new_case
from siteedits import guide_example

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "CONTRIBUTING.md"
OPTION = re.compile(r"^:(?P<key>[\w-]+):", re.MULTILINE)


def case_links(page: Path) -> set[str]:
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {a["href"].split("#")[0] for a in html.find_all("a", href=True)}


def test_guide_example_follows_the_template():
    """The filled-in example is the template with its fields filled: same fields, same order."""
    _path, body = guide_example()
    template = (REPO / "mallar" / "exempel.md").read_text(encoding="utf-8")
    assert OPTION.findall(body) == OPTION.findall(template)
    assert body.startswith("---\norphan: true\n---\n")
    assert "{case}" in body and body.rstrip().endswith(":::")


def test_guide_names_the_edit_button_as_the_site_shows_it(site_html):
    page = BeautifulSoup((site_html / "policy/huddinge/strategi.html").read_text(encoding="utf-8"),
                         "html.parser")
    button = page.select_one("a.btn-source-edit-button")
    assert button is not None and "/edit/main/policy/huddinge/strategi.md" in button["href"]
    label = button.get_text(" ", strip=True)
    for guide in (GUIDE, REPO / "docs" / "bidra.md"):
        assert f"**{label}**" in guide.read_text(encoding="utf-8"), guide.name


def test_guide_mentions_every_step_and_the_edit_button():
    text = GUIDE.read_text(encoding="utf-8")
    for phrase in ("mallar/exempel.md", "Create new file", "Commit changes",
                   "Create pull request", "make redline BASE=main", "make new-case",
                   "Förslag – inte antagen", "status: upphävd", "redirects", "LIX",
                   "personnummer", "pre-commit install"):
        assert phrase in text, phrase
    # The folders the guide names exist, one per case type.
    for folder in re.findall(r"`(casebook/[a-z]+/)`", text):
        assert folder.rstrip("/").split("/")[1] in {
            "jobbskuggning", "studiebesok", "projekt", "konferens", "natverk", "vanortsutbyte"}


def test_following_the_guide_adds_a_case_to_casebook_and_method_page(edited_site):
    """Steps 2-3 (the guide's example, and the same case by `make new-case`) are made in the
    shared copy of the site (``add_guide_cases`` in tests/siteedits.py)."""
    path, _body = guide_example()
    _src, out, proc = edited_site
    # Step 5: the site builds with -W and shows both cases where the guide says.
    assert proc["returncode"] == 0, proc["stderr"]
    case_html = Path(path).with_suffix(".html").name
    casebook = case_links(out / "casebook" / "index.html")
    assert f"studiebesok/{case_html}" in casebook
    assert "studiebesok/studiebesok-om-skolmat.html" in casebook
    strategy = BeautifulSoup((out / "policy/huddinge/strategi.html").read_text("utf-8"),
                             "html.parser")
    method = strategy.find(id="huddinge-metod-2").find_parent(class_="handbok-method")
    hrefs = {a["href"] for a in method.find_all("a", href=True)}
    assert f"../../casebook/studiebesok/{case_html}" in hrefs
    assert "../../casebook/studiebesok/studiebesok-om-skolmat.html" in hrefs
    goal = strategy.find(id="huddinge-mal-2").find_parent(class_="handbok-goal")
    assert f"../../casebook/studiebesok/{case_html}" in {a["href"] for a in goal.find_all("a")}


def test_new_case_refuses_unknown_type_and_existing_file(tmp_path, monkeypatch, capsys):
    shutil.copytree(REPO / "mallar", tmp_path / "mallar")
    monkeypatch.setattr("sys.stdin", open("/dev/null"))  # noqa: SIM115
    assert new_case(["--rot", str(tmp_path), "--typ", "resa", "--titel", "X",
                     "--metoder", "m"]) == 2
    assert "Typen 'resa' finns inte" in capsys.readouterr().err
    assert new_case(["--rot", str(tmp_path), "--typ", "projekt", "--titel", "X"]) == 2
    assert "Ange minst en metod eller ett mål" in capsys.readouterr().err
    args = ["--rot", str(tmp_path), "--typ", "projekt", "--titel", "Ett EU-projekt",
            "--metoder", "huddinge-metod-1"]
    assert new_case(args) == 0
    assert new_case(args) == 2
    assert "finns redan" in capsys.readouterr().err


def test_new_case_says_whether_the_activity_was_carried_out(tmp_path, monkeypatch):
    """A case counts only with ``:illustrative: nej`` (issue 25): ``--genomford ja`` writes it,
    and without the flag the case stays illustrative; the line is never left out."""
    shutil.copytree(REPO / "mallar", tmp_path / "mallar")
    monkeypatch.setattr("sys.stdin", open("/dev/null"))  # noqa: SIM115
    base = ["--rot", str(tmp_path), "--typ", "projekt", "--metoder", "huddinge-metod-1"]
    assert new_case([*base, "--titel", "Ett verkligt projekt", "--genomford", "ja"]) == 0
    assert new_case([*base, "--titel", "Ett påhittat projekt"]) == 0
    folder = tmp_path / "casebook" / "projekt"
    real = (folder / "ett-verkligt-projekt.md").read_text(encoding="utf-8")
    invented = (folder / "ett-pahittat-projekt.md").read_text(encoding="utf-8")
    assert re.findall(r"^:illustrative:.*$", real, re.M) == [":illustrative: nej"]
    assert re.findall(r"^:illustrative:.*$", invented, re.M) == [":illustrative:"]


def test_new_case_with_goals_only_builds_and_is_listed_under_the_goal(edited_site):
    """docs/referens.md allows a case that cites only goals; make new-case does too (the case
    is made in the shared copy of the site, ``add_guide_cases`` in tests/siteedits.py)."""
    _src, out, proc = edited_site
    assert proc["returncode"] == 0, proc["stderr"]
    strategy = BeautifulSoup((out / "policy/huddinge/strategi.html").read_text("utf-8"),
                             "html.parser")
    goal = strategy.find(id="huddinge-mal-2").find_parent(class_="handbok-goal")
    assert "../../casebook/konferens/konferens-om-mal.html" in {
        a["href"] for a in goal.find_all("a", href=True)}
    # Only under its goal: it cites no method, so no method lists it.
    methods = {a["href"] for m in strategy.select(".handbok-method") for a in m.find_all("a")}
    assert "../../casebook/konferens/konferens-om-mal.html" not in methods


OWN_TYPES = {"webbinarium": "Webbinarium", "praktik": "Praktik"}


def project_with_own_case_types(tmp_path: Path) -> Path:
    """A copy of the template and conf.py, with conf.py setting its own case types."""
    shutil.copytree(REPO / "mallar", tmp_path / "mallar")
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    (tmp_path / "conf.py").write_text(f"{conf}\nhandbok_case_types = {OWN_TYPES!r}\n",
                                      encoding="utf-8")
    return tmp_path


def test_new_case_takes_the_case_types_from_conf_py(tmp_path, monkeypatch, capsys):
    root = project_with_own_case_types(tmp_path)
    assert project.load(root).case_types == OWN_TYPES
    assert project.load(REPO).case_types == DEFAULT_CASE_TYPES  # conf.py does not set them
    monkeypatch.setattr("sys.stdin", open("/dev/null"))  # noqa: SIM115
    assert new_case(["--rot", str(root), "--typ", "studiebesök", "--titel", "X",
                     "--metoder", "huddinge-metod-2"]) == 2
    assert "Välj en av: webbinarium, praktik." in capsys.readouterr().err
    assert new_case(["--rot", str(root), "--typ", "praktik", "--titel", "Praktik i Åbo",
                     "--metoder", "huddinge-metod-2"]) == 0
    made = (root / "casebook" / "praktik" / "praktik-i-abo.md").read_text(encoding="utf-8")
    assert ":::{case} praktik-i-abo\n:type: praktik\n" in made


def test_make_new_case_with_own_case_types(tmp_path):
    """``make new-case`` as CONTRIBUTING.md shows it, in a project with its own case types."""
    root = project_with_own_case_types(tmp_path)
    shutil.copy(REPO / "Makefile", root)
    shutil.copy(REPO / "requirements.lock", root)
    proc = make("new-case", root, "TYP=webbinarium", "TITEL=Webbinarium om EU-medel",
                "METODER=huddinge-metod-1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    made = root / "casebook" / "webbinarium" / "webbinarium-om-eu-medel.md"
    text = made.read_text(encoding="utf-8")
    assert ":::{case} webbinarium-om-eu-medel\n:type: webbinarium\n" in text
    assert ":methods: huddinge-metod-1\n" in text and "# Webbinarium om EU-medel\n" in text


def test_case_types_of_the_wrong_form_fall_back_to_the_defaults(tmp_path, capsys):
    (tmp_path / "conf.py").write_text("handbok_case_types = ['webbinarium']\n",
                                      encoding="utf-8")
    assert project.load(tmp_path).case_types == DEFAULT_CASE_TYPES
    assert "handbok_case_types i conf.py har fel form" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["exempel.md", "styrdokument.md"])
def test_templates_are_not_built(site_html, name):
    assert not (site_html / "mallar" / name.replace(".md", ".html")).exists()


def test_policy_template_is_a_proposal():
    from handbok_cli.redline import front_matter

    meta = front_matter((REPO / "mallar" / "styrdokument.md").read_text(encoding="utf-8"))
    assert meta["status"] == "förslag"
    assert set(meta) >= {"policy", "municipality", "kind", "valid", "decided-by", "adopted",
                         "diarienummer", "version", "status"}


def test_pull_request_template_has_a_checklist():
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] .+$", text, re.MULTILINE)
    assert len(boxes) >= 5
    assert "CONTRIBUTING.md" in text


def test_guide_is_plain_language():
    """CONTRIBUTING.md itself keeps to klarspråk: LIX at most 40 (lättläst)."""
    from handbok.readability import lix_of_blocks

    text = re.sub(r"```.*?```", "", GUIDE.read_text(encoding="utf-8"), flags=re.DOTALL)
    text = re.sub(r"`[^`]*`", "", text)
    blocks = [line for line in text.splitlines() if line.strip()]
    assert lix_of_blocks(blocks)["lix"] <= 40
