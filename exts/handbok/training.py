"""Training material: facilitator notes, quoted policy wording, and the casebook in print.

- ``facilitator-note`` directive: notes for the person leading a session (time plan,
  discussion questions, exercises). Rendered only when ``handbok_trainer`` is true
  (``make trainer``); otherwise the body is never parsed, so nothing of it reaches any
  output (pages, search index, doctrees).
- ``policy-quote`` directive: shows the adopted wording of a method or goal, taken from the
  policy page at build time (single source), with a link back to it, and the policy's notice
  when its period or review date has passed.
- ``duties-title`` role: a heading over an actor's duties, ``## {duties-title}`Ditt ansvar
  <forvaltningscheferna>` ``. It reads as written while a policy that gives the actor duties is
  in force; when none is (its period has ended, it has been replaced or repealed, or it is only
  a proposal) the heading says so instead of teaching the duties as the reader's own:
  "Förvaltningschefernas ansvar enligt en strategi som har gått ut". Derived from the dates
  on every build, like the policies' notices; the heading's anchor stays the written one.
- ``handout`` role: a link to the printable PDF of a training module (participants' edition),
  ``{handout}`Skriv ut` `` on the module page itself or ``{handout}`Modul 1 <alla-medarbetare>` ``
  for another module in the same folder. ``make handouts`` writes the PDFs into the HTML
  output's ``utskrift/`` folder (``HANDOUT_DIR``), so the link is a plain relative address that
  Sphinx does not check; tests/test_handouts.py checks that every such link finds its PDF.
- In LaTeX builds the full text of every case study is added to the casebook chapter.
  Case pages are orphans (not in any toctree, so web navigation stays small), which would
  otherwise leave them out of the PDF.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import Inliner
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import split_explicit_title

from . import lifecycle
from .domain import note_ref, pending_view, query, register_view, subscribe
from .util import HANDOUT_DIR, READY_PACKS, handout_file, link, warn
from .vocabulary import Priority, Subtype, Topic

NOTE_TITLE = "Handledarens anteckningar"
HANDOUT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: A pack of modules that ``make handouts MODULER=1,3`` prints: ``paket-1-3``; the ready
#: packs (``util.READY_PACKS``) have names of their own.
PACK_NAME = re.compile(r"^paket(-\d+)+$")


def handout_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
                 options: dict[str, object] | None = None, content: list[str] | None = None
                 ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{handout}`text <module>` ``: link to the module's participants' PDF."""
    env = inliner.document.settings.env
    has_title, title, target = split_explicit_title(text)
    folder = posixpath.dirname(env.docname)
    module = target.strip() if has_title else posixpath.basename(env.docname)
    docname = posixpath.join(folder, module)
    pack = PACK_NAME.match(module) is not None or module in {p.name for p in READY_PACKS}
    if not HANDOUT_NAME.match(module) or (docname not in env.found_docs and not pack):
        warn(f"Det finns ingen modul som heter {module!r} i mappen {folder or '.'}. Skriv "
             "namnet på modulens fil utan .md, till exempel {handout}`Modul 1 "
             "<alla-medarbetare>`.", Subtype.BAD_HANDOUT, (env.docname, lineno))
        return [nodes.inline(rawtext, title)], []
    depth = env.docname.count("/")
    uri = "../" * depth + f"{HANDOUT_DIR}/{handout_file(module)}"
    node = nodes.reference(rawtext, title, refuri=uri, classes=["handbok-handout-link"])
    if not env.config.handbok_trainer:
        return [node], []
    if pack:  # a pack has no slide deck of its own
        own = "../" * depth + f"{HANDOUT_DIR}/{handout_file(module, 'handledare')}"
        label = "handledarens upplaga (PDF)"
        return [node, trainer_only(nodes.Text(" och "), nodes.reference(
            label, label, refuri=own, classes=["handbok-handout-link"]))], []
    # The trainers' build also links the facilitator's edition (make handouts copies both
    # editions into the trainers' output too) and the module's slide deck (slides.py).
    own = "../" * depth + f"{HANDOUT_DIR}/{handout_file(module, 'handledare')}"
    label = "Handledarens upplaga (PDF)"
    facilitator = nodes.reference(label, label, refuri=own,
                                  classes=["handbok-handout-link", "handbok-facilitator-link"])
    deck = "../" * depth + f"{HANDOUT_DIR}/{module}-bilder.pptx"
    label = "Bildspel (PowerPoint)"
    slides = nodes.reference(label, label, refuri=deck,
                             classes=["handbok-handout-link", "handbok-slides-link"])
    return [node, trainer_only(nodes.Text(", "), facilitator, nodes.Text(" och "), slides)], []


