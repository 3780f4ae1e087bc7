"""One copy of the real site with the changes of several tests, built once per run.

Tests that each change the site in a place of its own share one copy with all their changes
and one ``make html`` of it (``-W --keep-going -n``; ``edited_site`` in ``tests/conftest.py``,
also named ``policies_site``): a build of the whole site per test would cost as much again
each. The changes: CONTRIBUTING.md's new cases (``tests/test_contributing.py``), its new
municipality (``tests/test_new_municipality.py``), the archived Huddinge strategy
(``tests/test_history.py``) and the two drafts of CONTRIBUTING.md's import guide
(``tests/test_importer.py``). Each change keeps its own checks here; the tests check what the
build shows. A test that counts something the other changes add names them too (the
comparison of municipalities has a column for each added policy).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, copy_site, make
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


# --- policies added (an archived version, two imported drafts) ----------------------------------

STRATEGY = "policy/huddinge/strategi.md"


def archive_strategy(src: Path) -> None:
    """`make archive-policy` on the real Huddinge strategy (``handbok arkivera``): the old
    version beside the current one, with the same adopted words."""
    from handbok_cli.archive import main as archive
    from handbok_cli.redline import parse_policy

    assert archive([STRATEGY, "2016-2020", "--rot", str(src)]) == 0
    old_file = src / "policy/huddinge/strategi-2016-2020.md"
    # The same adopted words; only the compiled responsibility section is left out.
    current = parse_policy(STRATEGY, (src / STRATEGY).read_text("utf-8"))
    old = parse_policy("old", old_file.read_text("utf-8"))
    assert old.sections == [s for s in current.sections if s[0] != "Vem ansvarar för vad?"]
    assert old.meta["policy"] == "huddinge-2016-2020" and old.meta["status"] == "upphävd"
    assert old.duties == [] and old.actors == {}


def import_guide() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text[text.index("## 8. Importera"):]


def import_as_the_guide_says(src: Path) -> dict[str, str]:
    """CONTRIBUTING.md's import guide, steps 1-3, on a Word file: `make import-policy` as the
    guide writes it, every suggestion accepted (its review line removed), nothing else edited;
    the same for a Word file of a text of the held-back half of the development set. Returns
    the guide's municipality id and the two drafts' paths in ``src``."""
    from handbok_cli import importbench
    from handbok_cli.importer import MARK

    guide = import_guide()
    for name in ("Makefile", "requirements.lock"):
        shutil.copy(REPO / name, src)
    # Step 1: the document in the handbook's folder, the command as the guide writes it.
    command = re.search(r"<!-- import-kommando -->\n```\n(make import-policy .+)\n```", guide)[1]
    args = dict(re.findall(r"(\w+)=(\S+)", command))
    seed = (REPO / importbench.SEEDS["huddinge"][0]).read_text(encoding="utf-8")
    importbench.write_docx(seed, src / args["FIL"])
    proc = make("import-policy", src, *(f"{k}={v}" for k, v in args.items()))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Det här behöver du ta ställning till:" in proc.stdout
    assert "Obs!" not in proc.stdout  # no alarm about the draft's own id
    saved = re.search(r"Utkastet är sparat i (\S+)\.", proc.stdout)[1]
    page = src / saved
    assert saved == re.search(r"Här sparas utkastet i `([^`]+)`", guide)[1]
    text = page.read_text(encoding="utf-8")
    assert "status: förslag" in text and text.count(f"\n{MARK}") > 30
    # The same steps for a Word file of a text of the held-back half of the development set
    # (not a seed), in the same copy of the site.
    held = importbench.devset("undanhållen")[1]
    importbench.dev_docx(held.read_text(encoding="utf-8"), src / "program.docx")
    other = make("import-policy", src, "FIL=program.docx", "KOMMUN=mossby")
    assert other.returncode == 0 and "Obs!" not in other.stdout, other.stdout + other.stderr
    other_page = src / re.search(r"Utkastet är sparat i (\S+)\.", other.stdout)[1]
    # Step 2: the editor accepts every suggestion: the line that starts with % FÖRSLAG goes.
    assert "Ta bort raden som börjar med `% FÖRSLAG`" in guide
    for path in (page, other_page):
        text = path.read_text(encoding="utf-8")
        path.write_text("".join(line for line in text.splitlines(keepends=True)
                                if not line.startswith(MARK)), encoding="utf-8")
    # Step 3: nothing else to edit: the policy list picks the page up by itself.
    assert "Du behöver inte ändra någon annan fil." in guide
    return {"kommun": args["KOMMUN"], "saved": saved,
            "other": other_page.relative_to(src).as_posix()}


def build(folder: Path) -> dict:
    """Copy the site into ``folder/site``, make every change above (archive the Huddinge
    strategy, import the guide's two drafts) and build it with `make html` (the guides' last
    step) into ``folder/build/html``."""
    src = copy_site(folder / "site")
    add_municipality(src, folder / "make")
    add_guide_cases(src)
    archive_strategy(src)
    drafts = import_as_the_guide_says(src)
    proc = make("html", src, build=folder / "build")
    return {**drafts, "returncode": proc.returncode, "stdout": proc.stdout[-2000:],
            "stderr": proc.stderr}
