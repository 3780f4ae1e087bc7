"""The personal-data checks: CLI, repo-wide run, and the pre-commit hook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import sphinx_build
from handbok_cli.checks import check_paths, check_text, luhn_ok

REPO = Path(__file__).resolve().parent.parent


def with_check_digit(nine: str) -> str:
    """The ten digits YYMMDDNNN + the check digit that makes them valid."""
    for digit in "0123456789":
        if luhn_ok(nine + digit):
            return nine + digit
    raise AssertionError("no check digit")


VALID = with_check_digit("811218987")  # 10 digits with a valid check digit
INVALID = VALID[:-1] + str((int(VALID[-1]) + 1) % 10)
VALID_DASH = f"{VALID[:6]}-{VALID[6:]}"
INVALID_DASH = f"{INVALID[:6]}-{INVALID[6:]}"

CASE = """---
orphan: true
---

# Ett påhittat exempel

:::{{case}} test-personnummer
:type: studiebesök
:unit: Kommunstyrelsens förvaltning
:period: 2024
:methods: huddinge-metod-2
:illustrative:

Kontaktperson var {number}.
:::
"""


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handbok_cli.checks", *args], cwd=cwd,
                          capture_output=True, text=True)


def test_repository_sources_have_no_personal_data():
    proc = run_cli()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_valid_personnummer_in_case_file_is_reported_with_file_and_line(tmp_path):
    case = tmp_path / "casebook" / "studiebesok" / "test.md"
    case.parent.mkdir(parents=True)
    case.write_text(CASE.format(number=VALID_DASH), encoding="utf-8")
    proc = run_cli(str(case))
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{case}:14: Ett personnummer ({VALID_DASH})")
    assert len(proc.stdout.splitlines()) == 1


def test_invalid_check_digit_passes(tmp_path):
    case = tmp_path / "test.md"
    case.write_text(CASE.format(number=INVALID_DASH), encoding="utf-8")
    proc = run_cli(str(case))
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout == ""


@pytest.mark.parametrize("text", [
    VALID, VALID_DASH, f"19{VALID}", f"19{VALID_DASH}", f"{VALID[:6]}+{VALID[6:]}",
    f"Nummer: {VALID_DASH}.",
])
def test_personnummer_formats_found(text):
    assert len(check_text(text, "x.md")) == 1


def test_samordningsnummer_found():
    # Day + 60: the 18th becomes 78.
    number = with_check_digit("811278987")
    [finding] = check_text(f"Samordningsnummer {number[:6]}-{number[6:]}", "x.md")
    assert "samordningsnummer" in finding.message


@pytest.mark.parametrize("text", [
    INVALID, INVALID_DASH, f"19{INVALID_DASH}", "2016–2020", "2016-2020", "Dnr KS-2016/123",
    "811318-1234",  # month 13
    "12345678901234",  # too long to be a number of either kind
    "08-530 100 00",  # a switchboard (landline) number
    "070-174 06 50",  # PTS range for fiction
    "namn@example.com", "namn@kommunen.invalid", "info@huddinge.se",
])
def test_allowed_text_passes(text):
    assert check_text(text, "x.md") == []


@pytest.mark.parametrize("text", [
    "anna.svensson@gmail.com", "kalle@hotmail.se", "x@outlook.com", "y@yahoo.se",
    "z@icloud.com",
])
def test_private_email_found(text):
    [finding] = check_text(f"Skriv till {text}", "x.md")
    assert "e-postadress" in finding.message


@pytest.mark.parametrize("text", [
    "070-123 45 67", "0701234567", "073-1234567", "+46 70 123 45 67", "+46701234567",
    "0046 76 123 45 67",
])
def test_mobile_number_found(text):
    [finding] = check_text(f"Ring {text} i dag", "x.md")
    assert "Mobilnumret" in finding.message


def test_check_paths_walks_folders_and_gives_lines(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.md").write_text(f"rad ett\nrad två {VALID_DASH}\n", encoding="utf-8")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG" + VALID.encode())
    [finding] = check_paths([tmp_path], base=tmp_path)
    assert (finding.path, finding.line) == ("a/one.md", 2)


def test_pre_commit_hook_blocks_a_personnummer(tmp_path):
    """The real pre-commit hook, run on a throw-away git repository."""
    pre_commit = Path(sys.executable).with_name("pre-commit")
    assert pre_commit.exists(), "pre-commit is part of the test extra"
    repo = tmp_path / "repo"
    (repo / "exts" / "handbok_cli").mkdir(parents=True)
    shutil.copy(REPO / ".pre-commit-config.yaml", repo)
    shutil.copy(REPO / "exts" / "handbok_cli" / "checks.py", repo / "exts" / "handbok_cli")
    case = repo / "casebook" / "projekt" / "nytt.md"
    case.parent.mkdir(parents=True)
    case.write_text(CASE.format(number=VALID_DASH), encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    git = ["git", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    proc = subprocess.run([str(pre_commit), "run", "--all-files"], cwd=repo, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "casebook/projekt/nytt.md:14: Ett personnummer" in proc.stdout
    case.write_text(CASE.format(number=INVALID_DASH), encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    proc = subprocess.run([str(pre_commit), "run", "--all-files"], cwd=repo, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_broken_internal_links_fail_the_build(tmp_path):
    """make html runs sphinx-build with -W -n: a link to a missing page or label is an error."""
    src = REPO / "tests" / "roots" / "test-brokenlink"
    proc = sphinx_build("-b", "html", "-W", "--keep-going", "-n", str(src), str(tmp_path / "out"))
    assert proc.returncode != 0
    err = proc.stderr
    assert "index.md:3:" in err and "finns-inte" in err
    assert "ett-avsnitt-som-saknas" in err
    assert "index.md:5:" in err and "ansvar-som-saknas" in err


def test_make_html_is_strict():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    html_rule = makefile.split("\nhtml:", 1)[1].split("\n\n", 1)[0]
    assert " -W " in html_rule and " -n " in html_rule
    assert "nitpicky = True" in (REPO / "conf.py").read_text(encoding="utf-8")
