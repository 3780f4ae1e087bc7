"""Tables: one builder for the extension's tables, and accessible HTML for every table.

- :func:`data_table` builds a captioned table of standard docutils nodes (every builder,
  PDF included, renders it); matrices, case tables, reports and comparisons all use it.

- Header cells get ``scope``: ``col`` in the table head, ``row`` for stub cells (the first
  column of a responsibility matrix or a fact table), so screen readers announce headers.
- The table sits in a horizontally scrollable region that can be reached with the keyboard
  (axe rule ``scrollable-region-focusable``) and is named after the table's caption.

- Pages with a table load ``static/handbok-tables.js``: a table wider than its column gets a
  line of text saying it scrolls sideways, and a faded right edge until it is scrolled.

The theme may already wrap tables in a scrollable container (pydata-sphinx-theme does, and
its script manages the container's tab stop); then that container gets the attributes,
otherwise the extension adds its own wrapper. The handlers call the visitor methods of the
translator class in use, so theme translators keep working.

Finding the theme's container means matching the theme's HTML (:data:`THEME_WRAPPER`). When
the theme is pydata-based but a table comes without that container, the extension warns
(``handbok.theme``, once per build) and adds its own wrapper; tests/test_theme_coupling.py
builds a table with the real theme to see that the container is still found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.writers.html5 import HTML5Translator

from .util import theme_is_pydata_based, warn
from .vocabulary import Subtype

#: The scrollable wrapper pydata-sphinx-theme writes before each table.
THEME_WRAPPER = '<div class="pst-scrollable-table-container">'
WRAPPER_CLASS = "handbok-table-scroll"


Cell = str | nodes.Node | list[nodes.Node] | None


def _entry(value: Cell) -> nodes.entry:
    """A cell: text, an inline node or a list of inline nodes (in a paragraph), or a block."""
    if value is None:
        return nodes.entry()
    if isinstance(value, str):
        return nodes.entry("", nodes.paragraph(value, value))
    if isinstance(value, nodes.Node) and isinstance(value, nodes.Body) \
            and not isinstance(value, nodes.Inline):
        return nodes.entry("", value)
    para = nodes.paragraph()
    if isinstance(value, list):
        para.extend(value)
    else:
        para += value
    return nodes.entry("", para)


def data_table(caption: str, headers: Sequence[Cell] | None, rows: Sequence[Sequence[Cell]], *,
               classes: list[str], ident: str | None = None,
               widths: list[int] | None = None, stub: bool = True) -> nodes.table:
    """A captioned table; the first column is a row header when ``stub`` is true."""
    ncols = len(headers) if headers else max((len(r) for r in rows), default=1)
    widths = widths or [30] + [10] * (ncols - 1)
    table = nodes.table(classes=classes, ids=[ident or nodes.make_id(caption)])
    table += nodes.title(caption, caption)
    tgroup = nodes.tgroup(cols=ncols)
    table += tgroup
    for n, width in enumerate(widths):
        tgroup += nodes.colspec(colwidth=width, stub=1 if stub and n == 0 else 0)
    if headers:
        thead = nodes.thead()
        tgroup += thead
        thead += nodes.row("", *(_entry(label) for label in headers))
    tbody = nodes.tbody()
    tgroup += tbody
    for values in rows:
        tbody += nodes.row("", *(_entry(value) for value in values))
    return table


def _caption(node: nodes.table) -> str:
    for child in node.children:
        if isinstance(child, nodes.title):
            return child.astext()
    return "Tabell"


def visit_table(self: HTML5Translator, node: nodes.table) -> None:
    start = len(self.body)
    type(self).visit_table(self, node)
    attrs = f' tabindex="0" role="region" aria-label="{self.attval(_caption(node))}"'
    stack = self.__dict__.setdefault("_handbok_wrapped", [])
    for pos in range(start, len(self.body)):
        if self.body[pos] == THEME_WRAPPER:
            self.body[pos] = THEME_WRAPPER[:-1] + attrs + ">"
            stack.append(False)
            return
    _theme_wrapper_missing(self.builder, node)
    self.body.insert(start, f'<div class="{WRAPPER_CLASS}"{attrs}>')
    stack.append(True)


def _theme_wrapper_missing(builder: Builder, node: nodes.table) -> None:
    """Warn once per build when a pydata-based theme wrote no THEME_WRAPPER before a table."""
    if not theme_is_pydata_based(builder):
        return
    warn(
        f"Temat skrev inte sitt scrollbara omslag {THEME_WRAPPER} före tabellen, fast det "
        f"bygger på pydata-sphinx-theme. Tabellerna får handbokens eget omslag "
        f"({WRAPPER_CLASS}) i stället för temats; jämför THEME_WRAPPER i "
        f"exts/handbok/tables.py med temats HTML.",
        Subtype.THEME, node, once=True,
    )


def depart_table(self: HTML5Translator, node: nodes.table) -> None:
    type(self).depart_table(self, node)
    if self.__dict__.get("_handbok_wrapped", [False]).pop():
        self.body.append("</div>\n")


def visit_entry(self: HTML5Translator, node: nodes.entry) -> None:
    start = len(self.body)
    type(self).visit_entry(self, node)
    if len(self.body) <= start:
        return
    tag = self.body[start]
    if tag.startswith(("<th ", "<th>")):
        in_head = isinstance(node.parent.parent, nodes.thead)
        scope = "col" if in_head else "row"
        self.body[start] = f'<th scope="{scope}"' + tag[3:]


def depart_entry(self: HTML5Translator, node: nodes.entry) -> None:
    type(self).depart_entry(self, node)


#: The script that shows a cue when a table is wider than its column (exts/handbok/static/).
SCROLL_SCRIPT = "handbok-tables.js"


def _add_static_dir(app: Sphinx) -> None:
    static = str(Path(__file__).parent / "static")
    if app.builder.format == "html" and static not in app.config.html_static_path:
        app.config.html_static_path.append(static)


def _scroll_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: nodes.document | None) -> None:

    """Only pages with a table or a diagram load the scroll cue."""
    if re.search(r"<table|handbok-diagram", context.get("body", "")):
        app.add_js_file(SCROLL_SCRIPT, loading_method="defer")


def setup_tables(app: Sphinx) -> None:
    app.connect("builder-inited", _add_static_dir)
    app.connect("html-page-context", _scroll_script)
    # Registered for the "html" format: html, dirhtml, singlehtml and epub use it.
    app.add_node(nodes.table, override=True, html=(visit_table, depart_table))
    app.add_node(nodes.entry, override=True, html=(visit_entry, depart_entry))
