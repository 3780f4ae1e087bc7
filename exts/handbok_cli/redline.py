"""Redline: what a change does to the adopted policy texts, word by word.

``python -m handbok_cli.redline --base REF --out DIR`` compares every policy text (a Markdown
file under ``policy/`` with ``policy:`` in its front matter) in the git revision ``REF`` with
the working tree and writes ``DIR/index.html``: the changed passages per section with inserted
and deleted words marked, the changes to the responsibility matrix (duties added, removed,
moved between actors or given another role), and the policies that did not change.

The page shows the words readers see. The texts are read with MyST's own parser (see
:mod:`.markup`): headings, paragraphs and list items are its tokens, directive bodies are
parsed as MyST parses them, duties are its ``{duty}`` role tokens, and the front matter is
read by :mod:`handbok.frontmatter`. difflib makes the word diff, git gives the old text.
"""

from __future__ import annotations

import argparse
import difflib
import html
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from handbok import frontmatter
from handbok.vocabulary import POLICY_FIELDS
from markdown_it.token import Token

from . import markup, project

POLICY_DIR = "policy"
CONTEXT_WORDS = 8

# --- reading a policy text --------------------------------------------------------------------


@dataclass
class Duty:
    text: str
    assignments: list[tuple[str, str]]
    section: str


@dataclass
class PolicyText:
    path: str
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    #: (section heading, plain words of the section), in order
    sections: list[tuple[str, str]] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    actors: dict[str, str] = field(default_factory=dict)


def front_matter(text: str) -> dict[str, str]:
    """The front matter's values as the page shows them (text; empty for a missing value)."""
    fm = frontmatter.read(text)
    if fm is None or fm.error:
        return {}
    return {key: fm.text_value(key) for key in fm.values}


def is_policy_text(text: str) -> bool:
    return "policy" in front_matter(text)


def strip_inline(line: str) -> str:
    """The words a reader sees in a line of MyST: roles, links and emphasis removed."""
    return markup.plain_text(markup.parse_inline(line))


class _Reader:
    """Collects a policy text's sections, duties and actors from its tokens."""

    def __init__(self, doc: PolicyText, extensions: tuple[str, ...]) -> None:
        self.doc = doc
        self.extensions = extensions
        self.section = ""
        self.blocks: dict[str, list[str]] = {"": []}

    def start_section(self, title: str) -> None:
        name, n = title, 2
        while name in self.blocks:
            name = f"{title} ({n})"
            n += 1
        self.section = name
        self.blocks[name] = []

    def add(self, text: str) -> None:
        plain = " ".join(text.split())
        if plain:
            self.blocks[self.section].append(plain)

    def duties(self, inline: Token) -> None:
        for child in inline.children or []:
            mark = markup.duty(child)
            if mark is not None:
                self.doc.duties.append(Duty(mark.text, mark.assignments, self.section))

    def read(self, tokens: list[Token], nested: bool = False) -> None:
        """Read block tokens; ``nested`` inside a directive body (no sections there)."""
        heading: Token | None = None
        for token in tokens:
            if token.type == "heading_open" and not nested:
                heading = token
            elif token.type == "heading_close":
                heading = None
            elif token.type == "inline":
                if heading is not None:
                    title = " ".join(markup.plain_text(token.children or []).split())
                    if heading.tag == "h1" and not self.doc.title:
                        self.doc.title = title
                    self.start_section(title)
                else:
                    self.add(markup.plain_text(token.children or []))
                self.duties(token)
            elif token.type in markup.FENCES:
                self.fence(token)
            elif token.type in ("code_block", "html_block"):
                self.add(token.content)

    def fence(self, token: Token) -> None:
        found = markup.directive(token)
        if found is None:
            if token.type == "colon_fence":  # a ::: div: its content is Markdown
                self.read(markup.parse(token.content, self.extensions), nested=True)
            else:  # a code block
                self.add(token.content)
            return
        if found.name == "actor" and found.argument:
            label = found.options.get("label", "").strip()
            self.doc.actors[found.argument] = label or self.doc.actors.get(
                found.argument, found.argument)
        if found.silent:
            return
        if found.literal:
            self.add(found.body)
            return
        self.read(markup.parse(found.body, self.extensions), nested=True)


def parse_policy(path: str, text: str,
                 extensions: Iterable[str] = markup.SITE_EXTENSIONS) -> PolicyText:
    """A policy text as readers see it: title, sections of plain words, duties and actors."""
    doc = PolicyText(path=path, meta=front_matter(text))
    reader = _Reader(doc, tuple(extensions))
    reader.read(markup.parse(text, reader.extensions))
    doc.sections = [(name, "\n".join(blocks)) for name, blocks in reader.blocks.items()
                    if blocks]
    return doc


