"""Typed configuration, validated on ``config-inited``."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from .util import logger

#: Case study types: value used in ``:type:`` -> label shown to readers.
DEFAULT_CASE_TYPES: dict[str, str] = {
    "jobbskuggning": "Jobbskuggning",
    "studiebesök": "Studiebesök",
    "projekt": "Projekt",
    "konferens": "Konferens",
    "nätverk": "Nätverk",
    "vänortsutbyte": "Vänortsutbyte",
}

#: Duty roles: value used in a duty marking -> what it means.
DEFAULT_ROLES: dict[str, str] = {
    "beslutar": "fattar beslut om ramar, mål och uppdrag",
    "ansvarar": "ansvarar för att uppgiften blir gjord och följs upp",
    "samordnar": "leder och samordnar arbetet mellan flera parter",
    "stödjer": "ger stöd, råd och underlag till dem som ansvarar",
    "deltar": "deltar i och bidrar till arbetet",
}

#: Kinds of policy document and statuses a policy page may declare.
POLICY_KINDS = ("strategi", "program", "policy", "plan", "riktlinje")
POLICY_STATUSES = ("gällande", "förslag", "upphävd")

_SPECS: dict[str, tuple[object, type]] = {
    "handbok_case_types": (DEFAULT_CASE_TYPES, dict),
    "handbok_roles": (DEFAULT_ROLES, dict),
    "handbok_casebook": ("casebook/index", str),
    "handbok_coverage": (True, bool),
    "handbok_trainer": (False, bool),
}


def _validate(app: Sphinx, config: Config) -> None:
    for name, (default, typ) in _SPECS.items():
        value = config[name]
        ok = isinstance(value, typ)
        if ok and typ is dict:
            ok = bool(value) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            )
        if not ok:
            logger.warning(
                f"Inställningen {name} har fel form ({value!r}); standardvärdet används. "
                f"Den ska vara {typ.__name__}.",
                type="handbok",
                subtype="config",
            )
            config[name] = default
    if config.primary_domain == "py":
        logger.warning(
            "Sätt primary_domain = None i conf.py. Annars tolkas {method} som Pythons "
            "py:method i stället för handbokens metod.",
            type="handbok",
            subtype="config",
        )


def setup_config(app: Sphinx) -> None:
    for name, (default, _typ) in _SPECS.items():
        # Trainer mode changes what is rendered, so it must trigger a full re-read.
        app.add_config_value(name, default, "env")
    app.connect("config-inited", _validate, priority=400)
