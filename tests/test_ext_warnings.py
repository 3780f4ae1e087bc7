"""Every validation warning: located (file:line), typed ``handbok.<subtype>``, suppressible,
and never stopping the other cases from rendering."""

from __future__ import annotations

import re
import shutil
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from conftest import sphinx_build
from sphinx.testing.util import SphinxTestApp

ROOT = "ext-warnings"

#: (file, a text on the line the warning must point at, subtype, a word of the message)
EXPECTED = [
    ("cases/unknown-ids.md", ":::{case}", "unknown-method", "beta-metod-9"),
    ("cases/unknown-ids.md", ":::{case}", "unknown-goal", "beta-mal-9"),
    ("refs.md", "{actor}`beta:ingen`", "unknown-actor", "beta:ingen"),
    ("refs.md", ":::{actor-duties} nagon-annan", "unknown-actor", "nagon-annan"),
    ("refs.md", "{case}`finns-inte`", "unknown-case", "finns-inte"),
    ("refs.md", "{method}`beta-mal-1`", "unknown-method", "är ett mål, inte en metod"),
    ("refs.md", ":::{responsibility-matrix} gamma", "unknown-policy", "gamma"),
    ("policy.md", ":label: Samma id igen", "duplicate-id", "beta-metod-1"),
    ("cases/ok.md", ":::{case}", "duplicate-id", "ok-exempel"),
    ("cases/missing.md", ":::{case}", "missing-field", ":unit:"),
    ("cases/no-methods.md", ":::{case}", "missing-field", ":methods:"),
    ("cases/bad-type.md", ":type: Studiebesok", "unknown-case-type", "Menade du 'studiebesök'?"),
    ("cases/bad-period.md", ":period: 2019-13", "bad-period", "2019-13"),
    ("policy.md", ":::{method} beta-metod-2", "coverage", "beta-metod-2"),
    ("policy.md", "<okand:ansvarar>", "duty-actor", "okand"),
    ("policy.md", "utan aktör och roll", "bad-duty", "aktör och roll"),
    ("policy.md", "utan aktör och roll", "unknown-role", "bestämmer"),
    ("policy.md", "% FÖRSLAG: uppgift", "suggestion", "»granskas inte«"),
    ("policy.md", "% FÖRSLAG: aktör", "suggestion", "aktör styrelsen"),
]


def line_of(srcdir, file: str, text: str) -> int:
    lines = (srcdir / file).read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, start=1) if text in line]
    assert hits, f"{text!r} not in {file}"
    # A directive's warning points at its first line (the ::: line above an option).
    if text.startswith(":label:"):
        return hits[0] - 1
    return hits[0]


@pytest.fixture(scope="module")
def warnings_app(rootdir, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp("warnings") / "src"
    shutil.copytree(rootdir / f"test-{ROOT}", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO(),
                        freshenv=True)
    app.build()
    yield app
    app.cleanup()


def warning_lines(app) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line]


@pytest.mark.parametrize(("file", "marker", "subtype", "word"), EXPECTED,
                         ids=[f"{e[2]}-{e[0]}" for e in EXPECTED])
def test_warning_is_located_and_typed(warnings_app, file, marker, subtype, word):
    line = line_of(warnings_app.srcdir, file, marker)
    path = str(warnings_app.srcdir / file)
    pattern = re.compile(rf"^{re.escape(path)}:{line}: WARNING: .*\[handbok\.{subtype}\]$")
    matches = [w for w in warning_lines(warnings_app) if pattern.match(w) and word in w]
    assert matches, "\n".join(warning_lines(warnings_app))


def test_no_unexpected_warnings(warnings_app):
    subtypes = [re.search(r"\[handbok\.([a-z-]+)\]$", w) for w in warning_lines(warnings_app)]
    assert all(subtypes), warning_lines(warnings_app)
    assert len(subtypes) == len(EXPECTED)


def test_bad_cases_do_not_stop_the_others(warnings_app):
    html = (warnings_app.outdir / "policy.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    method = soup.select_one("div.handbok-method:has(#beta-metod-1)")
    titles = {a.get_text() for a in method.select(".handbok-target-cases a")}
    # One of the two pages sharing the id "ok-exempel" is listed; every other case is.
    assert {"Exempel okanda-id", "Exempel saknar-falt", "Exempel fel-typ",
            "Exempel fel-period"} <= titles
    for page in ("bad-period", "bad-type", "missing", "unknown-ids"):
        assert (warnings_app.outdir / "cases" / f"{page}.html").exists()
    # The duty with an unknown actor is still marked in the text.
    duties = [span.get_text() for span in soup.select("span.handbok-duty")]
    assert "någon som inte finns" in duties


def test_warnings_fail_a_strict_build(rootdir, tmp_path):
    proc = sphinx_build("-b", "html", "-W", "-q", str(rootdir / f"test-{ROOT}"),
                        str(tmp_path / "html"), "-d", str(tmp_path / "doctrees"))
    assert proc.returncode != 0
    assert "[handbok." in proc.stderr


@pytest.mark.sphinx("html", testroot=ROOT, srcdir="ext-warnings-suppressed",
                    confoverrides={"suppress_warnings": ["handbok.coverage", "handbok.bad-period"]})
def test_each_subtype_can_be_suppressed(app):
    app.build()
    text = app.warning.getvalue()
    assert "[handbok.coverage]" not in text and "[handbok.bad-period]" not in text
    assert "[handbok.unknown-case-type]" in text