def trainer_only(*children: nodes.Node) -> nodes.inline:
    """What only the trainers' build adds to a line, in one ``handbok-trainer-only`` span: the
    readability report measures the line as in the public build, so both builds agree."""
    return nodes.inline("", "", *children, classes=["handbok-trainer-only"])


class FacilitatorNoteDirective(SphinxDirective):
    """``{facilitator-note} [title]``: shown only in the trainers' build."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        if not self.config.handbok_trainer:
            return []
        title = NOTE_TITLE
        if self.arguments:
            title = f"{NOTE_TITLE}: {self.arguments[0].strip()}"
        note = nodes.admonition(classes=["tip", "handbok-facilitator-note"])
        self.set_source_info(note)
        textnodes, _messages = self.state.inline_text(title, self.lineno)
        note += nodes.title(title, "", *textnodes)
        self.state.nested_parse(self.content, self.content_offset, note)
        return [note]


class PolicyQuoteDirective(SphinxDirective):
    """``{policy-quote} method-or-goal-id``: the adopted wording, quoted from the policy."""

    required_arguments = 1
    option_spec = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0].strip()
        subscribe(self.env, self.env.docname, Topic.target(target), Topic.policies())
        node = pending_view("policy-quote", self.env, target=target)
        self.set_source_info(node)
        return [node]


def resolve_policy_quote(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    idx = query(app.env)
    target = node["target"]
    rec = idx.targets.get(target)
    if rec is None:
        known = ", ".join(sorted(idx.targets)[:12])
        warn(f"Citatet hänvisar till '{target}', som inte är en metod eller ett mål i någon "
             f"policy. Kontrollera id:t. Kända id:n är till exempel: {known or 'inga'}.",
             Subtype.UNKNOWN_TARGET, node)
        text = f"[{target}]"
        return [nodes.paragraph(text, text, classes=["handbok-unknown"])]
    pol = idx.policy(rec["policy"])
    text = " ".join(rec["text"].split())
    quote = nodes.block_quote(classes=["handbok-policy-quote"])
    quote += nodes.paragraph(text, text)
    # A plain paragraph rather than docutils' attribution: same look in every builder.
    source = nodes.paragraph(classes=["handbok-policy-quote-source"])
    source += nodes.Text("Källa: ")
    source += link(app, fromdocname, rec["docname"], rec["anchor"], rec["label"])
    if pol is not None:
        source += nodes.Text(", ")
        source += link(app, fromdocname, pol["docname"], "", pol["title"])
    if pol is not None:
        status = lifecycle.status_for(idx, pol, app.config)
        if status.state != "gallande":
            word = lifecycle.status_word(status)
            source += nodes.Text(f" (status: {word})")
    quote += source
    if pol is not None:
        quote += lifecycle.notice_nodes(status, lifecycle.is_html(app), compact=True)
    return [quote]


# --- a heading over duties that follows the policies' status ---------------------------------

DUTIES_TITLE = "handbok-duties-title"
#: The states in which a policy gives its actors duties today (lifecycle.STATUS_WORDS).
IN_FORCE = ("gallande", "se-over")
#: How a heading says why the duties are not the reader's today, per state.
NOT_IN_FORCE = {"utgangen": "som har gått ut", "ersatt": "som har ersatts",
                "upphavd": "som har upphävts"}
#: The article of a kind of policy (vocabulary.POLICY_KINDS); "en" for any other.
ARTICLE = {"program": "ett"}


def duties_title_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
                      options: dict[str, Any] | None = None, content: list[str] | None = None
                      ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{duties-title}`heading <actor>` `` or ``<policy:actor>``: see the module docstring."""
    env = inliner.document.settings.env
    has_title, title, target = split_explicit_title(text)
    target = target.strip()
    if not has_title or not target:
        warn("Rubriken behöver både text och aktör, till exempel "
             "{duties-title}`Ditt ansvar <forvaltningscheferna>`.",
             Subtype.BAD_OPTION, (env.docname, lineno))
        return [nodes.inline(rawtext, title)], []
    policy, _, actor = target.rpartition(":")
    subscribe(env, env.docname, Topic.actor(actor), Topic.policies())
    note_ref(env, env.docname, "actor-duties", target, lineno)
    return [nodes.inline(rawtext, title, classes=[DUTIES_TITLE], actor=actor, policy=policy,
                         written=title)], []


