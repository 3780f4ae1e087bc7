"""Redline, rendering: the report as an HTML page (Jinja2 templates) and as Markdown for the
pull request (see :mod:`handbok_cli.redline`)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from handbok.meaning import ChangedMeaning
from handbok.vocabulary import MISSING
from markupsafe import Markup, escape

from .redline_align import (
    SECTION_START,
    Base,
    Part,
    PolicyReport,
    Segments,
    change_label,
    duty_block,
    duty_summary,
    field_label,
    segments,
)
from .redline_parse import SENTENCE_END

#: Hidden marker of the pull-request comment that the workflow keeps up to date.
COMMENT_MARKER = "<!-- handbok-redline -->"
#: GitHub refuses comments over 65 536 characters.
COMMENT_LIMIT = 60_000

# --- HTML -------------------------------------------------------------------------------------

TEMPLATES = Path(__file__).with_name("templates") / "redline"


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.globals.update(change_label=change_label, duty_block=duty_block,
                       duty_summary=duty_summary, field_label=field_label, missing=MISSING,
                       quote=_quote, section_start=SECTION_START, text_segments=segments)
    return env


def base_sentence(base: Base) -> str:
    text = f"Förslaget jämförs med versionen från {base.date}"
    if not base.summary:
        return text + "."
    end = "" if base.summary[-1] in SENTENCE_END else "."
    return f"{text}: ”{base.summary}{end}”"


def render(reports: list[PolicyReport], base: Base) -> str:
    """The redline page: the legend, every changed policy, the unchanged ones."""
    title = f"Ändringar i styrdokumenten jämfört med versionen från {base.date}"
    return str(_environment().get_template("page.html").render(
        title=title, base=base, base_sentence=base_sentence(base),
        changed=[r for r in reports if r.changed], unchanged=[r for r in reports if not r.changed]))


# --- ids that changed meaning (issue 25) --------------------------------------------------------

#: (policy file, the change, how many cases cite the id; None for an actor)
Meaning = tuple[str, ChangedMeaning, int | None]
MEANING_TITLE = "Id som har fått en ny betydelse"
MEANING_ADVICE = ("Exemplen pekar fortfarande på id:t och hör nu till det nya innehållet. Har "
                  "metoderna numrerats om? Ge det nya innehållet ett nytt id och låt de gamla "
                  "id:n behålla sin betydelse.")


def render_meanings_html(meanings: list[Meaning]) -> str:
    if not meanings:
        return ""
    return str(_environment().get_template("meanings.html").render(
        title=MEANING_TITLE, advice=MEANING_ADVICE, meanings=meanings))


def render_meanings_markdown(meanings: list[Meaning]) -> list[str]:
    if not meanings:
        return []
    out = [f"### ⚠️ {MEANING_TITLE}", "", _md(MEANING_ADVICE), ""]
    out += [f"- {_md(change.describe(count))} ({_md(path)})" for path, change, count in meanings]
    return [*out, ""]


def render_report(report: PolicyReport) -> list[str]:
    """The lines of one changed policy's section of the page."""
    macros: Any = _environment().get_template("report.html").module  # the template's macros
    return str(macros.report_section(report)).rstrip("\n").split("\n")


def _quote(sentence: str, wording: str) -> Markup:
    """The sentence with the duty's wording in ``<em>`` (escaped first)."""
    text = escape(sentence)
    mark = escape(wording)
    if mark and mark in text:
        text = Markup(text.replace(mark, Markup(f"<em>{mark}</em>"), 1))
    return text


def _space(part: Part) -> str:
    return " " if part.space else ""


# --- Markdown for the pull request ------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})


def _md(text: str) -> str:
    return text.translate(_MD_SPECIAL)


def _md_parts(parts: list[Part]) -> str:
    out = []
    for k, part in enumerate(parts):
        lead = _space(part) if k else ""
        text = _md(part.text)
        if part.op == "insert":
            out.append(f"{lead}<ins>**\\[+ {text} +\\]**</ins>")
        elif part.op == "delete":
            out.append(f"{lead}~~\\[− {text} −\\]~~")
        else:
            out.append(lead + text)
    return "".join(out)


def _md_segments(segs: Segments) -> str:
    return " ".join("\\[…\\]" if s is None else _md_parts(s) for s in segs)


def render_markdown(reports: list[PolicyReport], base: Base) -> str:
    """The redline as GitHub Markdown: job summary and the pull request's comment."""
    changed = [r for r in reports if r.changed]
    out = [COMMENT_MARKER, "## Ändringar i styrdokumenten", "", _md(base_sentence(base)), "",
           "Teckenförklaring: <ins>**\\[+ ny text +\\]**</ins> läggs till, "
           "~~\\[− gammal text −\\]~~ tas bort, \\[…\\] är oförändrade meningar som inte visas. "
           "Ett flyttat stycke visas en gång, där det står nu.", ""]
    if not changed:
        out += ["Inga styrdokument har ändrats.", ""]
    for report in changed:
        out += [f"### {_md(report.title)}", ""]
        if report.meta:
            out += ["| Uppgift | Före | Efter |", "| --- | --- | --- |"]
            out += [f"| {_md(field_label(k))} | {_md(b or MISSING)} | {_md(a or MISSING)} |"
                    for k, b, a in report.meta]
            out.append("")
        for name, texts, duties in report.sections():
            out += [f"#### Avsnitt: {_md(name or SECTION_START)}", ""]
            for change in texts:
                out += [f"> **{_md(change_label(change))}**", ">",
                        f"> {_md_segments(change.segments)}", ""]
            for duty in duties:
                lines = [f"- **Ändrat ansvar: ”{_md(duty.text)}”.** "
                         f"{_md(duty_summary(duty, report.actors))}"]
                if duty.new_sentence:
                    label = ("Meningen i texten, oförändrad" if duty.new_sentence ==
                             duty.old_sentence else "Meningen efter ändringen")
                    lines.append(f"{label}: *{_md(duty.new_sentence)}*")
                if duty.warning:
                    lines.append(f"**⚠️ Varning:** {_md(duty.warning)}")
                out.append("<br>".join(lines))
            if duties:
                out.append("")
    unchanged = [r for r in reports if not r.changed]
    if unchanged:
        out += ["Oförändrade styrdokument: " + ", ".join(_md(r.title) for r in unchanged) + ".",
                ""]
    out += [f"<sub>Jämfört med git-version {_md(base.short)}. Hela redline, också som PDF, "
            "finns bland körningens artefakter.</sub>", ""]
    text = "\n".join(out)
    if len(text) > COMMENT_LIMIT:
        text = (text[:COMMENT_LIMIT].rsplit("\n", 1)[0] + "\n\n**Redline är för lång för en "
                "kommentar. Läs hela i artefakten redline.**\n")
    return text
