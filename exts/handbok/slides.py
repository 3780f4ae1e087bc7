"""Slide decks of the training modules: one editable PowerPoint file per module (python-pptx).

Written at ``build-finished`` of an HTML build into the output's ``utskrift/`` folder (beside
the handouts), as ``<module>-bilder.pptx``, from the module pages' resolved doctrees:

- a title slide (the module's title, its audience and time) and a slide of learning goals;
- one slide per section, with the adopted wording it quotes (``policy-quote``) and its source,
  or its duties (``actor-duties``: the role's rows of the matrix), else its first sentences;
- each self-check question ("Fråga N: ...") on a slide of its own, the answer in the speaker
  notes only, never on the slide.

16:9. A municipality's own template (``<handbok_report_templates>/bilder.pptx``) gives the
masters, fonts and colours; its own slides are left out. The modules are the pages of the
training folder (``docs/utbildning``) other than its index.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from docutils import nodes
from sphinx.application import Sphinx

from .util import logger

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType
    from pptx.shapes.base import BaseShape
    from pptx.slide import Slide, SlideLayout
    from pptx.util import Length

#: The folder of the modules and the output folder of the decks (the handouts' folder).
MODULE_DIR = "docs/utbildning"
DECK_DIR = "utskrift"
TEMPLATE = "bilder.pptx"
GOALS = "Lärandemål"
QUESTION = re.compile(r"^Fråga \d+:")
#: At most this many bullet lines on a slide; longer text is cut at a sentence.
MAX_LINES = 6


def deck_file(module: str) -> str:
    return f"{module}-bilder.pptx"


def modules(app: Sphinx) -> list[str]:
    return sorted(d for d in app.env.found_docs
                  if d.startswith(MODULE_DIR + "/") and d.count("/") == 2
                  and not d.endswith("/index"))


def _text(node: nodes.Node) -> str:
    return " ".join(node.astext().split())


def _sentences(text: str, limit: int = 220) -> str:
    """The first sentences of ``text``, up to about ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return cut[:end + 1] if end > 60 else cut.rsplit(" ", 1)[0] + " …"


def _is_dropdown(node: nodes.Node) -> bool:
    return type(node).__name__ == "dropdown_main"


def _question(node: nodes.Element) -> tuple[str, str] | None:
    """(question, answer) of a sphinx-design dropdown titled "Fråga N: ..."."""
    title = next((c for c in node.children if type(c).__name__ == "dropdown_title"), None)
    if title is None:
        return None
    # The title's text only: sphinx-design adds its chevron icon as raw SVG.
    question = " ".join("".join(t.astext() for t in title.findall(nodes.Text)
                                if not isinstance(t.parent, nodes.raw)).split())
    if not QUESTION.match(question):
        return None
    answer = " ".join(_text(c) for c in node.children if c is not title)
    return question, answer


class OutlineSection(TypedDict):
    """One section of a training module on a slide: its quotes (text, source), duties and
    first paragraph."""

    title: str
    quotes: list[tuple[str, str]]
    duties: list[str]
    text: str


class Outline(TypedDict):
    """What a module's deck shows (:func:`outline`)."""

    title: str
    facts: list[str]
    goals: list[str]
    sections: list[OutlineSection]
    questions: list[tuple[str, str]]


def outline(doctree: nodes.document) -> Outline:
    """What the deck shows, from a module's resolved doctree."""
    top = next(iter(doctree.findall(nodes.section)), None)
    title = _text(top[0]) if top is not None and isinstance(top[0], nodes.title) else ""
    facts = []
    for field in doctree.findall(nodes.field):
        name, body = _text(field[0]), _text(field[1])
        facts.append(f"{name}: {body}")
    goals: list[str] = []
    sections: list[OutlineSection] = []
    questions: list[tuple[str, str]] = []
    for section in (top.children if top is not None else []):
        if not isinstance(section, nodes.section):
            continue
        heading = _text(section[0])
        found = [q for q in (_question(d) for d in section.findall(_is_dropdown)
                             if isinstance(d, nodes.Element)) if q]
        if found:
            questions += found
            continue
        if heading == GOALS:
            goals = [_text(li) for li in section.findall(nodes.list_item)]
            continue
        quotes = []
        for quote in section.findall(nodes.block_quote):
            if "handbok-policy-quote" not in quote["classes"]:
                continue
            paras = [c for c in quote.children if isinstance(c, nodes.paragraph)]
            if paras:
                source = next((_text(p) for p in paras
                               if "handbok-policy-quote-source" in p["classes"]), "")
                quotes.append((_text(paras[0]), source))
        duties = [_text(li) for lst in section.findall(nodes.bullet_list)
                  if any("handbok-duties" in c or "duties" in c for c in lst["classes"])
                  for li in lst.children]
        first = next((_text(p) for p in section.children if isinstance(p, nodes.paragraph)),
                     "")
        sections.append({"title": heading, "quotes": quotes, "duties": duties,
                         "text": _sentences(first)})
    return {"title": title, "facts": facts, "goals": goals, "sections": sections,
            "questions": questions}


