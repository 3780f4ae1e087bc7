"""Reading the handbook's Markdown the way the site does: with MyST's own markdown-it parser.

The parser is the one MyST builds for Sphinx (``myst_parser.parsers.mdit.create_md_parser``)
with the site's ``myst_enable_extensions``, so fences, options, roles, lists and links are
what the site sees. Directive fences are split into argument, options and body by MyST's own
directive-text parser; a body is parsed again as Markdown, as MyST does when it renders it.

The tools use these pieces:

- :func:`parse` (block tokens of a text) and :func:`tree` (the same as a syntax tree);
- :func:`directive` (a ``colon_fence`` or ``fence`` token read as a directive);
- :func:`plain_text` (the words a reader sees in an ``inline`` token's children);
- :func:`duty` (the wording and assignments of a ``{duty}`` role token).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from docutils.parsers.rst import Directive as _DocutilsDirective
from docutils.parsers.rst import directives as _directives
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.directives import is_option_line, parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.options import TokenizeError, options_to_tokens
from sphinx.util.nodes import split_explicit_title

#: The site's ``myst_enable_extensions`` (conf.py), used when a tool has no conf.py to read.
SITE_EXTENSIONS: tuple[str, ...] = ("colon_fence", "deflist", "fieldlist")

#: Directives whose body is not text for readers (views compiled from the data, navigation).
SILENT_DIRECTIVES = frozenset({
    "responsibility-matrix", "responsibility-diagram", "actor-duties", "case-table", "toctree",
    "raw",
})
#: Directives whose body is literal text (code), not Markdown.
LITERAL_DIRECTIVES = frozenset({"code-block", "code", "sourcecode", "literalinclude", "math"})
#: Token types of a fenced block that MyST may read as a directive.
FENCES = frozenset({"colon_fence", "fence"})


@lru_cache(maxsize=8)
def parser(extensions: frozenset[str] = frozenset(SITE_EXTENSIONS)) -> MarkdownIt:
    """MyST's markdown-it parser with the given ``myst_enable_extensions``.

    ``text_join`` is switched off so that escapes and entities stay ``text_special`` tokens
    with their source form (``\\*``, ``&amp;``) in ``markup``: text can be written back as it
    was typed. The words are the same either way.
    """
    md = create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)
    md.disable("text_join")
    return md


def parse(text: str, extensions: Iterable[str] = SITE_EXTENSIONS) -> list[Token]:
    """The block tokens of a Markdown text (front matter, if any, is a ``front_matter`` token)."""
    return parser(frozenset(extensions)).parse(text)


def tree(text: str, extensions: Iterable[str] = SITE_EXTENSIONS) -> SyntaxTreeNode:
    """The same tokens as a syntax tree (lists, items and their blocks nested)."""
    return SyntaxTreeNode(parse(text, extensions))


def parse_inline(text: str, extensions: Iterable[str] = SITE_EXTENSIONS) -> list[Token]:
    """The inline children of one line or paragraph of Markdown."""
    [inline] = parser(frozenset(extensions)).parseInline(text)
    return inline.children or []


# --- directives --------------------------------------------------------------------------------


class _AnyOptions(dict[str, Callable[[str], str]]):
    """An option spec that takes every option as text, as the handbook's directives do."""

    def __missing__(self, key: str) -> Callable[[str], str]:
        return _directives.unchanged

    def __bool__(self) -> bool:
        return True


class _AnyDirective(_DocutilsDirective):
    """What the tools know of any directive: one optional argument, options, a body.

    The real directive classes live in the Sphinx application; the tools only need to split
    the fence the way MyST does.
    """

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()


