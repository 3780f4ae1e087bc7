"""Property-based test of editor mistakes (issue 25, point 6), with Hypothesis.

Every case and policy of the repository is built once, in this process, with Sphinx's
``dummy`` builder (reading and checking are what matter; nothing is written). Then each example
applies one editor-like mistake to one of those files, where an editor writes: the front
matter, a directive's fields, its id, a heading.

- a blank line among the fields; a field written twice; two fields in another order;
- an invisible character (soft hyphen, zero-width space, word joiner, BOM, direction mark);
- Word's quotes and dashes; a tab (two Excel cells);
- capitals in a field name or an id; a deleted required line (``:illustrative:`` included: a
  case without it is not counted, with a warning);
- a value in the wrong field (swapped with a field the build checks);
- a letter dropped or doubled in a field's name; a word in ``:illustrative:``;
- a closing fence lost, or one colon short.

Left out, because no build can tell them from an intended edit: new text in a free field
(unit, effect, partner), a deleted optional field (``:partner:``, ``:goals:``, ``:methods:``
of a case with goals), Word's characters and capitals in free text. The redline shows those
to the reviewer.

Only the mutated file is read again (the incremental build of the same environment), and the
property is checked:

- the build never raises;
- either a new warning is located in the mutated file, or the exported records (the open data
  of ``export/``) are the same as without the mistake. So the set of counted activities never
  changes without a warning;
- every warning is located and said in Swedish (``tests/swedish.py``).

The run is fixed and derandomised: ``HANDBOK_HYPOTHESIS_EXAMPLES`` (default 12) sets how many
mistakes are tried; ``HANDBOK_HYPOTHESIS_EXAMPLES=500`` is a long search.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.application import Sphinx
from sphinx.testing.util import _clean_up_global_state
from swedish import not_swedish

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("HANDBOK_HYPOTHESIS_EXAMPLES", "12"))

CONF = '''
project = "Egenskapstest"
language = "sv"
extensions = ["myst_parser", "sphinx_design", "handbok"]
primary_domain = "handbok"
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]
# The casebook links to pages of docs/, which this project leaves out (MyST's xref_missing,
# said in Swedish as handbok.unknown-link).
suppress_warnings = ["handbok.policy-expired", "handbok.unknown-link"]
handbok_today = "2026-06-01"
'''
INDEX = "# Egenskapstest\n\n```{toctree}\n:hidden:\n\npolicy/index\ncasebook/index\n```\n"

FIELD_RE = re.compile(r"^(?P<indent>\s*):(?P<key>[A-Za-z][\w-]*):(?P<rest>.*)$")
OPENER_RE = re.compile(r"^\s*(?:\d+[.)]|[-*+])?\s*(?::{3,}|`{3,})\{(?P<name>[\w-]+)\}(?P<arg>.*)$")
FRONT_RE = re.compile(r"^(?P<key>[\w-]+):(?P<rest>.*)$")
HEADING_RE = re.compile(r"^#{1,6} ")
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
#: Fields whose value the build checks (an id, a type, a period, a flag).
CHECKED = {"type", "period", "methods", "goals", "illustrative", "kind", "status", "policy",
           "replaces", "replaced-by", "adopted", "review-by"}
REQUIRED = {"case": {"type", "unit", "period", "effect", "methods", "illustrative"},
            "front": {"policy", "municipality", "kind", "version", "status"},
            "method": {"label"}, "goal": {"label"}, "actor": {"label"}}
INVISIBLE = ["\u00ad", "\u200b", "\u2060", "\ufeff", "\u200e"]
WORD = {'"': "\u201d", "'": "\u2019", "-": "\u2013"}
WARNING_RE = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): (?:WARNING|ERROR|CRITICAL): (?P<msg>.*)$",
                        re.M)


#: The repository's cases are all illustrative; one of them, made a carried-out activity, is
#: what the follow-up counts.
CARRIED_OUT = "casebook/studiebesok/genomford.md"


def carried_out() -> str:
    text = (REPO / "casebook" / "studiebesok" / "bygglov.md").read_text(encoding="utf-8")
    text = text.replace(":illustrative:", ":illustrative: nej\n:municipality: Huddinge kommun")
    return text.replace("{case} studiebesok-digitalt-bygglov", "{case} genomford-besok")


def sources() -> list[str]:
    return sorted([*(p.relative_to(REPO).as_posix() for folder in ("casebook", "policy")
                     for p in (REPO / folder).rglob("*.md")), CARRIED_OUT])


def source_text(name: str) -> str:
    return carried_out() if name == CARRIED_OUT else (REPO / name).read_text(encoding="utf-8")


def editable() -> list[str]:
    """The sources with something an editor fills in (front matter or a directive's fields)."""
    return [name for name in sources() if blocks(source_text(name).split("\n"))]


def blocks(lines: list[str]) -> list[tuple[str, list[int]]]:
    """(block kind, indices of its field lines): the front matter and each directive's fields."""
    out = []
    if lines and lines[0].strip() == "---":
        end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), 0)
        out.append(("front", [n for n in range(1, end) if FRONT_RE.match(lines[n])]))
    n = 0
    while n < len(lines):
        opener = OPENER_RE.match(lines[n])
        n += 1
        if not opener:
            continue
        fields = []
        while n < len(lines) and FIELD_RE.match(lines[n]):
            fields.append(n)
            n += 1
        out.append((opener["name"], fields))
    return [(kind, fields) for kind, fields in out if fields]


