"""Sphinx extension for Handbok för internationellt arbete.

Policies, actors, duties, methods, goals and case studies as connected data. The core (the
``handbok`` domain and its records, the query layer, the vocabulary, tables and shared helpers)
is in :mod:`.domain`, :mod:`.model`, :mod:`.vocabulary`, :mod:`.config`, :mod:`.frontmatter`,
:mod:`.lifecycle`, :mod:`.tables` and :mod:`.util`; each view lives in its own module with a
``setup_<feature>(app)`` function and imports only the core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.2.0"


def setup(app: Sphinx) -> dict[str, object]:
    # First: the garbage collector runs less often while the other modules are imported.
    from .startup import setup_startup

    setup_startup(app)

    # Imported here, so the command-line tools can import the vocabulary without Sphinx's
    # whole extension machinery.
    from .cases import setup_cases
    from .changes import setup_changes
    from .charts import setup_charts
    from .compare import setup_compare
    from .config import setup_config
    from .csp import setup_csp
    from .docsettings import setup_docsettings
    from .domain import ENV_VERSION, setup_domain
    from .export import setup_export
    from .fields import setup_fields
    from .followup import setup_followup
    from .forge import setup_forge
    from .history import setup_history
    from .hyphenate import setup_hyphenate
    from .idmeaning import setup_idmeaning
    from .inputcheck import setup_inputcheck
    from .memory import setup_memory
    from .messages import setup_messages
    from .navigation import setup_navigation
    from .policy import setup_policy
    from .readability import setup_readability
    from .reference import setup_reference
    from .reportform import setup_reportform
    from .reports import setup_reports
    from .review import setup_review
    from .roles import setup_roles
    from .safety import setup_safety
    from .search import setup_search
    from .slides import setup_slides
    from .state import setup_state
    from .tables import setup_tables
    from .training import setup_training

    setup_config(app)
    setup_domain(app)
    setup_safety(app)
    setup_inputcheck(app)
    setup_policy(app)
    setup_cases(app)
    setup_followup(app)
    setup_charts(app)
    setup_export(app)
    setup_reports(app)
    setup_compare(app)
    setup_review(app)
    setup_tables(app)
    setup_history(app)
    setup_readability(app)
    setup_training(app)
    setup_navigation(app)
    setup_reference(app)
    setup_reportform(app)
    setup_slides(app)
    setup_search(app)
    setup_fields(app)
    setup_idmeaning(app)
    setup_messages(app)
    setup_csp(app)
    setup_forge(app)
    setup_changes(app)
    setup_roles(app)
    setup_hyphenate(app)
    setup_state(app)
    setup_memory(app)
    setup_docsettings(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
