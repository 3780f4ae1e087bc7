"""``make new-case``: create a new case study file from ``mallar/exempel.md``.

Asks a few questions (or takes them as options / make variables) and writes
``casebook/<type folder>/<name>.md`` with the answers filled in. What is not asked keeps the
template's example value, for the editor to change in the file.

    python -m handbok_cli.newcase --typ studiebesök --titel "Studiebesök om skolmat" \
        --metoder huddinge-metod-2 [--mal huddinge-mal-2] [--enhet ...] [--period 2025-05]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

TEMPLATE = Path("mallar") / "exempel.md"
CASEBOOK = Path("casebook")
TYPES = ("jobbskuggning", "studiebesök", "projekt", "konferens", "nätverk", "vänortsutbyte")

#: question key -> (option, question in Swedish, template field)
QUESTIONS = {
    "typ": ("--typ", f"Vilken typ av exempel? ({', '.join(TYPES)})", "type"),
    "titel": ("--titel", "Rubrik på exemplet", None),
    "metoder": ("--metoder", "Vilka metoder i styrdokumenten hör exemplet till? (id, med komma "
                "emellan, till exempel huddinge-metod-2)", "methods"),
    "mal": ("--mal", "Vilka mål hör exemplet till? (id, kan lämnas tomt)", "goals"),
    "enhet": ("--enhet", "Vilken förvaltning gjorde det?", "unit"),
    "period": ("--period", "När? (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM/ÅÅÅÅ-MM)", "period"),
}
REQUIRED = ("typ", "titel", "metoder")


def slug(text: str) -> str:
    """``Studiebesök i Åbo`` -> ``studiebesok-i-abo``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def fill(template: str, answers: dict[str, str], ident: str) -> str:
    text = template.replace("# Rubrik på exemplet", f"# {answers['titel']}", 1)
    text = re.sub(r"^(:::\{case\}) .*$", rf"\1 {ident}", text, count=1, flags=re.MULTILINE)
    for key, (_opt, _q, field) in QUESTIONS.items():
        if field is None or key not in answers:
            continue
        value = answers[key]
        if value:
            text = re.sub(rf"^:{field}:.*$", f":{field}: {value}", text, count=1,
                          flags=re.MULTILINE)
        else:
            text = re.sub(rf"^:{field}:.*\n", "", text, count=1, flags=re.MULTILINE)
    return text


def create_case(root: Path, answers: dict[str, str]) -> Path:
    typ = answers["typ"].strip()
    if typ not in TYPES:
        raise ValueError(f"Typen '{typ}' finns inte. Välj en av: {', '.join(TYPES)}.")
    if not answers.get("titel", "").strip():
        raise ValueError("Exemplet behöver en rubrik.")
    if not answers.get("metoder", "").strip():
        raise ValueError("Ange minst en metod, till exempel huddinge-metod-2.")
    name = slug(answers["titel"])
    ident = name if name.startswith(slug(typ)) else f"{slug(typ)}-{name}"
    target = root / CASEBOOK / slug(typ) / f"{name}.md"
    if target.exists():
        raise ValueError(f"Filen {target.relative_to(root)} finns redan. Välj en annan rubrik.")
    template = (root / TEMPLATE).read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(fill(template, answers, ident), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbok_cli.newcase",
                                     description="Skapa ett nytt exempel från mallen.")
    for key, (opt, question, _field) in QUESTIONS.items():
        parser.add_argument(opt, dest=key, help=question)
    parser.add_argument("--rot", default=".", help="projektets mapp (standard: .)")
    args = parser.parse_args(argv)
    answers = {k: v for k, v in vars(args).items() if k in QUESTIONS and v is not None}
    interactive = sys.stdin.isatty()
    for key, (_opt, question, _field) in QUESTIONS.items():
        if key not in answers and interactive:
            answers[key] = input(f"{question}: ").strip()
    answers.setdefault("mal", "")  # goals are optional: no guess from the template
    missing = [QUESTIONS[k][0] for k in REQUIRED if not answers.get(k)]
    if missing:
        print(f"Svar saknas för {', '.join(missing)}. Skriv till exempel: make new-case "
              'TYP=studiebesök TITEL="Studiebesök om skolmat" METODER=huddinge-metod-2',
              file=sys.stderr)
        return 2
    root = Path(args.rot)
    try:
        target = create_case(root, answers)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    print(f"Skapade {target.relative_to(root).as_posix()}. Öppna filen och fyll i resten.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
