"""Issue 25: no silent loss, and ids keep their meaning.

One build of the bad-input base root with the files of tests/mistakes/ shows what the editor
and the reader get: a blank line before ``:illustrative:`` keeps an invented case out of the
counts, ``:illustrative: nej`` is honoured, a planned case is shown as planned and not counted,
a question without an answer and a directive that raises give located warnings while the rest
of the page builds, and a case in another type's folder leads back to the page of its type.

Then real git history: a method's label changed in the working tree gives a warning in the
build and a section in the redline, with the old and the new label and the number of cases that
cite the id; a shallow clone says that it could not check.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import sphinx_build
from handbok.meaning import changed_meanings, citing_cases
from handbok_cli.redline import meaning_changes, render_meanings_markdown

HERE = Path(__file__).resolve().parent
BASE = HERE / "roots" / "test-badbase"
FILES = HERE / "mistakes"
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Redaktionen", "GIT_AUTHOR_EMAIL": "r@example.com",
           "GIT_COMMITTER_NAME": "Redaktionen", "GIT_COMMITTER_EMAIL": "r@example.com"}
WARNING_RE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+): WARNING: (?P<msg>.*)$", re.M)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo,
                          env=GIT_ENV, check=True, capture_output=True, text=True).stdout


def warnings_of(output: str, src: Path) -> list[dict]:
    return [m.groupdict() for m in WARNING_RE.finditer(output.replace(f"{src}/", ""))]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mistakes")
    src, out = tmp / "src", tmp / "out"
    shutil.copytree(BASE, src)
    for name in ("tom-rad.md", "genomford.md", "planerad.md", "fragor.md", "uppfoljning.md"):
        shutil.copy(FILES / name, src / "bad" / name)
    for folder in ("studiebesok", "projekt"):
        shutil.copytree(FILES / "casebook" / folder, src / "casebook" / folder)
    shutil.copy(FILES / "boom.py", src / "boom.py")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nimport sys\nsys.path.insert(0, ".")\n'
                   'extensions = ["boom", *extensions, "sphinx_design"]\n')
    cwd = os.getcwd()
    os.chdir(src)  # conf.py's sys.path entry
    try:
        proc = sphinx_build("-b", "html", "-q", str(src), str(out))
    finally:
        os.chdir(cwd)
    output = proc.stdout + proc.stderr
    return proc, output, warnings_of(output, src), out


def _activities(out: Path) -> set[str]:
    data = json.loads((out / "export" / "handbok.json").read_text(encoding="utf-8"))
    return {row["id"] for row in data["activities"]}


def test_the_site_builds_without_a_traceback(site):
    proc, output, _warnings, out = site
    assert proc.returncode == 0, output[-3000:]
    assert "Traceback" not in output and "Exception occurred" not in output


def test_blank_line_before_illustrative_never_counts_an_invented_case(site):
    _proc, _output, warnings, out = site
    assert any(w["file"] == "bad/tom-rad.md" and w["line"] == "13"
               and "Fältlistan har en tom rad" in w["msg"] for w in warnings), warnings
    assert "tom-rad" not in _activities(out)
    page = (out / "bad" / "tom-rad.html").read_text(encoding="utf-8")
    assert "Illustrativt exempel" in page
    assert ":illustrative:" not in page


def test_illustrative_nej_is_a_carried_out_activity(site):
    _proc, _output, warnings, out = site
    assert "genomford" in _activities(out)
    assert not [w for w in warnings if w["file"] == "bad/genomford.md"], warnings
    assert "Illustrativt exempel" not in (out / "bad" / "genomford.html").read_text("utf-8")


def test_a_planned_case_is_shown_as_planned_and_not_counted(site):
    _proc, _output, warnings, out = site
    assert "planerad" not in _activities(out)
    page = (out / "bad" / "planerad.html").read_text(encoding="utf-8")
    assert "Planerad aktivitet" in page and "(planerad)" in page
    assert any(w["file"] == "bad/planerad.md" and w["line"] == "10"
               and "[handbok.planned]" in w["msg"] for w in warnings)
    followup = (out / "bad" / "uppfoljning.html").read_text(encoding="utf-8")
    assert "1 aktivitet är planerad för 2031 men har inte börjat än" in followup
    assert 'href="planerad.html"' in followup


def test_a_question_without_answer_and_a_failing_directive_are_located(site):
    _proc, _output, warnings, out = site
    assert any(w["file"] == "bad/fragor.md" and w["line"] == "11"
               and "Frågan 'Fråga 2: Vem samordnar?' har inget svar" in w["msg"]
               for w in warnings), warnings
    assert any(w["file"] == "bad/fragor.md" and w["line"] == "14"
               and "Blocket {boom} kunde inte visas" in w["msg"]
               and "[handbok.directive-error]" in w["msg"] for w in warnings), warnings
    page = (out / "bad" / "fragor.html").read_text(encoding="utf-8")
    assert "Texten efter blocken visas." in page and "Kommunfullmäktige." in page


def test_a_case_in_another_types_folder_follows_its_type(site):
    _proc, _output, warnings, out = site
    assert any(w["file"] == "casebook/projekt/fel-mapp.md" and w["line"] == "8"
               and "[handbok.case-folder]" in w["msg"] for w in warnings), warnings
    page = (out / "casebook" / "projekt" / "fel-mapp.html").read_text(encoding="utf-8")
    assert 'href="../studiebesok/index.html"' in page
    assert 'href="index.html"' not in page


# --- ids keep their meaning ------------------------------------------------------------------


def test_changed_meanings_finds_a_hand_renumbering():
    old = ("1. :::{method} m-1\n   :label: Studiebesök\n   Kommunen gör studiebesök.\n   :::\n"
           "2. :::{method} m-2\n   :label: Projekt\n   Kommunen deltar i projekt.\n   :::\n")
    new = ("1. :::{method} m-1\n   :label: Studiebesök\n   Kommunen gör studiebesök.\n   :::\n"
           "2. :::{method} m-2\n   :label: Jobbskuggning\n   Medarbetare skuggar kollegor.\n"
           "   :::\n3. :::{method} m-3\n   :label: Projekt\n   Kommunen deltar i projekt.\n"
           "   :::\n")
    changes = changed_meanings(old, new)
    assert [(c.ident, c.old_label, c.new_label, c.line) for c in changes] == [
        ("m-2", "Projekt", "Jobbskuggning", 5)]
    # A reworded sentence, or a shorter name of the same thing, keeps the meaning.
    assert changed_meanings(old, old.replace("gör studiebesök", "gör ofta studiebesök")) == []
    assert changed_meanings(old, old.replace(":label: Projekt", ":label: Projekten")) == []
    assert changed_meanings(old, old.replace("Kommunen deltar i projekt.", "Nytt.")) == []
    case = ":::{case} x\n:methods: m-2, m-1\n:::\n"
    assert citing_cases([case, case, "no case"]) == {"m-2": 2, "m-1": 2}


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A repository with the base root committed, then a method relabelled in the working
    tree."""
    repo = tmp_path_factory.mktemp("history") / "repo"
    shutil.copytree(BASE, repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Base\n\nSammanfattning: Grunden.")
    policy = repo / "policy" / "bas.md"
    # A method inserted before it took over its id (the hand-renumbering mistake).
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        ":label: Studiebesök\nKommunen ska göra studiebesök.",
        ":label: Jobbskuggning\nMedarbetare följer en kollega i en annan kommun."),
        encoding="utf-8")
    # An invented example made a counted activity (issue 25).
    case = repo / "casebook" / "bra.md"
    case.write_text(case.read_text(encoding="utf-8").replace(
        ":illustrative:\n", ":illustrative: nej\n"), encoding="utf-8")
    return repo


