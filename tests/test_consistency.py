"""Serial, parallel and incremental builds give the same pages.

A synthetic handbook (three policies, 30 cases, the real site's conf.py and theme) is built
once, then changed step by step -- cases and policies added, edited, renamed and deleted --
with an incremental build after every step. The final pages must be identical to a fresh
serial build and a fresh ``-j 2`` build of the same final sources.

Normalised, because Sphinx itself varies them between builds: the "last updated" date in
the footer (``html_last_updated_fmt``, the build's date). Nothing else is normalised;
``searchindex.js`` is not an HTML page and is not compared. The fresh serial and ``-j 2``
builds agreeing page for page also shows that the normalisation hides nothing else: two
fresh builds of the same sources are the same.

The builds run in this process, as ``sphinx-build`` would (``build_main``): each reads the
environment its previous build pickled, and the extension keeps no state of its own between
builds (no module-level caches of build data; only the Word template as read from its file,
by its path, size and time), so a stale page shows here as it would between commands.

Sphinx never deletes the output of a removed page: the incremental folder keeps the old HTML
files of renamed and deleted pages. The test checks that those are the only extra files and
that no page links to them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from conftest import sphinx_build

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

import generate as gen  # noqa: E402
import run  # noqa: E402

LAST_UPDATED_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
N_CASES = 30


def sphinx(src: Path, out: Path, *extra: str) -> str:
    proc = sphinx_build("-b", "html", "-q", *extra, "-d", str(out / "doctrees"), str(src),
                        str(out / "html"))
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    assert "WARNING" not in output, output[-3000:]
    return output


def pages(out: Path) -> dict[str, str]:
    html = out / "html"
    return {
        str(p.relative_to(html)): LAST_UPDATED_RE.sub("DATE", p.read_text(encoding="utf-8"))
        for p in sorted(html.rglob("*.html"))
    }


def _case_file(case: gen.Case) -> str:
    return f"{case.docname}.md"


def _apply_steps(src: Path, cases: list[gen.Case], out: Path) -> set[str]:
    """Change the sources step by step, with an incremental build after each step.

    Returns the docnames that no longer exist (their old output stays on disk).
    """
    removed: set[str] = set()

    def write(rel: str, text: str) -> None:
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def step() -> None:
        sphinx(src, out)

    # 1. Add a case.
    new = gen.Case(901, "konferens", "Kulturförvaltningen", 2024,
                   ["alfa-metod-1", "beta-metod-2"], ["gamma-mal-1"])
    write(_case_file(new), gen.handbok_case(new))
    step()
    # 2. Edit a case: new title, other methods, other year.
    case = cases[3]
    old_methods = case.methods
    case.title, case.methods, case.year = "Ett omskrivet exempel", ["gamma-metod-5"], 2011
    write(_case_file(case), gen.handbok_case(case))
    step()
    # 3. Rename a case: new file (and type folder), same id.
    case = cases[7]
    (src / _case_file(case)).unlink()
    removed.add(case.docname)
    case.ctype, case.docname = "projekt", "casebook/projekt/flyttat-exempel"
    write(_case_file(case), gen.handbok_case(case))
    step()
    # 4. Delete a case (one whose methods are served by other cases too).
    gone = cases[12]
    (src / _case_file(gone)).unlink()
    removed.add(gone.docname)
    step()
    # 5. Edit a policy: a method's label, a duty's actor, a goal's wording.
    alfa = src / "policy" / "alfa.md"
    text = alfa.read_text(encoding="utf-8")
    text = text.replace(":label: Metod 1\n", ":label: Metod ett, omformulerad\n", 1)
    text = text.replace("Uppgift 1 ska utföras <aktor-2:ansvarar",
                        "Uppgift 1 ska utföras <aktor-3:ansvarar", 1)
    text = text.replace("Arbetet ska bidra till mål 2.", "Arbetet ska bidra mer till mål 2.", 1)
    alfa.write_text(text, encoding="utf-8")
    step()
    # 6. Add a policy and a case serving it.
    delta = gen.handbok_policy("delta")
    write("policy/delta.md", delta)
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "policy/gamma\n", "policy/gamma\npolicy/delta\n"), encoding="utf-8")
    delta_case = gen.Case(902, "projekt", "Socialförvaltningen", 2023,
                          [f"delta-metod-{m}" for m in range(1, gen.METHODS_PER_POLICY + 1)],
                          ["delta-mal-1"])
    write(_case_file(delta_case), gen.handbok_case(delta_case))
    step()
    # 7. Rename a policy file (its id stays).
    (src / "policy" / "gamma.md").rename(src / "policy" / "gamma-ny.md")
    removed.add("policy/gamma")
    index.write_text(index.read_text(encoding="utf-8").replace(
        "policy/gamma\n", "policy/gamma-ny\n"), encoding="utf-8")
    step()
    # 8. Delete a policy and the case that served it.
    (src / "policy" / "delta.md").unlink()
    (src / _case_file(delta_case)).unlink()
    removed |= {"policy/delta", delta_case.docname}
    index.write_text(index.read_text(encoding="utf-8").replace("policy/delta\n", ""),
                     encoding="utf-8")
    step()
    assert old_methods  # the edit in step 2 really moved the case
    return removed


def test_serial_parallel_and_incremental_builds_agree(tmp_path):
    cases = gen.make_cases(N_CASES)
    src = gen.fresh(tmp_path / "src")
    gen.write_handbok(src, cases)

    incremental = tmp_path / "incremental"
    sphinx(src, incremental)
    removed = _apply_steps(src, cases, incremental)

    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    sphinx(src, serial)
    sphinx(src, parallel, "-j", "2")

    want = pages(serial)
    assert len(want) >= N_CASES + 10
    for name, got in (("-j 2", pages(parallel)), ("incremental", pages(incremental))):
        stale = {p for p in got if p not in want}
        missing = {p for p in want if p not in got}
        assert not missing, (name, missing)
        if name == "incremental":
            # Sphinx leaves the output of removed pages on disk; nothing may link to them.
            assert stale == {f"{d}.html" for d in removed}, stale
        else:
            assert not stale, (name, stale)
        differing = [p for p in want if got[p] != want[p]]
        assert not differing, (name, differing, _first_difference(got[differing[0]],
                                                                    want[differing[0]]))
    for page, html in want.items():
        for doc in removed:
            assert Path(doc).name + ".html\"" not in html or doc == "policy/gamma", (page, doc)

    # The changes are really visible (a test that could not fail would prove nothing).
    assert "Metod ett, omformulerad" in want["casebook/konferens/exempel-00901.html"]
    assert "Ett omskrivet exempel" not in want["policy/alfa.html"]
    assert "Ett omskrivet exempel" in want["policy/gamma-ny.html"]
    assert "flyttat-exempel.html" in want["casebook/projekt/index.html"]
    assert cases[12].title not in "".join(want.values())


def _first_difference(a: str, b: str) -> str:
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return f"line {n}:\n  got:  {x[:300]}\n  want: {y[:300]}"
    return "length differs"


# --- previous/next links of case pages (issue 27, point 5) -----------------------------------

N_SMALL = 24  # four cases of each of the six types


def _neighbours(cases: list[gen.Case], case: gen.Case) -> set[str]:
    """The case pages whose previous/next links show ``case``: those before and after it
    among the cases of its type, in the type page's order."""
    same = [c.docname for c in gen.sorted_cases([c for c in cases if c.ctype == case.ctype])]
    n = same.index(case.docname)
    return {same[k] for k in (n - 1, n + 1) if 0 <= k < len(same)}


