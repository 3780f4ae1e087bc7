"""The examples on docs/referens.md are tests: extracted from the page, built, checked, and
each example file's resolved doctree kept as a snapshot (pytest-regressions).

A change to a directive's output shows as a snapshot diff; regenerate on purpose with
``pytest tests/test_ext_referens.py --force-regen`` and review the diff.
"""

from __future__ import annotations

import re
import shutil
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from docutils import nodes
from handbok.config import SETTINGS
from handbok.vocabulary import DEFAULT_CASE_TYPES, DEFAULT_ROLES, Subtype
from sphinx.testing.util import SphinxTestApp

PAGE = REPO / "docs" / "referens.md"
BLOCK_RE = re.compile(
    r"^(?P<fence>`{4,})\{code-block\} markdown\n:caption: (?P<file>exempel/[\w-]+\.md)\n\n"
    r"(?P<body>.*?)\n(?P=fence)$",
    re.M | re.S,
)
DIRECTIVE_RE = re.compile(r"^:{3,}\{(?P<name>[\w-]+)\}", re.M)
ROLE_RE = re.compile(r"\{(?P<name>[\w:-]+)\}`")


def examples() -> dict[str, str]:
    """File name -> text: the page's example blocks, joined per file in page order."""
    files: dict[str, list[str]] = {}
    for match in BLOCK_RE.finditer(PAGE.read_text(encoding="utf-8")):
        files.setdefault(match["file"], []).append(match["body"])
    return {name: "\n\n".join(parts) + "\n" for name, parts in files.items()}


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory):
    """The examples built once; every test below reads this one build."""
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


def registered(app) -> tuple[set[str], set[str]]:
    """The directives and roles the handbok extension registers."""
    from docutils.parsers.rst import directives as rst_directives

    directive_names = {name for name, cls in rst_directives._directives.items()
                       if getattr(cls, "__module__", "").startswith("handbok.")
                       and not getattr(cls, "handbok_override", False)}
    roles = set(app.env.domains["handbok"].roles)
    return directive_names, roles


def test_examples_build_without_warnings(built):
    assert built.warning.getvalue() == ""


def test_the_page_has_an_example_for_every_directive_and_role(built):
    text = "\n".join(examples().values())
    shown_directives = set(DIRECTIVE_RE.findall(text))
    shown_roles = set(ROLE_RE.findall(text))
    directive_names, roles = registered(built)
    assert directive_names, "no handbok directive found"
    assert directive_names - shown_directives == set()
    assert roles - shown_roles == set()


@pytest.mark.parametrize("name", sorted(examples()))
def test_example_doctree_snapshot(built, name, file_regression):
    docname = name.removesuffix(".md")
    doctree = built.env.get_and_resolve_doctree(docname, built.builder, tags=built.tags)
    for node in doctree.findall(nodes.Element):
        node.attributes.pop("source", None)
    text = doctree.pformat().replace(str(built.srcdir), "<srcdir>")
    file_regression.check(text, basename=f"referens_{docname.replace('/', '_')}",
                          extension=".xml")


