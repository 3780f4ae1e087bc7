"""Redline, rendering: the report as an HTML page (Jinja2 templates) and as Markdown for the
pull request (see :mod:`handbok_cli.redline`)."""

from __future__ import annotations

import html

from handbok.vocabulary import MISSING

from .redline_align import (
    SECTION_START,
    Base,
    DutyChange,
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

CSS = """
body { font-family: system-ui, "DejaVu Sans", sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.6; color: #1a1a1a; }
ins { background: #d7f5dd; color: #0b3d17; text-decoration: underline;
      text-decoration-thickness: 2px; font-weight: bold; }
del { background: #fde0e0; color: #5c0b0b; text-decoration: line-through;
      text-decoration-thickness: 2px; }
.marker { font-weight: bold; }
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
                   overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.change { border-left: 4px solid #555; padding: .1rem 0 .1rem 1rem; margin: 1rem 0; }
.change.moved { border-left-style: double; border-left-width: 6px; }
.change .label, .duty .label { font-weight: bold; margin: 0; }
.change p { margin: .3rem 0; }
.omitted { color: #444; }
.duty { border: 1px solid #555; padding: .5rem 1rem; margin: 1rem 0; }
.duty blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .6rem; border-left: 1px dotted #555; }
.warning { border: 2px solid #000; padding: .3rem .6rem; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #888; padding: .4rem .6rem; text-align: left; vertical-align: top; }
.legend { border: 1px solid #888; padding: .5rem 1rem; }
.legend .box { border-left: 4px solid #555; padding-left: .5rem; }
footer { margin-top: 2rem; color: #444; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; color: #000; }
  ins, del { background: none; color: #000; }
  .change, .duty, tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  a { color: #000; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _space(part: Part) -> str:
    return " " if part.space else ""


def render_parts(parts: list[Part]) -> str:
    out = []
    for k, part in enumerate(parts):
        text = _e(part.text)
        lead = _space(part) if k else ""
        if part.op == "insert":
            out.append(f'{lead}<ins><span class="visually-hidden">infogat: </span>'
                       f'<span class="marker" aria-hidden="true">[+</span>{text}'
                       '<span class="marker" aria-hidden="true">+]</span></ins>')
        elif part.op == "delete":
            out.append(f'{lead}<del><span class="visually-hidden">borttaget: </span>'
                       f'<span class="marker" aria-hidden="true">[−</span>{text}'
                       '<span class="marker" aria-hidden="true">−]</span></del>')
        else:
            out.append(lead + text)
    return "".join(out)


OMITTED = ('<span class="omitted">[…]<span class="visually-hidden"> oförändrad text utelämnas'
           "</span></span>")


def render_segments(segs: Segments) -> str:
    return " ".join(OMITTED if s is None else f'<span class="sentence">{render_parts(s)}</span>'
                    for s in segs)


LEGEND = [
    '<section class="legend" aria-labelledby="teckenforklaring">',
    '<h2 id="teckenforklaring">Teckenförklaring</h2>',
    "<ul>",
    '<li><ins><span class="visually-hidden">infogat: </span>'
    '<span class="marker" aria-hidden="true">[+</span>ny text'
    '<span class="marker" aria-hidden="true">+]</span></ins>: text som läggs till. '
    "Den står inom [+ +], är fet och understruken.</li>",
    '<li><del><span class="visually-hidden">borttaget: </span>'
    '<span class="marker" aria-hidden="true">[−</span>gammal text'
    '<span class="marker" aria-hidden="true">−]</span></del>: text som tas bort. '
    "Den står inom [− −] och är överstruken.</li>",
    "<li>Text utan markering står kvar. Den visas för att ge sammanhang. Hela meningar visas, "
    "[…] betyder att oförändrade meningar är utelämnade.</li>",
    '<li><span class="box">Ett stycke med en linje till vänster</span> är ändrat, nytt, '
    "borttaget eller flyttat. Ett flyttat stycke visas en gång, där det står nu, med "
    "uppgift om varifrån det kommer.</li>",
    "<li>Ändrat ansvar står i en ram i avsnittet där uppgiften står.</li>",
    "</ul>",
    "</section>",
]


def base_sentence(base: Base) -> str:
    text = f"Förslaget jämförs med versionen från {base.date}"
    if not base.summary:
        return text + "."
    end = "" if base.summary[-1] in SENTENCE_END else "."
    return f"{text}: ”{base.summary}{end}”"


def render(reports: list[PolicyReport], base: Base) -> str:
    changed = [r for r in reports if r.changed]
    unchanged = [r for r in reports if not r.changed]
    title = f"Ändringar i styrdokumenten jämfört med versionen från {base.date}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="sv">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<h1>Ändringar i styrdokumenten</h1>",
        f"<p>{_e(base_sentence(base))} Sidan visar texten som läsaren ser, inte "
        "formateringen.</p>",
        *LEGEND,
    ]
    if not changed:
        out.append("<p>Inga styrdokument har ändrats.</p>")
    for report in changed:
        out += render_report(report)
    out.append("<h2>Oförändrade styrdokument</h2>")
    if unchanged:
        out.append("<ul>")
        out += [f"<li>{_e(r.title)}: oförändrad</li>" for r in unchanged]
        out.append("</ul>")
    else:
        out.append("<p>Alla styrdokument har ändrats.</p>")
    out += ["</main>",
            f"<footer><small>Teknisk uppgift för redaktörerna: jämfört med git-version "
            f"{_e(base.short)}.</small></footer>",
            "</body>", "</html>", ""]
    return "\n".join(out)


def render_report(report: PolicyReport) -> list[str]:
    out = [f"<h2>{_e(report.title)}</h2>"]
    if report.old_path is None:
        out.append("<p>Ett nytt styrdokument.</p>")
    elif new_path_differs(report):
        out.append("<p>Dokumentet har flyttats till en ny plats på webbplatsen.</p>")
    if report.meta:
        out.append("<h3>Uppgifter om dokumentet</h3>")
        out.append('<table><thead><tr><th scope="col">Uppgift</th>'
                   '<th scope="col">Före</th><th scope="col">Efter</th></tr>'
                   "</thead><tbody>")
        for key, before, after in report.meta:
            out.append(f"<tr><td>{_e(field_label(key))}</td>"
                       f"<td>{_e(before or MISSING)}</td>"
                       f"<td>{_e(after or MISSING)}</td></tr>")
        out.append("</tbody></table>")
    if report.warnings:
        count = len(report.warnings)
        which = "En uppgift har" if count == 1 else f"{count} uppgifter har"
        out.append(f'<div class="warning" role="note"><p>Varning: {which} ett ansvar som inte '
                   "stämmer med meningen. Se rutorna märkta Varning nedan.</p></div>")
    for name, texts, duties in report.sections():
        out.append(f"<h3>Avsnitt: {_e(name or SECTION_START)}</h3>")
        for change in texts:
            moved = " moved" if change.kind == "flyttat" else ""
            out.append(f'<div class="change{moved}" id="{change.anchor}">')
            out.append(f'<p class="label">{_e(change_label(change))}</p>')
            out.append(f"<p>{render_segments(change.segments)}</p>")
            links = [d for d in duties if duty_block(report, d) is change]
            for duty in links:
                out.append(f'<p><a href="#{duty.anchor}">Ansvaret för ”{_e(duty.text)}” '
                           "ändras också, se rutan nedan.</a></p>")
            out.append("</div>")
        for duty in duties:
            out += render_duty(report, duty)
    return out


def new_path_differs(report: PolicyReport) -> bool:
    return report.old_path is not None and report.old_path != report.path


def _quote(sentence: str, wording: str) -> str:
    text = _e(sentence)
    mark = _e(wording)
    if mark and mark in text:
        text = text.replace(mark, f"<em>{mark}</em>", 1)
    return text


def render_duty(report: PolicyReport, duty: DutyChange) -> list[str]:
    out = [f'<div class="duty" id="{duty.anchor}">',
           f'<p class="label">Ändrat ansvar: ”{_e(duty.text)}”</p>',
           f"<p>{_e(duty_summary(duty, report.actors))}</p>"]
    if duty.old_text:
        out.append(f"<p>Uppgiftens text: {render_segments(segments(duty.old_text, duty.text))}"
                   "</p>")
    if duty.old_sentence and duty.old_sentence == duty.new_sentence:
        out.append(f'<p>Meningen i texten, oförändrad:</p><blockquote id="{duty.anchor}-fore">'
                   f"{_quote(duty.new_sentence, duty.text)}</blockquote>")
        duty_new = ""
    else:
        duty_new = duty.new_sentence
    if duty.old_sentence and (duty_new or not duty.new_sentence):
        out.append(f'<p>Meningen före ändringen:</p><blockquote id="{duty.anchor}-fore">'
                   f"{_quote(duty.old_sentence, duty.old_text or duty.text)}</blockquote>")
    if duty_new:
        out.append(f'<p>Meningen efter ändringen:</p><blockquote id="{duty.anchor}-efter">'
                   f"{_quote(duty.new_sentence, duty.text)}</blockquote>")
    block = duty_block(report, duty)
    if block is not None:
        out.append(f'<p><a href="#{block.anchor}">Se ändringen i texten ovan.</a></p>')
    if duty.warning:
        out.append(f'<p class="warning" role="note">Varning: {_e(duty.warning)}</p>')
    out.append("</div>")
    return out


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
