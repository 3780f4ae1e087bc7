"""Names and dates as readers and file systems see them: one function per concept, used by the
extension and the command-line tools alike (tests/test_one_concept.py keeps it that way).

- :func:`slug`: a file, folder or id made of a title or a name.
- :func:`swedish_date`: a date (or a year, or a month) in Swedish words, by Babel's Swedish
  locale data (Babel comes with Sphinx).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from babel.dates import format_date

LOCALE = "sv_SE"
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """``Studiebesök i España`` -> ``studiebesok-i-espana``: accents dropped (å, ä, ö, é, ñ
    lose their marks), anything else between letters and digits one hyphen, lower case."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub("-", plain).strip("-")


def swedish_date(value: dt.date | str, with_year: bool = True) -> str:
    """A day, a month or a year as Swedish readers write it.

    ``date(2020, 12, 31)`` or ``'2020-12-31'`` -> ``31 december 2020``; ``'2019-03'`` ->
    ``mars 2019``; ``'2019'`` -> ``2019``. ``with_year=False`` leaves the year out of a day or
    a month (``31 december``), for the first end of a period in one year.
    """
    if isinstance(value, dt.date):
        parts = [value.year, value.month, value.day]
    else:
        parts = [int(p) for p in str(value)[:10].split("-")]
    if len(parts) == 1:
        return str(parts[0])
    day = dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    pattern = ("d MMMM" if len(parts) > 2 else "MMMM") + (" y" if with_year else "")
    return str(format_date(day, pattern, locale=LOCALE))