# --- comparing --------------------------------------------------------------------------------


@dataclass
class Hunk:
    """One changed passage: a list of (op, words) with op in 'equal', 'insert', 'delete'."""

    parts: list[tuple[str, str]]


def tokens(text: str) -> list[str]:
    # Paragraph breaks are kept as a token so a new paragraph is a visible change.
    out: list[str] = []
    for i, para in enumerate(text.split("\n")):
        if i:
            out.append("¶")
        out.extend(para.split())
    return out


def word_hunks(old: str, new: str, context: int = CONTEXT_WORDS) -> list[Hunk]:
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    hunks: list[Hunk] = []
    for group in matcher.get_grouped_opcodes(context):
        parts: list[tuple[str, str]] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                parts.append(("equal", " ".join(a[i1:i2])))
            else:
                if i2 > i1:
                    parts.append(("delete", " ".join(a[i1:i2])))
                if j2 > j1:
                    parts.append(("insert", " ".join(b[j1:j2])))
        hunks.append(Hunk(parts))
    return hunks


def section_changes(old: PolicyText | None, new: PolicyText | None) -> list[tuple[str, list[Hunk]]]:
    old_s = dict(old.sections) if old else {}
    new_s = dict(new.sections) if new else {}
    names = [n for n, _t in (new.sections if new else [])]
    names += [n for n, _t in (old.sections if old else []) if n not in new_s]
    result = []
    for name in names:
        hunks = word_hunks(old_s.get(name, ""), new_s.get(name, ""))
        if hunks:
            result.append((name, hunks))
    return result


def meta_changes(old: PolicyText | None, new: PolicyText | None) -> list[tuple[str, str, str]]:
    a, b = (old.meta if old else {}), (new.meta if new else {})
    keys = dict.fromkeys([*b, *a])
    return [(k, a.get(k, ""), b.get(k, "")) for k in keys if a.get(k) != b.get(k)]


@dataclass
class DutyChange:
    kind: str  # "tillagd", "borttagen", "flyttad", "ändrad roll", "ändrad text"
    text: str
    before: list[tuple[str, str]]
    after: list[tuple[str, str]]
    old_text: str = ""


def duty_changes(old: PolicyText | None, new: PolicyText | None) -> list[DutyChange]:
    a = list(old.duties) if old else []
    b = list(new.duties) if new else []
    changes: list[DutyChange] = []
    # Pair duties with the same wording, in order.
    unmatched_b: list[Duty] = []
    remaining = list(a)
    for duty in b:
        twin = next((d for d in remaining if d.text == duty.text), None)
        if twin is None:
            unmatched_b.append(duty)
            continue
        remaining.remove(twin)
        if Counter(twin.assignments) != Counter(duty.assignments):
            changes.append(DutyChange(_move_kind(twin.assignments, duty.assignments), duty.text,
                                      twin.assignments, duty.assignments))
    # Pair what is left by similar wording (a reworded duty), else added / removed.
    for duty in unmatched_b:
        best, ratio = None, 0.0
        for cand in remaining:
            r = difflib.SequenceMatcher(None, cand.text.split(), duty.text.split()).ratio()
            if r > ratio:
                best, ratio = cand, r
        if best is not None and ratio >= 0.6:
            remaining.remove(best)
            kind = "ändrad text"
            changes.append(DutyChange(kind, duty.text, best.assignments, duty.assignments,
                                      old_text=best.text))
        else:
            changes.append(DutyChange("tillagd", duty.text, [], duty.assignments))
    for duty in remaining:
        changes.append(DutyChange("borttagen", duty.text, duty.assignments, []))
    return changes


def _move_kind(before: list[tuple[str, str]], after: list[tuple[str, str]]) -> str:
    if {a for a, _r in before} != {a for a, _r in after}:
        return "flyttad"
    return "ändrad roll"


# --- git --------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip() or f"git {' '.join(args)} misslyckades")
    return proc.stdout


def _policy_text(name: str, text: str) -> bool:
    """Whether a file is a policy text; a front matter that cannot be read is reported."""
    fm = frontmatter.read(text)
    if fm is not None and fm.error:
        problem, line = fm.error
        print(f"Sidhuvudet i {name} kan inte läsas (rad {line}: {problem}). Filen är inte med "
              "i jämförelsen.", file=sys.stderr)
        return False
    return fm is not None and "policy" in fm.values


