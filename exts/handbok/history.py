"""Version history of policy pages, from git.

On every policy page (a page with ``policy:`` in its front matter):

- the header gets a "Senast ändrad" field: the date of the last commit that touched the source;
- the end of the page gets a "Versionshistorik" table: date and Swedish summary of each commit
  that changed the adopted text or the front matter (``git log --follow``, so a moved file
  keeps its history). A commit that only changed the handbook's markup (roles, directives,
  their options, list numbers) is left out. The summary is the commit message's trailer
  ``Sammanfattning: <en mening>`` (the pull request template asks for it); a commit without
  one says so in Swedish instead of showing the developers' (English) message;
- when other policy pages have the same municipality and kind (an older version kept beside
  the current one), a "Versioner av dokumentet" list links them all and marks the one that is
  gällande.

Outside a git repository (or without git) the page says that the history is not available;
the build does not fail. git is asked once per policy page when the page is read, and once per
build for the current commit: when it changed, policy pages are read again so the history is
never stale, while other pages are not touched.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .domain import domain, pending_view, query, register_view, subscribe
from .gitlog import (  # noqa: F401 - the names history.py has always had
    _FENCE,
    _LINK,
    _LIST,
    _MARKS,
    _OPTION,
    _ROLE,
    _TARGET,
    _TRAILER_RE,
    NO_GIT,
    NO_SUMMARY,
    REC,
    SEP,
    TRAILER,
    UNCOMMITTED,
    HistoryEntry,
    _git,
    adopted_parts,
    build_head,
    file_history,
    has_uncommitted_changes,
    summary_of,
)
from .state import build_state
from .util import link
from .vocabulary import Priority, Topic


def add_history(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    rec = domain(env).records("policies", docname)
    if rec is None:
        return
    source = Path(env.doc2path(docname))
    history = file_history(source)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    _add_last_changed(doctree, history)
    # Other versions of the same document, right after the header.
    header = next((n for n in section.findall(nodes.container)
                   if "handbok-policy-meta" in n["classes"]), None)
    versions = pending_view("policy-versions", env, municipality=rec["municipality"],
                            policy_kind=rec["kind"])
    subscribe(env, docname, Topic.policies())
    if header is not None:
        header.parent.insert(header.parent.index(header) + 1, versions)
    else:
        section.insert(1, versions)
    section += _history_block(history, source)


def _add_last_changed(doctree: nodes.document, history: list[HistoryEntry] | None) -> None:
    fields = next((n for n in doctree.findall(nodes.field_list)
                   if "handbok-policy-meta-fields" in n["classes"]), None)
    if fields is None:
        return
    body = nodes.paragraph()
    if history:
        body += nodes.Text(history[0]["date"])
    else:
        body += nodes.emphasis("uppgift saknas", "uppgift saknas", classes=["handbok-missing"])
    label = "Senast ändrad"
    fields += nodes.field("", nodes.field_name(label, label), nodes.field_body("", body),
                          classes=["handbok-last-changed"])


def _history_block(history: list[HistoryEntry] | None, source: Path) -> nodes.Node:
    box = nodes.container(classes=["handbok-history"], ids=["versionshistorik"])
    title = "Versionshistorik"
    box += nodes.rubric(title, title)
    if history is None:
        box += nodes.paragraph(NO_GIT, NO_GIT, classes=["handbok-empty"])
        return box
    intro = ("Tabellen visar varje sparad ändring av dokumentets text och av uppgifterna om "
             "dokumentet. Alla ändringar granskas innan de publiceras.")
    box += nodes.paragraph(intro, intro)
    if has_uncommitted_changes(source):
        box += nodes.paragraph(UNCOMMITTED, UNCOMMITTED, classes=["handbok-uncommitted"])
    if not history:
        text = "Texten har ännu inga sparade ändringar."
        box += nodes.paragraph(text, text, classes=["handbok-empty"])
        return box
    table = nodes.table(classes=["handbok-history-table"], ids=["versionshistorik-tabell"])
    caption = "Sparade ändringar, den senaste först"
    table += nodes.title(caption, caption)
    tgroup = nodes.tgroup(cols=2)
    table += tgroup
    tgroup += nodes.colspec(colwidth=12)
    tgroup += nodes.colspec(colwidth=60)
    thead = nodes.thead()
    tgroup += thead
    head = nodes.row()
    thead += head
    for label in ("Datum", "Ändring"):
        head += nodes.entry("", nodes.paragraph(label, label))
    tbody = nodes.tbody()
    tgroup += tbody
    for entry in history:
        row = nodes.row()
        tbody += row
        row += nodes.entry("", nodes.paragraph(entry["date"], entry["date"]))
        if entry["summary"]:
            summary = nodes.paragraph(entry["summary"], entry["summary"])
        else:
            summary = nodes.paragraph("", "", nodes.emphasis(NO_SUMMARY, NO_SUMMARY),
                                      classes=["handbok-missing"])
        row += nodes.entry("", summary)
    box += table
    return box


def resolve_versions(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    same = [p for p in query(app.env).policies.values()
            if p["municipality"] == node["municipality"] and p["kind"] == node["policy_kind"]]
    if len(same) < 2:
        return []
    order = {"gällande": 0, "förslag": 1, "upphävd": 2}
    same.sort(key=lambda p: (order.get(p["status"], 3), p["valid"], p["version"]), reverse=False)
    box = nodes.container(classes=["handbok-versions"])
    title = "Versioner av dokumentet"
    box += nodes.rubric(title, title)
    items = nodes.bullet_list()
    for pol in same:
        para = nodes.paragraph()
        status = pol["status"] or "status saknas"
        if pol["docname"] == fromdocname:
            para += nodes.strong(pol["title"], pol["title"])
            para += nodes.Text(" (den här sidan)")
        else:
            para += link(app, fromdocname, pol["docname"], "", pol["title"])
        details = [f"version {pol['version']}" if pol["version"] else "",
                   f"giltighetstid {pol['valid']}" if pol["valid"] else ""]
        para += nodes.Text(": " + ", ".join(d for d in details if d) + ", " if any(details)
                           else ": ")
        if status == "gällande":
            para += nodes.strong("gällande", "gällande", classes=["handbok-current"])
        else:
            para += nodes.Text(status)
        items += nodes.list_item("", para)
    box += items
    return [box]


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:

    """Read policy pages again when the git history moved on since the last build."""
    head = build_head(env)
    last = build_state(env, "git-head", dict)
    previous = last.get("head")
    last["head"] = head
    if head == previous:
        return []
    return sorted(d for d in domain(env).data["policies"] if d not in removed)


def setup_history(app: Sphinx) -> None:
    # After policy.py has read the front matter (600) and assigned the page's policy (610).
    app.connect("doctree-read", add_history, priority=Priority.HISTORY)
    app.connect("env-get-outdated", _outdated)
    register_view("policy-versions", resolve_versions)
