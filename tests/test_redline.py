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
from handbok_cli.redline import (
    COMMENT_MARKER,
    block_changes,
    build_report,
    duty_changes,
    named_actors,
    parse_policy,
    render_report,
    segments,
    strip_inline,
    swedish_date,
    tokenize,
)

REPO = Path(__file__).resolve().parent.parent
STRATEGY = "policy/huddinge/strategi.md"
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Redaktionen", "GIT_AUTHOR_EMAIL": "r@example.com",
           "GIT_COMMITTER_NAME": "Redaktionen", "GIT_COMMITTER_EMAIL": "r@example.com"}

BASE_MESSAGE = "Adopted texts\n\nSammanfattning: Den antagna strategin läggs in."
MOVED = ("Vilka aktiviteter som inleds ska baseras på verksamheternas behov av utveckling. "
         "Nyttan av eventuella samarbeten ska alltid vägas mot insatsens omfattning och kostnad.")
#: The change of the issue: a reworded sentence, a comma, a paragraph moved from "Genomförande
#: och uppföljning" to "Inriktning och syfte", one duty's role changed, one duty moved.
EDITS = [
    ("Huddinge kommun arbetar redan idag internationellt. Kommunen är med i internationella",
     "Huddinge kommun arbetar redan i dag internationellt. Kommunen deltar i internationella"),
    ("inriktas mot EU-länderna samt övriga", "inriktas mot EU-länderna, samt övriga"),
    (MOVED + "\n\n", ""),
    ("övriga nordiska länder.\n\n", "övriga nordiska länder.\n\n" + MOVED + "\n\n"),
    ("internationella arbetet <kommunstyrelsen:samordnar>",
     "internationella arbetet <kommunstyrelsen:ansvarar>"),
    ("bevaras och utvecklas <kommunstyrelsen:ansvarar>",
     "bevaras och utvecklas <ks-forvaltningen:ansvarar>"),
]
#: Words of the tools' old English output and of the base commit's English subject.
ENGLISH = {"head", "adopted", "texts", "version", "moved", "insert", "delete", "inserted",
           "deleted", "changed", "added", "removed", "section", "duty", "actor", "role", "the",
           "and", "of", "from", "to", "commit", "base", "summary", "before", "after"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=GIT_ENV,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def clone(tmp_path) -> Path:
    """The real policy files and the Makefile in a fresh repository: the adopted texts, then
    one commit with the change the issue describes."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(REPO / "policy", repo / "policy")
    shutil.copy(REPO / "Makefile", repo)
    shutil.copy(REPO / "requirements.lock", repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", BASE_MESSAGE)
    strategy = repo / STRATEGY
    text = strategy.read_text(encoding="utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    strategy.write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Reorder the strategy and move a duty\n\n"
        "Sammanfattning: Strategin får ny ordning och nytt ansvar för vänorterna.")
    return repo


def visible(tag) -> str:
    """Text of an <ins>/<del> without its screen-reader label and [+ +] markers."""
    tag = BeautifulSoup(str(tag), "html.parser")
    for hidden in tag.select(".visually-hidden, .marker"):
        hidden.extract()
    return tag.get_text(" ", strip=True)


def check_report(page: Path, repo: Path) -> None:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "sv"
    base_hash = git(repo, "rev-parse", "HEAD~1").strip()
    header = soup.main.find("p").get_text()
    assert header == ("Förslaget jämförs med versionen från "
                      f"{swedish_date(git(repo, 'log', '-1', '--format=%cs', 'HEAD~1'))}: "
                      "”Den antagna strategin läggs in.” Sidan visar texten som läsaren ser, "
                      "inte formateringen.")
    assert base_hash[:7] in soup.footer.small.get_text()
    legend = soup.select_one(".legend")
    assert legend.h2.get_text() == "Teckenförklaring"
    legend.extract()
    main = soup.main
    text = main.get_text(" ", strip=True)
    # No hash, no git word, no English in the body.
    assert base_hash[:7] not in text and "HEAD" not in text
    words = {t.text.lower() for t in tokenize(text)}
    assert not words & ENGLISH, words & ENGLISH
    # The moved paragraph: once, as moved, in its new section, nothing in it marked.
    assert text.count("Vilka aktiviteter som inleds") == 1
    [moved] = main.select(".change.moved")
    assert moved.select_one(".label").get_text() == (
        "Flyttat från avsnittet ”Genomförande och uppföljning”, texten är oförändrad")
    assert moved.find_previous("h3").get_text() == "Avsnitt: Inriktning och syfte"
    assert not moved.find_all(["ins", "del"])
    assert " ".join(moved.get_text(" ", strip=True).split()[-len(MOVED.split()):]) == MOVED
    # Only the comma after "EU-länderna" is marked, not the word.
    [eu] = [s for s in main.select(".sentence") if "EU-länderna" in s.get_text()]
    assert [visible(i) for i in eu.find_all("ins")] == [","] and not eu.find_all("del")
    assert all("EU-länderna" not in m.get_text() for m in main.find_all(["ins", "del"]))
    # The reworded sentence: exactly the changed words.
    marked = [(m.name, visible(m)) for m in main.find_all(["ins", "del"])]
    assert marked == [("del", "idag"), ("ins", "i dag"), ("del", "är med"), ("ins", "deltar"),
                      ("ins", ",")]
    # Context is whole sentences: each starts with a capital and ends with a full stop.
    for sentence in main.select(".sentence"):
        words = sentence.get_text(" ", strip=True)
        assert words[0].isupper() and words.endswith("."), words
    # The duty changes are in their section, with the sentence and a warning for the duty
    # that the sentence still gives to Kommunstyrelsen.
    duties = main.select(".duty")
    assert [d.find_previous("h3").get_text() for d in duties] == ["Avsnitt: Kommunstyrelsen"] * 2
    role, moved_duty = duties
    assert "Rollen ändras från Kommunstyrelsen (samordnar) till Kommunstyrelsen (ansvarar)." in (
        role.get_text(" ", strip=True))
    assert not role.select(".warning")
    assert "Uppgiften flyttas från Kommunstyrelsen (ansvarar) till Kommunstyrelsens förvaltning " \
        "(ansvarar)." in " ".join(moved_duty.get_text(" ", strip=True).split())
    assert moved_duty.blockquote.get_text().startswith("Kommunstyrelsen leder och samordnar")
    # Each box links to the sentence quoted in it (before and after share one sentence here).
    assert moved_duty.blockquote["id"] == moved_duty["id"] + "-fore"
    [warning] = moved_duty.select(".warning")
    assert warning.get_text().startswith("Varning: Meningen nämner Kommunstyrelsen, men "
                                         "markeringen ger nu uppgiften till Kommunstyrelsens "
                                         "förvaltning.")
    # Haninge is listed as unchanged; only Huddinge is shown as changed.
    unchanged = main.find("h2", string="Oförändrade styrdokument").find_next("ul")
    assert [li.get_text(" ", strip=True) for li in unchanged.find_all("li")] == [
        "Haninge kommuns internationella program: oförändrad"]
    # The page shows words, not markup.
    for markup in (":::", "{duty}", "{goal}", ":label:", "<forvaltningarna", "policy/"):
        assert markup not in text


def test_redline_cli_shows_the_change_as_a_reader_thinks_of_it(clone, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "handbok_cli", "redline", "--bas", "HEAD~1",
                           "--ut", str(out)], cwd=clone, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    check_report(out / "index.html", clone)
    assert "Varning i policy/huddinge/strategi.md, avsnittet Kommunstyrelsen" in proc.stderr


@pytest.mark.pdf
def test_make_redline_pdf_writes_page_summary_and_tagged_pdf(clone, tmp_path):
    """``make redline-pdf``: the page, the Markdown CI writes to the job summary and the
    comment, and a tagged PDF in Swedish with a title."""
    proc = make("redline-pdf", clone, "BASE=HEAD~1")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = clone / "_build" / "redline"
    check_report(out / "index.html", clone)
    summary = (out / "sammanfattning.md").read_text(encoding="utf-8")
    assert summary.startswith(COMMENT_MARKER + "\n## Ändringar i styrdokumenten\n")
    assert "EU-länderna<ins>**\\[+ , +\\]**</ins> samt" in summary
    assert summary.count("Vilka aktiviteter som inleds") == 1
    assert "> **Flyttat från avsnittet ”Genomförande och uppföljning”, texten är oförändrad**" \
        in summary
    assert "**⚠️ Varning:** Meningen nämner Kommunstyrelsen" in summary
    short = git(clone, "rev-parse", "--short", "HEAD~1").strip()
    body, small = summary.split("<sub>")
    assert short not in body and short in small and "HEAD" not in summary
    pdf = out / "redline.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           Ändringar i styrdokumenten jämfört med versionen från" in info
    assert b"/Lang (sv)" in pdf.read_bytes()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for words in ("Teckenförklaring", "Flyttat från avsnittet", "Varning: Meningen nämner"):
        assert words in " ".join(text.split())
    # Readable in black and white: the marks are text and lines, not colour alone.
    assert "[+" in text and "[−" in text


def test_no_changes_lists_every_policy_as_unchanged(clone, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "handbok_cli", "redline", "--bas", "HEAD",
                           "--ut", str(out)], cwd=clone, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.main.find("p", string="Inga styrdokument har ändrats.")
    items = [li.get_text(" ", strip=True) for li in soup.select("main ul")[-1].find_all("li")]
    assert len(items) == 2 and all(i.endswith("oförändrad") for i in items)


def test_unknown_base_is_a_clear_error(clone, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "handbok_cli", "redline", "--bas", "no-such-ref",
                           "--ut", str(tmp_path / "o")], cwd=clone, capture_output=True,
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


def test_words_and_punctuation_are_separate_tokens():
    assert [x.text for x in tokenize("mot EU-länderna, samt och/eller 2-4 gånger…")] == [
        "mot", "EU-länderna", ",", "samt", "och/eller", "2-4", "gånger", "…"]


def test_context_is_whole_sentences():
    old = "Första meningen står kvar. Andra meningen har ett ord. Tredje står kvar."
    new = "Första meningen står kvar. Andra meningen har ett nytt ord. Tredje står kvar."
    [sentence] = segments(old, new)
    assert [(p.op, p.text) for p in sentence] == [
        ("equal", "Andra meningen har ett"), ("insert", "nytt"), ("equal", "ord.")]


def test_moved_block_with_changed_wording_is_shown_once_and_marked():
    old = parse_policy("p.md", "---\npolicy: x\n---\n# T\n\n## A\n\nEtt stycke i A.\n\n"
                       "## B\n\nEtt annat stycke. Det flyttas sedan till avsnittet A.\n")
    new = parse_policy("p.md", "---\npolicy: x\n---\n# T\n\n## A\n\nEtt stycke i A.\n\n"
                       "Ett annat stycke. Det flyttas nu till avsnittet A.\n\n## B\n")
    [change] = block_changes(old, new)
    assert (change.kind, change.section, change.from_section) == ("flyttat", "A", "B")
    ops = [(p.op, p.text) for s in change.segments for p in s if p.op != "equal"]
    assert ops == [("delete", "sedan"), ("insert", "nu")]


def test_moved_list_item_is_one_change():
    text = (REPO / STRATEGY).read_text(encoding="utf-8")
    first, second = "1. :::{goal} huddinge-mal-1", "2. :::{goal} huddinge-mal-2"
    start, middle = text.index(first), text.index(second)
    end = text.index("3. :::{goal} huddinge-mal-3")
    swapped = text[:start] + text[middle:end] + text[start:middle] + text[end:]
    changes = block_changes(parse_policy("a", text), parse_policy("b", swapped))
    assert [(c.kind, c.item, c.section) for c in changes] == [
        ("flyttat", True, "Inriktning och syfte")]
    assert not [p for s in changes[0].segments for p in s if p.op != "equal"]


def test_metadata_with_the_page_labels_and_base_without_summary(clone, tmp_path):
    """Front matter changes use the labels of the policy page; a base commit without a
    Sammanfattning: trailer is named by its date alone."""
    strategy = clone / STRATEGY
    git(clone, "commit", "-q", "--allow-empty", "-m", "No summary here")
    text = strategy.read_text(encoding="utf-8")
    strategy.write_text(text.replace('version: "1.0"', 'version: "1.1"').replace(
        "adopted:\n", "adopted: 2026-11-30\n"), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "handbok_cli", "redline", "--bas", "HEAD",
                           "--ut", str(out)], cwd=clone, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    date = swedish_date(git(clone, "log", "-1", "--format=%cs"))
    assert soup.main.find("p").get_text().startswith(
        f"Förslaget jämförs med versionen från {date}. Sidan")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    assert rows == [["Antagen", "uppgift saknas", "2026-11-30"], ["Version", "1.0", "1.1"]]
    assert "No summary" not in soup.get_text()


def test_reworded_duty_links_its_text_change_both_ways():
    old = parse_policy("p.md", "---\npolicy: x\n---\n# T\n\n## Nämnderna\n\n:::{actor} nd\n"
                       ":label: Nämnderna\n:::\n\nNämnderna {duty}`bevakar frågorna <nd:ansvarar>`."
                       " Det gäller alla.\n")
    new = parse_policy("p.md", "---\npolicy: x\n---\n# T\n\n## Nämnderna\n\n:::{actor} nd\n"
                       ":label: Nämnderna\n:::\n\nNämnderna {duty}`bevakar de viktiga frågorna "
                       "<nd:ansvarar>`. Det gäller alla.\n")
    report = build_report("policy/x.md", "policy/x.md", old, new)
    soup = BeautifulSoup("\n".join(render_report(report)), "html.parser")
    [change], [duty] = soup.select(".change"), soup.select(".duty")
    assert change.find("a")["href"] == "#" + duty["id"]
    assert duty.find("a", string="Se ändringen i texten ovan.")["href"] == "#" + change["id"]
    quotes = [q.get_text() for q in duty.find_all("blockquote")]
    assert quotes == ["Nämnderna bevakar frågorna.", "Nämnderna bevakar de viktiga frågorna."]
    assert not duty.select(".warning")


def test_named_actors_prefers_the_longer_name():
    actors = {"ks": "Kommunstyrelsen", "ksf": "Kommunstyrelsens förvaltning",
              "fv": "Förvaltningarna", "kp": "Internationella kontaktpersoner"}
    assert named_actors("Kommunstyrelsens förvaltning ansvarar för samordning.", actors) == {"ksf"}
    assert named_actors("Kommunstyrelsen leder arbetet.", actors) == {"ks"}
    assert named_actors("Varje förvaltning ansvarar.", actors) == {"fv"}
    assert named_actors("Kontaktpersonen ska delta.", actors) == {"kp"}


def test_redline_on_this_repository(tmp_path):
    """The real history: the working tree against the first commit that has the policies."""
    first = subprocess.run(["git", "log", "--reverse", "--format=%H", "--", "policy"], cwd=REPO,
                           capture_output=True, text=True, check=True).stdout.split()[0]
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "handbok_cli", "redline", "--bas", first,
                           "--ut", str(out)], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = soup.main.get_text(" ", strip=True)
    for policy in ("Huddinge kommuns strategi", "Haninge kommuns internationella program"):
        assert policy in text


def test_role_over_two_lines_is_stripped():
    doc = parse_policy("p.md", "---\npolicy: x\n---\n# T\n\nKommunen {duty}`leder\n"
                       "arbetet <ks:samordnar>` varje år.\n")
    assert doc.sections == [("T", "Kommunen leder arbetet varje år.")]
    assert [d["text"] for d in doc.duties] == ["leder arbetet"]


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
    assert [(d["text"], d["assignments"]) for d in doc.duties] == [
        ("leder nätverket", [["ks", "samordnar"]]), ("deltar", [["nd", "deltar"]]),
        ("alla", [["ks", "ansvarar"], ["nd", "stödjer"]])]
    # The actors and duties have the fields of the build's records (handbok.records).
    assert doc.actors == {"ks": {"id": "ks", "label": "Kommunstyrelsen", "kind": ""}}


def test_the_tools_read_markup_with_myst_and_the_extension_does_not_import_them():
    """The command-line tools are their own package; only checks.py (personal data) and the
    import (importer, suggest, importbench: plain text extracted from Word and PDF, Swedish
    sentence patterns) use regular expressions, and the extension never imports the tools."""
    cli = REPO / "exts" / "handbok_cli"
    for module in ("redline", "archive", "newcase", "newpolicy", "checks"):
        assert (cli / f"{module}.py").exists()
        assert not (REPO / "exts" / "handbok" / f"{module}.py").exists()
    users_of_re = {f.name for f in cli.glob("*.py")
                   if "import re\n" in f.read_text(encoding="utf-8")}
    assert users_of_re == {"checks.py", "importer.py", "suggest.py", "importbench.py"}
    for module in (REPO / "exts" / "handbok").rglob("*.py"):
        assert "handbok_cli" not in module.read_text(encoding="utf-8"), module.name
