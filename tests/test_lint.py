"""The code follows the project's lint rules (ruff, configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_ruff_finds_nothing():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "exts", "tests", "conf.py"],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_finds_nothing():
    """mypy --strict on the whole extension and its tools ([tool.mypy] of pyproject.toml, as
    make lint runs it), with make lint's cache (.mypy_cache in the checkout, which git ignores):
    mypy checks again every module whose source or dependencies changed, and a warm cache
    takes a second where a cold one takes eight."""
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