@dataclass
class Directive:
    """A directive fence (``:::{name} argument`` or a backtick fence with ``{name}``)."""

    name: str
    argument: str
    #: Options as MyST reads them (text values; a flag is empty text).
    options: dict[str, str]
    #: The body, to be parsed as Markdown (or taken literally, see LITERAL_DIRECTIVES).
    body: str
    #: 0-based lines in the parsed text: the opening fence, the first body line, the closing
    #: fence (or the last line of the block when the fence is not closed).
    open_line: int
    body_line: int
    close_line: int
    token: Token = field(repr=False)

    @property
    def silent(self) -> bool:
        return self.name in SILENT_DIRECTIVES

    @property
    def literal(self) -> bool:
        return self.name in LITERAL_DIRECTIVES

    def option_lines(self) -> dict[str, tuple[int, int]]:
        """Option name -> (first, last) 0-based line of the option in the parsed text.

        The option block is found as MyST finds it (``is_option_line`` lines, or a YAML block
        between ``---`` lines) and read with MyST's option tokenizer, which gives positions.
        """
        lines = self.token.content.splitlines()
        first = self.open_line + 1
        if lines and lines[0].startswith("---"):
            end = next((i for i in range(1, len(lines)) if lines[i].startswith("---")),
                       len(lines))
            block, offset = "\n".join(lines[1:end]), first + 1
        else:
            rows = []
            for line in lines:
                if not is_option_line(line):
                    break
                rows.append(line.lstrip()[1:])
            block, offset = "\n".join(rows), first
        try:
            pairs, _state = options_to_tokens(block)
        except TokenizeError:
            return {}
        spans = {}
        for key, value in pairs:
            last = key.start.line
            if value is not None:
                last = max(last, value.end.line - (1 if value.end.column == 0 else 0))
            spans[key.value] = (offset + key.start.line, offset + last)
        return spans


def directive(token: Token) -> Directive | None:
    """The directive a ``colon_fence`` or ``fence`` token holds, or None when it is a plain
    fence (code, or a ``:::`` div without ``{name}``)."""
    if token.type not in FENCES or token.map is None:
        return None
    parts = (token.info or "").strip().split(maxsplit=1)
    name = parts[0] if parts else ""
    argument = parts[1] if len(parts) > 1 else ""
    if not (name.startswith("{") and name.endswith("}")) or name == "{eval-rst}":
        return None
    content = token.content
    shift = 0
    if token.type == "colon_fence" and content.startswith(":::"):
        # As MyST: a nested fence on the first line is body, not an option line.
        content, shift = "\n" + content, 1
    result = parse_directive_text(_AnyDirective, argument, content,
                                  validate_options=True)
    open_line, end = token.map
    return Directive(
        name=name[1:-1],
        argument=result.arguments[0] if result.arguments else "",
        options={k: "" if v is None else str(v) for k, v in result.options.items()},
        body="\n".join(result.body),
        open_line=open_line,
        body_line=open_line + 1 + result.body_offset - shift,
        close_line=end - 1,
        token=token,
    )


def walk(tokens: Iterable[Token], extensions: Iterable[str] = SITE_EXTENSIONS
         ) -> Iterator[Token]:
    """Every block token of a text, directive bodies parsed and walked in place (not the
    bodies of silent or literal directives)."""
    extensions = tuple(extensions)
    for token in tokens:
        yield token
        found = directive(token)
        if found is not None and not (found.silent or found.literal):
            yield from walk(parse(found.body, extensions), extensions)


# --- inline text -------------------------------------------------------------------------------


def role_text(token: Token) -> str:
    """The text a reader sees for a role: the explicit title of ``title <target>``, else the
    content (``{duty}`` shows its wording, ``{method}`` an id without a title)."""
    _has_title, title, _target = split_explicit_title(token.content)
    return title


def plain_text(children: Iterable[Token]) -> str:
    """The words a reader sees in inline tokens: markup, roles, links and emphasis removed."""
    out = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "myst_role":
            out.append(role_text(child))
        elif child.type == "image":
            out.append(plain_text(child.children or []))
    return "".join(out)


# --- duties ------------------------------------------------------------------------------------


@dataclass
class DutyMark:
    """A ``{duty}`wording <actor:role, actor:role>``` role."""

    text: str
    assignments: list[tuple[str, str]]


def duty(token: Token) -> DutyMark | None:
    """The wording and (actor, role) pairs of a ``{duty}`` role token; None for another role
    or a duty without ``<actor:role>`` (which the site warns about)."""
    if token.type != "myst_role" or token.meta.get("name") != "duty":
        return None
    # The same reading as the role in the extension: wording, then <actor:role, ...> last.
    wording, sep, spec = token.content.strip().rpartition("<")
    if not sep or not spec.endswith(">") or ">" in spec[:-1] or not wording.strip():
        return None
    assignments = []
    for part in spec[:-1].replace(";", ",").split(","):
        actor, _, role = (p.strip() for p in part.partition(":"))
        if actor and role:
            assignments.append((actor, role))
    return DutyMark(" ".join(wording.split()), assignments)
