"""Every ``handbok_*`` configuration value, registered in one place with its types and
documented by :data:`SETTINGS` (the generated table on ``docs/referens.md``), validated on
``config-inited``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sphinx.application import Sphinx
from sphinx.config import Config

from .util import warn
from .vocabulary import DEFAULT_CASE_TYPES, DEFAULT_ROLES, Priority, Subtype


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    types: tuple[type, ...]
    #: Swedish: what the value does, for the generated table.
    description: str
    #: For dict settings: keys and values must be non-empty text.
    text_mapping: bool = False
    #: Which part of a build a change makes Sphinx redo ("env": read every page again).
    rebuild: Literal["", "env", "html"] = "env"

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` has the setting's form (the build and the tools use this check)."""
        ok = isinstance(value, self.types)
        if ok and self.text_mapping:
            ok = bool(value) and all(isinstance(k, str) and k and isinstance(v, str) and v
                                     for k, v in value.items())
        return ok

    def wanted(self) -> str:
        """The accepted types in Swedish: ``int eller float eller None``."""
        return " eller ".join("None" if t is type(None) else t.__name__ for t in self.types)


SETTINGS: tuple[Setting, ...] = (
    Setting("handbok_case_types", DEFAULT_CASE_TYPES, (dict,),
            "Typerna av exempel: värdet i ':type:' och namnet som visas, i den ordning "
            "listor och tabeller visar dem.", text_mapping=True),
    Setting("handbok_roles", DEFAULT_ROLES, (dict,),
            "Rollschemat: rollerna i en uppgift och vad de betyder, den starkaste först.",
            text_mapping=True),
    Setting("handbok_casebook", "casebook/index", (str,),
            "Sidan med exempelsamlingen, som varje exempel länkar tillbaka till."),
    Setting("handbok_coverage", True, (bool,),
            "Varna för metoder som inget exempel anger."),
    Setting("handbok_trainer", False, (bool,),
            "Visa handledarens anteckningar i utbildningsmodulerna (make trainer)."),
    Setting("handbok_followup_dir", "docs/uppfoljning", (str,),
            "Mappen där en uppföljningssida per år skapas automatiskt. Tom text stänger av "
            "det."),
    Setting("handbok_report_templates", "mallar", (str,),
            "Mappen med kommunernas egna Word-mallar för uppföljningen "
            "(uppfoljning-<kommun>.docx eller uppfoljning.docx). Tom text: ingen mall.",
            rebuild=""),
    Setting("handbok_readability_limit", None, (int, float, type(None)),
            "Högsta LIX för sidor som handboken skriver själv. Över gränsen ges en varning. "
            "None stänger av varningen."),
    Setting("handbok_readability_skip", [], (list, tuple),
            "Sidor (mönster som policy/*) som inte varnas för LIX."),
    Setting("handbok_today", "", (str,),
            "Dagen som styrdokumentens status räknas fram för, som ÅÅÅÅ-MM-DD. Tom text "
            "betyder dagen då webbplatsen byggs (eller SOURCE_DATE_EPOCH om den är satt). "
            "Används i tester.", rebuild="html"),
    Setting("handbok_forge", "github", (str,),
            "Tjänsten där handbokens förråd ligger: github, gitlab eller forgejo. Knappen "
            "Föreslå en ändring, länkarna till förrådet och ärendelistan följer den.",
            rebuild="html"),
    Setting("handbok_forge_url", "https://github.com/handbok-internationellt-arbete/handbok",
            (str,), "Adressen till handbokens förråd, till exempel "
            "https://gitlab.kommun.se/kommunikation/handbok.", rebuild="html"),
    Setting("handbok_forge_branch", "main", (str,),
            "Grenen som webbplatsen byggs från och som ändringsförslag görs mot.",
            rebuild="html"),
    Setting("handbok_report_page", "docs/rapportera", (str,),
            "Sidan med formuläret Rapportera en aktivitet, som uppföljningssidorna länkar "
            "till. Tom text: ingen länk."),
)


def _validate(app: Sphinx, config: Config) -> None:
    for setting in SETTINGS:
        value = config[setting.name]
        if not setting.accepts(value):
            warn(f"Inställningen {setting.name} har fel form ({value!r}); standardvärdet "
                 f"används. Den ska vara {setting.wanted()}.", Subtype.CONFIG, None)
            config[setting.name] = setting.default
    if config.handbok_today:
        try:
            date.fromisoformat(config.handbok_today)
        except ValueError:
            warn(f"Inställningen handbok_today har fel form ({config.handbok_today!r}); "
                 "dagens datum används. Skriv ÅÅÅÅ-MM-DD.", Subtype.CONFIG, None)
            config.handbok_today = ""


def setup_config(app: Sphinx) -> None:
    for setting in SETTINGS:
        app.add_config_value(setting.name, setting.default, setting.rebuild,
                             types=frozenset(setting.types))
    app.connect("config-inited", _validate, priority=Priority.CONFIG)
