"""Redline: what a change does to the adopted policy texts, at the level a reader thinks in.

``handbok redline --bas REF --ut DIR`` compares every policy text (a Markdown
file under ``policy/`` with ``policy:`` in its front matter) in the git revision ``REF`` with
the working tree and writes ``DIR/index.html``. Options: ``--pdf FILE`` prints the same page
to a tagged PDF for the committee's papers (Debian's Chromium through Playwright), and
``--sammanfattning FILE`` writes it as Markdown for the pull request (job summary and comment).

How the comparison works:

- The texts are read with MyST's own parser (see :mod:`.markup`): each paragraph and list
  item is a *block* with its section; duties are ``{duty}`` role tokens; the front matter is
  read by :mod:`handbok.frontmatter`.
- Blocks are aligned over the whole document with :mod:`difflib`. A block that is gone in one
  place and (almost) the same in another is shown once, as moved ("Flyttat från avsnittet X"),
  with any wording changed inside it marked.
- Inside a changed block, words and punctuation are separate tokens (a comma added after a word
  does not mark the word), and the context shown is whole sentences.
- The base version is named by its date and the ``Sammanfattning:`` trailer of its commit
  message; a short commit id stands only in small print at the end.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from handbok import frontmatter
from handbok.meaning import changed_meanings, citing_cases
from handbok.text import swedish_date

from . import project
from .browser import chromium
from .flags import english_aliases, require
from .redline_align import (
    Base,
    PolicyReport,
    block_changes,
    build_report,
    duty_changes,
    named_actors,
    segments,
)
from .redline_parse import front_matter, parse_policy, strip_inline, tokenize
from .redline_render import (
    COMMENT_MARKER,
    Meaning,
    render,
    render_markdown,
    render_meanings_html,
    render_meanings_markdown,
    render_report,
)

POLICY_DIR = "policy"

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
            if _policy_text(f"{name} (den tidigare versionen)", text):
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

def describe_base(repo: Path, base: str) -> Base:
    out = git(repo, "log", "-1", "--format=%cs%x00%h%x00"
              "%(trailers:key=Sammanfattning,valueonly,separator=%x20)", base)
    date, short, summary = (out.rstrip("\n").split("\x00") + ["", ""])[:3]
    return Base(swedish_date(date), " ".join(summary.split()), short)


# --- the report -------------------------------------------------------------------------------


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
        reports.append(build_report(path, old_path, old, new))
    for path in sorted(set(old_files) - seen_old):
        old = parse_policy(path, old_files[path], extensions)
        reports.append(build_report(path, path, old, None))
    return reports


# --- PDF --------------------------------------------------------------------------------------

def write_pdf(page: Path, target: Path) -> Path:
    """Print the redline page with Chromium: a tagged PDF with an outline, A4, page numbers."""
    target.parent.mkdir(parents=True, exist_ok=True)
    footer = ('<div style="font-size:8pt;width:100%;text-align:center;font-family:sans-serif">'
              'Sida <span class="pageNumber"></span> av <span class="totalPages"></span></div>')
    with chromium() as browser:
        tab = browser.new_page()
        tab.goto(page.resolve().as_uri())
        tab.emulate_media(media="print")
        tab.pdf(path=str(target), format="A4", tagged=True, outline=True,
                display_header_footer=True, header_template="<span></span>",
                footer_template=footer, print_background=False,
                margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
    return target


# --- command ----------------------------------------------------------------------------------


def meaning_changes(repo: Path, base: str) -> list[Meaning]:
    """Methods, goals and actors whose id now has another label or text than in ``base``."""
    old_files, new_files = base_files(repo, base), work_files(repo)
    moved = renames(repo, base)
    cases = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(repo.rglob("*.md"))
             if not any(part.startswith((".", "_")) for part in p.relative_to(repo).parts)]
    counts = citing_cases(cases)
    out: list[Meaning] = []
    for path in sorted(new_files):
        old_path = moved.get(path, path)
        if old_path in old_files:
            for change in changed_meanings(old_files[old_path], new_files[path]):
                count = counts[change.ident] if change.kind in ("method", "goal") else None
                out.append((path, change, count))
    return out


def write_redline(repo: Path, base: str, outdir: Path, pdf: Path | None = None,
                  summary: Path | None = None) -> Path:
    repo = Path(git(repo, "rev-parse", "--show-toplevel").strip())
    described = describe_base(repo, base)
    reports = compare(repo, base)
    meanings = meaning_changes(repo, base)
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / "index.html"
    page = render(reports, described)
    if meanings:
        page = page.replace("</main>", render_meanings_html(meanings) + "</main>", 1)
    target.write_text(page, encoding="utf-8")
    for path, change, count in meanings:
        print(f"Varning i {path}: {change.describe(count)}", file=sys.stderr)
    for report in reports:
        for duty in report.warnings:
            print(f"Varning i {report.path}, avsnittet {duty.section}: {duty.warning}",
                  file=sys.stderr)
    if summary is not None:
        text = render_markdown(reports, described)
        if meanings:
            head, sep, tail = text.partition("<sub>")
            text = head + "\n".join(render_meanings_markdown(meanings)) + "\n" + sep + tail
        if str(summary) == "-":
            sys.stdout.write(text)
        else:
            # Appends, as $GITHUB_STEP_SUMMARY expects.
            with summary.open("a", encoding="utf-8") as handle:
                handle.write(text)
    if pdf is not None:
        write_pdf(target, pdf)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="handbok redline",
        description="Visa ändringar i styrdokumenten jämfört med en tidigare version.")
    parser.add_argument("--bas", help="git-version att jämföra med, t.ex. main")
    parser.add_argument("--ut", default="_build/redline", help="mapp för index.html")
    parser.add_argument("--rot", default=".", help="mapp i git-förrådet (standard: .)")
    parser.add_argument("--pdf", type=Path, help="skriv också en PDF för nämndhandlingen")
    parser.add_argument("--sammanfattning", type=Path,
                        help="lägg till ändringarna som Markdown i filen (- för skärmen)")
    english_aliases(parser, {"--base": "bas", "--out": "ut", "--repo": "rot",
                             "--summary": "sammanfattning"})
    args = parser.parse_args(argv)
    require(parser, args, "--bas")
    try:
        target = write_redline(Path(args.rot), args.bas, Path(args.ut), args.pdf,
                               args.sammanfattning)
    except (RuntimeError, ValueError) as err:
        print(f"Kunde inte jämföra med {args.bas}: {err}", file=sys.stderr)
        return 2
    if str(args.sammanfattning) != "-":
        print(f"Ändringarna finns i {target}" + (f" och {args.pdf}" if args.pdf else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#: What the redline's parts offer to the tests and the other tools, by the command's name.
__all__ = ["COMMENT_MARKER", "Base", "PolicyReport", "block_changes", "build_report", "compare",
           "duty_changes", "front_matter", "main", "named_actors", "parse_policy",
           "render_report", "segments", "strip_inline", "swedish_date", "tokenize",
           "write_redline"]
