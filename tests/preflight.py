"""Before ``make test``: are the system programs that the tests need installed?

Reads ``.ci/test-tools`` (command and Debian package, one a line). If any command is missing
from PATH, prints one message in Swedish naming every missing program and the one command that
installs them all, and exits with 1, before any test runs. The same on a developer's machine
and in CI (CI=true): a missing program is a failure, never a reason to skip tests.

Standard library only: it runs with the system Python, before the virtual environment exists.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / ".ci" / "test-tools"
INSTALL = "sudo apt-get install $(grep -v '^#' .ci/debian-packages)"


def read_tools(path: Path = TOOLS) -> list[tuple[list[str], str]]:
    """[(commands, package)]: any one of the commands will do."""
    tools = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        commands, package = line.split()
        tools.append((commands.split("|"), package))
    return tools


def missing(tools: list[tuple[list[str], str]], path: str | None = None
            ) -> list[tuple[str, str]]:
    """(command, package) for each tool none of whose commands is on ``path`` or in the
    system folders (nginx lives in /usr/sbin, which a user's PATH often lacks;
    PREFLIGHT_SYSTEM_DIRS names other folders, or none)."""
    search = path if path is not None else os.environ.get("PATH", "")
    system = os.environ.get("PREFLIGHT_SYSTEM_DIRS", "/usr/sbin:/usr/local/sbin:/sbin")
    search = os.pathsep.join(p for p in (search, system) if p)
    return [(commands[0], package) for commands, package in tools
            if not any(shutil.which(c, path=search) for c in commands)]


def message(absent: list[tuple[str, str]]) -> str:
    lines = ["make test kan inte köras. De här programmen saknas:", ""]
    width = max(len(command) for command, _package in absent)
    lines += [f"  {command:<{width}}  (Debian-paketet {package})" for command, package in absent]
    lines += ["", "Installera allt som handboken och testerna behöver med ett kommando "
              "(Debian och Ubuntu):", "", f"  {INSTALL}", "",
              "Kör sedan make test igen."]
    return "\n".join(lines) + "\n"


def main() -> int:
    absent = missing(read_tools(), os.environ.get("PATH"))
    if not absent:
        return 0
    # CI=true changes nothing on purpose: a CI machine without a program fails like any other.
    sys.stderr.write(message(absent))
    return 1


if __name__ == "__main__":
    sys.exit(main())