def key_of(line: str) -> str:
    match = FIELD_RE.match(line) or FRONT_RE.match(line)
    return match["key"] if match else ""


def split_value(line: str) -> tuple[str, str]:
    """(``:key:`` or ``key:`` with its indent, value)."""
    match = FIELD_RE.match(line)
    if match:
        return f"{match['indent']}:{match['key']}:", match["rest"].strip()
    match = FRONT_RE.match(line)
    return f"{match['key']}:", match["rest"].strip()


def mutate(text: str, data) -> tuple[str, str]:
    """One editor-like mistake in ``text``: (new text, what was done)."""
    lines = text.split("\n")
    found = blocks(lines)
    kind, fields = data.draw(st.sampled_from(found), label="block")
    i = data.draw(st.sampled_from(fields), label="line")
    line = lines[i]
    what = data.draw(st.sampled_from(
        ["blank", "duplicate", "reorder", "invisible", "word", "tab", "capitals", "delete",
         "wrong-field", "misspelt-field", "fence", "flag-value"]), label="mistake")
    if what == "blank":
        lines.insert(i, "")
    elif what == "duplicate":
        lines.insert(i, line)
    elif what == "reorder":
        j = data.draw(st.sampled_from(fields), label="other")
        lines[i], lines[j] = lines[j], lines[i]
    elif what == "invisible":
        ch = data.draw(st.sampled_from(INVISIBLE), label="char")
        targets = [i] + [n for n in range(len(lines)) if OPENER_RE.match(lines[n])
                         or HEADING_RE.match(lines[n])]
        n = data.draw(st.sampled_from(targets), label="where")
        pos = data.draw(st.integers(0, len(lines[n])), label="pos")
        lines[n] = lines[n][:pos] + ch + lines[n][pos:]
    elif what == "word":
        head, value = split_value(line)
        if key_of(line) in CHECKED and any(c in value for c in WORD):
            plain = next(c for c in value if c in WORD)
            lines[i] = f"{head} {value.replace(plain, WORD[plain], 1)}"
        elif value and value[0] in "\"'":
            lines[i] = f"{head} {WORD[value[0]]}{value[1:]}"
        else:
            what = "none"
    elif what == "tab":
        head, value = split_value(line)
        lines[i] = f"{head}\t{value}"
        if value and " " in value:
            lines[i] = f"{head} {value.replace(' ', chr(9), 1)}"
    elif what == "capitals":
        head, value = split_value(line)
        key = key_of(line)
        if key in CHECKED and value and data.draw(st.booleans(), label="value"):
            lines[i] = f"{head} {value.upper()}"
        else:
            lines[i] = line.replace(key, key.capitalize(), 1) if key != key.capitalize() else line
    elif what == "delete":
        required = [n for n in fields if key_of(lines[n]) in REQUIRED.get(kind, ())]
        # A case cites methods, goals or both: with goals, its methods may go (docs/referens.md).
        if any(key_of(lines[n]) == "goals" for n in fields):
            required = [n for n in required if key_of(lines[n]) != "methods"]
        heading = [n for n in range(len(lines)) if HEADING_RE.match(lines[n])][:1]
        choices = required + (heading if kind == "case" else [])
        if choices:
            del lines[data.draw(st.sampled_from(choices), label="deleted")]
        else:
            what = "none"
    elif what == "misspelt-field":
        # A letter of the field's name dropped or doubled: the field is not read.
        key = key_of(line)
        pos = data.draw(st.integers(0, len(key) - 1), label="letter")
        typo = (key[:pos] + key[pos + 1:] if data.draw(st.booleans(), label="drop")
                else key[:pos] + key[pos] + key[pos:])
        lines[i] = line.replace(key, typo, 1) if typo and typo != key else line
    elif what == "fence":
        # The closing line of a directive shortened, or lost.
        closers = [n for n in range(len(lines)) if re.fullmatch(r"\s*(:{3,}|`{3,})\s*", lines[n])]
        if closers:
            n = data.draw(st.sampled_from(closers), label="closer")
            if data.draw(st.booleans(), label="lost"):
                del lines[n]
            else:
                lines[n] = lines[n].rstrip()[:-1]
        else:
            what = "none"
    elif what == "flag-value":
        # ``:illustrative:`` (or another flag) with a word in it.
        flags = [n for n in fields if key_of(lines[n]) == "illustrative"]
        if flags:
            word = data.draw(st.sampled_from(["nja", "Ja!", "kanske", "påhittad", "0", "x"]),
                             label="word")
            lines[flags[0]] = f"{split_value(lines[flags[0]])[0]} {word}"
        else:
            what = "none"
    elif what == "wrong-field":
        checked = [n for n in fields if key_of(lines[n]) in CHECKED]
        if checked:
            j = data.draw(st.sampled_from(checked), label="checked")
            (hi, vi), (hj, vj) = split_value(lines[i]), split_value(lines[j])
            lines[i], lines[j] = f"{hi} {vj}".rstrip(), f"{hj} {vi}".rstrip()
        else:
            what = "none"
    return "\n".join(lines), f"{what} ({kind}, rad {i + 1})"


