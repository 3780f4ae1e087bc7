"""Redline on real git history: a temporary repository with two commits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import make
from handbok_cli.redline import duty_changes, parse_policy, strip_inline, word_hunks

REPO = Path(__file__).resolve().parent.parent
STRATEGY = "policy/huddinge/strategi.md"
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Redaktionen", "GIT_AUTHOR_EMAIL": "r@example.com",
           "GIT_COMMITTER_NAME": "Redaktionen", "GIT_COMMITTER_EMAIL": "r@example.com"}

WORD_OLD = "Vi lever i en globaliserad värld som"
WORD_NEW = "Vi lever i en globaliserad omvärld som"
DUTY_OLD = "inordnas i förvaltningens arbete <forvaltningarna:ansvarar>`"
DUTY_NEW = "inordnas i förvaltningens arbete <namnderna:ansvarar>`"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=GIT_ENV,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def clone(tmp_path) -> Path:
    """The policy files and the Makefile in a fresh repository: one commit, then the change."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(REPO / "policy", repo / "policy")
    shutil.copy(REPO / "Makefile", repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Adopted texts")
    strategy = repo / STRATEGY
    text = strategy.read_text(encoding="utf-8")
    assert text.count(WORD_OLD) == 1 and text.count(DUTY_OLD) == 1
    strategy.write_text(text.replace(WORD_OLD, WORD_NEW).replace(DUTY_OLD, DUTY_NEW),
                        encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Change a word and move a duty")
    return repo


def visible(tag) -> str:
    """Text of an <ins>/<del> without its screen-reader label and [+ +] markers."""
    for hidden in tag.select(".visually-hidden, .marker"):
        hidden.extract()
    return tag.get_text(" ", strip=True)


def check_report(page: Path) -> None:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "sv"
    assert soup.h1 and "HEAD~1" in soup.h1.get_text()
    legend = soup.select_one(".legend")
    assert legend.h2.get_text() == "Teckenförklaring"
    for tag in legend.find_all(["ins", "del"]):
        tag.extract()
    main = soup.main
    # Exactly one deleted and one inserted word, with text cues besides colour.
    dels, inss = main.find_all("del"), main.find_all("ins")
    assert len(dels) == 1 and len(inss) == 1, main
    assert dels[0].select_one(".visually-hidden").get_text() == "borttaget: "
    assert inss[0].select_one(".visually-hidden").get_text() == "infogat: "
    assert "[−" in dels[0].get_text() and "[+" in inss[0].get_text()
    assert visible(dels[0]) == "värld" and visible(inss[0]) == "omvärld"
    # Grouped by section: the change is under the heading of its section.
    hunk = main.select("p.hunk")
    assert len(hunk) == 1
    assert hunk[0].find_previous("h4").get_text() == "Avsnitt: Inledning"
    assert hunk[0].find_previous("h2").get_text().startswith("Huddinge kommuns strategi")
    # Exactly one duty change: moved from Förvaltningarna to Nämnderna.
    rows = main.select("table tbody tr")
    assert len(rows) == 1
    cells = [td.get_text(" ", strip=True) for td in rows[0].find_all("td")]
    assert cells == [
        "ansvarar för att det internationella arbetet inordnas i förvaltningens arbete",
        "Flyttad", "Förvaltningarna (ansvarar)", "Nämnderna (ansvarar)",
    ]
    # Haninge is listed as unchanged; only Huddinge is shown as changed.
    unchanged = main.find("h2", string="Oförändrade styrdokument").find_next("ul")
    assert [li.get_text(" ", strip=True) for li in unchanged.find_all("li")] == [
        "Haninge kommuns internationella program ( policy/haninge/program.md ): oförändrad"
    ]
    changed = [h.get_text() for h in main.find_all("h2")]
    assert changed == ["Teckenförklaring",
                       "Huddinge kommuns strategi för internationellt arbete 2016-2020",
                       "Oförändrade styrdokument"]
    # The page shows words, not markup.
    text = main.get_text()
    for markup in (":::", "{duty}", "{goal}", ":label:", "<forvaltningarna"):
        assert markup not in text


def test_redline_cli_shows_exactly_the_word_change_and_duty_move(clone, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "handbok_cli.redline", "--base", "HEAD~1",
                           "--out", str(out)], cwd=clone, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    check_report(out / "index.html")


def test_make_redline_in_a_clone(clone):
    """``make redline BASE=HEAD~1`` as CONTRIBUTING.md says, using this test run's Python."""
    proc = make("redline", clone, "BASE=HEAD~1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check_report(clone / "_build" / "redline" / "index.html")


def test_no_changes_lists_every_policy_as_unchanged(clone, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "handbok_cli.redline", "--base", "HEAD",
                           "--out", str(out)], cwd=clone, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.main.find("p", string="Inga styrdokument har ändrats.")
    items = [li.get_text(" ", strip=True) for li in soup.select("main ul")[-1].find_all("li")]
    assert len(items) == 2 and all(i.endswith("oförändrad") for i in items)


def test_unknown_base_is_a_clear_error(clone, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "handbok_cli.redline", "--base", "no-such-ref",
                           "--out", str(tmp_path / "o")], cwd=clone, capture_output=True,
                          text=True)
    assert proc.returncode == 2
    assert "Kunde inte jämföra med no-such-ref" in proc.stderr


def test_markup_is_stripped():
    assert strip_inline("Kommunen {duty}`leder arbetet <ks:samordnar>` och "
                        "{method}`huddinge-metod-1`, **viktigt**, [länk](../x.md)") == (
        "Kommunen leder arbetet och huddinge-metod-1, viktigt, länk")
    doc = parse_policy("p.md", (REPO / STRATEGY).read_text(encoding="utf-8"))
    text = " ".join(t for _n, t in doc.sections)
    for markup in (":::", "{", "}", "`", ":label:", "<", ">"):
        assert markup not in text
    assert "Kommunen ska bibehålla och utveckla samarbete" in text


def test_duty_changes_kinds():
    old = parse_policy("p.md", "---\npolicy: x\n---\n# T\n\n## A\n\n"
                       "{duty}`göra a <ks:ansvarar>` {duty}`göra b <ks:ansvarar>` "
                       "{duty}`göra c med mycket lång text här <ks:ansvarar>` "
                       "{duty}`göra d <ks:ansvarar>`\n")
    new = parse_policy("p.md", "---\npolicy: x\n---\n# T\n\n## A\n\n"
                       "{duty}`göra a <ks:stödjer>` {duty}`göra b <kf:ansvarar>` "
                       "{duty}`göra c med mycket lång text där <ks:ansvarar>` "
                       "{duty}`göra e <kf:beslutar>`\n")
    kinds = [(c.kind, c.text) for c in duty_changes(old, new)]
    assert kinds == [("ändrad roll", "göra a"), ("flyttad", "göra b"),
                     ("ändrad text", "göra c med mycket lång text där"),
                     ("tillagd", "göra e"), ("borttagen", "göra d")]


def test_word_hunks_show_context_only_around_changes():
    old = " ".join(f"ord{i}" for i in range(100))
    new = old.replace("ord50", "nytt")
    [hunk] = word_hunks(old, new)
    ops = [op for op, _t in hunk.parts]
    assert ops == ["equal", "delete", "insert", "equal"]
    assert hunk.parts[1][1] == "ord50" and hunk.parts[2][1] == "nytt"
    assert len(hunk.parts[0][1].split()) == 8


def test_redline_on_this_repository(tmp_path):
    """The real history: the working tree against the first commit that has the policies."""
    first = subprocess.run(["git", "log", "--reverse", "--format=%H", "--", "policy"], cwd=REPO,
                           capture_output=True, text=True, check=True).stdout.split()[0]
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "handbok_cli.redline", "--base", first,
                           "--out", str(out)], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = soup.main.get_text(" ", strip=True)
    for policy in ("Huddinge kommuns strategi", "Haninge kommuns internationella program"):
        assert policy in text


def test_role_over_two_lines_is_stripped():
    doc = parse_policy("p.md", "---\npolicy: x\n---\n# T\n\nKommunen {duty}`leder\n"
                       "arbetet <ks:samordnar>` varje år.\n")
    assert doc.sections == [("T", "Kommunen leder arbetet varje år.")]
    assert [d.text for d in doc.duties] == ["leder arbetet"]


NESTED = """---
policy: x
---
(etikett)=
# T

% A comment is not text for readers.

::::{note}
:::{method} x-metod-1
:label: Metoden

Kommunen {duty}`leder nätverket <ks:samordnar>`.

- en punkt där nämnderna {duty}`deltar <nd:deltar>`
:::
::::

```{goal} x-mal-1
:label: Målet
Målet gäller {duty}`alla <ks:ansvarar; nd:stödjer>`.
```

```text
{duty}`i ett kodblock <ks:ansvarar>`
```

:::{actor} ks
:label: Kommunstyrelsen
:::

:::{responsibility-matrix}
:::
"""


def test_directive_bodies_are_read_as_myst_reads_them():
    """Fences, options and roles come from MyST's parser: bodies of nested directives (colon
    or backtick fences) are policy text, code and comments are not duties or words."""
    doc = parse_policy("p.md", NESTED)
    assert doc.title == "T"
    assert doc.sections == [("T", "Kommunen leder nätverket.\nen punkt där nämnderna deltar\n"
                                  "Målet gäller alla.\n{duty}`i ett kodblock <ks:ansvarar>`")]
    assert [(d.text, d.assignments) for d in doc.duties] == [
        ("leder nätverket", [("ks", "samordnar")]), ("deltar", [("nd", "deltar")]),
        ("alla", [("ks", "ansvarar"), ("nd", "stödjer")])]
    assert doc.actors == {"ks": "Kommunstyrelsen"}


def test_the_tools_read_markup_with_myst_and_the_extension_does_not_import_them():
    """The command-line tools are their own package; only checks.py (personal data) uses
    regular expressions, and the extension never imports the tools."""
    cli = REPO / "exts" / "handbok_cli"
    for module in ("redline", "archive", "newcase", "newpolicy", "checks"):
        assert (cli / f"{module}.py").exists()
        assert not (REPO / "exts" / "handbok" / f"{module}.py").exists()
    users_of_re = {f.name for f in cli.glob("*.py")
                   if "import re\n" in f.read_text(encoding="utf-8")}
    assert users_of_re == {"checks.py"}
    for module in (REPO / "exts" / "handbok").rglob("*.py"):
        assert "handbok_cli" not in module.read_text(encoding="utf-8"), module.name
