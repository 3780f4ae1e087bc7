""""Nytt och ändrat": every change across the handbook, newest first, as a page and an Atom
feed (issue 29). Derived from git and the records; nothing is written by hand.

- A policy's new wording: the commits that changed its adopted text or front matter (the
  same as the policy's own "Versionshistorik", :func:`handbok.gitlog.file_history`), with the
  commit's Swedish ``Sammanfattning:`` trailer.
- Case studies and training modules: the commit that added a file ("Nytt exempel", "Ny
  modul") and the later ones that changed it.

The directive ``{changes-list}`` writes the list (at most ``:limit:`` entries, 50 by default);
the HTML build also writes ``nytt.xml``, an Atom feed of the newest :data:`FEED_ENTRIES`, for
the intranet's news module, and every page links it (``<link rel="alternate">``). Absolute
addresses in the feed need ``html_baseurl`` in conf.py. Outside git the page says so.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from . import frontmatter
from .gitlog import NO_GIT, REC, SEP, _git, build_head, file_history, git_head, summary_of
from .state import build_memo, build_state, read_in_this_build

FEED = "nytt.xml"
FEED_ENTRIES = 30
ATOM = "http://www.w3.org/2005/Atom"
#: The feed's and the entries' ids (RFC 4151 tag URIs): stable across hosts and builds.
TAG = "tag:handbok-internationellt-arbete,2026:"

#: (folder, kind shown, word for a new file): what counts as a case or a module.
AREAS = (("casebook", "Exempel", "Nytt exempel"),
         ("docs/utbildning", "Utbildningsmodul", "Ny modul"))


@dataclass(frozen=True)
class Change:
    date: str
    #: ISO time of the commit (the feed's updated).
    time: str
    commit: str
    kind: str
    what: str
    docname: str
    title: str
    summary: str


def _title(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return path.stem
    match = re.search(r"^#\s+(.+?)\s*$", text, re.M)
    return match.group(1) if match else path.stem


def _docname(srcdir: Path, path: str) -> str:
    return str(Path(path).with_suffix("")).replace("\\", "/")


def collect(srcdir: Path, found_docs: set[str]) -> list[Change] | None:
    """Every change, newest first; None outside git."""
    srcdir = Path(srcdir)
    if git_head(srcdir) is None:
        return None
    changes: list[Change] = []
    times: dict[str, str] = {}
    # Cases and modules: one git log for all of them.
    out = _git(srcdir, "log", "--name-status", "--no-renames",
               f"--format={REC}%H{SEP}%cs{SEP}%cI{SEP}%B{SEP}", "--",
               *[area for area, _, _ in AREAS], "policy") or ""
    for record in out.split(REC):
        parts = record.split(SEP)
        if len(parts) != 5:
            continue
        commit, date, time, message, files = parts
        times[commit] = time
        for line in files.strip().splitlines():
            status, _, path = line.partition("\t")
            doc = _docname(srcdir, path)
            if not path.endswith(".md") or doc not in found_docs or path.endswith("index.md"):
                continue
            for area, kind, new in AREAS:
                if path.startswith(area + "/") and status[:1] in "AM":
                    what = new if status.startswith("A") else "Ändrat" if kind == "Exempel" \
                        else "Ändrad"
                    changes.append(Change(date, time, commit, kind, what, doc,
                                          _title(srcdir / path), summary_of(message)))
    # Policies: the commits that changed the adopted text, as the policy page shows them.
    for page in sorted((srcdir / "policy").rglob("*.md")):
        doc = _docname(srcdir, page.relative_to(srcdir).as_posix())
        if doc not in found_docs or page.name == "index.md":
            continue
        fm = frontmatter.read(page.read_text(encoding="utf-8", errors="replace"))
        if fm is None or not fm.values.get("policy"):
            continue  # a page about policies, not a policy
        history = file_history(page) or []
        for i, entry in enumerate(history):
            # The text or the front matter changed (the summary says which).
            what = "Nytt styrdokument" if i == len(history) - 1 else "Ändrat"
            changes.append(Change(entry["date"], times.get(entry["commit"], entry["date"]),
                                  entry["commit"], "Styrdokument", what, doc, _title(page),
                                  entry["summary"]))
    return sorted(changes, key=lambda c: (c.time, c.kind, c.docname), reverse=True)


class ChangesList(SphinxDirective):
    """``{changes-list}``: the handbook's changes, newest first."""

    option_spec = {"limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        env = self.env
        _pages(env)[env.docname] = True
        changes = _cached(env)
        if changes is None:
            return [nodes.paragraph(text=NO_GIT)]
        if not changes:
            return [nodes.paragraph(text="Inget har ändrats ännu.")]
        listing = nodes.bullet_list(classes=["handbok-changes"])
        for change in changes[: self.options.get("limit", 50)]:
            para = nodes.paragraph()
            para += nodes.strong(text=f"{change.date} ")
            para += nodes.Text(f"{change.kind}, {change.what.lower()}: ")
            ref = addnodes.pending_xref("", refdomain="std", reftype="doc",
                                        reftarget="/" + change.docname, refexplicit=True,
                                        refdoc=env.docname)
            ref += nodes.inline(text=change.title)
            para += ref
            item = nodes.list_item("", para)
            if change.summary:
                item += nodes.paragraph(text=f"Sammanfattning: {change.summary}")
            listing += item
        feed = nodes.paragraph()
        feed += nodes.Text("Samma lista finns som Atom-flöde för intranätets nyhetsmodul: ")
        feed += nodes.reference("", FEED, refuri=_relative_feed(env.docname))
        feed += nodes.Text(".")
        return [feed, listing]


def _relative_feed(docname: str) -> str:
    return "../" * docname.count("/") + FEED


def _pages(env: BuildEnvironment) -> dict[str, bool]:
    """The pages that show the list (handbok.state: in the domain's data)."""
    pages: dict[str, bool] = build_state(env, "changes-pages", dict)
    return pages


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _pages(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str],
           other: BuildEnvironment) -> None:
    theirs = _pages(other)
    _pages(env).update({d: True for d in docnames if d in theirs})


