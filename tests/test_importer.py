"""``make import-policy``: the two seed texts as text, Word and PDF give the hand-marked
policies' blocks; the suggested duties score against the hand-marked ones; the build reports
every suggestion until it is reviewed; CONTRIBUTING.md's import guide, followed as written,
gives a page that ``make html`` builds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from conftest import copy_site, make
from handbok.vocabulary import DEFAULT_ROLES, Subtype
from handbok_cli import importbench, importer, markup
from handbok_cli.importer import MARK
from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "CONTRIBUTING.md"
CASES = [(name, fmt) for name in importbench.SEEDS for fmt in importbench.FORMATS]


def in_own_process(code: str) -> None:
    """Playwright's sync API in a process of its own: the browser tests of the same session
    keep an event loop running in this one."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Each seed written as text, Word (python-docx) and PDF (Chromium), once."""
    folder = tmp_path_factory.mktemp("seeds")
    in_own_process("from pathlib import Path\nfrom handbok_cli import importbench\n"
                   f"for name in importbench.SEEDS: importbench.seed_file(name, 'pdf', "
                   f"Path({str(folder)!r}))\n")
    return {(name, fmt): folder / f"{name}.{fmt}" if fmt == "pdf"
            else importbench.seed_file(name, fmt, folder) for name, fmt in CASES}


def policy_text(name: str) -> str:
    return (REPO / importbench.SEEDS[name][1]).read_text(encoding="utf-8")


def draft(path: Path, kommun: str) -> importer.Draft:
    return importer.make_draft(importer.read_document(path), kommun, REPO)


# --- fidelity ----------------------------------------------------------------------------------


def test_the_written_files_are_what_they_claim(seeds):
    """The Word file has Word's list styles and no list numbers in its text; the PDF has two
    pages or more, a header and page numbers that the drafts must drop."""
    document = docx.Document(str(seeds[("huddinge", "docx")]))
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("List Number") == 9
    assert not any(re.match(r"\d\.", p.text) for p in document.paragraphs)
    pdf = seeds[("haninge", "pdf")]
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    assert pages >= 2
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"Sida {pages} av {pages}" in text and "Internationellt arbete" in text


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}-{f}" for n, f in CASES])
def test_draft_has_the_policys_headings_paragraphs_and_items(seeds, name, fmt):
    made = draft(seeds[(name, fmt)], name)
    result = importbench.fidelity(made.text, policy_text(name))
    assert result.complete, "\n".join(result.differences)
    assert result.expected > 30
    assert "Sida " not in made.text and "\nInternationellt arbete\n" not in made.text


@pytest.mark.parametrize("fmt", importbench.FORMATS)
def test_the_three_broken_paragraphs_are_joined(seeds, fmt):
    joined = {
        "huddinge": ["skapar därmed ett mervärde för de som bor",
                     "som vidtagits samt beskriva vad dessa aktiviteter"],
        "haninge": ["i samband med krig och och andra oroligheter"],
    }
    for name, phrases in joined.items():
        made = draft(seeds[(name, fmt)], name)
        blocks, _ = importbench.page_blocks(made.text)
        for phrase in phrases:
            assert sum(phrase in text for _kind, text in blocks) == 1, (name, phrase)
        if fmt == "txt":
            assert len(made.imported.joins) == len(phrases)


def test_headings_keep_their_levels(seeds):
    made = draft(seeds[("huddinge", "txt")], "huddinge")
    headings = [(k, t) for k, t in importbench.page_blocks(made.text)[0] if k.startswith("h")]
    assert headings[0] == ("h1", "Huddinge kommuns strategi för internationellt arbete 2016-2020")
    assert ("h2", "Ansvarsfördelning") in headings and ("h3", "Kommunfullmäktige") in headings


# --- front matter ------------------------------------------------------------------------------


def test_front_matter_is_what_the_text_states(seeds):
    huddinge = draft(seeds[("huddinge", "docx")], "huddinge").front
    assert huddinge == {"policy": "huddinge", "municipality": "Huddinge kommun",
                        "kind": "strategi", "valid": "2016–2020",
                        "decided-by": "Kommunfullmäktige", "adopted": "", "diarienummer": "",
                        "version": '"0.1"', "status": "förslag"}
    haninge = draft(seeds[("haninge", "pdf")], "haninge").front
    # The program names no period and no deciding body: the fields stay empty.
    assert (haninge["kind"], haninge["valid"], haninge["decided-by"]) == ("program", "", "")
    text = draft(seeds[("haninge", "txt")], "haninge").text
    # Every field of mallar/styrdokument.md, in its order; the life-cycle fields stay empty.
    assert text.startswith("---\npolicy: haninge\nmunicipality: Haninge kommun\nkind: program\n"
                           "valid:\nreview-by:\nowner:\ndecided-by:\nadopted:\ndiarienummer:\n"
                           "version: \"0.1\"\nstatus: förslag\nreplaces:\nreplaced-by:\n---\n")