def test_policy_example_renders_matrix_and_lists_the_case(built):
    doc = page(built, "exempel/policy")
    rows = [[c.get_text(" ", strip=True) for c in tr.select("th, td")]
            for tr in doc.select("table.handbok-matrix tr")]
    # A mark: the role's short form, then the actor and role for screen readers.
    assert rows == [
        ["Uppgift", "Kommunstyrelsen", "Nämnderna"],
        ["leder och samordnar det internationella arbetet", "Sa Kommunstyrelsen: samordnar", ""],
        ["ansvarar för det internationella arbetet i sina verksamheter",
         "St Kommunstyrelsen: stödjer", "A Nämnderna: ansvarar"],
    ]
    for target in ("exempel-metod-1", "exempel-mal-1"):
        box = doc.find(id=target).find_parent("div")
        assert [a.get_text() for a in box.select(".handbok-target-cases a")] == [
            "Studiebesök om digital undervisning"]
    assert "uppgift saknas" in doc.select_one(".handbok-policy-meta").get_text()
    assert doc.select_one("figure.handbok-responsibility-figure img[role=img]") is not None


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
    assert len(duties) == 4 and "samordnar" in duties[0] and "ansvarar" in duties[1]
    # actor-overview: the actors under their kind of body, with their own labels.
    kinds = [" ".join(h.get_text().split()) for h in doc.select("section.handbok-actor-kind h3")]
    assert [k.rstrip("¶#").strip() for k in kinds] == ["Kommunstyrelsen", "Nämnder"]
    listed = doc.select_one("ul.handbok-policy-list").get_text(" ", strip=True)
    assert "Exempelkommunen" in listed and "status: gällande" in listed
    review = doc.select_one("table.handbok-policy-review").get_text(" ", strip=True)
    assert "Kommunstyrelsens förvaltning" in review and "2027-06-30" in review
    assert "Diarienummer" in review  # the one life-cycle field the example leaves empty
    links = {a.get_text(): a["href"] for a in doc.select("p a.reference.internal")}
    assert links["Studiebesök och jobbskuggning"] == "policy.html#exempel-metod-1"
    assert links["målet om kunskapsutbyte"] == "policy.html#exempel-mal-1"
    assert links["Studiebesök om digital undervisning"] == "studiebesok.html"
    assert links["Kommunstyrelsen"] == "policy.html#actor-kommunstyrelsen"
    assert links["Exempelkommunens strategi för internationellt arbete"] == "policy.html"


def test_view_examples_render(built):
    doc = page(built, "exempel/vyer")
    assert doc.select_one("figure.handbok-responsibility-figure") is not None
    assert doc.select_one("figure.handbok-activity-figure") is not None
    quote = doc.select_one("blockquote.handbok-policy-quote")
    assert "studiebesök och jobbskuggning i andra länder" in quote.get_text()
    # The facilitator's notes are not in the readers' build.
    assert "tio minuter" not in doc.get_text()
    assert "minst två styrdokument" in doc.get_text()
    assert doc.select("ul.handbok-export-links a")
    assert doc.select_one("table.handbok-readability") is not None
    roles = [tr.select_one("th").get_text() for tr in
             doc.select("table.handbok-reference-roles tbody tr")]
    assert roles == list(DEFAULT_ROLES)


def test_followup_example_counts_the_year(built):
    doc = page(built, "exempel/uppfoljning")
    # The reference's example case is illustrative: listed as such, never counted.
    text = doc.get_text(" ", strip=True)
    assert "Inga genomförda aktiviteter har rapporterats ännu för 2023" in text
    assert doc.select_one(".handbok-followup-total").get_text() == "0"
    examples = doc.select("li.handbok-followup-illustrative-case")
    assert [li.a.get_text(strip=True) for li in examples] == [
        "Studiebesök om digital undervisning"]


def test_reference_page_tables_follow_the_code(site_html):
    """The warnings, settings, roles and case types on the real reference page are the ones
    the code defines: the tables are generated, so they cannot drift."""
    doc = BeautifulSoup((site_html / "docs" / "referens.html").read_text("utf-8"),
                        "html.parser")

    def first_column(css: str) -> list[str]:
        return [tr.select_one("th").get_text(strip=True)
                for tr in doc.select(f"table.{css} tbody tr")]

    assert first_column("handbok-reference-warnings") == [f"handbok.{s.value}" for s in Subtype]
    assert first_column("handbok-reference-settings") == [s.name for s in SETTINGS]
    assert first_column("handbok-reference-roles") == list(DEFAULT_ROLES)
    assert first_column("handbok-reference-case-types") == list(DEFAULT_CASE_TYPES)
    descriptions = [tr.select("td")[-1].get_text(strip=True)
                    for tr in doc.select("table.handbok-reference-warnings tbody tr")]
    assert descriptions == [s.description for s in Subtype]
