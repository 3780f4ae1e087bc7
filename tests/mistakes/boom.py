"""A directive of the handbook that fails: shows that an exception becomes a warning."""

from sphinx.util.docutils import SphinxDirective


class BoomDirective(SphinxDirective):
    def run(self):
        raise IndexError("list index out of range")


# Counted as one of the handbook's directives, so handbok's guard wraps it.
BoomDirective.__module__ = "handbok.boom"


def setup(app):
    app.add_directive("boom", BoomDirective)
    return {"parallel_read_safe": True}
