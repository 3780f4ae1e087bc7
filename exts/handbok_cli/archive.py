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

The text is read with MyST's parser (:mod:`.markup`) and written back block by block from its
syntax tree: a directive gives way to its body, a role to its text; a paragraph without roles
is written as it was typed.
"""

from __future__ import annotations

import argparse
import builtins
import fnmatch
import sys
from collections.abc import Iterable
from pathlib import Path

import yaml
from handbok import frontmatter
from handbok.util import valid_id
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from . import markup, project

#: The status of an archived version (one of handbok.vocabulary.POLICY_STATUSES).
REPEALED = "upphävd"
#: Directives left out of the archived copy with their bodies.
DROPPED_DIRECTIVES = markup.SILENT_DIRECTIVES | {"actor"}
#: The view whose section is a compilation, not adopted text.
MATRIX = "responsibility-matrix"
#: Characters that a role's text must not turn into markup when it becomes plain text.
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<"})


# --- front matter ------------------------------------------------------------------------------


def archived_front_matter(fm: frontmatter.FrontMatter, suffix: str) -> str:
    """The YAML text with ``policy`` given the suffix and ``status`` set to upphävd; every
    other row as it was."""
    rows = fm.text.splitlines()
    spans = _key_spans(fm.text)
    new = {"policy": f"policy: {fm.text_value('policy')}-{suffix}",
           "status": f"status: {REPEALED}"}
    # From the last row up, so earlier spans keep their place.
    for key, (first, last) in sorted(spans.items(), key=lambda item: -item[1][0]):
        if key in new:
            rows[first:last + 1] = [new.pop(key)]
    rows += new.values()  # a key the text did not have
    return "\n".join(rows)


def _key_spans(raw: str) -> dict[str, tuple[int, int]]:
    """Top-level key -> (first, last) 0-based row of the key and its value."""
    node = yaml.compose(raw, Loader=frontmatter.LOADER)
    spans: dict[str, tuple[int, int]] = {}
    if not isinstance(node, yaml.MappingNode):
        return spans
    for key_node, value_node in node.value:
        first, end = key_node.start_mark.line, value_node.end_mark
        last = end.line - 1 if end.column == 0 and end.line > first else end.line
        spans.setdefault(str(key_node.value), (first, max(first, last)))
    return spans


# --- the body ----------------------------------------------------------------------------------


class _Writer:
    """Writes Markdown back from MyST's syntax tree without the handbook's markup."""

    def __init__(self, extensions: Iterable[str]) -> None:
        self.extensions = tuple(extensions)

    def text(self, text: str) -> list[str]:
        """The blocks of a text (each block a string, maybe of several lines)."""
        return self.blocks(markup.tree(text, self.extensions).children, text.splitlines())

    def blocks(self, nodes: Iterable[SyntaxTreeNode], lines: list[str]) -> list[str]:
        out: list[str] = []
        for node in nodes:
            out += self.block(node, lines)
        return [b for b in out if b.strip()]

    def block(self, node: SyntaxTreeNode, lines: list[str]) -> list[str]:
        kind = node.type
        if kind in ("front_matter", "myst_target"):
            # Targets would define the same labels as the current version.
            return []
        if kind == "heading":
            level = int(node.tag[1:])
            return ["#" * level + " " + self.inline(node.children[0]).replace("\n", " ")]
        if kind == "paragraph":
            return [self.inline(node.children[0])]
        if kind in ("bullet_list", "ordered_list"):
            return [self.list(node, lines)]
        if kind == "blockquote":
            inner = "\n\n".join(self.blocks(node.children, lines))
            return ["\n".join(f"> {row}".rstrip() for row in inner.splitlines())]
        if kind in markup.FENCES and node.token is not None:
            return self.fence(node.token)
        if kind == "code_block":
            return ["\n".join(f"    {row}".rstrip() for row in node.content.splitlines())]
        if kind == "hr":
            return [node.markup]
        if kind == "html_block":
            return [node.content.rstrip()]
        if kind == "table":
            return [self.table(node)]
        if kind in ("dl", "field_list"):
            return [self.definitions(node, lines)]
        # Anything else (comments, block breaks, footnotes): the source lines as they are.
        if node.map:
            return ["\n".join(lines[node.map[0]:node.map[1]]).strip("\n")]
        return []

    def fence(self, token: Token) -> list[str]:
        found = markup.directive(token)
        if found is None:
            if token.type == "colon_fence":  # a ::: div: its content is Markdown
                return self.text(token.content)
            return [f"{token.markup}{token.info}\n{token.content}{token.markup}"]
        if found.name in DROPPED_DIRECTIVES:
            return []
        if found.literal:
            return [f"```{found.argument}\n{found.body}\n```"]
        return self.text(found.body)

    def list(self, node: SyntaxTreeNode, lines: list[str]) -> str:
        items = []
        loose = False
        for n, item in enumerate(node.children):
            blocks = self.blocks(item.children, lines)
            if any(c.type == "paragraph" and c.nester_tokens is not None
                   and not c.nester_tokens.opening.hidden for c in item.children):
                loose = True
            if n + 1 < len(node.children) and item.children and item.map and \
                    item.children[-1].map and item.map[1] > item.children[-1].map[1]:
                loose = True  # a blank line after the item
            if not blocks:
                continue  # an item that held only markup
            marker = (item.info + item.markup) if node.type == "ordered_list" else item.markup
            items.append((marker, blocks))
        out = []
        for marker, blocks in items:
            body = ("\n\n" if loose else "\n").join(blocks)
            pad = " " * (len(marker) + 1)
            rows = body.splitlines()
            out.append("\n".join([f"{marker} {rows[0]}"]
                                 + [f"{pad}{row}" if row else "" for row in rows[1:]]))
        return ("\n\n" if loose else "\n").join(out)

    def definitions(self, node: SyntaxTreeNode, lines: builtins.list[str]) -> str:
        """A definition list (term, then ``: definition``) or a field list (``:name: body``)."""
        out = []
        term = ""
        for child in node.children:
            if child.type in ("dt", "fieldlist_name"):
                term = self.inline(child.children[0]) if child.children else ""
                if child.type == "dt":
                    out.append(term)
                continue
            body = "\n\n".join(self.blocks(child.children, lines))
            rows = body.splitlines() or [""]
            if child.type == "fieldlist_body":
                first, pad = f":{term}: {rows[0]}".rstrip(), "  "
            else:
                first, pad = f": {rows[0]}".rstrip(), "  "
            out.append("\n".join([first] + [f"{pad}{r}" if r else "" for r in rows[1:]]))
        return "\n".join(out)

    def table(self, node: SyntaxTreeNode) -> str:
        rows: list[list[str]] = []
        aligns: list[str] = []
        for section in node.children:  # thead, tbody
            for tr in section.children:
                cells = []
                for cell in tr.children:
                    text = self.inline(cell.children[0]) if cell.children else ""
                    cells.append(text.replace("|", "\\|"))
                    if section.type == "thead":
                        aligns.append(str(cell.attrs.get("style", "")))
                rows.append(cells)
        rule = {"text-align:left": ":--", "text-align:right": "--:",
                "text-align:center": ":-:"}
        out = ["| " + " | ".join(rows[0]) + " |",
               "| " + " | ".join(rule.get(a, "---") for a in aligns) + " |"]
        out += ["| " + " | ".join(cells) + " |" for cells in rows[1:]]
        return "\n".join(out)

    def inline(self, node: SyntaxTreeNode) -> str:
        """An inline token as Markdown: as typed when it has no role, else rewritten from its
        children with each role replaced by its text."""
        token = node.token
        if token is None:  # an inline node always has its token
            return ""
        children = token.children or []
        if not any(c.type == "myst_role" for c in children):
            return token.content
        out = []
        links: list[Token] = []
        for child in children:
            kind = child.type
            if kind == "myst_role":
                out.append(markup.role_text(child).translate(_SPECIAL))
            elif kind == "text":
                out.append(child.content)
            elif kind == "text_special":
                out.append(child.markup or child.content)
            elif kind == "softbreak":
                out.append("\n")
            elif kind == "hardbreak":
                out.append("\\\n")
            elif kind in ("em_open", "em_close", "strong_open", "strong_close",
                          "s_open", "s_close"):
                out.append(child.markup)
            elif kind == "code_inline":
                pad = " " if child.content.startswith("`") or child.content.endswith("`") else ""
                out.append(f"{child.markup}{pad}{child.content}{pad}{child.markup}")
            elif kind == "link_open":
                links.append(child)
                out.append({"autolink": "<", "linkify": ""}.get(child.markup, "["))
            elif kind == "link_close":
                opened = links.pop() if links else child
                out.append(_link_end(opened))
            elif kind == "image":
                alt = markup.plain_text(child.children or [])
                out.append(f"![{alt}]({child.attrs.get('src', '')}{_title(child)})")
            elif kind == "footnote_ref":
                out.append(f"[^{child.meta.get('label', '')}]")
            else:
                out.append(child.markup + child.content)
        return "".join(out)


def _title(token: Token) -> str:
    title = token.attrs.get("title")
    return f' "{title}"' if title else ""


def _link_end(opened: Token) -> str:
    if opened.markup == "autolink":
        return ">"
    if opened.markup == "linkify":
        return ""
    return f"]({opened.attrs.get('href', '')}{_title(opened)})"


def _matrix_headings(root: SyntaxTreeNode, extensions: Iterable[str]) -> set[int]:
    """Indexes (among the top-level blocks) of the headings whose section holds a
    responsibility matrix, at any depth."""
    found: set[int] = set()
    current = None
    for index, node in enumerate(root.children):
        if node.type == "heading":
            current = index
        for token in markup.walk(node.to_tokens(), extensions):
            found_dir = markup.directive(token)
            if found_dir is not None and found_dir.name == MATRIX and current is not None:
                found.add(current)
    return found


def strip_markup(text: str, extensions: Iterable[str] = markup.SITE_EXTENSIONS) -> str:
    """The text (front matter left out) with the handbook's markup removed and the Markdown
    structure kept; the sections that hold a responsibility matrix are left out."""
    writer = _Writer(extensions)
    root = markup.tree(text, writer.extensions)
    lines = text.splitlines()
    skipped = _matrix_headings(root, writer.extensions)
    kept: list[SyntaxTreeNode] = []
    skip_level = 0  # heading level of a section left out, 0 when none
    for index, node in enumerate(root.children):
        if node.type == "heading":
            level = int(node.tag[1:])
            if skip_level and level > skip_level:
                continue
            skip_level = level if index in skipped else 0
        if not skip_level:
            kept.append(node)
    return "\n\n".join(writer.blocks(kept, lines)).strip() + "\n"


# --- archiving ---------------------------------------------------------------------------------


def archive(root: Path, source: str, suffix: str) -> tuple[Path, bool]:
    """Write the archived copy; returns it and whether policy/index.md lists it."""
    if not valid_id(suffix):
        raise ValueError(f"'{suffix}' går inte att använda i ett filnamn. Skriv till exempel "
                         "2016-2020.")
    src = root / source
    text = src.read_text(encoding="utf-8")
    fm = frontmatter.read(text)
    if fm is not None and fm.error:
        problem, line = fm.error
        raise ValueError(f"Sidhuvudet i {source} kan inte läsas (rad {line}: {problem}).")
    if fm is None or "policy" not in fm.values:
        raise ValueError(f"{source} är inte ett styrdokument (policy: saknas i sidhuvudet).")
    target = src.with_name(f"{src.stem}-{suffix}{src.suffix}")
    if target.exists():
        raise ValueError(f"{target.relative_to(root)} finns redan.")
    extensions = project.load(root).myst_extensions
    body = strip_markup(text, extensions)
    target.write_text(f"---\n{archived_front_matter(fm, suffix)}\n---\n\n{body}",
                      encoding="utf-8")
    listed = _add_to_toctree(root / "policy" / "index.md", src, target, extensions)
    return target, listed


def _add_to_toctree(index: Path, current: Path, new: Path, extensions: Iterable[str]) -> bool:
    """Add ``new`` after ``current`` in a toctree of ``index``; False when it is not there."""
    if not index.exists():
        return False
    base = index.parent
    cur = current.relative_to(base).with_suffix("").as_posix()
    new_entry = new.relative_to(base).with_suffix("").as_posix()
    text = index.read_text(encoding="utf-8")
    lines = text.splitlines()
    for token in markup.walk(markup.parse(text, extensions), extensions):
        found = markup.directive(token)
        if found is None or found.name != "toctree" or token.map is None:
            continue
        if "glob" in found.options and any(
                fnmatch.fnmatchcase(new_entry, row.strip()) for row in found.body.splitlines()
                if row.strip() and not row.strip().startswith(":")):
            return True  # a glob toctree lists the new page by itself
        for i in range(found.body_line, found.close_line + 1):
            entry = lines[i].strip()
            if entry == cur or entry.endswith(f"<{cur}>"):
                indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
                lines.insert(i + 1, indent + new_entry)
                index.write_text("\n".join(lines) + "\n", encoding="utf-8")
                return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="handbok arkivera",
        description="Spara den nuvarande versionen av ett styrdokument som en äldre version.")
    parser.add_argument("fil", help="styrdokumentets fil, t.ex. policy/huddinge/strategi.md")
    parser.add_argument("giltighet", help="slut på filnamnet, t.ex. 2016-2020")
    parser.add_argument("--rot", default=".", help="projektets mapp (standard: .)")
    args = parser.parse_args(argv)
    root = Path(args.rot)
    try:
        target, listed = archive(root, args.fil, args.giltighet)
    except (OSError, ValueError) as err:
        print(err, file=sys.stderr)
        return 2
    made = target.relative_to(root).as_posix()
    print(f"Skapade {made} med status {REPEALED}. Skriv nu in den nya texten i {args.fil}.")
    if not listed:
        print(f"Lägg till {made} i listan i policy/index.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
