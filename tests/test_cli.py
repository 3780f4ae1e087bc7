"""One command-line entry point (issue 24): ``handbok <kommando>`` with Swedish flags,
declared in pyproject.toml, and the make targets call it."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from conftest import REPO
from handbok_cli.__main__ import COMMANDS, main


def test_the_command_is_declared_and_installed():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"handbok": "handbok_cli.__main__:main"}


def test_help_lists_every_command_in_swedish(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Användning: handbok <kommando>")
    for name in COMMANDS:
        assert f"  {name} " in out


def test_an_unknown_command_is_a_swedish_error(capsys):
    assert main(["bygg"]) == 2
    assert "Okänt kommando 'bygg'" in capsys.readouterr().err


def test_every_command_has_a_main_and_swedish_flags():
    english = re.compile(r'add_argument\(\s*"--(?:out|repo|base|summary|trainer|root)"')
    for name, (module, _text) in COMMANDS.items():
        source = (REPO / "exts" / "handbok_cli" / f"{module}.py").read_text(encoding="utf-8")
        assert "\ndef main(argv" in source, name
        assert not english.search(source), f"{module}: an English flag (use --ut, --rot ...)"


def test_the_make_targets_call_the_command():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "-m handbok_cli" not in makefile
    called = set(re.findall(r"\$\(BIN\)/handbok ([a-z-]+)", makefile))
    assert called == set(COMMANDS), sorted(set(COMMANDS) ^ called)


def test_earlier_english_flags_still_work():
    proc = subprocess.run([sys.executable, "-m", "handbok_cli", "redline", "--base",
                           "no-such-ref", "--out", "unused"], cwd=REPO, capture_output=True,
                          text=True)
    assert proc.returncode == 2
    assert "Kunde inte jämföra med no-such-ref" in proc.stderr
