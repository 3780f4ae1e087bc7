"""A policy's life cycle: validity period, review date, owner, decision, replaces/replaced-by.

The front matter gives the facts (see :data:`~handbok.vocabulary.POLICY_FIELDS`); the status a
reader sees is derived from them on a given day (:func:`derive`): a ``gällande`` policy whose
period has ended, or whose review date has passed, carries a notice saying since when and whom
to ask. The day is the build's (:func:`build_day`: ``handbok_today`` in ``conf.py``, else
``SOURCE_DATE_EPOCH``, else today). Pages are built once and read for months, so every notice
that a later day would show is also written into the HTML page, hidden, with its date in a
data attribute; a small local script (``handbok-livscykel.js``) shows it once the reader's
clock has passed that date.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from .records import PolicyRecord
from .text import swedish_date
from .vocabulary import LIFECYCLE_FIELDS, LIFECYCLE_STATES, POLICY_FIELDS

if TYPE_CHECKING:
    from .model import Query

#: The script that shows a notice once its date has passed (shipped in ``static/``).
SCRIPT = "handbok-livscykel.js"
#: How a validity period may be written: "2016–2020", "2016-2020", "2024-02-12–2027-12-31",
#: "2024-02-12/2027-12-31", one year "2021", or an open end "2021–" / "tills vidare".
VALID_HELP = ("Skriv giltighetstiden som två årtal, till exempel 2021–2025, eller som två datum "
              "med snedstreck, till exempel 2021-03-01/2025-12-31. Gäller dokumentet tills "
              "vidare, skriv till exempel 2021– eller lämna fältet tomt.")
DAY_HELP = "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-06-30, eller bara året."
_DAY = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_OPEN = ("tills vidare", "tillsvidare", "")


def _bound(text: str, end: bool) -> dt.date:
    """The first (or, with ``end``, the last) day of ``ÅÅÅÅ``, ``ÅÅÅÅ-MM`` or ``ÅÅÅÅ-MM-DD``."""
    match = _DAY.match(text.strip())
    if not match:
        raise ValueError(text)
    year = int(match[1])
    month, day = (int(g) if g else None for g in match.groups()[1:])
    if not end:
        return dt.date(year, month or 1, day or 1)
    if month is None:
        return dt.date(year, 12, 31)
    if day is None:
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(year, month, day)


def parse_day(text: str) -> dt.date | None:
    """A review date: the last day of what is written; None when empty. ValueError if bad."""
    text = (text or "").strip()
    return _bound(text, end=True) if text else None


def parse_validity(text: str) -> tuple[dt.date | None, dt.date | None]:
    """(first day, last day) of a validity period; (None, None) when empty, an open end gives
    None as last day. Raises ValueError when the text cannot be read."""
    text = (text or "").strip()
    if text.lower() in _OPEN:
        return None, None
    years = re.fullmatch(r"(\d{4})\s*[-–—]\s*(\d{4})?", text)
    if years:
        parts = [years[1], years[2] or ""]
    else:
        parts = [p.strip() for p in re.split(r"\s*(?:/|–|—)\s*", text)]
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or not parts[0]:
        raise ValueError(text)
    start = _bound(parts[0], end=False)
    end = None if parts[1].lower() in _OPEN else _bound(parts[1], end=True)
    if end is not None and end < start:
        raise ValueError(text)
    return start, end


def build_day(config: Config) -> dt.date:
    """The day the build derives statuses for."""
    fixed = str(getattr(config, "handbok_today", "") or "").strip()
    if fixed:
        return dt.date.fromisoformat(fixed)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def day_label(day: dt.date) -> str:
    """``2020-12-31`` -> ``31 december 2020``."""
    return swedish_date(day)


@dataclass
class Notice:
    """What a reader is told about a policy from ``day`` on."""

    day: dt.date
    state: str
    title: str
    text: str
    #: The text of a one-line notice (lists, the per-actor page, quotes).
    short: str = ""


@dataclass
class Status:
    """The derived status of one policy on one day."""

    state: str
    label: str
    #: The day the state began (the first day after the period or the review date).
    since: dt.date | None
    #: The notice shown today, if any.
    notice: Notice | None
    #: Notices a later day will show (the browser shows them when the day comes).
    later: list[Notice] = field(default_factory=list)
    #: Front matter keys of :data:`LIFECYCLE_FIELDS` that are empty.
    missing: list[str] = field(default_factory=list)
    #: Sort key, most urgent first.
    urgency: tuple[int, dt.date, dt.date, int, str, str] = (0, dt.date.max, dt.date.max, 0, "",
                                                            "")


def ask_whom(pol: PolicyRecord, short: bool = False) -> str:
    owner = pol.get("owner") or ""
    if owner:
        return f"Fråga {owner} om vad som gäller nu."
    ask = f"Fråga {pol.get('municipality') or 'kommunen'} om vad som gäller nu."
    return ask if short else f"Ägaren står inte i handboken. {ask}"


def _notices(pol: PolicyRecord) -> list[Notice]:
    """Every notice the policy's dates can give, in the order of their days."""
    found = []
    end = pol.get("valid_end")
    if end:
        day = dt.date.fromisoformat(end) + dt.timedelta(days=1)
        text = (f"Giltighetstiden ({pol['valid']}) gick ut den "
                f"{day_label(dt.date.fromisoformat(end))}. Dokumentet är inte ersatt i "
                f"handboken. {ask_whom(pol)}")
        short = (f"Giltighetstiden gick ut den {day_label(dt.date.fromisoformat(end))}. "
                 f"{ask_whom(pol, short=True)}")
        found.append(Notice(day, "utgangen", "Giltighetstiden har gått ut", text, short))
    review = pol.get("review_date")
    if review:
        day = dt.date.fromisoformat(review) + dt.timedelta(days=1)
        text = (f"Dokumentet skulle ha setts över senast den "
                f"{day_label(dt.date.fromisoformat(review))}. {ask_whom(pol)}")
        short = (f"Skulle ses över senast den {day_label(dt.date.fromisoformat(review))}. "
                 f"{ask_whom(pol, short=True)}")
        found.append(Notice(day, "se-over", "Dokumentet ska ses över", text, short))
    # The later of the two outranks the earlier: the period's end outranks a review date.
    return sorted(found, key=lambda n: (n.day, n.state == "utgangen"))


