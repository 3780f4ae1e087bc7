"""One function per concept (issue 24): the slug, the Swedish date, the Chromium launcher,
the check of a setting and the front-matter reader each live in one place, and a second copy
fails here.

The patterns are the ones the copies that were removed had in common: a table of month names,
an accent-stripping translation table or ``unicodedata`` normalisation, a Playwright launch, an
``isinstance`` check on a setting's types, a regular expression for the ``---`` block.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from handbok.config import SETTINGS
from handbok.text import slug, swedish_date
from handbok.vocabulary import case_type_folder

EXTS = Path(__file__).resolve().parent.parent / "exts"

#: concept -> (pattern of a copy, the files allowed to have it)
ONE_PLACE = {
    "slug": (r"def slug\(|maketrans\(\{\s*\"[åäö]\":\s*\"[ao]\"|normalize\(\"NFKD\"",
             {"handbok/text.py", "handbok/util.py:did_you_mean"}),
    "Swedish month names": (r"\"januari\"|'januari'|\"februari\"", {"handbok/text.py"}),
    "Chromium launcher": (r"chromium\.launch\(|executable_path=", {"handbok_cli/browser.py"}),
    "config validation": (r"isinstance\([^)]*\.types\)|\.text_mapping\b", {"handbok/config.py"}),
    "front-matter reader": (r"re\.compile\(r?[\"']\\A---|\^---|FRONT_MATTER_RE",
                            {"handbok/frontmatter.py"}),
}


def _function_at(text: str, pos: int) -> str:
    defs = list(re.finditer(r"^def (\w+)", text[:pos], re.M))
    return defs[-1].group(1) if defs else ""


@pytest.mark.parametrize("concept", sorted(ONE_PLACE))
def test_one_copy_of(concept):
    pattern, allowed = ONE_PLACE[concept]
    found = []
    for path in sorted(EXTS.rglob("*.py")):
        name = path.relative_to(EXTS).as_posix()
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(pattern, text):
            where = f"{name}:{_function_at(text, match.start())}"
            if name not in allowed and where not in allowed:
                found.append(f"{where}: {match.group(0)}")
    assert found == [], f"a second {concept}: use the one in {sorted(allowed)[0]}"


@pytest.mark.parametrize("text, expected", [
    ("Studiebesök i España", "studiebesok-i-espana"),
    ("Huddinge kommun", "huddinge-kommun"),
    ("  Åre -- Östersund ", "are-ostersund"),
    ("Vänortsutbyte", "vanortsutbyte"),
    ("Café Noël & Über", "cafe-noel-uber"),
])
def test_slug(text, expected):
    assert slug(text) == expected


def test_case_type_folders_are_slugs():
    for ctype in ("studiebesök", "nätverk", "jobbskuggning", "Studiebesök i España"):
        assert case_type_folder(ctype) == slug(ctype)


@pytest.mark.parametrize("value, with_year, expected", [
    (dt.date(2020, 12, 31), True, "31 december 2020"),
    ("2019-03-05", True, "5 mars 2019"),
    ("2019-03-05", False, "5 mars"),
    ("2019-05", True, "maj 2019"),
    ("2019-05", False, "maj"),
    ("2019", False, "2019"),
])
def test_swedish_date(value, with_year, expected):
    assert swedish_date(value, with_year) == expected


def test_every_month_is_swedish_and_lower_case():
    names = [swedish_date(f"2024-{m:02d}", with_year=False) for m in range(1, 13)]
    assert names[0] == "januari" and names[11] == "december"
    assert all(n.islower() and n.isalpha() for n in names) and len(set(names)) == 12


def test_one_check_of_a_setting():
    types = next(s for s in SETTINGS if s.name == "handbok_case_types")
    assert types.accepts({"studiebesök": "Studiebesök"})
    assert not types.accepts({"studiebesök": ""})
    assert not types.accepts({}) and not types.accepts([])
    limit = next(s for s in SETTINGS if s.name == "handbok_readability_limit")
    assert limit.accepts(None) and limit.accepts(40) and not limit.accepts("40")
    assert limit.wanted() == "int eller float eller None"
