"""Reference tables generated from the vocabulary, so the docs cannot drift from the code.

- ``handbok-warnings``: every warning subtype with what it means.
- ``handbok-settings``: every ``handbok_*`` configuration value with its type, default and use.
- ``handbok-roles``: the role scheme in force (``handbok_roles``).
- ``handbok-case-types``: the case types in force (``handbok_case_types``) and their folders.
- ``handbok-actor-kinds``: the kinds of body an actor may declare (``:kind:``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .config import SETTINGS
from .tables import Cell, data_table
from .vocabulary import ACTOR_KINDS, Subtype, case_type_folder


def _code(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _type_name(types: tuple[type, ...]) -> str:
    names = {dict: "ordlista", str: "text", bool: "sant/falskt", int: "tal", float: "tal",
             list: "lista", tuple: "lista", type(None): "None"}
    return " eller ".join(dict.fromkeys(names.get(t, t.__name__) for t in types))


def _default(value: object) -> str:

    if isinstance(value, dict):
        return f"{len(value)} värden (se nedan)" if value else "tom"
    return repr(value)


class WarningsDirective(SphinxDirective):
    """``{handbok-warnings}``: the table of warning subtypes."""

    def run(self) -> list[nodes.Node]:
        rows: list[list[Cell]] = [[_code(f"handbok.{sub.value}"), sub.description]
                                  for sub in Subtype]
        return [data_table("Varningar och vad de betyder", ["Typ", "Vad är fel"], rows,
                           classes=["handbok-reference-warnings"], ident="varningstyper",
                           widths=[35, 65])]


class SettingsDirective(SphinxDirective):
    """``{handbok-settings}``: the table of configuration values."""

    def run(self) -> list[nodes.Node]:
        rows: list[list[Cell]] = [[_code(s.name), _type_name(s.types), _default(s.default),
                                   s.description] for s in SETTINGS]
        return [data_table("Inställningar i conf.py", ["Inställning", "Typ", "Standardvärde",
                                                       "Vad den gör"], rows,
                           classes=["handbok-reference-settings"], ident="installningar",
                           widths=[25, 12, 18, 45])]


class RolesDirective(SphinxDirective):
    """``{handbok-roles}``: the role scheme in force."""

    def run(self) -> list[nodes.Node]:
        rows = [[role, meaning] for role, meaning in self.config.handbok_roles.items()]
        return [data_table("Rollerna i rollschemat", ["Roll", "Betydelse"], rows,
                           classes=["handbok-reference-roles"], ident="roller",
                           widths=[25, 75])]


class CaseTypesDirective(SphinxDirective):
    """``{handbok-case-types}``: the case types in force and their folders."""

    def run(self) -> list[nodes.Node]:
        rows = [[ctype, label, _code(f"casebook/{case_type_folder(ctype)}/")]
                for ctype, label in self.config.handbok_case_types.items()]
        return [data_table("Typer av exempel", ["Typ", "Visas som", "Mapp i exempelsamlingen"],
                           rows, classes=["handbok-reference-case-types"], ident="exempeltyper",
                           widths=[25, 25, 50])]


class ActorKindsDirective(SphinxDirective):
    """``{handbok-actor-kinds}``: the kinds of body an actor may declare in ``:kind:``."""

    def run(self) -> list[nodes.Node]:
        rows: list[list[Cell]] = [[_code(kind), label] for kind, label in ACTOR_KINDS.items()]
        return [data_table("Typer av organ", ["Typ i :kind:", "Visas i jämförelsen som"], rows,
                           classes=["handbok-reference-actor-kinds"], ident="aktorstyper",
                           widths=[40, 60])]


def setup_reference(app: Sphinx) -> None:
    app.add_directive("handbok-actor-kinds", ActorKindsDirective)
    app.add_directive("handbok-warnings", WarningsDirective)
    app.add_directive("handbok-settings", SettingsDirective)
    app.add_directive("handbok-roles", RolesDirective)
    app.add_directive("handbok-case-types", CaseTypesDirective)
