"""The browser tests fail, never skip, when Chromium is missing."""

from __future__ import annotations

import subprocess

import pytest

from . import conftest as browser_conftest


def test_missing_chromium_is_a_failure(monkeypatch):
    monkeypatch.setattr(browser_conftest.shutil, "which", lambda name: None)
    monkeypatch.setattr(browser_conftest.Path, "exists", lambda self: False)
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        browser_conftest.chromium_executable()


def test_the_system_chromium_is_used(browser):
    # The browser that runs is the system's build (same version), not a Playwright download.
    executable = browser_conftest.chromium_executable()
    reported = subprocess.run([executable, "--version"], capture_output=True, text=True).stdout
    assert browser.version in reported, (browser.version, reported)
