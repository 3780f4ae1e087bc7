"""``make new-policy``: a new municipality's policy folder from ``mallar/styrdokument.md``.

Asks a few questions (or takes them as options / make variables) and writes
``policy/<id>/<kind>.md``: the template with the policy id, the municipality, the kind of
document and the title filled in, and the template's example ids (``kommun-mal-1``,
``kommun-metod-1``) renamed after the policy id. Nothing else needs editing: the policy list,
the per-actor page, the comparison, the follow-up pages, the exports and the search find the
new folder by themselves.

    python -m handbok_cli.newpolicy --kommun "Botkyrka kommun" --typ strategi \
        --titel "Botkyrka kommuns strategi för internationellt arbete" [--id botkyrka] \
        [--giltighet 2025–2028]

Fields the answers do not give (the validity period, the deciding body, the owner) are left
empty: the page then shows "uppgift saknas" until the editor writes what the adopted document
says.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handbok.text import slug
from handbok.util import ID_HELP, valid_id
from handbok.vocabulary import POLICY_KINDS

from . import markup

TEMPLATE = Path("mallar") / "styrdokument.md"
POLICY_DIR = Path("policy")
#: The prefix of the template's example ids, and the directives whose ids it starts.
TEMPLATE_PREFIX = "kommun"
TARGETS = ("goal", "method")

#: question key -> (option, question in Swedish)
QUESTIONS = {
    "kommun": ("--kommun", "Vilken kommun? (till exempel Botkyrka kommun)"),
    "typ": ("--typ", "Vilken typ av dokument? ({kinds})"),
    "titel": ("--titel", "Dokumentets titel, som i originalet"),
    "id": ("--id", "Id för dokumentet (små bokstäver, till exempel botkyrka). Tomt: "
                   "kommunens namn"),
    "giltighet": ("--giltighet", "Giltighetstid, som i dokumentet (till exempel 2025–2028). "
                                 "Tomt om den inte står där"),
}
REQUIRED = ("kommun", "typ", "titel")
#: Front matter keys the answers fill -> answer key. The others are emptied.
FILLED = {"policy": "id", "municipality": "kommun", "kind": "typ", "valid": "giltighet"}
#: Template keys whose example value is not a fact about the new document.
EMPTIED = ("decided-by", "adopted", "diarienummer", "review-by", "owner", "replaces",
           "replaced-by")


def question(key: str) -> str:
    return QUESTIONS[key][1].format(kinds=", ".join(POLICY_KINDS))


def default_id(municipality: str) -> str:
    """``Lillby kommun`` -> ``lillby``."""
    words = municipality.split()
    if len(words) > 1 and words[-1].lower() in ("kommun", "stad", "region"):
        words = words[:-1]
    return slug(" ".join(words))


def fill(template: str, answers: dict[str, str]) -> str:
    ident = answers["id"]
    lines = template.splitlines()
    closing = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    for n in range(1, closing):
        key, sep, _value = lines[n].partition(":")
        key = key.strip()
        if not sep:
            continue
        if key in FILLED:
            value = answers.get(FILLED[key], "").strip()
            lines[n] = f"{key}: {value}" if value else f"{key}:"
        elif key in EMPTIED:
            lines[n] = f"{key}:"
    for n in range(closing + 1, len(lines)):
        if lines[n].startswith("# "):
            lines[n] = f"# {answers['titel'].strip()}"
            break
    # The template's goals and methods, found by MyST's parser: their ids get the new prefix.
    for found in map(markup.directive, markup.parse(template)):
        if found is None or found.name not in TARGETS:
            continue
        old = found.argument.strip()
        if old.startswith(f"{TEMPLATE_PREFIX}-"):
            new = f"{ident}-{old.removeprefix(f'{TEMPLATE_PREFIX}-')}"
            lines[found.open_line] = lines[found.open_line].replace(old, new, 1)
    return "\n".join(lines) + ("\n" if template.endswith("\n") else "")


def create_policy(root: Path, answers: dict[str, str]) -> Path:
    answers = {k: v.strip() for k, v in answers.items()}
    if not answers.get("kommun"):
        raise ValueError("Ange kommunens namn, till exempel Botkyrka kommun.")
    if answers.get("typ") not in POLICY_KINDS:
        raise ValueError(f"Typen '{answers.get('typ', '')}' finns inte. Välj en av: "
                         f"{', '.join(POLICY_KINDS)}.")
    if not answers.get("titel"):
        raise ValueError("Dokumentet behöver en titel, som i originalet.")
    ident = answers.get("id") or default_id(answers["kommun"])
    if not valid_id(ident):
        raise ValueError(f"Id '{ident}' går inte att använda. {ID_HELP}")
    folder = root / POLICY_DIR / ident
    if folder.exists():
        raise ValueError(f"Mappen {folder.relative_to(root).as_posix()} finns redan. Välj ett "
                         "annat id med ID=...")
    template = (root / TEMPLATE).read_text(encoding="utf-8")
    target = folder / f"{answers['typ']}.md"
    folder.mkdir(parents=True)
    target.write_text(fill(template, {**answers, "id": ident}), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbok nytt-styrdokument",
                                     description="Skapa en ny kommuns styrdokument från mallen.")
    for key, (opt, _question) in QUESTIONS.items():
        parser.add_argument(opt, dest=key, help=question(key))
    parser.add_argument("--rot", default=".", help="projektets mapp (standard: .)")
    args = parser.parse_args(argv)
    root = Path(args.rot)
    answers = {k: v for k, v in vars(args).items() if k in QUESTIONS and v is not None}
    interactive = sys.stdin.isatty()
    for key in QUESTIONS:
        if key not in answers and interactive:
            answers[key] = input(f"{question(key)}: ").strip()
    missing = [QUESTIONS[k][0] for k in REQUIRED if not answers.get(k)]
    if missing:
        print(f"Svar saknas för {', '.join(missing)}. Skriv till exempel: make new-policy "
              'KOMMUN="Botkyrka kommun" TYP=strategi '
              'TITEL="Botkyrka kommuns strategi för internationellt arbete"', file=sys.stderr)
        return 2
    try:
        target = create_policy(root, answers)
    except (OSError, ValueError) as err:
        print(err, file=sys.stderr)
        return 2
    print(f"Skapade {target.relative_to(root).as_posix()}. Skriv av den antagna texten och "
          "märk upp mål, metoder, aktörer och uppgifter. Se CONTRIBUTING.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
