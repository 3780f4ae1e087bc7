"""The handbook's command-line tools, beside the Sphinx extension (``handbok``).

Each tool is a module with a ``main(argv)``, run as a subcommand of the ``handbok`` command
(:mod:`.__main__`, ``handbok --help``; the Makefile targets call it), with Swedish flags:

- :mod:`.redline`: ``make redline`` and ``make redline-pdf``, what a change does to the policy
  texts (page, PDF, Markdown for the pull request);
- :mod:`.archive`: ``make archive-policy``, keep the current version of a policy as an older one;
- :mod:`.newcase`: ``make new-case``, a new case study from the template;
- :mod:`.checks`: ``make checks`` and the pre-commit hook, no personal data in the sources.
- :mod:`.importer` (with :mod:`.suggest`): ``make import-policy``, a draft policy page from an
  adopted document (.docx, .pdf, text) with suggested markup for review;
- :mod:`.importbench`: ``make bench-import``, how well the import does on the seed texts.

The tools may import the extension's core (``handbok.vocabulary``, ``handbok.frontmatter``,
``handbok.config``), never a view (tests/test_architecture.py); the extension never
imports this package. Sphinx loads only ``handbok``.
"""