def _found_digest(found_docs: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(found_docs)).encode("utf-8")).hexdigest()


def _cached(env: BuildEnvironment, read: set[str] | None = None) -> list[Change] | None:
    """The changes, collected again only when the commit or the set of pages changed, or a
    policy page was read again; ``read``: the pages read in this build, whose titles are
    read again unless the list was collected in this build (what :func:`collect` gives)."""
    head = build_head(env)
    cached: dict[str, Any] = build_state(env, "changes", dict)
    fresh = build_memo(env)
    found = _found_digest(env.found_docs)
    if (cached.get("head", "-") != head or "list" not in cached
            or cached.get("found", found) != found
            or (not fresh.get("changes") and any(d.startswith("policy/") for d in read or ()))):
        cached.update(head=head, found=found, list=collect(env.srcdir, set(env.found_docs)))
        fresh["changes"] = True
    elif read and cached["list"] and not fresh.get("changes"):
        srcdir = Path(env.srcdir)
        cached["list"] = [dataclasses.replace(c, title=_title(srcdir / f"{c.docname}.md"))
                          if c.docname in read else c for c in cached["list"]]
        fresh["changes"] = True
    cached.setdefault("found", found)
    changes: list[Change] | None = cached["list"]
    return changes


def _keep_for_feed(app: Sphinx, env: BuildEnvironment) -> None:
    """The changes the feed is written from, worked out before Sphinx stores the environment,
    so the next build finds them there (issue 30: every build asked git for the whole history
    and read the title of every case to write the feed)."""
    if app.builder.format == "html" and app.builder.name == "html":
        _cached(env, read_in_this_build(env))


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    """The pages with the list are read again when the git history moved on."""
    head = build_head(env)
    seen = build_state(env, "changes-head", dict)
    if seen.get("head", "-") == head:
        return []
    seen["head"] = head
    return sorted(d for d in _pages(env) if d in env.all_docs and d not in removed)


def _feed_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: nodes.document | None) -> None:
    if app.builder.format == "html":
        href = "../" * pagename.count("/") + FEED
        context["metatags"] = context.get("metatags", "") + (
            f'<link rel="alternate" type="application/atom+xml" '
            f'title="{html.escape(app.config.project)}: nytt och ändrat" href="{href}" />\n')


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    """``nytt.xml``: the newest changes as Atom."""
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    changes = _cached(app.env)
    if changes is None:
        return
    base = (app.config.html_baseurl or "").rstrip("/")
    pages = sorted(_pages(app.env))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "sv"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    def url(docname: str) -> str:
        path = app.builder.get_target_uri(docname)
        return f"{base}/{path}" if base else path

    sub(feed, "id", f"{TAG}nytt")
    sub(feed, "title", f"{app.config.project}: nytt och ändrat")
    updated = changes[0].time if changes else datetime.now(UTC).isoformat(timespec="seconds")
    sub(feed, "updated", _rfc3339(updated))
    sub(feed, "link", rel="self", href=(f"{base}/{FEED}" if base else FEED))
    if pages:
        sub(feed, "link", rel="alternate", type="text/html", href=url(pages[0]))
    author = sub(feed, "author")
    sub(author, "name", app.config.author or app.config.project)
    for change in changes[:FEED_ENTRIES]:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{TAG}{change.commit}/{quote(change.docname)}")
        sub(entry, "title", f"{change.kind}, {change.what.lower()}: {change.title}")
        sub(entry, "updated", _rfc3339(change.time))
        sub(entry, "link", rel="alternate", type="text/html", href=url(change.docname))
        sub(entry, "category", term=change.kind)
        sub(entry, "summary", change.summary or f"{change.what}: {change.title}.")
    tree = ET.ElementTree(feed)
    ET.indent(tree)
    tree.write(Path(app.outdir) / FEED, encoding="utf-8", xml_declaration=True)


def _rfc3339(value: str) -> str:
    """A commit's ISO time (or a date) as RFC 3339."""
    if len(value) == 10:
        return f"{value}T00:00:00Z"
    return datetime.fromisoformat(value).isoformat()


def setup_changes(app: Sphinx) -> None:
    app.add_directive("changes-list", ChangesList)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("html-page-context", _feed_link)
    app.connect("env-updated", _keep_for_feed)
    app.connect("build-finished", write_feed)
