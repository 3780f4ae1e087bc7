"""Checks that protect the editor: no personal data in the handbook's sources.

Finds, with file and line:

- Swedish personal identity numbers (personnummer) and coordination numbers
  (samordningsnummer: day + 60), 10 or 12 digits, with or without ``-`` or ``+``, whose check
  digit is valid (Luhn). Numbers that fail the check digit are test numbers and pass.
- Private e-mail addresses: addresses at providers for private persons (Gmail, Hotmail,
  Outlook, Yahoo, iCloud ...). Addresses at ``example.com``/``.org``/``.net`` and at the
  reserved top-level domains ``.example``, ``.invalid``, ``.test`` and ``.localhost`` pass.
- Swedish mobile phone numbers (070, 072, 073, 076, 079 and +46 7x). The range PTS reserves
  for fiction, 070-174 06 05 to 070-174 06 99, passes, as do landline and switchboard numbers.

Usage: ``python -m handbok_cli.checks [paths]`` (no paths: the handbook's sources). Prints
``file:line: message`` for each finding and exits with 1 when there is any.

Only the standard library is used, so the file also runs as a plain script
(``python3 exts/handbok_cli/checks.py``), which is how the pre-commit hook calls it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: What ``python -m handbok_cli.checks`` reads when it is given no paths (relative to the repo).
DEFAULT_PATHS = (
    "policy", "casebook", "docs", "mallar", "index.md", "README.md", "CONTRIBUTING.md",
    ".github",
)
SUFFIXES = {".md", ".markdown", ".rst", ".txt", ".yml", ".yaml"}
SKIP_DIRS = {".git", ".venv", "_build", "__pycache__", "node_modules"}

PNR_RE = re.compile(
    r"(?<![\d\w+-])"
    r"(?P<century>18|19|20)?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    r"(?P<sep>[-+]?)(?P<serial>\d{3})(?P<check>\d)"
    r"(?![\d\w])"
)
EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
    r"(?![\w-])"
)
PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)46[\s-]?\(?0?\)?[\s-]?|0)(?P<num>7[02369](?:[\s-]?\d){7})(?!\d)"
)

#: Providers of private e-mail (the part before the first dot of the domain, or the domain).
PRIVATE_MAIL = {
    "gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "ymail", "icloud",
    "me.com", "mac.com", "aol", "protonmail", "proton.me", "pm.me", "gmx", "mail.com",
    "telia.com", "bredband.net", "comhem.se", "spray.se", "passagen.se", "tele2.se",
    "bahnhof.se", "yandex", "zoho",
}
ALLOWED_MAIL_DOMAINS = {"example.com", "example.org", "example.net"}
RESERVED_TLDS = {"example", "invalid", "test", "localhost"}
#: PTS reserves 070-1740605 to 070-1740699 for use in fiction and examples.
FICTION_PHONE = range(701740605, 701740700)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def luhn_ok(digits: str) -> bool:
    """Luhn check over the ten digits YYMMDDNNNC."""
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def is_identity_number(match: re.Match[str]) -> str | None:
    """'personnummer' or 'samordningsnummer' when the match is a valid one, else None."""
    mm, dd = int(match["mm"]), int(match["dd"])
    if not 1 <= mm <= 12:
        return None
    if 1 <= dd <= 31:
        kind = "personnummer"
    elif 61 <= dd <= 91:
        kind = "samordningsnummer"
    else:
        return None
    ten = match["yy"] + match["mm"] + match["dd"] + match["serial"] + match["check"]
    return kind if luhn_ok(ten) else None


def is_private_mail(domain: str) -> bool:
    domain = domain.lower()
    if domain in ALLOWED_MAIL_DOMAINS or domain.rsplit(".", 1)[-1] in RESERVED_TLDS:
        return False
    first = domain.split(".", 1)[0]
    return domain in PRIVATE_MAIL or first in PRIVATE_MAIL


def check_line(text: str) -> Iterator[str]:
    """Messages (in Swedish) for the personal data found on one line."""
    for match in PNR_RE.finditer(text):
        kind = is_identity_number(match)
        if kind:
            yield (
                f"Ett {kind} ({match.group(0)}) står i texten. Ta bort det: handboken är "
                "offentlig och får inte innehålla personuppgifter. Skriv till exempel "
                "'en medarbetare' i stället."
            )
    for match in EMAIL_RE.finditer(text):
        if is_private_mail(match["domain"]):
            yield (
                f"Den privata e-postadressen {match.group(0)} står i texten. Ta bort den eller "
                "använd en funktionsadress i kommunen. I exempel kan du skriva "
                "namn@example.com."
            )
    for match in PHONE_RE.finditer(text):
        number = int("0" + re.sub(r"\D", "", match["num"]))
        if number in FICTION_PHONE:
            continue
        yield (
            f"Mobilnumret {match.group(0).strip()} står i texten. Ta bort det eller ange "
            "kommunens växelnummer. I exempel kan du skriva 070-174 06 50."
        )


def check_text(text: str, path: str) -> list[Finding]:
    return [
        Finding(path, lineno, message)
        for lineno, line in enumerate(text.splitlines(), start=1)
        for message in check_line(line)
    ]


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file() and sub.suffix.lower() in SUFFIXES and not (
                    SKIP_DIRS.intersection(sub.relative_to(path).parts)
                ):
                    yield sub
        elif path.is_file():
            yield path


def check_paths(paths: Iterable[Path | str], base: Path | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for file in iter_files(Path(p) for p in paths):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        shown = file
        if base is not None:
            try:
                shown = file.resolve().relative_to(base.resolve())
            except ValueError:
                pass
        findings += check_text(text, shown.as_posix())
    return findings


def default_paths(root: Path) -> list[Path]:
    return [root / p for p in DEFAULT_PATHS if (root / p).exists()]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        findings = check_paths(args)
    else:
        root = Path.cwd()
        findings = check_paths(default_paths(root), base=root)
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} fynd. Rätta raderna ovan och kör kontrollen igen.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
