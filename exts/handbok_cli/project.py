"""The project's configuration, read from its ``conf.py`` the way Sphinx reads it.

The tools need a few values the build uses: the case types and roles (``handbok_case_types``,
``handbok_roles``) and MyST's ``myst_enable_extensions``. They are read with Sphinx's own
config reader (``sphinx.config.Config.read``), with the handbook's settings registered from
:data:`handbok.config.SETTINGS`, so a value left out of ``conf.py`` gets the same default as in
the build, and a value of the wrong form is replaced by the default as the build does.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from handbok.config import SETTINGS
from handbok.vocabulary import DEFAULT_CASE_TYPES, DEFAULT_ROLES
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from .markup import SITE_EXTENSIONS

CONF_PY = "conf.py"
#: MyST's setting, registered by myst_parser when Sphinx runs (MyST's default is none).
MYST_EXTENSIONS = "myst_enable_extensions"


@dataclass(frozen=True)
class Project:
    """The values the tools take from ``conf.py``."""

    case_types: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CASE_TYPES))
    roles: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ROLES))
    myst_extensions: tuple[str, ...] = SITE_EXTENSIONS


def read_config(root: Path) -> Config:
    """``conf.py`` in ``root`` read by Sphinx, with the handbook's and MyST's settings known.

    Raises ValueError (with a message in Swedish) when conf.py cannot be run.
    """
    try:
        config = Config.read(root, overrides={}, tags=Tags())
    except ConfigError as err:
        raise ValueError(f"Filen {CONF_PY} kan inte läsas: {err}") from err
    for setting in SETTINGS:
        config.add(setting.name, setting.default, setting.rebuild, frozenset(setting.types))
    config.add(MYST_EXTENSIONS, (), "env", frozenset({list, tuple, set, frozenset}))
    config.init_values()
    return config


def _checked(config: Config, name: str) -> dict[str, str]:
    """A handbook setting of text to text (the case types, the roles), or its default when
    the value has the wrong form (as the build)."""
    setting = next(s for s in SETTINGS if s.name == name)
    value = config[name]
    if not setting.accepts(value):
        print(f"Inställningen {name} i {CONF_PY} har fel form; standardvärdet används.",
              file=sys.stderr)
        default: dict[str, str] = setting.default
        return default
    checked: dict[str, str] = value
    return checked


def load(root: Path) -> Project:
    """The project in ``root``; the defaults when there is no conf.py."""
    if not (root / CONF_PY).is_file():
        return Project()
    config = read_config(root)
    return Project(
        case_types=dict(_checked(config, "handbok_case_types")),
        roles=dict(_checked(config, "handbok_roles")),
        myst_extensions=tuple(config[MYST_EXTENSIONS]),
    )