# --- suggestions -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(importbench.SEEDS))
def test_suggested_duties_score_against_the_hand_marked_ones(seeds, name):
    made = draft(seeds[(name, "txt")], name)
    scores = importbench.scores(made.text, policy_text(name))
    assert scores.marked >= 14
    assert scores.precision >= 0.8 and scores.recall >= 0.8, (scores.wrong, scores.missed)


#: Sentences written for this test, in the ways Swedish policies give tasks: (sentence, the
#: duties expected as (actor, role, first words of the span)).
SENTENCES = [
    ("Kommunfullmäktige beslutar om mål och budget för arbetet.",
     [("kommunfullmaktige", "beslutar", "beslutar om mål")]),
    ("Kommunstyrelsen har i uppdrag att samordna kontakterna med vänorterna.",
     [("kommunstyrelsen", "samordnar", "samordna kontakterna")]),
    ("Det ingår i kommunstyrelsens uppdrag att följa upp planen.",
     [("kommunstyrelsen", "ansvarar", "följa upp planen")]),
    ("Förvaltningarna ska hjälpa nämnderna med ansökningar.",
     [("forvaltningarna", "stödjer", "hjälpa nämnderna")]),
    ("Nämnderna deltar i nätverket och redovisar sina resultat.",
     [("namnderna", "deltar", "deltar i nätverket"),
      ("namnderna", "ansvarar", "redovisar sina resultat")]),
    ("Kommunens bolag bör medverka i projekten.", [("bolagen", "deltar", "medverka i")]),
    ("Det internationella arbetet ska präglas av öppenhet.", []),
    ("Kommunen ska delta i nätverk.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_duty_patterns_on_sentences_of_their_own(sentence, expected):
    from handbok_cli.suggest import duties_in

    duties, _last, _missed = duties_in(sentence, 0, None)
    got = [(a, r, sentence[d.start:d.end]) for d in duties for a, r in d.assignments]
    assert [(a, r) for a, r, _span in got] == [(a, r) for a, r, _w in expected]
    for (_a, _r, span), (_ea, _er, words) in zip(got, expected, strict=True):
        assert span.startswith(words)


def test_the_scores_count_a_wrong_role_as_wrong():
    policy = policy_text("haninge")
    wrong = policy.replace("<kommunstyrelsen:samordnar>", "<kommunstyrelsen:deltar>")
    scores = importbench.scores(wrong, policy)
    assert scores.suggested - scores.right == 1 and scores.marked - scores.found == 1


@pytest.mark.parametrize("name", list(importbench.SEEDS))
def test_suggested_actors_are_the_hand_marked_ones(seeds, name):
    made = draft(seeds[(name, "pdf")], name)
    assert sorted(importbench.actor_ids(made.text)) == sorted(
        importbench.actor_ids(policy_text(name)))
    if name == "haninge":  # "kommunens bolag" is named, with no task of its own
        assert made.suggestions.named_only == ["bolagen"]


def test_goals_and_methods_are_suggested_from_their_headings(seeds):
    huddinge = draft(seeds[("huddinge", "docx")], "huddinge").suggestions
    assert huddinge.goals == [f"huddinge-mal-{n}" for n in range(1, 5)]
    assert huddinge.methods == [f"huddinge-metod-{n}" for n in range(1, 6)]
    haninge = draft(seeds[("haninge", "pdf")], "haninge")
    assert haninge.suggestions.goals == ["haninge-mal-1", "haninge-mal-2", "haninge-mal-3"]
    assert haninge.suggestions.methods == [f"haninge-metod-{n}" for n in range(1, 5)]
    # The second list under "Övergripande mål" (what the work leads to) is left to the editor.
    assert any("kan också vara mål" in line for line in haninge.suggestions.unsure)


def test_every_suggestion_has_a_review_line_and_valid_markup(seeds):
    made = draft(seeds[("huddinge", "txt")], "huddinge")
    marks = [line for line in made.text.splitlines() if line.startswith(MARK)]
    found = made.suggestions
    assert len(marks) == len(found.duties) + len(found.actors) + len(found.lists)
    for token in markup.walk(markup.parse(made.text)):
        for child in token.children or []:
            duty = markup.duty(child)
            if duty is not None:
                assert all(role in DEFAULT_ROLES for _a, role in duty.assignments)
                assert all(actor in found.actors for actor, _r in duty.assignments)


def test_report_says_what_was_found_what_to_decide_and_what_was_unsure(seeds, tmp_path):
    made = draft(seeds[("huddinge", "txt")], "huddinge")
    text = importer.report(made, tmp_path / "strategi.md")
    for heading in ("Det här hittades:", "Det här behöver du ta ställning till:",
                    "Rader som importen var osäker på:"):
        assert heading in text
    assert "Avbrutna stycken som har satts ihop: 2." in text
    assert "Texten säger inget om antagen (adopted), diarienummer (diarienummer)." in text
    assert "»De« tolkat som forvaltningscheferna" in text
    assert "sammanfogat, rad 17 och rad 19" in text
    haninge = importer.report(draft(seeds[("haninge", "txt")], "haninge"), tmp_path / "p.md")
    assert "samma ord två gånger, »och och«" in haninge
    assert text.count("  rad ") == len([x for x in made.text.splitlines()
                                        if x.startswith(MARK)])


def test_the_command_refuses_what_it_cannot_do(tmp_path, capsys):
    seed = REPO / importbench.SEEDS["haninge"][0]
    assert importer.main([str(tmp_path / "saknas.docx"), "haninge"]) == 2
    assert "Filen" in capsys.readouterr().err
    assert importer.main([str(seed), "Haninge kommun"]) == 2
    assert "små bokstäver" in capsys.readouterr().err
    existing = tmp_path / "program.md"
    existing.write_text("", encoding="utf-8")
    assert importer.main([str(seed), "haninge", "--rot", str(tmp_path)]) == 2
    assert "Mallen mallar/styrdokument.md finns inte" in capsys.readouterr().err
    assert importer.main([str(seed), "haninge", "--ut", str(existing), "--rot", str(REPO)]) == 2
    assert "finns redan" in capsys.readouterr().err
    assert existing.read_text(encoding="utf-8") == ""
    # A second page with the id of an existing policy: said plainly.
    assert importer.main([str(seed), "haninge", "--ut", str(tmp_path / "ny.md"),
                          "--rot", str(REPO)]) == 0
    assert "policy/haninge/program.md har också policy: haninge" in capsys.readouterr().out


def test_text_that_looks_like_markup_stays_text(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text("Exempelkommunens plan\n\nInledning\n\nAvgifter: 5 * 3 kronor och "
                      "<b>fet</b> text med `tecken`.\n\n- en punkt\n- 2. en andra punkt\n",
                      encoding="utf-8")
    made = importer.make_draft(importer.read_document(source), "exempel", REPO)
    blocks, _ = importbench.page_blocks(made.text)
    assert ("p", "Avgifter: 5 * 3 kronor och <b>fet</b> text med `tecken`.") in blocks
    assert ("li", "2. en andra punkt") in blocks


# --- the build reports every suggestion ---------------------------------------------------------


def test_the_build_warns_at_every_suggestion_line(seeds, tmp_path):
    """A small project with the draft: one located ``handbok.suggestion`` warning per
    ``% FÖRSLAG`` line, and the page still builds."""
    src = tmp_path / "src"
    (src / "policy" / "huddinge").mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'handbok']\n"
        "myst_enable_extensions = ['colon_fence', 'deflist', 'fieldlist']\n"
        "primary_domain = 'handbok'\nhandbok_casebook = 'index'\n", encoding="utf-8")
    (src / "index.md").write_text("# Start\n\n```{toctree}\npolicy/huddinge/strategi\n```\n",
                                  encoding="utf-8")
    made = draft(seeds[("huddinge", "docx")], "huddinge")
    page = src / "policy" / "huddinge" / "strategi.md"
    page.write_text(made.text, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO(),
                        freshenv=True)
    try:
        app.build()
        output = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
        warnings = [w for w in output.splitlines() if "WARNING" in w]
    finally:
        app.cleanup()
    marked = [n for n, line in enumerate(made.text.splitlines(), 1) if line.startswith(MARK)]
    found = [int(re.search(r"strategi\.md:(\d+): WARNING", w)[1]) for w in warnings
             if w.endswith(f"[handbok.{Subtype.SUGGESTION.value}]")]
    assert found == marked and len(found) > 30
    assert len(warnings) == len(found), warnings  # nothing else: no coverage for a proposal
    html = (app.outdir / "policy" / "huddinge" / "strategi.html").read_text(encoding="utf-8")
    assert "Förslag – inte antagen" in html and "FÖRSLAG" not in html


# --- CONTRIBUTING.md, section 8, followed as written ---------------------------------------------


def guide_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text[text.index("## 8. Importera"):]


def test_following_the_import_guide_gives_a_page_that_builds(tmp_path):
    """Steps 1-4 of the guide on a Word file: make import-policy, every suggestion accepted
    (its review line removed), nothing else edited, make html without a warning."""
    guide = guide_section()
    src = copy_site(tmp_path / "site")
    shutil.copy(REPO / "Makefile", src)
    # Step 1: the document in the handbook's folder, the command as the guide writes it.
    command = re.search(r"<!-- import-kommando -->\n```\n(make import-policy .+)\n```", guide)[1]
    args = dict(re.findall(r"(\w+)=(\S+)", command))
    seed = (REPO / importbench.SEEDS["huddinge"][0]).read_text(encoding="utf-8")
    importbench.write_docx(seed, src / args["FIL"])
    proc = make("import-policy", src, *(f"{k}={v}" for k, v in args.items()))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Det här behöver du ta ställning till:" in proc.stdout
    saved = re.search(r"Utkastet är sparat i (\S+)\.", proc.stdout)[1]
    page = src / saved
    assert saved == re.search(r"Här sparas utkastet i `([^`]+)`", guide)[1]
    text = page.read_text(encoding="utf-8")
    assert "status: förslag" in text and text.count(f"\n{MARK}") > 30
    # Step 2: the editor accepts every suggestion: the line that starts with % FÖRSLAG goes.
    assert "Ta bort raden som börjar med `% FÖRSLAG`" in guide
    page.write_text("".join(line for line in text.splitlines(keepends=True)
                            if not line.startswith(MARK)), encoding="utf-8")
    # Step 3: nothing else to edit: the policy list picks the page up by itself.
    assert "Du behöver inte ändra någon annan fil." in guide
    # Step 4: make html goes through, without a warning.
    assert "```\nmake html\n```" in guide
    proc = make("html", src, build=tmp_path / "build")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    assert "WARNING" not in proc.stderr, proc.stderr
    new = Path(saved).relative_to("policy").with_suffix("").as_posix()
    listing = (tmp_path / "build" / "html" / "policy" / "index.html").read_text(encoding="utf-8")
    assert f'href="{new}.html"' in listing
    html = BeautifulSoup((tmp_path / "build" / "html" / "policy" / f"{new}.html")
                         .read_text(encoding="utf-8"), "html.parser")
    assert "Förslag – inte antagen" in html.get_text()
    matrix = html.select_one("table.handbok-matrix")
    assert matrix is not None and len(matrix.select("tbody tr")) >= 25
    assert html.find(id=f"{args['KOMMUN']}-metod-5") is not None


def test_the_guide_names_the_real_commands_and_roles():
    guide = guide_section()
    assert "Rollerna är " + ", ".join(list(DEFAULT_ROLES)[:-1]) + " och " \
        + list(DEFAULT_ROLES)[-1] + "." in guide
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^import-policy:", makefile, re.MULTILINE)
    assert "$(if $(UT),--ut" in makefile and "UT=" in guide
    assert f"`{MARK}`" in guide


def test_bench_command_prints_the_figures():
    out = StringIO()
    importbench.measure(out=out, formats=("txt",))
    text = out.getvalue()
    assert re.search(r"^huddinge txt: (\d+)/\1 block lika \(utkastet har \1\)$", text, re.M)
    assert re.search(r"^haninge uppgifter: precision \d\.\d\d \(\d+/\d+\), täckning", text, re.M)


def test_make_bench_import_prints_every_figure(tmp_path):
    shutil.copy(REPO / "Makefile", tmp_path)
    proc = make("bench-import", tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    counts = re.findall(r"^(\w+) (txt|docx|pdf): (\d+)/(\d+) block lika", proc.stdout, re.M)
    assert len(counts) == 6 and all(equal == total for *_n, equal, total in counts)
    assert len(re.findall(r"^\w+ uppgifter: precision", proc.stdout, re.M)) == 2


# --- other documents -----------------------------------------------------------------------------

EXTRACTED = """EXEMPELKOMMUN
Dnr KS 2020/123

Exempelkommunens plan för internationellt arbete 2021–2024

Antagen av kommunfullmäktige 2021-02-15.

Inledning

Kommunstyrelsen ansvarar för att planen följs upp. Nämnderna ska
delta i arbetet och bidra med

1 (3)
EXEMPELKOMMUN

underlag till kommunstyrelsen.

Aktiviteter

1. Studiebesök
2. Utbildning

2 (3)
EXEMPELKOMMUN
"""


def test_an_extraction_with_page_headers_numbers_and_facts(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text(EXTRACTED, encoding="utf-8")
    made = importer.make_draft(importer.read_document(source), "exempel", REPO)
    assert made.front["kind"] == "plan" and made.front["valid"] == "2021–2024"
    assert made.front["decided-by"] == "Kommunfullmäktige"
    assert made.front["adopted"] == "2021-02-15" and made.front["diarienummer"] == "KS 2020/123"
    assert made.front["municipality"] == ""  # "Exempelkommunens" names no "X kommun"
    blocks, duties = importbench.page_blocks(made.text)
    assert "EXEMPELKOMMUN" not in made.text and "(3)" not in made.text
    assert ("h1", "Exempelkommunens plan för internationellt arbete 2021–2024") in blocks
    assert ("p", "Kommunstyrelsen ansvarar för att planen följs upp. Nämnderna ska delta i "
                 "arbetet och bidra med underlag till kommunstyrelsen.") in blocks
    assert made.suggestions.methods == ["exempel-metod-1", "exempel-metod-2"]
    assert {(d.actor, d.role) for d in duties} == {("kommunstyrelsen", "ansvarar"),
                                                    ("namnderna", "deltar")}
    assert len(made.imported.dropped) == 5


def test_a_word_file_with_heading_styles_and_a_header(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Exempelkommunen"
    document.add_paragraph("Exempelkommunens program för internationellt arbete", style="Title")
    document.add_paragraph("Ansvar", style="Heading 1")
    document.add_paragraph("Nämnderna", style="Heading 2")
    document.add_paragraph("Nämnderna ansvarar för sina egna projekt.")
    document.add_paragraph().add_run("Kommunstyrelsen").bold = True
    document.add_paragraph("Kommunstyrelsen leder och samordnar arbetet.")
    document.add_paragraph("en punkt", style="List Bullet")
    path = tmp_path / "program.docx"
    document.save(str(path))
    made = importer.make_draft(importer.read_document(path), "exempel", REPO)
    blocks, duties = importbench.page_blocks(made.text)
    assert blocks[:6] == [("h1", "Exempelkommunens program för internationellt arbete"),
                          ("h2", "Ansvar"), ("h3", "Nämnderna"),
                          ("p", "Nämnderna ansvarar för sina egna projekt."),
                          ("h3", "Kommunstyrelsen"),
                          ("p", "Kommunstyrelsen leder och samordnar arbetet.")]
    assert ("li", "en punkt") in blocks and "Exempelkommunen\n" not in made.text
    assert [(d.actor, d.role) for d in duties] == [("namnderna", "ansvarar"),
                                                   ("kommunstyrelsen", "samordnar")]


@pytest.mark.pdf
def test_a_pdf_without_text_and_an_old_word_file_are_refused(tmp_path, capsys):
    scanned = tmp_path / "inskannad.pdf"
    in_own_process(f"""
from handbok_cli.browser import chromium
with chromium() as browser:
    page = browser.new_page()
    page.set_content("<svg width='200' height='100'><rect width='200' height='100'/></svg>")
    page.pdf(path={str(scanned)!r})
""")
    assert scanned.stat().st_size > 0
    assert importer.main([str(scanned), "exempel", "--ut", str(tmp_path / "x.md"),
                          "--rot", str(REPO)]) == 2
    assert "ingen text som kan läsas" in capsys.readouterr().err
    old = tmp_path / "strategi.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert importer.main([str(old), "exempel", "--ut", str(tmp_path / "y.md"),
                          "--rot", str(REPO)]) == 2
    assert "Spara dokumentet som .docx" in capsys.readouterr().err
    assert not (tmp_path / "x.md").exists() and not (tmp_path / "y.md").exists()
