"""Version history, versions kept side by side, proposal banner and redirects."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from handbok.history import NO_GIT, NO_SUMMARY, UNCOMMITTED, adopted_parts, summary_of

ROOT = Path(__file__).resolve().parent / "roots" / "test-history"
STRATEGY = "policy/huddinge/strategi.md"


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def meta_field(page: BeautifulSoup, label: str) -> str:
    for name in page.select(".handbok-policy-meta-fields dt"):
        if name.get_text(strip=True).rstrip(":") == label:
            return name.find_next_sibling("dd").get_text(" ", strip=True)
    raise AssertionError(f"no field {label}")


@pytest.mark.sphinx("html", testroot="history")
def test_outside_git_the_page_says_history_is_unavailable(app):
    """sphinx.testing copies the root to a temporary folder that is not a git repository."""
    app.build()
    assert app.warning.getvalue() == ""
    page = soup(app, "policy/huddinge/strategi.html")
    assert meta_field(page, "Senast ändrad") == "uppgift saknas"
    history = page.select_one("#versionshistorik")
    assert history.select_one("p.rubric").get_text() == "Versionshistorik"
    assert NO_GIT in history.get_text(" ", strip=True)
    assert history.find("table") is None


@pytest.mark.sphinx("html", testroot="history")
def test_proposal_banner(app):
    app.build()
    page = soup(app, "policy/haninge/program.html")
    banner = page.select_one(".handbok-status-banner")
    assert banner is not None
    assert banner.select_one(".admonition-title").get_text() == "Förslag – inte antagen"
    # The banner comes before the text of the proposal.
    assert banner.find_next("h2").get_text(strip=True).startswith("Ansvar")
    # A proposal alone in its series gets no list of versions.
    assert page.select_one(".handbok-versions") is None
    current = soup(app, "policy/huddinge/strategi.html")
    assert current.select_one(".handbok-status-banner") is None


@pytest.mark.sphinx("html", testroot="history")
def test_older_version_kept_beside_the_current_one(app):
    app.build()
    current = soup(app, "policy/huddinge/strategi.html")
    old = soup(app, "policy/huddinge/strategi-2016-2020.html")
    # The old version says it is repealed.
    assert old.select_one(".handbok-status-banner .admonition-title").get_text() == (
        "Upphävd – gäller inte längre")
    for page, here in ((current, "2021–2025"), (old, "2016–2020")):
        versions = page.select_one(".handbok-versions")
        items = [" ".join(li.get_text().split()) for li in versions.find_all("li")]
        assert items == [
            "Strategi för internationellt arbete 2021–2025"
            + (" (den här sidan)" if here == "2021–2025" else "")
            + ": version 2.0, giltighetstid 2021–2025, gällande",
            "Strategi för internationellt arbete 2016–2020"
            + (" (den här sidan)" if here == "2016–2020" else "")
            + ": version 1.0, giltighetstid 2016–2020, upphävd",
        ]
        assert versions.select_one("strong.handbok-current").get_text() == "gällande"
    # Each page links to the other version.
    assert old.select_one(".handbok-versions a")["href"] == "strategi.html"
    assert current.select_one(".handbok-versions a")["href"] == "strategi-2016-2020.html"


@pytest.mark.sphinx("html", testroot="history")
def test_redirect_for_a_moved_page(app):
    app.build()
    redirect = Path(app.outdir) / "styrdokument" / "huddinge-strategi.html"
    html = redirect.read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in html
    assert "../policy/huddinge/strategi.html" in html
    # The target exists, so the redirect does not lead nowhere.
    target = (redirect.parent / "../policy/huddinge/strategi.html").resolve()
    assert target.exists()


def git(repo: Path, *args: str, date: str = "2024-01-15T10:00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Redaktionen", "GIT_AUTHOR_EMAIL": "r@example.com",
           "GIT_COMMITTER_NAME": "Redaktionen", "GIT_COMMITTER_EMAIL": "r@example.com",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env,
                   check=True, capture_output=True)


def history_rows(page: BeautifulSoup) -> list[list[str]]:
    table = page.select_one("#versionshistorik table")
    return [[td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in table.select("tbody tr")]


def test_history_from_git_and_incremental_builds(tmp_path, make_app):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-q", "-m", "Strategin antagen", date="2024-01-15T10:00:00")
    strategy = src / STRATEGY
    strategy.write_text(strategy.read_text(encoding="utf-8").replace(
        "leder det internationella", "leder hela det internationella"), encoding="utf-8")
    git(src, "commit", "-q", "-am", "Clarify the duty\n\nSammanfattning: Förtydligat ansvaret.",
        date="2024-03-01T10:00:00")
    # Only the handbook's markup changes (an actor's label, a duty's target): not listed.
    strategy.write_text(strategy.read_text(encoding="utf-8").replace(
        ":label: Kommunstyrelsen", ":label: Styrelsen").replace(
        "<kommunstyrelsen:samordnar>", "<kommunstyrelsen:ansvarar>"), encoding="utf-8")
    git(src, "commit", "-q", "-am", "Relabel the actor\n\nSammanfattning: Bara uppmärkning.",
        date="2024-03-05T10:00:00")

    read: list[list[str]] = []

    def build():
        app = make_app("html", srcdir=src)
        app.connect("env-before-read-docs", lambda _a, _e, docnames: read.append(sorted(docnames)))
        app.build()
        assert app.warning.getvalue() == ""
        app.cleanup()  # unregister its nodes before the next app in this test
        return app

    app = build()
    page = soup(app, "policy/huddinge/strategi.html")
    assert meta_field(page, "Senast ändrad") == "2024-03-01"
    # The Swedish summary from the trailer; the first commit has none and says so in Swedish
    # instead of showing its message.
    assert history_rows(page) == [["2024-03-01", "Förtydligat ansvaret."],
                                  ["2024-01-15", NO_SUMMARY]]
    assert "Strategin antagen" not in page.get_text()
    assert UNCOMMITTED not in page.get_text()
    old = soup(app, "policy/huddinge/strategi-2016-2020.html")
    assert history_rows(old) == [["2024-01-15", NO_SUMMARY]]

    # Nothing changed: nothing is read again.
    build()
    assert read[-1] == []

    # An edit not yet committed is noted on the page.
    strategy.write_text(strategy.read_text(encoding="utf-8").replace(
        "leder hela det", "leder allt det"), encoding="utf-8")
    app = build()
    assert read[-1] == ["policy/huddinge/strategi"]
    assert UNCOMMITTED in soup(app, "policy/huddinge/strategi.html").get_text()

    # Committing changes no file, but the history moved on: only policy pages are read again.
    git(src, "commit", "-q", "-am", "Change the duty\n\nSammanfattning: Ändring i ansvar.",
        date="2024-05-02T10:00:00")
    app = build()
    assert read[-1] == ["policy/haninge/program", "policy/huddinge/strategi",
                        "policy/huddinge/strategi-2016-2020"]
    page = soup(app, "policy/huddinge/strategi.html")
    assert meta_field(page, "Senast ändrad") == "2024-05-02"
    assert history_rows(page)[0] == ["2024-05-02", "Ändring i ansvar."]
    assert UNCOMMITTED not in page.get_text()


def test_history_follows_a_moved_file(tmp_path, make_app):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-q", "-m", "Första versionen", date="2024-01-15T10:00:00")
    git(src, "mv", "policy/haninge/program.md", "policy/haninge/program-2027.md")
    (src / "index.md").write_text((src / "index.md").read_text(encoding="utf-8").replace(
        "policy/haninge/program", "policy/haninge/program-2027"), encoding="utf-8")
    git(src, "commit", "-q", "-am", "Move the programme", date="2024-02-01T10:00:00")
    program = src / "policy/haninge/program-2027.md"
    program.write_text(program.read_text(encoding="utf-8").replace(
        "version: ", "version: 2", 1), encoding="utf-8")
    git(src, "commit", "-q", "-am", "Bump\n\nSammanfattning: Ny version av programmet.",
        date="2024-03-01T10:00:00")
    app = make_app("html", srcdir=src)
    app.build()
    assert app.warning.getvalue() == ""
    page = soup(app, "policy/haninge/program-2027.html")
    # The move changed no word, so it is not a change of the text; the first version, made
    # under the old name, is still there.
    assert history_rows(page) == [["2024-03-01", "Ny version av programmet."],
                                  ["2024-01-15", NO_SUMMARY]]


def test_adopted_parts_ignore_the_handbooks_markup():
    text = ("---\npolicy: x\nversion: \"1.0\"\n---\n\n# Rubrik\n\n"
            "1. :::{goal} x-mal-1\n   :label: Ett mål\n   bidrar till *målen*,\n   :::\n\n"
            "Styrelsen {duty}`leder arbetet <styrelsen:leder>` enligt [planen](plan.md).\n")
    front, words = adopted_parts(text)
    assert front == 'policy: x version: "1.0"'
    assert words == ["Rubrik", "bidrar", "till", "målen,", "Styrelsen", "leder", "arbetet",
                     "enligt", "planen."]
    relabelled = text.replace(":label: Ett mål", ":label: Annat").replace(
        "<styrelsen:leder>", "<styrelsen:beslutar>").replace("1. :::", "2. :::")
    assert adopted_parts(relabelled) == (front, words)
    assert adopted_parts(text.replace("leder arbetet", "leder hela arbetet"))[1] != words
    assert adopted_parts(text.replace('"1.0"', '"1.1"'))[0] != front


def test_summary_is_the_last_swedish_trailer():
    assert summary_of("Fix typo\n\nSammanfattning: Rättat ett stavfel.\n") == (
        "Rättat ett stavfel.")
    assert summary_of("Fix typo\n\nSigned-off-by: x\n") == ""
    assert summary_of("Sammanfattning:\n") == ""


def test_pull_request_template_asks_for_the_summary_trailer():
    template = (Path(__file__).resolve().parents[1] / ".github" / "pull_request_template.md"
                ).read_text(encoding="utf-8")
    # The last line is the trailer to fill in, so it ends up last in a squashed commit.
    assert template.rstrip().splitlines()[-1].startswith("Sammanfattning:")
    assert "versionshistoriken" in template


def test_real_site_policy_pages_show_history(site_html):
    page = BeautifulSoup((site_html / "policy/huddinge/strategi.html").read_text("utf-8"),
                         "html.parser")
    rows = history_rows(page)
    assert rows, "the real site is built from a git checkout"
    assert meta_field(page, "Senast ändrad") == rows[0][0]


def test_archive_policy_keeps_the_old_version_beside_the_current_one(policies_site):
    """`make archive-policy` on the real Huddinge strategy, then a strict build of the site:
    made in the shared copy of the site with added policies (``archive_strategy`` in
    tests/siteedits.py, built by `make html`, which is -W --keep-going -n)."""
    _src, html_dir, proc = policies_site
    assert proc["returncode"] == 0, proc["stdout"] + proc["stderr"][-3000:]
    assert "WARNING" not in proc["stderr"], proc["stderr"]
    page = BeautifulSoup((html_dir / "policy/huddinge/strategi-2016-2020.html")
                         .read_text("utf-8"), "html.parser")
    assert page.select_one(".handbok-status-banner .admonition-title").get_text() == (
        "Upphävd – gäller inte längre")
    versions = page.select_one(".handbok-versions")
    assert versions.select_one("a")["href"] == "strategi.html"
    assert "gällande" in versions.select_one("li").get_text()


ARCHIVE_SOURCE = """---
# The adopted version.
policy: "x"
status: gällande
version: "1.0"
---

