"""``make new-case``: create a new case study file from ``mallar/exempel.md``.

Asks a few questions (or takes them as options / make variables) and writes
``casebook/<type folder>/<name>.md`` with the answers filled in. What is not asked keeps the
template's example value, for the editor to change in the file.

    python -m handbok_cli.newcase --typ studiebesök --titel "Studiebesök om skolmat" \
        --metoder huddinge-metod-2 [--mal huddinge-mal-2] [--enhet ...] [--period 2025-05]

The case types are the project's: ``handbok_case_types`` in ``conf.py`` (read as Sphinx reads
it, see :mod:`.project`), else the handbook's defaults. The template is read with MyST's
parser: its first ``#`` heading is the title and its ``{case}`` directive gets the id and the
answers as options.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handbok.text import slug
from handbok.vocabulary import case_type_folder

from . import markup, project

TEMPLATE = Path("mallar") / "exempel.md"
CASEBOOK = Path("casebook")
#: The directive of a case study in the template.
CASE = "case"

#: question key -> (option, question in Swedish, template field)
QUESTIONS = {
    "typ": ("--typ", "Vilken typ av exempel? ({types})", "type"),
    "titel": ("--titel", "Rubrik på exemplet", None),
    "metoder": ("--metoder", "Vilka metoder i styrdokumenten hör exemplet till? (id, med komma "
                "emellan, till exempel huddinge-metod-2; kan lämnas tomt om du anger mål)",
                "methods"),
    "mal": ("--mal", "Vilka mål hör exemplet till? (id, kan lämnas tomt om du har angett "
            "metoder)", "goals"),
    "enhet": ("--enhet", "Vilken förvaltning gjorde det?", "unit"),
    "period": ("--period", "När? (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM/ÅÅÅÅ-MM)", "period"),
    # A carried-out activity says so (``:illustrative: nej``); else the case is never counted.
    "genomford": ("--genomford", "Är aktiviteten genomförd på riktigt? (ja eller nej; nej om "
                  "exemplet är påhittat)", "illustrative"),
}
#: Answers that mean yes to ``--genomford``.
YES = ("ja", "j", "yes", "y")
REQUIRED = ("typ", "titel")
#: An example cites at least one of these (docs/referens.md: methods, goals or both).
CITES = ("metoder", "mal")
CITES_HELP = ("Ange minst en metod eller ett mål, till exempel METODER=huddinge-metod-2 "
              "eller MAL=huddinge-mal-2.")
TYPE_HELP = "typ av exempel, en av typerna i handbok_case_types i conf.py"


def question(key: str, types: dict[str, str]) -> str:
    return QUESTIONS[key][1].format(types=", ".join(types))


def fill(template: str, answers: dict[str, str], ident: str,
         extensions: tuple[str, ...] = markup.SITE_EXTENSIONS) -> str:
    """The template with the title, the case id and the answered fields filled in."""
    lines = template.splitlines()
    tokens = markup.parse(template, extensions)
    case = next((d for d in map(markup.directive, tokens) if d is not None and d.name == CASE),
                None)
    if case is None:
        raise ValueError(f"Mallen {TEMPLATE.as_posix()} saknar ett {{{CASE}}}-direktiv.")
    # Edit from the end of the text up, so the lines above keep their numbers.
    edits: list[tuple[int, int, list[str]]] = []  # (first, last, new lines)
    opener = lines[case.open_line]
    indent = opener[: len(opener) - len(opener.lstrip())]
    edits.append((case.open_line, case.open_line, [f"{indent}{case.token.markup}{{{CASE}}} "
                                                    f"{ident}"]))
    spans = case.option_lines()
    last_option = max((last for _first, last in spans.values()), default=case.open_line)
    added: list[str] = []  # fields the template does not have: after its options
    for key, (_opt, _q, name) in QUESTIONS.items():
        if name is None or key not in answers:
            continue
        value = answers[key].strip()
        if name == "illustrative":  # never left out: a case without it is not counted
            carried_out = value.lower() in YES
            row = [f"{indent}:illustrative: nej" if carried_out else f"{indent}:illustrative:"]
        else:
            row = [f"{indent}:{name}: {value}"] if value else []
        if name in spans:
            edits.append((*spans[name], row))
        else:
            added += row
    if added:
        edits.append((last_option + 1, last_option, added))
    title = next((t for t in tokens if t.type == "heading_open" and t.tag == "h1"), None)
    if title is not None and title.map:
        edits.append((title.map[0], title.map[1] - 1, [f"# {answers['titel'].strip()}"]))
    for first, last, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[first:last + 1] = new
    return "\n".join(lines) + ("\n" if template.endswith("\n") else "")


def create_case(root: Path, answers: dict[str, str], proj: project.Project | None = None
                ) -> Path:
    proj = proj or project.load(root)
    types = proj.case_types
    typ = answers["typ"].strip()
    if typ not in types:
        raise ValueError(f"Typen '{typ}' finns inte. Välj en av: {', '.join(types)}.")
    if not answers.get("titel", "").strip():
        raise ValueError("Exemplet behöver en rubrik.")
    if not any(answers.get(key, "").strip() for key in CITES):
        raise ValueError(CITES_HELP)
    name = slug(answers["titel"])
    ident = name if name.startswith(slug(typ)) else f"{slug(typ)}-{name}"
    target = root / CASEBOOK / case_type_folder(typ) / f"{name}.md"
    if target.exists():
        raise ValueError(f"Filen {target.relative_to(root)} finns redan. Välj en annan rubrik.")
    template = (root / TEMPLATE).read_text(encoding="utf-8")
    text = fill(template, {**answers, "typ": typ}, ident, proj.myst_extensions)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbok nytt-exempel",
                                     description="Skapa ett nytt exempel från mallen.")
    for key, (opt, _question, _field) in QUESTIONS.items():
        text = TYPE_HELP if key == "typ" else question(key, {})
        parser.add_argument(opt, dest=key, help=text)
    parser.add_argument("--rot", default=".", help="projektets mapp (standard: .)")
    args = parser.parse_args(argv)
    root = Path(args.rot)
    try:
        proj = project.load(root)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    answers = {k: v for k, v in vars(args).items() if k in QUESTIONS and v is not None}
    interactive = sys.stdin.isatty()
    for key in QUESTIONS:
        if key not in answers and interactive:
            answers[key] = input(f"{question(key, proj.case_types)}: ").strip()
    # Methods and goals: what is not given is left out, never guessed from the template.
    for key in CITES:
        answers.setdefault(key, "")
    missing = [QUESTIONS[k][0] for k in REQUIRED if not answers.get(k)]
    if not missing and not any(answers[key].strip() for key in CITES):
        print(CITES_HELP, file=sys.stderr)
        return 2
    if missing:
        print(f"Svar saknas för {', '.join(missing)}. Skriv till exempel: make new-case "
              'TYP=studiebesök TITEL="Studiebesök om skolmat" METODER=huddinge-metod-2',
              file=sys.stderr)
        return 2
    try:
        target = create_case(root, answers, proj)
    except (OSError, ValueError) as err:
        print(err, file=sys.stderr)
        return 2
    print(f"Skapade {target.relative_to(root).as_posix()}. Öppna filen och fyll i resten.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