def _genitive(label: str) -> str:
    return label if label[-1:].lower() in "sxz" else f"{label}s"


def duties_title_text(app: Sphinx, node: nodes.Element) -> str:
    """The heading as written while a policy that gives the actor duties is in force, else
    what the policies' status makes of it."""
    q = query(app.env)
    actor, only, written = node["actor"], node.get("policy"), str(node["written"])
    found = []
    for pol in q.policies_sorted():
        rec = q.actor(pol["id"], actor)
        if (only and pol["id"] != only) or rec is None or not q.duties_of(pol["id"], actor):
            continue
        found.append((pol, rec, lifecycle.status_for(q, pol, app.config).state))
    if not found or any(state in IN_FORCE for _p, _r, state in found):
        return written
    pol, rec, state = found[0]
    whose = _genitive(rec["label"])
    if len(found) > 1:
        return f"{whose} ansvar enligt styrdokument som inte längre gäller"
    kind = pol.get("kind") or "styrdokument"
    if state == "forslag":
        return f"{whose} ansvar enligt ett förslag till {kind}"
    reason = NOT_IN_FORCE.get(state, "som inte gäller")
    return f"{whose} ansvar enligt {ARTICLE.get(kind, 'en')} {kind} {reason}"


def _set_duties_titles(app: Sphinx, tree: nodes.Node) -> None:
    for node in list(tree.findall(nodes.inline)):
        if DUTIES_TITLE in node["classes"] and "actor" in node:
            text = duties_title_text(app, node)
            if node.astext() != text:
                node.children = []
                node += nodes.Text(text)


def resolve_duties_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    _set_duties_titles(app, doctree)


def duties_titles_in_tocs(app: Sphinx, env: BuildEnvironment) -> None:
    """The pages' tables of contents (made while reading, before every policy was known)
    carry the same heading as the page."""
    for toc in env.tocs.values():
        _set_duties_titles(app, toc)


# --- the casebook in full, LaTeX only ----------------------------------------------------------

FULL_CASES_TITLE = "Alla exempel i sin helhet"