def test_the_build_says_which_id_changed_meaning(history, tmp_path):
    proc = sphinx_build("-b", "html", "-q", str(history), str(tmp_path / "out"))
    warnings = warnings_of(proc.stdout + proc.stderr, history)
    found = [w for w in warnings if "[handbok.id-meaning]" in w["msg"]]
    assert len(found) == 1, warnings
    assert found[0]["file"] == "policy/bas.md" and found[0]["line"] == "21"
    assert ("Id:t 'bas-metod-1' (metod) har fått en ny betydelse: förut 'Studiebesök', nu "
            "'Jobbskuggning'. 1 exempel anger id:t") in found[0]["msg"]
    # The case that was illustrative in the last commit and counts now, at its field's line.
    counted = [w for w in warnings if "[handbok.illustrative-counted]" in w["msg"]]
    assert [(w["file"], w["line"]) for w in counted] == [("casebook/bra.md", "15")], warnings
    assert "var påhittat (illustrativt) i förra versionen i git" in counted[0]["msg"]


def test_the_redline_says_which_id_changed_meaning(history):
    meanings = meaning_changes(history, "HEAD")
    text = "\n".join(render_meanings_markdown(meanings))
    assert "Id som har fått en ny betydelse" in text
    assert "förut 'Studiebesök', nu 'Jobbskuggning'. 1 exempel anger id:t" in text
    assert "policy/bas.md" in text


def test_a_shallow_clone_says_it_could_not_check(history, tmp_path):
    git(history, "commit", "-q", "-am", "Relabel\n\nSammanfattning: Ny etikett.")
    try:
        shallow = tmp_path / "shallow"
        git(tmp_path, "clone", "-q", "--depth", "1", f"file://{history}", str(shallow))
        proc = sphinx_build("-b", "html", str(shallow), str(tmp_path / "out"))
        output = proc.stdout + proc.stderr
        assert "kan inte kontrollera att metod-, mål- och aktörs-id" in output
        assert "[handbok.id-meaning]" not in output
        # With the history, the committed change is still reported.
        full = sphinx_build("-b", "html", "-q", str(history), str(tmp_path / "full"))
        assert "[handbok.id-meaning]" in full.stdout + full.stderr
    finally:
        git(history, "reset", "-q", "--soft", "HEAD~1")
