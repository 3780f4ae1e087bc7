"""``make archive-policy``: keep the current version of a policy as an older version.

    python -m handbok_cli.archive policy/huddinge/strategi.md 2016-2020

writes ``policy/huddinge/strategi-2016-2020.md``: the same words, headings and lists, with

- ``policy:`` given the suffix (``huddinge-2016-2020``) and ``status: upphävd``;
- the handbook's markup removed (directive fences and options, role syntax), so the old copy
  defines no actors, duties, methods or goals that would clash with the new version's ids;
- the section holding the responsibility matrix left out (it is not part of the adopted text);

and adds the new page to the toctree of ``policy/index.md`` right after the current one.
Then the editor writes the new text into the original file. Both pages list each other under
"Versioner av dokumentet", with the current one marked gällande.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .redline import (
    FENCE_CLOSE_RE,
    FENCE_OPEN_RE,
    FRONT_RE,
    HEADING_RE,
    LIST_RE,
    OPTION_RE,
    SILENT_DIRECTIVES,
    strip_roles,
)

SUFFIX_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def archived_front_matter(front: str, suffix: str) -> str:
    lines = []
    for line in front.splitlines():
        key = line.split(":", 1)[0].strip()
        if key == "policy":
            ident = line.split(":", 1)[1].strip().strip("'\"")
            line = f"policy: {ident}-{suffix}"
        elif key == "status":
            line = "status: upphävd"
        lines.append(line)
    return "\n".join(lines)


def strip_markup(body: str) -> str:
    """The body with the handbook's markup removed and Markdown structure kept."""
    out: list[str] = []
    stack: list[tuple[str, str]] = []
    prefix = ""  # a list marker waiting for the first line of its directive's body
    skip_level = 0  # heading level of a section left out, 0 when none
    lines = body.splitlines()
    # Sections that hold a responsibility matrix are compilations, not adopted text.
    matrix_sections = _matrix_sections(lines)
    for lineno, line in enumerate(lines):
        heading = HEADING_RE.match(line) if not stack else None
        if heading:
            level = len(heading["hashes"])
            if skip_level and level > skip_level:
                continue
            skip_level = level if lineno in matrix_sections else 0
            if skip_level:
                continue
        elif skip_level:
            continue
        marker = LIST_RE.match(line)
        rest = line[marker.end():] if marker else line
        opened = FENCE_OPEN_RE.match(rest)
        if opened:
            stack.append((opened["fence"], opened["name"]))
            if marker and opened["name"] not in SILENT_DIRECTIVES | {"actor"}:
                prefix = marker.group(0)
            continue
        closed = FENCE_CLOSE_RE.match(line)
        if closed and stack and closed["fence"] == stack[-1][0]:
            stack.pop()
            continue
        if stack and OPTION_RE.match(line):
            continue
        if any(name in SILENT_DIRECTIVES | {"actor"} for _f, name in stack):
            continue
        text = strip_roles(line)
        if prefix and text.strip():
            text = prefix + text.strip()
            prefix = ""
        out.append(text.rstrip())
    # No runs of blank lines.
    cleaned: list[str] = []
    for line in out:
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    return "\n".join(cleaned).strip() + "\n"


def _matrix_sections(lines: list[str]) -> set[int]:
    """Line numbers of the headings whose section contains a responsibility matrix."""
    found: set[int] = set()
    current = None
    for lineno, line in enumerate(lines):
        if HEADING_RE.match(line):
            current = lineno
        opened = FENCE_OPEN_RE.match(line)
        if opened and opened["name"] == "responsibility-matrix" and current is not None:
            found.add(current)
    return found


def archive(root: Path, source: str, suffix: str) -> Path:
    if not SUFFIX_RE.match(suffix):
        raise ValueError(f"'{suffix}' går inte att använda i ett filnamn. Skriv till exempel "
                         "2016-2020.")
    src = root / source
    text = src.read_text(encoding="utf-8")
    match = FRONT_RE.match(text)
    if not match or not re.search(r"^policy\s*:", match["body"], re.MULTILINE):
        raise ValueError(f"{source} är inte ett styrdokument (policy: saknas i sidhuvudet).")
    target = src.with_name(f"{src.stem}-{suffix}{src.suffix}")
    if target.exists():
        raise ValueError(f"{target.relative_to(root)} finns redan.")
    body = strip_markup(text[match.end():])
    target.write_text(f"---\n{archived_front_matter(match['body'], suffix)}\n---\n\n{body}",
                      encoding="utf-8")
    _add_to_toctree(root / "policy" / "index.md", src, target)
    return target


def _add_to_toctree(index: Path, current: Path, new: Path) -> None:
    if not index.exists():
        return
    base = index.parent
    cur = current.relative_to(base).with_suffix("").as_posix()
    new_entry = new.relative_to(base).with_suffix("").as_posix()
    lines = index.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.strip() == cur:
            indent = line[: len(line) - len(line.lstrip())]
            lines.insert(i + 1, indent + new_entry)
            index.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m handbok_cli.archive",
        description="Spara den nuvarande versionen av ett styrdokument som en äldre version.")
    parser.add_argument("fil", help="styrdokumentets fil, t.ex. policy/huddinge/strategi.md")
    parser.add_argument("giltighet", help="slut på filnamnet, t.ex. 2016-2020")
    parser.add_argument("--rot", default=".", help="projektets mapp (standard: .)")
    args = parser.parse_args(argv)
    root = Path(args.rot)
    try:
        target = archive(root, args.fil, args.giltighet)
    except (OSError, ValueError) as err:
        print(err, file=sys.stderr)
        return 2
    print(f"Skapade {target.relative_to(root).as_posix()} med status upphävd. Skriv nu in den "
          f"nya texten i {args.fil}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
