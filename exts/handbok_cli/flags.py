"""Flags shared by the tools of the ``handbok`` command: Swedish, with the earlier English
names still accepted but not shown."""

from __future__ import annotations

import argparse


def english_aliases(parser: argparse.ArgumentParser, aliases: dict[str, str]) -> None:
    """Accept a tool's earlier English flags (``--out`` for ``--ut``) without showing them in
    the help, so scripts written before the flags were Swedish keep working."""
    types = {action.dest: action.type for action in parser._actions if action.type is not None}
    for flag, dest in aliases.items():
        # The alias converts its value like the flag it stands for (a Path, not a str).
        if dest in types:
            parser.add_argument(flag, dest=dest, type=types[dest], help=argparse.SUPPRESS)
        else:
            parser.add_argument(flag, dest=dest, help=argparse.SUPPRESS)


def require(parser: argparse.ArgumentParser, args: argparse.Namespace, *flags: str) -> None:
    """Stop with argparse's message when a needed flag is missing (checked after parsing, so
    the English alias of a flag counts too)."""
    missing = [flag for flag in flags if getattr(args, flag.lstrip("-")) is None]
    if missing:
        parser.error("flaggan behövs: " + ", ".join(missing))
