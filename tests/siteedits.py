"""One copy of the real site with the changes of several tests, built once per run.

Tests that each change the site in a place of its own (CONTRIBUTING.md's new cases in
``tests/test_contributing.py`` and its new municipality in ``tests/test_new_municipality.py``)
share one copy with all their changes and one strict build of it (``edited_site`` in
``tests/conftest.py``): a build of the whole site per test would cost as much again each.
Each change keeps its own checks here; the tests check what the build shows. A change that
alters what another test counts does not belong here (an archived policy is a column more in
the comparison of municipalities, so ``tests/test_history.py`` builds its own copy).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, copy_site, make, sphinx_build
from handbok_cli.checks import check_paths
from handbok_cli.newcase import main as new_case

GUIDE = REPO / "CONTRIBUTING.md"
MARKER = re.compile(r"<!-- ifyllt-exempel: (?P<path>\S+) -->\n```markdown\n(?P<body>.*?)\n```",
                    re.DOTALL)


def guide_example() -> tuple[str, str]:
    match = MARKER.search(GUIDE.read_text(encoding="utf-8"))
    assert match, "CONTRIBUTING.md shows a filled-in case marked <!-- ifyllt-exempel: path -->"
    return match["path"], match["body"] + "\n"


def add_guide_cases(src: Path) -> None:
    """CONTRIBUTING.md's steps 2-3: the guide's filled-in example at the path the guide gives,
    the same case made with `make new-case` and the guide's variables, and a case made with
    goals only (docs/referens.md allows it; make new-case does too)."""
    path, body = guide_example()
    target = src / path
    assert not target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    make_line = re.search(r"^make new-case (.+)$", GUIDE.read_text(encoding="utf-8"),
                          re.MULTILINE)[1]
    args = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', make_line))
    with pytest.MonkeyPatch.context() as monkeypatch, open("/dev/null") as devnull:
        monkeypatch.setattr("sys.stdin", devnull)  # not a terminal
        assert new_case(["--rot", str(src), "--typ", args["TYP"], "--titel",
                         args["TITEL"].strip('"'), "--metoder", args["METODER"]]) == 0
        made = src / "casebook" / "studiebesok" / "studiebesok-om-skolmat.md"
        assert made.exists()
        made.write_text(made.read_text(encoding="utf-8").replace(
            "Förvaltningens namn", "Kultur- och fritidsförvaltningen"), encoding="utf-8")
        assert new_case(["--rot", str(src), "--typ", "konferens", "--titel",
                         "Konferens om mål", "--mal", "huddinge-mal-2"]) == 0
    goals_only = src / "casebook" / "konferens" / "konferens-om-mal.md"
    text = goals_only.read_text(encoding="utf-8")
    assert ":goals: huddinge-mal-2" in text
    assert ":methods:" not in text  # not guessed from the template
    goals_only.write_text(text.replace("Förvaltningens namn", "Kultur- och fritidsförvaltningen"),
                          encoding="utf-8")
    # Nothing the checks would stop.
    assert check_paths([src / "casebook"]) == []


NEW_MUNICIPALITY = "## 7. Lägga till en ny kommuns styrdokument"


def municipality_guide() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    assert NEW_MUNICIPALITY in text
    return text[text.index(NEW_MUNICIPALITY):]


def marked(marker: str) -> tuple[str, str]:
    match = re.search(rf"<!-- {marker}: (?P<path>\S+) -->\n```markdown\n(?P<body>.*?)\n```",
                      municipality_guide(), re.DOTALL)
    assert match, f"the guide shows a file marked <!-- {marker}: path -->"
    return match["path"], match["body"] + "\n"


def add_municipality(src: Path, make_dir: Path) -> None:
    """CONTRIBUTING.md's guide "Lägga till en ny kommuns styrdokument", steps 1-4: `make
    new-policy` with the guide's own line, the guide's filled-in file over the scaffold, and
    the guide's case that cites it; nothing else is edited."""
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):  # as in a checkout
        shutil.copy(REPO / name, src)
    before = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    line = re.search(r"^make new-policy (.+)$", municipality_guide(), re.MULTILINE)[1]
    variables = [f"{k}={v.strip(chr(34))}" for k, v in re.findall(r'(\w+)=("[^"]*"|\S+)', line)]
    proc = make("new-policy", src, *variables, build=make_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    path, body = marked("ny-kommun")
    scaffold = src / path
    assert scaffold.is_file(), proc.stdout
    assert "policy: lillby\n" in scaffold.read_text(encoding="utf-8")
    scaffold.write_text(body, encoding="utf-8")
    case_path, case_body = marked("ny-kommun-exempel")
    (src / case_path).write_text(case_body, encoding="utf-8")
    added = {p.relative_to(src) for p in src.rglob("*") if p.is_file()} - before
    assert added == {Path(path), Path(case_path)}, "nothing else is edited"


def build(folder: Path) -> dict:
    """Copy the site into ``folder/site``, make every change above and build it strictly
    (``-W --keep-going -n``, as ``make html``) into ``folder/out``."""
    src = copy_site(folder / "site")
    add_municipality(src, folder / "make")
    add_guide_cases(src)
    proc = sphinx_build("-b", "html", "-W", "--keep-going", "-n", "-q", str(src),
                        str(folder / "out"))
    return {"returncode": proc.returncode, "stderr": proc.stderr}
