"""The handbook's command-line tools, beside the Sphinx extension (``handbok``).

Each tool is a module run with ``python -m`` (the Makefile targets call them):

- :mod:`.redline`: ``make redline`` and ``make redline-pdf``, what a change does to the policy
  texts (page, PDF, Markdown for the pull request);
- :mod:`.archive`: ``make archive-policy``, keep the current version of a policy as an older one;
- :mod:`.newcase`: ``make new-case``, a new case study from the template;
- :mod:`.checks`: ``make checks`` and the pre-commit hook, no personal data in the sources.

The tools may import the extension's core (``handbok.vocabulary``, ``handbok.frontmatter``,
``handbok.config``); the extension never imports this package. Sphinx loads only ``handbok``.
"""
