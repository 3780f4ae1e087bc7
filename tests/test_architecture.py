"""The extension's shape, checked on its source: views import only the core, and the
vocabulary (warning subtypes, topics, priorities, settings) is used by name, never as literals.
"""

from __future__ import annotations

import ast

import pytest
from conftest import REPO
from handbok.config import SETTINGS
from handbok.vocabulary import Subtype

PACKAGE = REPO / "exts" / "handbok"
#: The core: records, queries, vocabulary, configuration, front matter, tables, helpers.
CORE = {"vocabulary", "config", "model", "domain", "frontmatter", "tables", "util", "render",
        "lifecycle", "fieldblock", "gitlog", "forge", "meaning",
        "records", "state", "text", "boards"}
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
VIEWS = sorted(set(MODULES) - CORE)


def tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))


def local_imports(module: str) -> set[str]:
    found = set()
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("handbok"):
            found.add((node.module.split(".") + [""])[1])
    return found


def calls(module: str, name: str) -> list[ast.Call]:
    return [node for node in ast.walk(tree(module)) if isinstance(node, ast.Call)
            and name in (getattr(node.func, "id", None), getattr(node.func, "attr", None))]


def test_the_core_and_the_views_are_all_the_modules():
    assert set(VIEWS) >= {"policy", "cases", "followup", "charts", "compare", "export"}
    assert CORE <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_modules_import_only_the_core(module):
    imported = local_imports(module) - {""}
    assert imported <= CORE, f"{module} imports {sorted(imported - CORE)}: views never " \
                             "import each other; move what they share into the core"


def test_the_extension_never_imports_the_tools():
    for module in MODULES:
        text = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
        assert "handbok_cli" not in text, module


TOOLS = REPO / "exts" / "handbok_cli"


@pytest.mark.parametrize("tool", sorted(p.stem for p in TOOLS.glob("*.py")))
def test_the_tools_import_only_the_core(tool):
    """The other direction: a command-line tool uses the extension's core, never a view."""
    imported = set()
    for node in ast.walk(ast.parse((TOOLS / f"{tool}.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "handbok":
            parts = node.module.split(".")
            imported |= {parts[1]} if len(parts) > 1 else {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            imported |= {a.name.split(".")[1] for a in node.names
                         if a.name.startswith("handbok.")}
    assert imported <= CORE, f"{tool} imports the views {sorted(imported - CORE)}"


@pytest.mark.parametrize("module", MODULES)
def test_every_warning_names_its_subtype_from_the_enum(module):
    for call in calls(module, "warn"):
        if len(call.args) < 2:
            continue  # not the extension's warn()
        subtype = ast.unparse(call.args[1])
        # A member, the mapping of unknown ids to members, or a typed field holding one.
        named = (subtype.startswith("Subtype.") or subtype.startswith("UNKNOWN_BY_KIND[")
                 or subtype.endswith(".subtype"))
        assert named, f"{module}:{call.lineno}: warn() takes a Subtype member, not {subtype}"
    for call in calls(module, "warning"):
        assert not any(k.arg == "subtype" for k in call.keywords) or module == "util", \
            f"{module}:{call.lineno}: use util.warn with a Subtype"


def test_every_subtype_is_used_by_the_code():
    source = "\n".join((PACKAGE / f"{m}.py").read_text(encoding="utf-8") for m in MODULES)
    unused = [s.name for s in Subtype if f"Subtype.{s.name}" not in source]
    assert unused == []


@pytest.mark.parametrize("module", MODULES)
def test_topics_and_priorities_are_named(module):
    for call in calls(module, "subscribe"):
        for arg in call.args[2:]:
            assert not isinstance(arg, (ast.Constant, ast.JoinedStr)), \
                f"{module}:{call.lineno}: topics come from Topic's constructors"
    for call in calls(module, "connect"):
        for keyword in call.keywords:
            if keyword.arg == "priority":
                assert not isinstance(keyword.value, ast.Constant), \
                    f"{module}:{call.lineno}: event priorities are named in Priority"


def test_settings_are_registered_in_one_place():
    names = {s.name for s in SETTINGS}
    for module in MODULES:
        source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
        if module != "config":
            assert not calls(module, "add_config_value"), module
        for node in ast.walk(tree(module)):
            if isinstance(node, ast.Attribute) and node.attr.startswith("handbok_") \
                    and getattr(node.value, "attr", getattr(node.value, "id", "")) == "config":
                assert node.attr in names, f"{module}: {node.attr} is not in SETTINGS"
        assert "primary_domain = None" not in source


def test_site_uses_the_handbok_domain():
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    assert 'primary_domain = "handbok"' in conf
    assert "primary_domain = None" not in conf


def test_objects_inventory_lists_the_handbook_objects(site_html):
    from sphinx.util.inventory import InventoryFile

    with (site_html / "objects.inv").open("rb") as f:
        inv = InventoryFile.load(f, "", lambda base, uri: uri)
    data = inv if isinstance(inv, dict) else inv.data
    objects = {kind: set(items) for kind, items in data.items()}
    assert {"huddinge-metod-1", "haninge-metod-4"} <= objects["handbok:method"]
    assert {"huddinge-mal-1", "haninge-mal-1"} <= objects["handbok:goal"]
    assert {"huddinge:kommunstyrelsen", "haninge:namnderna"} <= objects["handbok:actor"]
    assert {"huddinge", "haninge"} <= objects["handbok:policy"]
    assert len(objects["handbok:case"]) >= 12