def _case_writes(count: Path) -> set[str]:
    written = set((count / "writes").read_text(encoding="utf-8").split())
    return {d for d in written if d.startswith("casebook/") and not d.endswith("/index")}


def test_incremental_build_rewrites_exactly_the_neighbours_of_a_changed_case(
        tmp_path, monkeypatch):
    cases = gen.make_cases(N_SMALL)
    src = run.handbok_corpus(cases, tmp_path)  # with the extension that counts written pages
    count = tmp_path / "count"
    count.mkdir()
    monkeypatch.setenv("HANDBOK_BENCH_COUNT", str(count))
    out = tmp_path / "incremental"

    def step() -> set[str]:
        (count / "writes").write_text("", encoding="utf-8")
        (count / "reads").write_text("", encoding="utf-8")
        sphinx(src, out)
        return _case_writes(count)

    step()
    # A title change: the case and the two cases whose links show its title.
    retitled = gen.sorted_cases([c for c in cases if c.ctype == "projekt"])[1]
    before = _neighbours(cases, retitled)
    assert len(before) == 2
    retitled.title = "Ett exempel med ny rubrik"
    (src / _case_file(retitled)).write_text(gen.handbok_case(retitled), encoding="utf-8")
    assert step() == {retitled.docname} | before | _neighbours(cases, retitled)
    # A deletion: its old neighbours now point at each other.
    gone = gen.sorted_cases([c for c in cases if c.ctype == "konferens"])[2]
    before = _neighbours(cases, gone)
    assert len(before) == 2
    (src / _case_file(gone)).unlink()
    cases.remove(gone)
    assert step() == before
    # An addition: the new case and its neighbours.
    new = gen.Case(903, "konferens", "Kulturförvaltningen", 2019, ["alfa-metod-1"],
                   ["alfa-mal-1"])
    cases.append(new)
    (src / _case_file(new)).write_text(gen.handbok_case(new), encoding="utf-8")
    assert step() == {new.docname} | _neighbours(cases, new)
    # A body edit changes no link: only the case itself.
    edited = cases[5]
    edited.text += " Ny mening."
    (src / _case_file(edited)).write_text(gen.handbok_case(edited), encoding="utf-8")
    assert step() == {edited.docname}

    fresh = tmp_path / "fresh"
    sphinx(src, fresh)
    want, got = pages(fresh), pages(out)
    assert set(got) - set(want) == {f"{gone.docname}.html"}
    differing = [p for p in want if got[p] != want[p]]
    assert not differing, (differing, _first_difference(got[differing[0]], want[differing[0]]))
    # The links really are there: the retitled case's neighbours show its new title.
    for docname in _neighbours(cases, retitled):
        assert "Ett exempel med ny rubrik" in want[f"{docname}.html"]
    assert all(gone.title not in html for html in want.values())
