"""The ``handbok`` command: every tool of the handbook as a subcommand, with Swedish flags.

``handbok <kommando> [flaggor]``; ``handbok --help`` lists the commands and
``handbok <kommando> --help`` their flags. Installed by ``[project.scripts]`` in
pyproject.toml; ``python -m handbok_cli`` is the same. The make targets call it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable

#: command -> (module in handbok_cli with a main(argv) -> int, what it does, in Swedish)
COMMANDS: dict[str, tuple[str, str]] = {
    "redline": ("redline", "visa vad en ändring gör med styrdokumentens text (sida, PDF, "
                           "sammanfattning)"),
    "utskrift": ("printpdf", "skriv ut handboken (bok) eller utbildningsmodulerna "
                             "(utbildning) som PDF med Chromium"),
    "nytt-exempel": ("newcase", "skapa ett nytt exempel från mallen"),
    "nytt-styrdokument": ("newpolicy", "skapa en ny kommuns mapp med ett styrdokument"),
    "arkivera": ("archive", "spara den gällande versionen av ett styrdokument som en äldre "
                            "version"),
    "importera": ("importer", "gör ett utkast till styrdokument av ett antaget dokument "
                              "(.docx, .pdf eller text)"),
    "importmatning": ("importbench", "mät hur väl importen fungerar på de två förlagorna"),
    "kontroll": ("checks", "leta efter personuppgifter i källfilerna"),
    "paminnelser": ("reminders", "styrdokument som ska ses över snart, med ägare (och ärenden "
                                 "på forgen)"),
}


def usage() -> str:
    width = max(len(name) for name in COMMANDS)
    rows = "\n".join(f"  {name.ljust(width)}  {text}" for name, (_m, text) in COMMANDS.items())
    return ("Användning: handbok <kommando> [flaggor]\n\nKommandon:\n" + rows
            + "\n\nhandbok <kommando> --help visar kommandots flaggor.")


def tool(name: str) -> Callable[[list[str]], int]:
    module = importlib.import_module(f"handbok_cli.{COMMANDS[name][0]}")
    run: Callable[[list[str]], int] = module.main
    return run


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if not args or args[0] in ("-h", "--help", "hjälp"):
        print(usage())
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"Okänt kommando '{name}'.\n\n{usage()}", file=sys.stderr)
        return 2
    sys.argv[0] = f"handbok {name}"  # argparse names the command in its messages
    return tool(name)(rest) or 0


if __name__ == "__main__":
    sys.exit(main())