def _template(app: Sphinx) -> Path | None:
    folder = app.config.handbok_report_templates
    path = Path(app.srcdir, folder, TEMPLATE) if folder else None
    return path if path and path.is_file() else None


def _new_deck(template: Path | None) -> PresentationType:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation(str(template)) if template else Presentation()
    if template:  # the template's own slides are left out; its layouts stay
        ids = deck.slides._sldIdLst
        for sld in list(ids):
            deck.part.drop_rel(sld.rId)
            ids.remove(sld)
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)  # 16:9
    return deck


def _layout(deck: PresentationType, index: int) -> SlideLayout:
    layouts = deck.slide_layouts
    return layouts[index] if len(layouts) > index else layouts[0]


def _widen(shape: BaseShape | None, top: Length, height: Length) -> None:
    """A placeholder of a 4:3 layout spread over the 16:9 slide's width."""
    from pptx.util import Inches

    if shape is not None:
        shape.left, shape.width, shape.top, shape.height = Inches(0.8), Inches(11.7), top, height


def _duty(line: str) -> str:
    """"ansvarar – ansvarar för X" -> "ansvarar för X"; "stödjer – X" -> "stödjer: X"."""
    role, dash, rest = line.partition(" – ")
    if not dash:
        return line
    return rest if rest.lower().startswith(role.lower()) else f"{role}: {rest}"


#: The smallest type of a slide's text, in points (a projected slide is read from afar).
MIN_SIZE = 14


def fitting_size(lines: list[str], level2: AbstractSet[int], size: int, width_in: float,
                 height_in: float) -> int:
    """The largest type, from ``size`` down to ``MIN_SIZE``, at which ``lines`` fit a text box
    of ``width_in`` by ``height_in`` inches: an estimate with a sans-serif's mean letter
    width (0.55 em, on the wide side) and a line height of 1.2 em, plus the space between
    paragraphs. Nothing is left to the viewer's shrinking, which differs between programs
    (LibreOffice let a long slide run off its foot)."""
    import math

    width_pt, height_pt = width_in * 72 - 40, height_in * 72 - 14  # the box's inner margins
    for candidate in range(size, MIN_SIZE - 1, -1):
        height = 0.0
        for n, line in enumerate(lines):
            em = candidate - 4 if n in level2 else candidate
            indent = 60 if n in level2 else 30  # the bullet's and the level's indent
            per_line = max(1, int((width_pt - indent) / (0.55 * em)))
            height += math.ceil(max(1, len(line)) / per_line) * 1.2 * em + 0.3 * em
        if height <= height_pt:
            return candidate
    return MIN_SIZE


#: The smallest type of a slide's title, in points, and its most lines.
TITLE_MIN_SIZE = 20
TITLE_MAX_LINES = 2


def _title_rows(text: str, em: float, width_pt: float) -> int:
    """How many lines ``text`` wraps to at ``em`` points in a box ``width_pt`` wide, with the
    mean letter width of :func:`fitting_size`, wrapped at spaces as the programs do."""
    import textwrap

    per_line = max(1, int(width_pt / (0.55 * em)))
    return max(1, len(textwrap.wrap(text, per_line, break_long_words=True)))


def title_fit(text: str, size: int, width_in: float, height_in: float) -> tuple[str, int]:
    """The title and the largest type, from ``size`` down to ``TITLE_MIN_SIZE``, at which it
    fits its placeholder of ``width_in`` by ``height_in`` inches in at most
    ``TITLE_MAX_LINES`` lines (1.2 em each). A title too long even at the smallest type is cut
    at a word with " …" (the slide keeps its full title in the speaker notes). As with the
    body, nothing is left to the viewer's shrinking: a long heading otherwise ran off the top
    of a slide in LibreOffice."""
    width_pt, height_pt = width_in * 72 - 15, height_in * 72 - 14  # the inner margins
    for candidate in range(size, TITLE_MIN_SIZE - 1, -1):
        rows = _title_rows(text, candidate, width_pt)
        if rows <= TITLE_MAX_LINES and rows * 1.2 * candidate <= height_pt:
            return text, candidate
    words = text.split()
    while len(words) > 1:
        words.pop()
        cut = " ".join(words).rstrip(",;:–-") + " …"
        if _title_rows(cut, TITLE_MIN_SIZE, width_pt) <= TITLE_MAX_LINES:
            return cut, TITLE_MIN_SIZE
    return text, TITLE_MIN_SIZE


