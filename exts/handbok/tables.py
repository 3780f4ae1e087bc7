"""Accessible HTML tables, for every table on the site (matrices, case tables, Markdown tables).

- Header cells get ``scope``: ``col`` in the table head, ``row`` for stub cells (the first
  column of a responsibility matrix or a fact table), so screen readers announce headers.
- The table sits in a horizontally scrollable region that can be reached with the keyboard
  (axe rule ``scrollable-region-focusable``) and is named after the table's caption.

The theme may already wrap tables in a scrollable container (pydata-sphinx-theme does, and
its script manages the container's tab stop); then that container gets the attributes,
otherwise the extension adds its own wrapper. The handlers call the visitor methods of the
translator class in use, so theme translators keep working.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

#: The scrollable wrapper pydata-sphinx-theme writes before each table.
THEME_WRAPPER = '<div class="pst-scrollable-table-container">'
WRAPPER_CLASS = "handbok-table-scroll"


def _caption(node: nodes.table) -> str:
    for child in node.children:
        if isinstance(child, nodes.title):
            return child.astext()
    return "Tabell"


def visit_table(self, node: nodes.table) -> None:
    start = len(self.body)
    type(self).visit_table(self, node)
    attrs = f' tabindex="0" role="region" aria-label="{self.attval(_caption(node))}"'
    stack = self.__dict__.setdefault("_handbok_wrapped", [])
    for pos in range(start, len(self.body)):
        if self.body[pos] == THEME_WRAPPER:
            self.body[pos] = THEME_WRAPPER[:-1] + attrs + ">"
            stack.append(False)
            return
    self.body.insert(start, f'<div class="{WRAPPER_CLASS}"{attrs}>')
    stack.append(True)


def depart_table(self, node: nodes.table) -> None:
    type(self).depart_table(self, node)
    if self.__dict__.get("_handbok_wrapped", [False]).pop():
        self.body.append("</div>\n")


def visit_entry(self, node: nodes.entry) -> None:
    start = len(self.body)
    type(self).visit_entry(self, node)
    if len(self.body) <= start:
        return
    tag = self.body[start]
    if tag.startswith(("<th ", "<th>")):
        in_head = isinstance(node.parent.parent, nodes.thead)
        scope = "col" if in_head else "row"
        self.body[start] = f'<th scope="{scope}"' + tag[3:]


def depart_entry(self, node: nodes.entry) -> None:
    type(self).depart_entry(self, node)


def setup_tables(app: Sphinx) -> None:
    # Registered for the "html" format: html, dirhtml, singlehtml and epub use it.
    app.add_node(nodes.table, override=True, html=(visit_table, depart_table))
    app.add_node(nodes.entry, override=True, html=(visit_entry, depart_entry))
