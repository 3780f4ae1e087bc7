"""Every editor mistake in tests/badinput/ gets a located warning, and nothing else breaks.

Each case is built in its own copy of the minimal root tests/roots/test-badbase with the bad
file in bad/, by a real ``sphinx-build -W --keep-going`` (its ``build_main``, in this process:
a new process per case would mostly spend its time importing Sphinx again):

- the expected warning appears with the right file and line;
- no Python traceback (Sphinx exits with 2 and prints "Exception occurred" / "Traceback");
- the good pages of the root are still written with their content;
- ``-W`` makes the build fail (exit status 1), and nothing warns about the good pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import sphinx_build
from swedish import not_swedish

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "badinput"
BASE = HERE / "roots" / "test-badbase"
MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))

#: Pages of the base root and text each must still show.
GOOD_PAGES = {
    "index.html": ["Startsidan är en korrekt sida"],
    "policy/bas.html": ["Kommunen ska göra studiebesök", "Ansvarsmatris", "Exempel i praktiken"],
    "casebook/bra.html": ["Fakta om exemplet", "Tre medarbetare besökte ett bibliotek"],
    "casebook/index.html": ["<h1>Exempel", "Ett korrekt exempel"],
    "bad/bra-sida.html": ["En korrekt sida bredvid felet", 'href="../casebook/bra.html"'],
}
#: Cases that reuse an id of the base root: the base pages may then list the duplicate.
SHADOWING = {"exempel-id-dubblett.md", "policy-id-dubblett.md", "metod-id-dubblett.md"}

WARNING_RE = re.compile(
    r"^(?P<file>[^\s:]+):(?P<line>\d+): (?:WARNING|ERROR|CRITICAL): (?P<msg>.*)$", re.M
)


def _generate(kind: str, path: Path) -> None:
    if kind == "five-megabyte-field":
        effect = "Mycket lång text. " * (5 * 1024 * 1024 // 18 + 1)
        path.write_text(
            "---\norphan: true\n---\n\n# Exempel med ett fält på 5 MB\n\n"
            ":::{case} stort-falt\n:type: studiebesök\n:unit: Kulturförvaltningen\n"
            ":period: 2021\n:methods: bas-metod-1\n"
            f":effect: {effect}\n:illustrative:\n\nVad som gjordes.\n:::\n",
            encoding="utf-8",
        )
    else:  # pragma: no cover - a typo in the manifest
        raise ValueError(kind)


def build_case(entry: dict, tmp_path: Path) -> tuple[subprocess.CompletedProcess, str, Path]:
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(BASE, src)
    # ``folder``: where the file goes; bad/ is in a glob toctree, other folders are not.
    target = src / entry.get("folder", "bad") / entry["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    if "generate" in entry:
        _generate(entry["generate"], target)
    else:
        shutil.copyfile(CORPUS / entry["file"], target)
    for extra in entry.get("extra", []):
        shutil.copyfile(CORPUS / extra, src / "bad" / extra)
    proc = sphinx_build("-b", "html", "-W", "--keep-going", "-q", str(src), str(out))
    output = (proc.stdout + proc.stderr).replace(f"{src}/", "")
    return proc, output, out


def test_base_root_is_clean(tmp_path):
    proc = sphinx_build("-b", "html", "-W", "-q", str(BASE), str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for page, texts in GOOD_PAGES.items():
        html = (tmp_path / page).read_text(encoding="utf-8")
        for text in texts:
            assert text in html, (page, text)


def test_corpus_is_large_and_distinct():
    names = [e["file"] for e in MANIFEST]
    assert len(names) >= 25
    assert len(set(names)) == len(names)
    on_disk = {p.name for p in CORPUS.glob("*.md")}
    assert on_disk == {e["file"] for e in MANIFEST if "generate" not in e}


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_bad_input(entry, tmp_path):
    proc, output, out = build_case(entry, tmp_path)

    assert "Traceback" not in output and "Exception occurred" not in output, output[-3000:]
    # With -W a warning fails the build (1); 2 would mean Sphinx itself stopped.
    assert proc.returncode == 1, output[-3000:]

    warnings = [m.groupdict() for m in WARNING_RE.finditer(output)]
    for exp in entry["expect"]:
        # ``subtype``: the warning's handbok subtype, shown by Sphinx as [handbok.<subtype>].
        tag = f"[handbok.{exp['subtype']}]" if "subtype" in exp else ""
        assert any(
            w["file"] == exp["file"] and int(w["line"]) == exp["line"] and exp["text"] in w["msg"]
            and w["msg"].endswith(tag)
            for w in warnings
        ), f"expected {exp} in:\n{output[-3000:]}"
    # Said in Swedish: none of the English messages of Sphinx, docutils or MyST.
    english = ("Has content, but none permitted", "maximum 1 argument(s) allowed",
               "document isn't included in any toctree")
    assert not [line for line in output.splitlines() if any(e in line for e in english)], output
    # Every warning, whoever gives it (the handbook, MyST, docutils, Sphinx), is located and
    # said in Swedish (tests/swedish.py).
    assert not not_swedish(output), "\n".join(not_swedish(output))

    # Nothing else goes wrong: only the bad file (or the page whose id it duplicates) warns.
    folder = entry.get("folder", "bad")
    allowed = {f"{folder}/{entry['file']}", *(f"bad/{x}" for x in entry.get("extra", []))}
    allowed |= {exp["file"] for exp in entry["expect"]}
    stray = [w for w in warnings if w["file"] not in allowed]
    assert not stray, stray

    # Every other page still renders, with its content.
    for page, texts in GOOD_PAGES.items():
        path = out / page
        assert path.is_file(), page
        html = path.read_text(encoding="utf-8")
        # A duplicate id may take over the base page's listings: then check the page itself.
        for text in texts[:1] if entry["file"] in SHADOWING else texts:
            assert text in html, (page, text)
    stem = Path(entry["file"]).stem
    assert (out / folder / f"{stem}.html").is_file()


def test_a_copied_policy_leaves_the_case_links_on_the_original(tmp_path):
    """A policy copied with the same ids: the warning names the copy, and the case's links
    to the policy's method stay on the original page."""
    entry = next(e for e in MANIFEST if e["file"] == "policy-kopia.md")
    _proc, output, out = build_case(entry, tmp_path)
    case = (out / "casebook" / "bra.html").read_text(encoding="utf-8")
    assert 'href="../policy/bas.html#bas-metod-1"' in case
    assert "policy-kopia" not in case
    assert "policy/bas.md:2" not in output, output[-2000:]
