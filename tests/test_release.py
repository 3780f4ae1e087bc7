"""Release hygiene (issue 29): licence, publiccode.yml, declared imports, the lock file."""

from __future__ import annotations

import ast
import json
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import jsonschema
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SCHEMA = json.loads((ROOT / "tests/data/publiccode.schema.json").read_text(encoding="utf-8"))


def _publiccode() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def test_licence_file_is_the_one_pyproject_names():
    assert PYPROJECT["project"]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text


def test_publiccode_validates_against_its_schema():
    jsonschema.validate(_publiccode(), SCHEMA, cls=jsonschema.Draft202012Validator)


def test_publiccode_agrees_with_pyproject():
    data = _publiccode()
    assert data["legal"]["license"] == PYPROJECT["project"]["license"]
    assert data["name"] == "Handbok för internationellt arbete"
    assert "sv" in data["description"]


@pytest.mark.parametrize("change", [
    lambda d: d.pop("maintenance"),
    lambda d: d.update(developmentStatus="klar"),
    lambda d: d["description"]["sv"].update(shortDescription="x" * 151),
    lambda d: d["description"]["sv"].update(longDescription="för kort"),
    lambda d: d.update(categories=["policy-handbooks"]),
    lambda d: d.update(releaseDate="2026-13-01"),
    lambda d: d["maintenance"].update(contacts=[]),
    lambda d: d.update(okand=1),
])
def test_schema_rejects_a_broken_publiccode(change):
    data = _publiccode()
    change(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)


def _declared(*extras: str) -> set[str]:
    reqs = list(PYPROJECT["project"]["dependencies"])
    for extra in extras:
        reqs += PYPROJECT["project"]["optional-dependencies"][extra]
    return {canonicalize_name(Requirement(r).name) for r in reqs}


def _imports(folder: Path) -> set[str]:
    """The modules imported at run time (not those only the type checker reads, under
    ``if TYPE_CHECKING:``, such as typeshed's ``_typeshed``)."""
    found = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(inner) for node in ast.walk(tree)
                       if isinstance(node, ast.If) and isinstance(node.test, ast.Name)
                       and node.test.id == "TYPE_CHECKING"
                       for statement in node.body for inner in ast.walk(statement)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"handbok", "handbok_cli", "__future__"}


def test_every_runtime_import_is_declared():
    """What exts/ imports is a dependency of the site (playwright: of the print extra)."""
    dists = packages_distributions()
    declared = _declared("print")
    missing = []
    for module in sorted(_imports(ROOT / "exts")):
        names = {canonicalize_name(d) for d in dists.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} ({', '.join(sorted(names))})")
    assert not missing, f"imported by exts/ but not declared in pyproject.toml: {missing}"


def _locked() -> dict[str, list[str]]:
    pins: dict[str, list[str]] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", line)
        if m:
            pins.setdefault(canonicalize_name(m.group(1)), []).append(m.group(2))
    return pins


def test_lock_file_pins_every_declared_package_within_its_range():
    """A dependency added or narrowed in pyproject.toml without `make lock` fails here."""
    pins = _locked()
    extras = PYPROJECT["project"]["optional-dependencies"]
    reqs = list(PYPROJECT["project"]["dependencies"]) + [r for v in extras.values() for r in v]
    stale = []
    for text in reqs:
        req = Requirement(text)
        versions = pins.get(canonicalize_name(req.name), [])
        if not versions or not all(req.specifier.contains(v, prereleases=True) for v in versions):
            stale.append(f"{text} (lock: {versions or 'saknas'})")
    assert not stale, f"requirements.lock is out of date, run `make lock`: {stale}"
    assert "--generate-hashes" in (ROOT / "requirements.lock").read_text(encoding="utf-8")


def test_make_installs_from_the_lock_file():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^INSTALL = .*--constraint \$\(LOCK\)", makefile, re.M)
    assert "LOCK := requirements.lock" in makefile


def test_renovate_updates_the_lock_file_and_the_actions():
    config = json.loads((ROOT / "renovate.json").read_text(encoding="utf-8"))
    patterns = config["pip-compile"]["managerFilePatterns"]
    assert any(re.search(p.strip("/"), "requirements.lock") for p in patterns)
    assert {"pip-compile", "github-actions", "gitlabci"} <= set(config["enabledManagers"])
    workflows = config["github-actions"]["managerFilePatterns"]
    for path in [*ROOT.glob(".github/workflows/*.yml"), *ROOT.glob(".forgejo/workflows/*.yml")]:
        rel = path.relative_to(ROOT).as_posix()
        assert any(re.search(p.strip("/"), rel) for p in workflows), rel