def base_files(repo: Path, base: str) -> dict[str, str]:
    names = git(repo, "ls-tree", "-r", "--name-only", base, "--", POLICY_DIR).splitlines()
    result = {}
    for name in names:
        if name.endswith(".md"):
            text = git(repo, "show", f"{base}:{name}")
            if _policy_text(f"{name} ({base})", text):
                result[name] = text
    return result


def work_files(repo: Path) -> dict[str, str]:
    result = {}
    for file in sorted((repo / POLICY_DIR).rglob("*.md")):
        text = file.read_text(encoding="utf-8")
        name = file.relative_to(repo).as_posix()
        if _policy_text(name, text):
            result[name] = text
    return result


def renames(repo: Path, base: str) -> dict[str, str]:
    """new path -> old path for policy files git sees as moved since ``base``."""
    out = git(repo, "diff", "-M", "--name-status", base, "--", POLICY_DIR)
    moved = {}
    for line in out.splitlines():
        parts = line.split("\t")
        if parts[0].startswith("R") and len(parts) == 3:
            moved[parts[2]] = parts[1]
    return moved


# --- the report -------------------------------------------------------------------------------


@dataclass
class PolicyReport:
    path: str
    old_path: str | None
    title: str
    meta: list[tuple[str, str, str]]
    sections: list[tuple[str, list[Hunk]]]
    duties: list[DutyChange]
    actors: dict[str, str]

    @property
    def changed(self) -> bool:
        return bool(self.meta or self.sections or self.duties)


def compare(repo: Path, base: str) -> list[PolicyReport]:
    old_files, new_files = base_files(repo, base), work_files(repo)
    moved = renames(repo, base)
    # Both versions are read with the working tree's MyST settings (conf.py).
    extensions = project.load(repo).myst_extensions
    reports = []
    seen_old = set()
    for path in sorted(new_files):
        old_path = moved.get(path, path) if moved.get(path, path) in old_files else None
        seen_old.add(old_path)
        old = parse_policy(old_path, old_files[old_path], extensions) if old_path else None
        new = parse_policy(path, new_files[path], extensions)
        reports.append(_report(path, old_path, old, new))
    for path in sorted(set(old_files) - seen_old):
        old = parse_policy(path, old_files[path], extensions)
        reports.append(_report(path, path, old, None))
    return reports


def _report(path, old_path, old, new) -> PolicyReport:
    doc = new or old
    actors = {**(old.actors if old else {}), **(new.actors if new else {})}
    return PolicyReport(path, old_path, doc.title or path, meta_changes(old, new),
                        section_changes(old, new), duty_changes(old, new), actors)


CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.6; color: #1a1a1a; }
ins { background: #d7f5dd; color: #0b3d17; text-decoration: underline;
      text-decoration-thickness: 2px; }
del { background: #fde0e0; color: #5c0b0b; text-decoration: line-through;
      text-decoration-thickness: 2px; }