def derive(pol: PolicyRecord, today: dt.date, replaced_by: PolicyRecord | None = None) -> Status:
    """The status ``pol`` (a policy record) has on ``today``. ``replaced_by`` is the record of
    the policy named in ``replaced-by``, when it is in the handbook."""
    missing = [key for key in LIFECYCLE_FIELDS if not pol.get(key.replace("-", "_"))]
    status = pol.get("status") or ""
    notice: Notice | None = None
    later: list[Notice] = []
    state, since = "gallande", None
    if status == "upphävd":
        state = "upphavd"
    elif status == "förslag":
        state = "forslag"
    elif pol.get("replaced_by"):
        state = "ersatt"
        name = replaced_by["title"] if replaced_by else pol["replaced_by"]
        notice = Notice(today, "ersatt", "Ersatt av ett nyare dokument",
                        f"Dokumentet har ersatts av {name}. Läs det nyare dokumentet.",
                        f"Ersatt av {name}.")
    else:
        for candidate in _notices(pol):
            if candidate.day <= today:
                notice, state, since = candidate, candidate.state, candidate.day
            else:
                later.append(candidate)
    order = list(LIFECYCLE_STATES)
    next_day = min((n.day for n in later), default=dt.date.max)
    urgency = (order.index(state), since or dt.date.max, next_day, -len(missing),
               pol.get("municipality", ""), pol.get("title", ""))
    return Status(state, LIFECYCLE_STATES[state], since, notice, later, missing, urgency)


def missing_labels(status: Status) -> list[str]:
    return [POLICY_FIELDS[key] for key in status.missing]


# --- nodes -------------------------------------------------------------------------------------


def notice_nodes(status: Status, html_builder: bool, compact: bool = False) -> list[nodes.Node]:
    """The notice of today (an admonition, or a paragraph when ``compact``), and for HTML the
    hidden notices of later days for the script to show."""
    box = nodes.container(classes=["handbok-lifecycle"])
    if status.notice is not None:
        box += _notice_node(status.notice, compact)
    if html_builder and status.later:
        box += _later_html(status.later, compact)
    return [box] if box.children else []


def _notice_node(notice: Notice, compact: bool) -> nodes.Element:
    classes = ["handbok-lifecycle-notice", f"handbok-lifecycle-{notice.state}"]
    if compact:
        para = nodes.paragraph(classes=classes)
        para += nodes.strong(f"{notice.title}. ", f"{notice.title}. ")
        para += nodes.Text(notice.short or notice.text)
        return para
    box = nodes.admonition(classes=["warning", *classes])
    box += nodes.title(notice.title, notice.title)
    box += nodes.paragraph(notice.text, notice.text)
    return box


def _later_html(notices: list[Notice], compact: bool) -> nodes.raw:
    """Hidden notices, each with the day it applies from, for the script to show."""
    parts = []
    for notice in notices:
        title = html.escape(notice.title)
        text = html.escape(notice.short if compact and notice.short else notice.text)
        day = notice.day.isoformat()
        attrs = (f'class="handbok-lifecycle-notice handbok-lifecycle-{notice.state} '
                 f'handbok-lifecycle-later{"" if compact else " admonition warning"}" '
                 f'data-handbok-from="{day}" hidden')
        if compact:
            parts.append(f"<p {attrs}><strong>{title}. </strong>{text}</p>")
        else:
            parts.append(f'<div {attrs}><p class="admonition-title">{title}</p>'
                         f"<p>{text}</p></div>")
    return nodes.raw("", f'<div class="handbok-lifecycle-group">{"".join(parts)}</div>',
                     format="html")


def status_for(q: Query, pol: PolicyRecord, config: Config) -> Status:
    """The derived status of ``pol`` on the build's day (``q`` is the :class:`Query`)."""
    return derive(pol, build_day(config), q.policy(pol.get("replaced_by")))


#: The one word a page names a derived status with ("Status: utgången"), per state.
STATUS_WORDS: dict[str, str] = {
    "utgangen": "utgången",
    "ersatt": "ersatt",
    "se-over": "gällande, ska ses över",
    "gallande": "gällande",
    "forslag": "förslag",
    "upphavd": "upphävd",
}


def status_word(status: Status) -> str:
    """The status as every page names it: derived from the dates, so a strategy whose period
    has ended is "utgången" wherever its status shows, whatever its front matter says."""
    return STATUS_WORDS.get(status.state, status.label.lower())


def is_html(app: Sphinx) -> bool:
    return app.builder.format == "html"
