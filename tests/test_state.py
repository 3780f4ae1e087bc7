"""The extension keeps its build state per build: two projects built in one process each get
their own warnings (issue 24).

Both builds run in this process (``build_main``), as the tests and ``sphinx-autobuild`` do.
State kept at module level (a set of warnings already given, a cached parser bound to the
first application) would leak from the first build into the second.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from conftest import sphinx_build

HERE = Path(__file__).resolve().parent
BASE = HERE / "roots" / "test-badbase"
CORPUS = HERE / "badinput"
EXTS = HERE.parent / "exts"


def _project(root: Path, title: str) -> Path:
    src = root / "src"
    shutil.copytree(BASE, src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace('"Felprov"', f'"{title}"'),
                    encoding="utf-8")
    shutil.copyfile(CORPUS / "fel-teckenkodning.md", src / "bad" / "fel-teckenkodning.md")
    return src


def test_two_projects_in_one_process_each_get_their_warnings(tmp_path):
    outputs = []
    for title in ("Första projektet", "Andra projektet"):
        src = _project(tmp_path / title[:5], title)
        proc = sphinx_build("-b", "html", "-q", "-E", str(src), str(src.parent / "out"))
        outputs.append(proc.stdout + proc.stderr)
    for output in outputs:
        assert "fel-teckenkodning.md:3:" in output, output
        assert "Filen är inte sparad som UTF-8" in output
        assert "[handbok.encoding]" in output


def _module_state(path: Path) -> list[str]:
    """Module-level names bound to a mutable container or written through ``global``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            value = node.value
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            mutable = isinstance(value, (ast.List, ast.Dict, ast.Set)) or (
                isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                and value.func.id in {"dict", "list", "set", "defaultdict", "WeakKeyDictionary"})
            # Constants are UPPER_CASE: tables of the vocabulary, never written at build time.
            found += [f"{path.name}:{n}" for n in names if mutable and not n.isupper()]
    found += [f"{path.name}:global {', '.join(node.names)}" for node in ast.walk(tree)
              if isinstance(node, ast.Global)]
    return found


def test_no_module_level_build_state():
    found = [name for path in sorted(EXTS.glob("handbok/*.py")) for name in _module_state(path)]
    assert found == []


def test_no_build_state_on_env_or_builder():
    """Build state lives in the domain's data, an environment collector or an object the
    extension's setup made for this application; never in attributes set on Sphinx's env or
    builder, which outlive the build they belong to (the env is pickled)."""
    found = []
    for path in sorted(EXTS.glob("handbok/*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = (node.targets if isinstance(node, ast.Assign) else
                       [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
            for target in targets:
                for sub in ast.walk(target):
                    if (isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name)
                            and sub.value.id in {"env", "builder"}
                            and sub.attr.startswith(("handbok", "_handbok"))):
                        found.append(f"{path.name}:{node.lineno} {sub.value.id}.{sub.attr}")
    assert found == []


def test_deprecations_raised_from_our_modules_fail_the_tests():
    """pyproject.toml turns a deprecation raised from handbok or handbok_cli into an error
    (Sphinx attributes its deprecation warnings to the caller's module); from another module
    it is only shown."""
    from sphinx.deprecation import RemovedInSphinx11Warning

    code = compile("import warnings\nwarnings.warn('old', category, stacklevel=1)",
                   "<deprecated call>", "exec")
    for module, category in (("handbok.training", RemovedInSphinx11Warning),
                             ("handbok_cli.redline", DeprecationWarning)):
        with pytest.raises(category):
            exec(code, {"__name__": module, "category": category})
    exec(code, {"__name__": "sphinx_book_theme", "category": RemovedInSphinx11Warning})