(x-start)=
# Programmet

Text med *betoning*, [en länk](../a.md) och {duty}`en *uppgift* <ks:ansvarar>`
på två rader, \\*inte betoning\\*.

1. :::{goal} x-mal-1
   :label: Målet

   Målets text med {duty}`en uppgift till <ks:deltar>`.
   :::
2. :::{method} x-metod-1
   :label: Metoden
   Metodens text.
   :::

> Ett citat med {method}`x-metod-1`.

| Vem | Vad |
|:--|--:|
| {duty}`i en tabell <ks:ansvarar>` | a \\| b |

:::{actor} ks
:label: Kommunstyrelsen
:::

## Vem ansvarar för vad?

En sammanställning.

:::{responsibility-matrix}
:::

### Under matrisen

Också utelämnat.
"""


def test_archived_copy_keeps_the_words_and_drops_the_markup(tmp_path):
    """The archived text is written back from MyST's tokens: the same words and structure,
    no directives, roles, options or targets, and the matrix section left out."""
    from handbok import frontmatter
    from handbok.vocabulary import POLICY_STATUSES
    from handbok_cli.archive import REPEALED
    from handbok_cli.archive import main as archive
    from handbok_cli.redline import parse_policy

    assert REPEALED in POLICY_STATUSES
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "x.md").write_text(ARCHIVE_SOURCE, encoding="utf-8")
    assert archive(["policy/x.md", "2016-2020", "--rot", str(tmp_path)]) == 0
    text = (tmp_path / "policy" / "x-2016-2020.md").read_text(encoding="utf-8")
    fm = frontmatter.read(text)
    assert fm.values == {"policy": "x-2016-2020", "status": "upphävd", "version": "1.0"}
    assert fm.text.startswith("# The adopted version.\n")
    body, _line = frontmatter.body(text)
    assert body == (
        "\n# Programmet\n\n"
        "Text med *betoning*, [en länk](../a.md) och en \\*uppgift\\*\n"
        "på två rader, \\*inte betoning\\*.\n\n"
        "1. Målets text med en uppgift till.\n"
        "2. Metodens text.\n\n"
        "> Ett citat med x-metod-1.\n\n"
        "| Vem | Vad |\n| :-- | --: |\n| i en tabell | a \\| b |")
    old, new = parse_policy("a", ARCHIVE_SOURCE), parse_policy("b", text)
    left_out = ("Vem ansvarar för vad?", "Under matrisen")
    assert new.sections == [s for s in old.sections if s[0] not in left_out]
    assert new.duties == [] and new.actors == {}
