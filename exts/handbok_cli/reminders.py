"""Review reminders (``make review-reminders``, issue 29).

Lists every policy that is in force (status ``gällande``, not replaced) whose review date is
within :data:`HORIZON_DAYS` days or past, or whose validity period has ended, with its owner.
``--issues`` opens or updates one issue per such policy on the forge (GitHub, GitLab or
Forgejo; see :mod:`handbok_cli.forgeapi`), found again by a hidden marker with the policy's id,
so a scheduled job never makes duplicates. ``--dry-run`` shows what it would do.

Reads the front matter of ``policy/**/*.md`` directly: no build is needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from handbok import frontmatter
from handbok.lifecycle import day_label, parse_day, parse_validity

from . import markup
from .flags import english_aliases
from .forgeapi import FORGES, from_environment

HORIZON_DAYS = 90
LABEL = "översyn"
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Reminder:
    path: str
    policy: str
    title: str
    owner: str
    reasons: list[str]
    #: The earliest day that makes it due (for the order: most urgent first).
    day: dt.date

    @property
    def marker(self) -> str:
        return f"<!-- handbok-oversyn:{self.policy} -->"

    def issue_title(self) -> str:
        return f"Se över: {self.title}"

    def issue_body(self) -> str:
        owner = self.owner or "Ägaren står inte i handboken (fältet owner är tomt)."
        lines = [f"**{self.title}** (`{self.path}`)", "", *[f"- {r}" for r in self.reasons],
                 "", f"Ägare: {owner}", "",
                 "Ärendet skapas och uppdateras automatiskt av `make review-reminders`. "
                 "Stäng det när dokumentet har setts över och fälten `review-by` eller "
                 "`valid` har ändrats."]
        return "\n".join(lines)


def _title(text: str) -> str:
    """The page's first top-level heading, read with the site's MyST parser."""
    tokens = markup.parse(frontmatter.body(text)[0])
    for i, token in enumerate(tokens[:-1]):
        if token.type == "heading_open" and token.tag == "h1":
            return markup.plain_text(tokens[i + 1].children or []).strip()
    return ""


def reminders(root: Path, today: dt.date, horizon: int = HORIZON_DAYS) -> list[Reminder]:
    found = []
    for path in sorted((root / "policy").rglob("*.md")):
        if path.name in ("index.md", "README.md"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        fm = frontmatter.read(text)
        if fm is None or fm.error or not fm.values.get("policy"):
            continue
        meta = {str(k): ("" if v is None else str(v)) for k, v in fm.values.items()}
        if meta.get("status", "").strip() != "gällande" or meta.get("replaced-by", "").strip():
            continue
        reasons, days = [], []
        try:
            review = parse_day(meta.get("review-by", ""))
        except ValueError:
            review = None
        try:
            _, end = parse_validity(meta.get("valid", ""))
        except ValueError:
            end = None
        if end is not None and end < today:
            reasons.append(f"Giltighetstiden ({meta['valid']}) gick ut den {day_label(end)}.")
            days.append(end)
        if review is not None and review <= today + dt.timedelta(days=horizon):
            when = "skulle ha setts över" if review < today else "ska ses över"
            reasons.append(f"Dokumentet {when} senast den {day_label(review)}.")
            days.append(review)
        if reasons:
            found.append(Reminder(path.relative_to(root).as_posix(), meta["policy"].strip(),
                                  _title(text) or meta["policy"], meta.get("owner", "").strip(),
                                  reasons, min(days)))
    return sorted(found, key=lambda r: (r.day, r.path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="handbok paminnelser",
        description="Styrdokument som ska ses över inom 90 dagar, eller vars tid har gått ut.")
    parser.add_argument("--rot", type=Path, default=REPO, help="handbokens mapp")
    parser.add_argument("--idag", help="dagen att räkna från, ÅÅÅÅ-MM-DD (standard: i dag)")
    parser.add_argument("--dagar", type=int, default=HORIZON_DAYS,
                        help=f"hur många dagar framåt (standard: {HORIZON_DAYS})")
    parser.add_argument("--arenden", action="store_true",
                        help="skapa eller uppdatera ett ärende per styrdokument på forgen")
    parser.add_argument("--forge", choices=FORGES, help="forgen (standard: från miljön)")
    parser.add_argument("--provkorning", action="store_true",
                        help="visa vad som skulle göras, utan att ändra något")
    parser.add_argument("--befintliga", help="JSON med öppna ärenden (för provkörning)")
    english_aliases(parser, {"--root": "rot", "--today": "idag", "--days": "dagar",
                             "--existing": "befintliga"})
    parser.add_argument("--issues", dest="arenden", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dry-run", dest="provkorning", action="store_true",
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.root, args.today, args.days = args.rot, args.idag, args.dagar
    args.issues, args.dry_run, args.existing = args.arenden, args.provkorning, args.befintliga
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        print(f"--idag ska vara ett datum som 2027-01-31, inte {args.today!r}.", file=sys.stderr)
        return 2
    due = reminders(args.root, today, args.days)
    if not due:
        print(f"Inget styrdokument ska ses över inom {args.days} dagar.")
    for item in due:
        owner = item.owner or "ägare saknas"
        print(f"{item.path}: {item.title} ({owner})")
        for reason in item.reasons:
            print(f"    {reason}")
    if args.issues:
        forge = from_environment(args.forge, args.dry_run, args.existing)
        issues = forge.open_issues(LABEL)
        for item in due:
            forge.upsert_issue(item.marker, item.issue_title(), item.issue_body(), LABEL, issues)
    return 0


if __name__ == "__main__":
    sys.exit(main())