.marker { font-weight: bold; }
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
                   overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.hunk { border-left: 4px solid #888; padding-left: 1rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: .4rem .6rem; text-align: left; vertical-align: top; }
.legend { border: 1px solid #888; padding: .5rem 1rem; }
.path { font-family: monospace; }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_parts(parts: list[tuple[str, str]]) -> str:
    out = []
    for op, text in parts:
        text = _e(text).replace("¶", "<br>")
        if op == "insert":
            out.append('<ins><span class="visually-hidden">infogat: </span>'
                       f'<span class="marker" aria-hidden="true">[+</span>{text}'
                       '<span class="marker" aria-hidden="true">+]</span></ins>')
        elif op == "delete":
            out.append('<del><span class="visually-hidden">borttaget: </span>'
                       f'<span class="marker" aria-hidden="true">[−</span>{text}'
                       '<span class="marker" aria-hidden="true">−]</span></del>')
        else:
            out.append(text)
    return " ".join(out)


def _assignments(assignments: list[tuple[str, str]], actors: dict[str, str]) -> str:
    if not assignments:
        return "–"
    return ", ".join(f"{_e(actors.get(a, a))} ({_e(r)})" for a, r in assignments)


def render(reports: list[PolicyReport], base: str, base_desc: str) -> str:
    changed = [r for r in reports if r.changed]
    unchanged = [r for r in reports if not r.changed]
    out = [
        "<!DOCTYPE html>",
        '<html lang="sv">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Ändringar i styrdokumenten jämfört med {_e(base)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>Ändringar i styrdokumenten jämfört med {_e(base)}</h1>",
        f"<p>Jämförelsen gäller {_e(base_desc)} och filerna som de ser ut nu. Sidan visar bara "
        "texten, inte formateringen.</p>",
        '<section class="legend" aria-labelledby="teckenforklaring">',
        '<h2 id="teckenforklaring">Teckenförklaring</h2>',
        "<ul>",
        '<li><ins><span class="visually-hidden">infogat: </span>'
        '<span class="marker" aria-hidden="true">[+</span>ny text'
        '<span class="marker" aria-hidden="true">+]</span></ins>: text som läggs till. '
        "Den står inom [+ +] och är understruken.</li>",
        '<li><del><span class="visually-hidden">borttaget: </span>'
        '<span class="marker" aria-hidden="true">[−</span>gammal text'
        '<span class="marker" aria-hidden="true">−]</span></del>: text som tas bort. '
        "Den står inom [− −] och är överstruken.</li>",
        "<li>Text utan markering står kvar och visas för sammanhangets skull.</li>",
        "</ul>",
        "</section>",
    ]
    if not changed:
        out.append("<p>Inga styrdokument har ändrats.</p>")
    for report in changed:
        out.append(f"<h2>{_e(report.title)}</h2>")
        where = f'<span class="path">{_e(report.path)}</span>'
        if report.old_path is None:
            out.append(f"<p>Nytt dokument: {where}.</p>")
        elif report.old_path != report.path:
            out.append(f'<p>Flyttat från <span class="path">{_e(report.old_path)}</span> till '
                       f"{where}.</p>")
        else:
            out.append(f"<p>Fil: {where}.</p>")
        if report.meta:
            out.append("<h3>Uppgifter om dokumentet</h3>")
            out.append('<table><thead><tr><th scope="col">Uppgift</th>'
                       '<th scope="col">Före</th><th scope="col">Efter</th></tr>'
                       "</thead><tbody>")
            for key, before, after in report.meta:
                out.append(f"<tr><td>{_e(POLICY_FIELDS.get(key, key))}</td>"
                           f"<td>{_e(before) or '–'}</td>"
                           f"<td>{_e(after) or '–'}</td></tr>")
            out.append("</tbody></table>")
        if report.sections:
            out.append("<h3>Ändrad text</h3>")
        for name, hunks in report.sections:
            out.append(f"<h4>Avsnitt: {_e(name or 'Början av dokumentet')}</h4>")
            for hunk in hunks:
                out.append(f'<p class="hunk">{render_parts(hunk.parts)}</p>')
        if report.duties:
            out.append("<h3>Ändringar i ansvarsfördelningen</h3>")
            out.append('<table><thead><tr><th scope="col">Uppgift</th>'
                       '<th scope="col">Ändring</th><th scope="col">Före</th>'
                       '<th scope="col">Efter</th></tr></thead><tbody>')
            for change in report.duties:
                text = _e(change.text)
                if change.old_text:
                    text = render_parts(word_hunks(change.old_text, change.text, 100)[0].parts)
                out.append(f"<tr><td>{text}</td><td>{_e(change.kind.capitalize())}</td>"
                           f"<td>{_assignments(change.before, report.actors)}</td>"
                           f"<td>{_assignments(change.after, report.actors)}</td></tr>")
            out.append("</tbody></table>")
    out.append("<h2>Oförändrade styrdokument</h2>")
    if unchanged:
        out.append("<ul>")
        for report in unchanged:
            out.append(f'<li>{_e(report.title)} (<span class="path">{_e(report.path)}</span>): '
                       "oförändrad</li>")
        out.append("</ul>")
    else:
        out.append("<p>Alla styrdokument har ändrats.</p>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def write_redline(repo: Path, base: str, outdir: Path) -> Path:
    repo = Path(git(repo, "rev-parse", "--show-toplevel").strip())
    desc = git(repo, "log", "-1", "--format=%h %cs %s", base).strip()
    reports = compare(repo, base)
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / "index.html"
    target.write_text(render(reports, base, f"version {desc}"), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m handbok_cli.redline",
        description="Visa ändringar i styrdokumenten ord för ord jämfört med en git-version.")
    parser.add_argument("--base", required=True, help="git-version att jämföra med, t.ex. main")
    parser.add_argument("--out", default="_build/redline", help="mapp för index.html")
    parser.add_argument("--repo", default=".", help="mapp i git-förrådet (standard: .)")
    args = parser.parse_args(argv)
    try:
        target = write_redline(Path(args.repo), args.base, Path(args.out))
    except (RuntimeError, ValueError) as err:
        print(f"Kunde inte jämföra med {args.base}: {err}", file=sys.stderr)
        return 2
    print(f"Ändringarna finns i {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
