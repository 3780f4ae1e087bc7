"""The examples on docs/referens.md are tests: extracted from the page, built, checked."""

from __future__ import annotations

import re
import shutil
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from sphinx.testing.util import SphinxTestApp
from test_ext_warnings import EXPECTED

PAGE = REPO / "docs" / "referens.md"
BLOCK_RE = re.compile(
    r"^(?P<fence>`{4,})\{code-block\} markdown\n:caption: (?P<file>exempel/[\w-]+\.md)\n\n"
    r"(?P<body>.*?)\n(?P=fence)$",
    re.M | re.S,
)
DIRECTIVES = ("actor", "method", "goal", "duty", "responsibility-matrix", "actor-duties", "case",
              "case-table")
ROLES = ("duty", "method", "goal", "case", "actor")


def examples() -> dict[str, str]:
    """File name -> text: the page's example blocks, joined per file in page order."""
    files: dict[str, list[str]] = {}
    for match in BLOCK_RE.finditer(PAGE.read_text(encoding="utf-8")):
        files.setdefault(match["file"], []).append(match["body"])
    return {name: "\n\n".join(parts) + "\n" for name, parts in files.items()}


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("referens") / "src"
    shutil.copytree(rootdir / "test-ext-referens", srcdir)
    for name, text in examples().items():
        (srcdir / name).parent.mkdir(exist_ok=True)
        (srcdir / name).write_text(text, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    app.build()
    yield app
    app.cleanup()


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text("utf-8"), "html.parser")


def test_the_page_has_examples_for_every_directive_and_role():
    files = examples()
    assert set(files) == {"exempel/policy.md", "exempel/studiebesok.md", "exempel/oversikt.md"}
    text = "\n".join(files.values())
    for name in DIRECTIVES:
        if name != "duty":
            assert f":::{{{name}}}" in text, name
    for name in ROLES:
        assert f"{{{name}}}`" in text, name


def test_examples_build_without_warnings(built):
    assert built.warning.getvalue() == ""


def test_policy_example_renders_matrix_and_lists_the_case(built):
    doc = page(built, "exempel/policy")
    rows = [[c.get_text(" ", strip=True) for c in tr.select("th, td")]
            for tr in doc.select("table.handbok-matrix tr")]
    assert rows == [
        ["Uppgift", "Kommunstyrelsen", "Nämnderna"],
        ["leder och samordnar det internationella arbetet", "samordnar", ""],
        ["ansvarar för det internationella arbetet i sina verksamheter", "stödjer", "ansvarar"],
    ]
    for target in ("exempel-metod-1", "exempel-mal-1"):
        box = doc.find(id=target).find_parent("div")
        assert [a.get_text() for a in box.select(".handbok-target-cases a")] == [
            "Studiebesök om digital undervisning"]
    assert "uppgift saknas" in doc.select_one(".handbok-policy-meta").get_text()


def test_case_example_renders_facts(built):
    doc = page(built, "exempel/studiebesok")
    facts = doc.select_one("table.handbok-case-facts").get_text(" ", strip=True)
    assert "Utbildningsförvaltningen" in facts and "Erasmus+" in facts
    assert doc.select_one(".handbok-illustrative") is not None


def test_overview_example_renders_tables_duties_and_links(built):
    doc = page(built, "exempel/oversikt")
    captions = [c.get_text() for c in doc.select("table.handbok-case-table .caption-text")]
    assert captions == ["Studiebesök (1)", "Studiebesök (1)"]
    duties = [ul.get_text(" ", strip=True) for ul in doc.select("ul.handbok-actor-duties")]
    assert len(duties) == 2 and "samordnar" in duties[0] and "ansvarar" in duties[1]
    links = {a.get_text(): a["href"] for a in doc.select("p a.reference.internal")}
    assert links["Studiebesök och jobbskuggning"] == "policy.html#exempel-metod-1"
    assert links["målet om kunskapsutbyte"] == "policy.html#exempel-mal-1"
    assert links["Studiebesök om digital undervisning"] == "studiebesok.html"
    assert links["Kommunstyrelsen"] == "policy.html#actor-kommunstyrelsen"
    assert not doc.select(".handbok-unknown")


def test_page_documents_roles_case_types_and_warnings():
    from handbok.config import DEFAULT_CASE_TYPES, DEFAULT_ROLES

    text = PAGE.read_text(encoding="utf-8")
    for role, meaning in DEFAULT_ROLES.items():
        assert f"| {role} | {meaning} |" in text
    for ctype in DEFAULT_CASE_TYPES:
        assert f"| {ctype} |" in text
    subtypes = {e[2] for e in EXPECTED} | {"empty-matrix", "no-policy", "bad-option", "config",
                                            "bad-id", "policy-meta", "raw", "unsafe-link"}
    for subtype in subtypes:
        assert f"`handbok.{subtype}`" in text, subtype
