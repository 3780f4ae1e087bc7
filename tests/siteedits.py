"""One copy of the real site with the changes of several tests, built once per run.

Tests that each change the site in a place of its own (CONTRIBUTING.md's new cases in
``tests/test_contributing.py``, an archived policy in ``tests/test_history.py``) share one copy
with all their changes and one strict build of it (``edited_site`` in ``tests/conftest.py``): a
build of the whole site per test would cost as much again each. Each change keeps its own
checks here; the tests check what the build shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, copy_site, sphinx_build
from handbok_cli.archive import main as archive
from handbok_cli.checks import check_paths
from handbok_cli.newcase import main as new_case

GUIDE = REPO / "CONTRIBUTING.md"
MARKER = re.compile(r"<!-- ifyllt-exempel: (?P<path>\S+) -->\n```markdown\n(?P<body>.*?)\n```",
                    re.DOTALL)
#: The policy that ``archive_strategy`` archives, and the period of the archived copy.
STRATEGY = "policy/huddinge/strategi.md"
ARCHIVED = "policy/huddinge/strategi-2016-2020.md"


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


def archive_strategy(src: Path) -> None:
    """`make archive-policy` on the real Huddinge strategy (what the copy holds is checked by
    the test)."""
    assert archive([STRATEGY, "2016-2020", "--rot", str(src)]) == 0
    assert (src / ARCHIVED).is_file()


def build(folder: Path) -> dict:
    """Copy the site into ``folder/site``, make every change above and build it strictly
    (``-W --keep-going -n``, as ``make html``) into ``folder/out``."""
    src = copy_site(folder / "site")
    add_guide_cases(src)
    archive_strategy(src)
    proc = sphinx_build("-b", "html", "-W", "--keep-going", "-n", str(src), str(folder / "out"))
    return {"returncode": proc.returncode, "stderr": proc.stderr[-3000:]}
