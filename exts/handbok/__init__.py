"""Sphinx extension for Handbok för internationellt arbete.

Policies, actors, duties, methods, goals and case studies as connected data.
Each feature lives in its own module with a ``setup_<feature>(app)`` function.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .cases import setup_cases
from .charts import setup_charts
from .compare import setup_compare
from .config import setup_config
from .export import setup_export
from .followup import setup_followup
from .history import setup_history
from .inputcheck import setup_inputcheck
from .model import ENV_VERSION, setup_model
from .navigation import setup_navigation
from .policy import setup_policy
from .readability import setup_readability
from .safety import setup_safety
from .tables import setup_tables
from .training import setup_training

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict:
    setup_config(app)
    setup_model(app)
    setup_safety(app)
    setup_policy(app)
    setup_cases(app)
    setup_followup(app)
    setup_charts(app)
    setup_export(app)
    setup_compare(app)
    setup_tables(app)
    setup_history(app)
    setup_readability(app)
    setup_training(app)
    setup_inputcheck(app)
    setup_navigation(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
