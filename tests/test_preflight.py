"""``make test`` first checks the system programs the tests need (tests/preflight.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PREFLIGHT = REPO / "tests" / "preflight.py"
sys.path.insert(0, str(PREFLIGHT.parent))
import preflight  # noqa: E402

TOOLS = preflight.read_tools()


def run_preflight(path: str, ci: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = path
    env["PREFLIGHT_SYSTEM_DIRS"] = ""  # only the fake tools of the test
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, str(PREFLIGHT)], capture_output=True, text=True,
                          env=env, cwd=REPO)


def fake_tools(bindir: Path, names: list[str]) -> str:
    bindir.mkdir(exist_ok=True)
    for name in names:
        # Only the program's name: an absolute alternative (/usr/sbin/x) would otherwise
        # overwrite the real program.
        tool = bindir / Path(name).name
        tool.write_text("#!/bin/sh\nexit 0\n")
        tool.chmod(0o755)
    return str(bindir)


@pytest.mark.parametrize("ci", [False, True], ids=["developer", "ci"])
def test_preflight_lists_every_missing_tool_in_one_message(tmp_path, ci):
    proc = run_preflight(fake_tools(tmp_path / "bin", []), ci=ci)
    assert proc.returncode != 0
    assert proc.stdout == ""
    message = proc.stderr
    assert message.count("make test kan inte köras") == 1, message
    for commands, package in TOOLS:
        assert f"  {commands[0]} " in message, commands
        assert f"(Debian-paketet {package})" in message, package
    assert "sudo apt-get install $(grep -v '^#' .ci/debian-packages)" in message
    assert message.count("apt-get install") == 1


def test_preflight_names_only_what_is_missing(tmp_path):
    present = [commands[0] for commands, _package in TOOLS if commands[0] != "pdfinfo"]
    proc = run_preflight(fake_tools(tmp_path / "bin", present))
    assert proc.returncode == 1
    listed = [line.split()[0] for line in proc.stderr.splitlines() if "(Debian-paketet" in line]
    assert listed == ["pdfinfo"], proc.stderr


def test_preflight_is_silent_when_every_tool_is_there(tmp_path):
    # The second name of a tool (chromium-browser) is enough.
    names = [commands[-1] for commands, _package in TOOLS]
    assert "chromium-browser" in names
    proc = run_preflight(fake_tools(tmp_path / "bin", names), ci=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == proc.stderr == ""


def test_preflight_checks_the_programs_the_tests_call():
    commands = {c for cs, _package in TOOLS for c in cs}
    assert {"chromium", "pdftotext", "pdfinfo", "git", "make"} <= commands


def test_every_tool_package_is_in_debian_packages():
    listed = set((REPO / ".ci" / "debian-packages").read_text("utf-8").split("\n"))
    for _commands, package in TOOLS:
        assert package in listed, package


def test_readme_gives_the_same_install_command():
    assert preflight.INSTALL in (REPO / "README.md").read_text("utf-8")


def test_make_test_stops_before_any_test_when_tools_are_missing(tmp_path):
    make = shutil.which("make")
    assert make
    path = fake_tools(tmp_path / "bin", [])
    (Path(path) / "make").symlink_to(make)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "CI"}
    env["PATH"] = path
    proc = subprocess.run([make, "test", f"PYTHON={sys.executable}", "PYTEST_ARGS=--version"],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert proc.returncode != 0
    assert proc.stderr.count("make test kan inte köras") == 1, proc.stderr
    assert "pytest" not in proc.stdout + proc.stderr  # stopped before pip and pytest
    assert "pip install" not in proc.stdout


def test_ci_package_list_installs_together_on_this_system():
    # .ci/run installs the whole list in one apt-get call; a package that conflicts with what the
    # machine already has (Debian's npm against a vendor's Node.js) fails CI before any test.
    apt = shutil.which("apt-get")
    if apt is None:
        pytest.fail("apt-get is missing: .ci/run installs the packages with it")
    packages = [line.strip() for line in
                (REPO / ".ci" / "debian-packages").read_text("utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    proc = subprocess.run([apt, "install", "-s", "--no-install-recommends", *packages],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