def _set_title(shape: BaseShape | None, text: str, size: int) -> str:
    """Put ``text`` in the title placeholder ``shape`` at the type that fits it
    (:func:`title_fit`); the text as shown."""
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    if shape is None or not shape.has_text_frame:
        return text
    shown, fitted = title_fit(text, size, shape.width.inches, shape.height.inches)
    frame = shape.text_frame  # type: ignore[attr-defined]
    frame.text = shown
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for para in frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(fitted)
    return shown


def _slide(deck: PresentationType, title: str, lines: list[str], notes: str = "",
           level2: AbstractSet[int] = frozenset(), size: int = 24) -> Slide:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    slide: Slide = deck.slides.add_slide(_layout(deck, 1))  # title and content
    title_shape = slide.shapes.title  # None where a template's layout has no title
    _widen(title_shape, Inches(0.4), Inches(1.2))
    shown = _set_title(title_shape, title, 36)
    if shown != title:  # cut to fit: the trainer still has it whole
        notes = f"{title}\n\n{notes}" if notes else title
    body = next((s for s in slide.placeholders if s.placeholder_format.idx == 1), None)
    if body is None:
        body = slide.shapes.add_textbox(Inches(0.8), Inches(1.8), Inches(11.7), Inches(5))
    body.left, body.top = Inches(0.8), Inches(1.7)
    body.width, body.height = Inches(11.7), Inches(5.3)
    frame = body.text_frame
    frame.word_wrap = True
    # The type is fitted here (fitting_size), so no program shrinks it on its own.
    frame.auto_size = MSO_AUTO_SIZE.NONE
    lines = lines[:MAX_LINES * 2]
    size = fitting_size(lines, level2, size, body.width.inches, body.height.inches)
    for n, line in enumerate(lines):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        para.text = line
        para.level = 1 if n in level2 else 0
        for run in para.runs:
            run.font.size = Pt(size - 4 if n in level2 else size)
    notes_frame = slide.notes_slide.notes_text_frame if notes else None
    if notes_frame is not None:
        notes_frame.text = notes
    return slide


def write_deck(app: Sphinx, module: str, data: Outline, path: Path) -> None:
    deck = _new_deck(_template(app))
    title_slide: Slide = deck.slides.add_slide(_layout(deck, 0))
    from pptx.util import Inches

    title_shape = title_slide.shapes.title
    _widen(title_shape, Inches(2.0), Inches(1.6))
    if title_shape is not None:
        _set_title(title_shape, data["title"], 44)
    subtitle = next((s for s in title_slide.placeholders if s.placeholder_format.idx == 1),
                    None)
    _widen(subtitle, Inches(3.9), Inches(2.0))
    if subtitle is not None:
        subtitle.text = "\n".join(data["facts"][:2]) or "Handbok för internationellt arbete"
    if data["goals"]:
        _slide(deck, GOALS, ["Efter modulen kan du:", *data["goals"]], size=26)
    for section in data["sections"]:
        lines: list[str] = []
        level2: set[int] = set()
        for text, source in section["quotes"][:2]:
            lines.append(f"”{_sentences(text, 300)}”")
            if source:
                level2.add(len(lines))
                lines.append(source)
        if section["duties"]:
            lines += [_sentences(_duty(d), 160) for d in section["duties"][:MAX_LINES]]
        if not lines and section["text"]:
            lines.append(section["text"])
        _slide(deck, section["title"], lines, level2=level2, size=22 if section["quotes"]
               else 24)
    for n, (question, answer) in enumerate(data["questions"], start=1):
        _slide(deck, f"Testa dig själv ({n} av {len(data['questions'])})",
               [question.split(":", 1)[1].strip()],
               notes=f"Svar: {answer}", size=32)
    deck.core_properties.title = data["title"]
    deck.core_properties.language = "sv-SE"
    path.parent.mkdir(parents=True, exist_ok=True)
    deck.save(str(path))


def write_decks(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or getattr(app.builder, "format", "") != "html":
        return
    written = 0
    for module in modules(app):
        try:
            doctree = app.env.get_and_resolve_doctree(module, app.builder)
        except Exception as err:  # noqa: BLE001 - a deck must never stop the build
            logger.info(f"handbok: inget bildspel för {module}: {err}")
            continue
        data = outline(doctree)
        if not data["title"]:
            continue
        write_deck(app, module, data, Path(app.outdir) / DECK_DIR /
                   deck_file(module.rsplit("/", 1)[1]))
        written += 1
    if written:
        logger.info(f"handbok: {written} bildspel (PowerPoint) skrivna till {DECK_DIR}/")


def setup_slides(app: Sphinx) -> None:
    app.connect("build-finished", write_decks)