def records(app: Sphinx) -> dict:
    """The exported records without the addresses (the dummy builder has none)."""
    from handbok.export import collect

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if k not in ("url", "absolute_url")}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value
    return plain(collect(app))


class Project:
    """One Sphinx application and environment, built again for each mutated file."""

    def __init__(self, root: Path) -> None:
        self.src = root / "src"
        for folder in ("casebook", "policy"):
            shutil.copytree(REPO / folder, self.src / folder)
        (self.src / "conf.py").write_text(CONF, encoding="utf-8")
        (self.src / "index.md").write_text(INDEX, encoding="utf-8")
        (self.src / CARRIED_OUT).write_text(carried_out(), encoding="utf-8")
        self.warnings = io.StringIO()
        self.app = Sphinx(str(self.src), str(self.src), str(root / "out"), str(root / "doctrees"),
                          "dummy", status=None, warning=self.warnings, freshenv=True)
        self.baseline_warnings = self.build()
        self.baseline = records(self.app)

    def build(self) -> list[dict]:
        start = self.warnings.tell()
        self.app.build()
        self.warnings.seek(start)
        text = ANSI_RE.sub("", self.warnings.read()).replace(f"{self.src}/", "")
        self.text = text
        return [m.groupdict() for m in WARNING_RE.finditer(text)]

    def write(self, name: str, text: str) -> None:
        path = self.src / name
        path.write_text(text, encoding="utf-8")
        stat = path.stat()  # a new modification time, so Sphinx reads the file again
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Iterator[Project]:
    yield Project(tmp_path_factory.mktemp("egenskap"))
    # As Sphinx's own test app does after its builds: the directives, roles and node classes
    # this application registered would otherwise make a later test app of this worker warn
    # "already registered".
    _clean_up_global_state()


def test_the_repository_builds_without_warnings(project):
    assert {a["id"] for a in project.baseline["activities"]} == {"genomford-besok"}
    assert not project.baseline_warnings, project.baseline_warnings


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_a_mistake_is_warned_about_or_changes_nothing(project, data):
    name = data.draw(st.sampled_from(editable()), label="file")
    original = source_text(name)
    mutated, what = mutate(original, data)
    if mutated == original:
        return
    docname = name.removesuffix(".md")
    project.write(name, mutated)
    try:
        warnings = project.build()  # raises if the build does
        after = records(project.app)
    finally:
        project.write(name, original)
    located = [w for w in warnings if w["file"] == name]
    if after != project.baseline:
        counted = {a["id"] for a in after["activities"]}
        before = {a["id"] for a in project.baseline["activities"]}
        assert located, (f"{what} in {docname} changed the records without a warning in the "
                         f"file; counted activities {sorted(before ^ counted)} changed; "
                         f"warnings: {warnings}")
    for w in located:
        assert "Traceback" not in w["msg"]
    # Every warning the mistake gave is located and said in Swedish (tests/swedish.py).
    assert not not_swedish(project.text), (what, not_swedish(project.text))
