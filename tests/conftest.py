"""Shared fixtures: Sphinx's own test fixtures, test roots, and one build of the real site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = "sphinx.testing.fixtures"

# Sphinx colours its messages when FORCE_COLOR is set, as CI runners often do. The tests read
# those messages as plain text ("file:line: WARNING: ..."), so every Sphinx they start, in this
# process or a subprocess, writes without colour.
os.environ.pop("FORCE_COLOR", None)
os.environ["NO_COLOR"] = "1"

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots live in tests/roots/test-<name>/ (``@pytest.mark.sphinx(testroot=...)``)."""
    return REPO / "tests" / "roots"


def build_site(outdir: Path, builder: str = "html", *extra: str) -> subprocess.CompletedProcess:
    """Build the real site the way ``make html`` does (warnings are errors, nitpicky)."""
    cmd = [
        sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-n",
        "-d", str(outdir / "doctrees"), *extra, str(REPO), str(outdir / builder),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)


@pytest.fixture(scope="session")
def site_html(tmp_path_factory) -> Path:
    """The whole real site, built once per test session with -W."""
    out = tmp_path_factory.mktemp("site")
    proc = build_site(out)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    return out / "html"


#: What a copy of the site needs to build: the Sphinx sources and what they include.
SITE_PARTS = ("conf.py", "index.md", "policy", "casebook", "docs", "mallar", "_static",
              "_templates", "exts")


def copy_site(dest: Path) -> Path:
    """Copy the site's sources to ``dest`` (for tests that change them before building)."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        path = REPO / part
        if path.is_dir():
            shutil.copytree(path, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.exists():
            shutil.copy(path, dest / part)
    return dest