class FullCasesTransform(SphinxPostTransform):
    """Append every case page to the casebook chapter of a LaTeX document.

    Runs on the assembled document before Sphinx resolves its references (priority 5, the
    resolver has 10), so citations of a case anywhere in the book, and the casebook's tables,
    link to the inlined case.
    """

    default_priority = 5
    builders = ("latex",)
    #: The application whose LaTeX builder learns of the inlined cases. Sphinx deprecates
    #: ``SphinxTransform.app`` (to go in Sphinx 11), so :func:`setup_training` registers a
    #: subclass bound to its own application.
    sphinx_app: Sphinx | None = None

    def run(self, **kwargs: object) -> None:
        from sphinx.builders.latex import LaTeXBuilder

        if self.sphinx_app is None:
            return
        builder = self.sphinx_app.builder
        # The pages of the document being assembled: a set (typed as any iterable by Sphinx).
        if not isinstance(builder, LaTeXBuilder) or not isinstance(builder.docnames, set):
            return


        if self.env.docname not in {entry[0] for entry in self.config.latex_documents}:
            return
        casebook = self.config.handbok_casebook
        chapter = None
        for sof in self.document.findall(addnodes.start_of_file):
            if sof["docname"] == casebook:
                chapter = next((c for c in sof.children if isinstance(c, nodes.section)), None)
                break
        if chapter is None:
            return
        env = self.env
        # Cases that already came in through a toctree are not printed twice.
        cases = [c for c in query(env).cases_sorted() if c["docname"] not in builder.docnames]
        if not cases:
            return
        # Known to the builder first, so links to any case resolve to a place in the document.
        for case in cases:
            builder.docnames.add(case["docname"])
        section = nodes.section(ids=["handbok-alla-exempel"], names=[FULL_CASES_TITLE.lower()])
        section += nodes.title(FULL_CASES_TITLE, FULL_CASES_TITLE)
        intro = ("Här följer alla exempel i exempelsamlingen, ett i taget, med fakta, vad som "
                 "gjordes och vilken effekt det fick.")
        section += nodes.paragraph(intro, intro)
        for case in cases:
            tree = env.get_doctree(case["docname"])
            # On its own page a case's rubrics are level-2 headings; inside this section they
            # would outrank the case's own title, so they become plain rubrics.
            for rubric in tree.findall(nodes.rubric):
                rubric.attributes.pop("heading-level", None)
            sof = addnodes.start_of_file(docname=case["docname"])
            sof.children = []
            for child in tree.children:
                if isinstance(child, nodes.section):
                    child.setdefault("docname", case["docname"])
                sof.append(child)
            # The label a link to the whole page points at (as Sphinx's DocumentTargetTransform
            # adds to pages that come in through a toctree).
            first = sof.next_node(nodes.section)
            if first is not None:
                first["ids"].append(":doc")
            section += sof
        chapter += section


def fit_matrices_on_paper(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """LaTeX only: a responsibility matrix has one column per actor; set it in a smaller
    font with a wide task column and narrow, centred role columns so it fits an A4 page."""
    if app.builder.format != "latex":
        return
    for table in list(doctree.findall(nodes.table)):
        if "handbok-matrix" not in table["classes"]:
            continue
        tgroup = next(iter(table.findall(nodes.tgroup)), None)
        actors = int(tgroup["cols"]) - 1 if tgroup is not None else 0
        if actors < 1:
            continue
        role_col = rf">{{\centering\arraybackslash}}\X{{64}}{{{100 * actors}}}"
        spec = rf"|>{{\raggedright\arraybackslash}}\X{{36}}{{100}}|*{{{actors}}}{{{role_col}|}}"
        # A matrix may be longer than a page: longtable breaks it and repeats the header row.
        if "longtable" not in table["classes"]:
            table["classes"].append("longtable")
        parent = table.parent
        pos = parent.index(table)
        parent.insert(pos + 1, nodes.raw("", "\\endgroup\n", format="latex"))
        parent.insert(pos, addnodes.tabular_col_spec(spec=spec))
        smaller = "\\begingroup\\footnotesize\\setlength{\\tabcolsep}{3pt}\n"
        parent.insert(pos, nodes.raw("", smaller, format="latex"))


def setup_training(app: Sphinx) -> None:
    app.add_directive("facilitator-note", FacilitatorNoteDirective)
    app.add_directive("policy-quote", PolicyQuoteDirective)
    app.add_role("handout", handout_role)
    app.add_role("duties-title", duties_title_role)
    app.connect("doctree-resolved", resolve_duties_titles)
    app.connect("env-updated", duties_titles_in_tocs)
    register_view("policy-quote", resolve_policy_quote)
    app.add_post_transform(type("FullCasesTransform", (FullCasesTransform,), {"sphinx_app": app}))
    # After the views' placeholders have become tables.
    app.connect("doctree-resolved", fit_matrices_on_paper, priority=Priority.LATEX_MATRICES)
