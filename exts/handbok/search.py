"""The site's search page: Sphinx's own search, made to work for a Swedish handbook.

Two halves:

- At build time, :class:`SearchSwedishHandbok` (Sphinx's Swedish search language with the
  Snowball stemmer) also indexes the compounds that hyphenated coordination leaves out of
  the text: "närings- och föreningsliv" is indexed as "näringsliv" too, so a reader who
  types the whole word finds it. The search index's objects get their real anchors (Sphinx
  shortens an anchor equal to the object's name and rebuilds it from the *title*, so every
  method and goal linked to ``#Samarbete med vänorter``); a case or policy object, which
  only repeats its page, stays out of the index.
- In the browser, ``static/handbok-search.js`` (loaded on ``search.html`` only) reads the
  query against the index's own vocabulary: a word the index does not hold is split into
  known parts (Swedish linking morphemes -s-, -e-, -a-, -u-, -o-), matched without å/ä/ö,
  or matched with one or two edits; a corrected hit ranks below an exact one. It ranks
  adopted policy text first, then training and follow-up, then the casebook, then editorial
  pages (a role's page ranks with the training only when the query asks who, or names the
  role or one of its bodies: ``role_names``); a case among the first five brings its type's
  page right after it (``case_type_pages``); a question whom to turn to brings the asked
  role's page (``asked_roles``), and one whether a policy still applies the pages that say
  which policies apply today (``status_pages``), up with the policies; it links each text
  hit to the anchor (method, goal, duty or section) whose passage matched, with that
  passage as the snippet; a search with no result says so in Swedish and offers "Menade du
  …" when a near word exists.

Measured against Pagefind and Sphinx as it comes on Swedish queries (``make bench-search``,
tests/bench/search.py); the figures are on docs/sokning.md.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.search import languages
from sphinx.search.sv import SearchSwedish

from .domain import query, subscribers, type_page
from .vocabulary import LISTING_OWN, READER_ROLES, ROLE_FOLDER, Priority, Topic

SCRIPT = "handbok-search.js"
CONFIG_SCRIPT = "handbok-search-config.js"
STATIC = str(Path(__file__).parent / "static")

#: How results rank, by the folder of their page: the first matching prefix gives the tier
#: (lower first). Pages under no prefix are editorial (the handbook's own pages).
TIERS: list[tuple[str, int]] = [
    ("policy/", 1),
    ("docs/utbildning/", 1),
    ("docs/uppfoljning/", 1),
    ("casebook/", 2),
]
EDITORIAL_TIER = 3

#: "närings- och föreningsliv", "bygg-, miljö- och hälsoskyddsnämnden": parts that end in a
#: hyphen, joined to a last word by och/eller/samt/respektive or a comma.
_COORDINATION = re.compile(
    r"\b((?:\w{2,}-\s*,?\s*)+)(?:och|eller|samt|respektive|&)\s+(\w{4,})", re.UNICODE)
_PART = re.compile(r"(\w{2,})-", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)


def _heads(last: str, words: set[str]) -> list[str]:
    """The possible heads of a compound: what follows its first part. The endings that are
    words of their own in the same text (förskole|verksamhet), else what follows each
    linking -s- (the last: förenings|liv, hälsoskydds|nämnden)."""
    known = [last[i:] for i in range(3, len(last) - 3) if last[i:] in words]
    if known:
        return known[:1]
    cut = last.rfind("s", 3, len(last) - 3)
    return [last[cut + 1:]] if cut > 0 else []


def coordinated_compounds(text: str) -> list[str]:
    """The whole words that hyphenated coordination abbreviates.

    "närings- och föreningsliv" gives "näringsliv", "bygg-, miljö- och hälsoskyddsnämnden"
    gives "byggnämnden" and "miljönämnden": each hyphenated part joined to the last word's
    head (see :func:`_heads`).
    """
    out: list[str] = []
    words: set[str] | None = None
    for match in _COORDINATION.finditer(text):
        if words is None:
            words = {w.lower() for w in _WORD.findall(text)}
        for head in _heads(match.group(2).lower(), words):
            out += [part.lower() + head for part in _PART.findall(match.group(1))]
    return out


#: Common Swedish strong and irregular verbs: the infinitive, then its other forms (present,
#: past, supine; a participle where it is not the supine's -it turned into -en/-et/-na). One
#: compact table for both halves: the index adds the infinitive for each form, and
#: handbok-search.js reads a query's form the same way (it gets :data:`FORMS` in its config).
STRONG_VERBS = """
binda binder band bundit|bjuda bjuder bjöd bjudit|bli blir blev blivit|bryta bryter bröt brutit
bära bär bar burit|dra drar drog dragit|driva driver drev drivit|dricka dricker drack druckit
falla faller föll fallit|finna finner fann funnit|flyga flyger flög flugit|få får fick fått
ge ger gav gett givit|gripa griper grep gripit|gå går gick gått gången gångna
göra gör gjorde gjort gjord gjorda|hinna hinner hann hunnit|hålla håller höll hållit
komma kommer kom kommit|kunna kan kunde kunnat|ligga ligger låg legat|ljuga ljuger ljög ljugit
låta låter lät låtit|lägga lägger lade lagt lagd lagda|se ser såg sett sedd sedda
sitta sitter satt suttit|sjunga sjunger sjöng sjungit|skina skiner sken skinit
skjuta skjuter sköt skjutit|skriva skriver skrev skrivit|skära skär skar skurit
slå slår slog slagit|slita sliter slet slitit|sova sover sov sovit
springa springer sprang sprungit|sticka sticker stack stuckit|stiga stiger steg stigit
stjäla stjäl stal stulit|stryka stryker strök strukit|stå står stod stått
säga säger sade sa sagt sagd sagda|sälja säljer sålde sålt såld sålda
sätta sätter satte satt satta|ta tar tog tagit|vara är var varit|veta vet visste vetat
vilja vill ville velat|vinna vinner vann vunnit|välja väljer valde valt vald valda
växa växer växte vuxit|äta äter åt ätit
"""

#: Verb particles and prefixes: "följa upp" is "uppfölja" (uppföljning), "framtagen" is
#: "fram" + the participle of "ta", "beskrev" is "be" + the past of "skriva".
PARTICLES = ("upp", "fram", "ut", "in", "av", "bort", "ihop", "över", "tillbaka", "undan",
             "igenom", "fast")
PREFIXES = PARTICLES + ("an", "be", "er", "för", "före", "till", "på", "om", "under",
                        "efter", "sam", "åter", "ned", "ner", "med", "mot", "genom")


#: Nouns made from a strong verb with a particle or prefix, and the verb: "översyn" is read
#: as "överse" ("ses över"), "genomgång" as "genomgå". Only after a prefix (a bare "gång" or
#: "val" is a word of its own), in the text and in a query alike.
VERB_NOUNS = {"syn": "se", "gång": "gå", "tag": "ta", "drag": "dra", "slag": "slå",
              "skrift": "skriva", "grepp": "gripa", "brott": "bryta", "fall": "falla",
              "val": "välja", "stånd": "stå", "sats": "sätta", "bud": "bjuda"}


def strong_forms() -> dict[str, str]:
    """Each form of :data:`STRONG_VERBS` and its infinitive (a supine in -it also gives the
    participles in -en, -et and -na: skrivit, skriven, skrivet, skrivna)."""
    forms: dict[str, str] = {}
    for entry in STRONG_VERBS.replace("\n", "|").split("|"):
        words = entry.split()
        if not words:
            continue
        for form in words[1:]:
            forms.setdefault(form, words[0])
            if form.endswith("it"):
                for ending in ("en", "et", "na"):
                    forms.setdefault(form[:-2] + ending, words[0])
    return forms


def _verb(word: str, forms: dict[str, str]) -> str | None:
    """The infinitive of a strong verb's form, with its prefix (framtagen: "framta",
    beskrev: "beskriva"), or None."""
    if word in forms:
        return forms[word]
    for prefix in PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= 3 and rest in forms:
            return prefix + forms[rest]
        if word.startswith(prefix) and rest in VERB_NOUNS:
            return prefix + VERB_NOUNS[rest]
    return None


#: A weak verb's endings and what its infinitive ends in instead, first match wins; also read
#: by handbok-search.js (in its config).
WEAK_ENDINGS = (("ade", "a"), ("at", "a"), ("ar", "a"), ("de", "a"), ("te", "a"),
                ("er", "a"), ("t", "a"), ("s", ""))


def _weak_infinitive(word: str) -> str:
    """A guess at a weak verb's infinitive from its form (följde, följt, följer: följa)."""
    for ending, repl in WEAK_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + repl
    return word


#: Each strong verb's form and its infinitive (:func:`strong_forms`); also read by
#: handbok-search.js (in its config), so both halves read a form alike.
FORMS = strong_forms()


def verb_readings(words: list[str],
                  infinitive: Callable[[str], str | None] | None = None) -> list[str]:
    """The verb readings of a text's words, to be indexed beside them: the infinitive of a
    strong verb's form ("skrev" also as "skriva"), and a particle verb as one word, as its
    noun is written ("följer upp" also as "uppfölja", "tog fram" as "framta").
    ``infinitive``: :func:`_verb` with :data:`FORMS`, or a memo of it (the index's)."""
    verb_of = infinitive or (lambda word: _verb(word, FORMS))
    out: list[str] = []
    lower = [w.lower() for w in words]
    for n, word in enumerate(lower):
        verb = verb_of(word)
        if verb:
            out.append(verb)
        if n + 1 < len(lower) and lower[n + 1] in PARTICLES and len(word) >= 2 \
                and word.isalpha():
            out.append(lower[n + 1] + (FORMS.get(word) or _weak_infinitive(word)))
    return out


class SearchSwedishHandbok(SearchSwedish):
    """Sphinx's Swedish search language, with hyphenated coordination made whole."""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        #: The stems of this index's words. The indexer stems every word of every page, and
        #: Snowball's Python stemmer keeps no cache: 200,000 stems of a few thousand words at
        #: 1,000 cases, half a second of a full build (issue 30).
        self.stems: dict[str, str] = {}
        #: The strong verbs' infinitives of this index's words (None: not a strong verb's
        #: form); every word is looked up with each prefix, so once per word, not per use.
        self.infinitives: dict[str, str | None] = {}

    def stem(self, word: str) -> str:
        stem = self.stems.get(word)
        if stem is None:
            stem = self.stems[word] = super().stem(word)
        return stem

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's signature
        words = super().split(input)
        return words + coordinated_compounds(input) + verb_readings(words, self.infinitive)

    def infinitive(self, word: str) -> str | None:
        if word not in self.infinitives:
            self.infinitives[word] = _verb(word, FORMS)
        return self.infinitives[word]

    def word_filter(self, word: str) -> bool:
        """Sphinx leaves numbers out; a four-digit number (a year: "uppföljning 2023") is
        indexed."""
        if word.isdigit():
            return len(word) == 4
        return bool(super().word_filter(word))


def _register_language(app: Sphinx) -> None:
    languages["sv"] = SearchSwedishHandbok


def _static_dir(app: Sphinx) -> None:
    if app.builder.format == "html" and STATIC not in app.config.html_static_path:
        app.config.html_static_path.append(STATIC)


def _search_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: nodes.document | None) -> None:
    if pagename == "search":
        tiers = {"tiers": search_tiers(app.env),
                 "editorial": EDITORIAL_TIER, "forms": FORMS, "verb_nouns": VERB_NOUNS,
                 "weak_endings": WEAK_ENDINGS,
                 "particles": PARTICLES, "prefixes": PREFIXES, "role_names": role_names(),
                 "asked_roles": asked_roles(), "status_pages": status_pages(app.env),
                 **case_type_pages(app.env)}
        # A file, not an inline script: the site's Content-Security-Policy allows scripts
        # from files only (handbok.csp).
        static = Path(app.builder.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / CONFIG_SCRIPT).write_text(f"var HANDBOK_SEARCH = {json.dumps(tiers)};\n",
                                            encoding="utf-8")
        app.add_js_file(CONFIG_SCRIPT)
        app.add_js_file(SCRIPT, loading_method="defer")


def _real_anchors(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: nodes.document | None) -> None:
    """Give the indexer's objects their real anchors (once, before the index is written)."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or getattr(indexer, "_handbok_anchors", False):
        return
    indexer._handbok_anchors = True
    original = indexer.get_objects

    def get_objects(fn2index: dict[str, int]) -> dict[str, list[tuple[int, int, int, str, str]]]:
        objects: dict[str, list[tuple[int, int, int, str, str]]] = original(fn2index)
        domain = app.env.domains["handbok"]
        anchors: dict[tuple[int, str], str] = {}
        for fullname, dispname, _kind, docname, anchor, _prio in domain.get_objects():
            if docname in fn2index and anchor == fullname and fullname != dispname:
                anchors[fn2index[docname], dispname] = anchor
        names = {index: name for (dom, name), index in indexer._objtypes.items()
                 if dom == "handbok"}
        for prefix, entries in objects.items():
            kept = []
            for doc, typ, prio, short, name in entries:
                if typ in names and names[typ] in ("case", "policy"):
                    continue
                full = f"{prefix}.{name}" if prefix else name
                if typ in names and short == "" and (doc, full) in anchors:
                    short = anchors[doc, full]
                kept.append((doc, typ, prio, short, name))
            entries[:] = kept
        return objects

    indexer.get_objects = get_objects


def search_tiers(env: BuildEnvironment) -> list[tuple[str, int]]:
    """The ranking tiers by docname prefix, first match wins: the adopted texts themselves
    (the pages of the policy records) at 0, the other pages of their folder (lists, per-actor
    views) with the training at 1; a page that matches none is editorial."""
    policies = sorted({rec["docname"] for rec in query(env).policies.values()})
    return [(name, 0) for name in policies] + TIERS


def role_names() -> dict[str, list[str]]:
    """Each reader role's page and the names it answers to: the role and the bodies whose
    duties it shows ("fullmäktige" finds "Jag är förtroendevald")."""
    return {f"{ROLE_FOLDER}/{reader.slug}":
            list(dict.fromkeys([reader.label, *sorted(reader.kinds), *reader.words]))
            for reader in READER_ROLES}


def asked_roles() -> list[str]:
    """The pages of the roles a reader turns to with a question ("vem frågar jag om …")."""
    return [f"{ROLE_FOLDER}/{reader.slug}" for reader in READER_ROLES if reader.asked]


def status_pages(env: BuildEnvironment) -> list[str]:
    """The pages that say which policies apply today (the policy list, the editors'
    review): the answer to a question whether a policy still applies ("gäller strategin
    fortfarande")."""
    return subscribers(env, Topic.policy_status())


def case_type_pages(env: BuildEnvironment) -> dict[str, Any]:
    """Where the search finds each case's type page (domain.type_page), kept small for a
    casebook of thousands: the folders whose front page is the type page of the cases in
    them (``type_folders``), and only the cases whose type page is elsewhere
    (``type_pages``)."""
    folders: set[str] = set()
    elsewhere: dict[str, str] = {}
    for case in query(env).cases_sorted():
        docname = case.get("docname")
        page = type_page(env, docname) if docname else None
        if not docname or page is None:
            continue
        folder = posixpath.dirname(docname)
        if page == posixpath.join(folder, "index"):
            folders.add(folder)
        else:
            elsewhere[docname] = page
    return {"type_folders": sorted(folders), "type_pages": elsewhere}


def _listings_unsearched(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A page that lists other pages by their titles (the cases under a method, the
    activities of a year) is not about their words: those list items and table rows stay out
    of its search entry, so a search for a case's words finds the case, not every list of it.
    """
    titles = app.env.titles
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        if not ref.get("internal") or not uri or uri.startswith("#"):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(docname),
                                                   uri.split("#")[0]))
        target = target.removesuffix(app.builder.out_suffix if hasattr(app.builder, "out_suffix")
                                     else ".html")
        if target == docname or target not in titles:
            continue
        if ref.astext().strip() != titles[target].astext().strip():
            continue
        block = ref.parent
        while block is not None and not isinstance(block, (nodes.list_item, nodes.row)):
            block = block.parent
        # A list whose items are the page's own facts about the pages (the policy list: each
        # policy's validity and status) is what the page is about.
        if block is not None and LISTING_OWN in block["classes"]:
            continue
        if block is not None and "no-search" not in block["classes"]:
            block["classes"].append("no-search")


#: A short quoted stretch of prose: a word or phrase the text names rather than uses
#: (straight, Swedish ”…”, English “…”, and guillemet quotes). It neither begins nor ends
#: with a space: Swedish writes ” on both sides, so in ”<code>” och ”ett ord”, where the
#: first quote's pair is in another node, ” och ” is the text between two quotes.
_QUOTE = "\"”“„»«"
_MENTION = re.compile(rf"[{_QUOTE}](?=[^\s{_QUOTE}])[^{_QUOTE}\n]{{1,80}}(?<=\S)[\"”“»«]")


def _mentions_unsearched(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On an editorial page, a quoted word or phrase is named, not used: the search page's
    examples ("vänortssamarbete"), the reference's titles ("Jag är förtroendevald"). It stays
    out of the page's search entry (Sphinx skips the ``no-search`` class), so a query for
    those words finds the pages about them, not the page that quotes them."""
    if any(docname.startswith(prefix) for prefix, _tier in search_tiers(app.env)):
        return
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or isinstance(parent, (nodes.literal, nodes.literal_block,
                                                 nodes.title, nodes.raw)):
            continue
        source = str(text)
        if not _MENTION.search(source):
            continue
        pieces: list[nodes.Node] = []
        at = 0
        for found in _MENTION.finditer(source):
            if found.start() > at:
                pieces.append(nodes.Text(source[at:found.start()]))
            pieces.append(nodes.inline(found.group(0), found.group(0), classes=["no-search"]))
            at = found.end()
        if at < len(source):
            pieces.append(nodes.Text(source[at:]))
        parent.replace(text, pieces)


#: The classes of the views that repeat the adopted text word for word: a quoted passage
#: (policy-quote), an actor's duties (actor-duties) and the responsibility matrix, as a table
#: and as its list by duty.
QUOTE_CLASSES = ("handbok-policy-quote", "handbok-actor-duties", "handbok-matrix",
                 "handbok-matrix-by-duty")
#: The parts of a policy quote that are the handbook's own: its source and status notices.
QUOTE_OWN = ("handbok-policy-quote-source", "handbok-lifecycle")


def _quotes_unsearched(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A page that quotes the adopted text (``policy-quote``: a training module) teaches it,
    and its quotes repeat the policy: on that page, the quoted passages, duty lists and
    matrices stay out of the search entry. A search for the policy's words finds the policy
    first and then the pages with text of their own about them, not every module that quotes
    them; a module is found by its own text (its goals, questions and explanations). A page
    made only of such views (a role's duties, the matrix) keeps them: they are its text."""
    if app.builder.format != "html":
        return
    quoted = [node for node in doctree.findall(nodes.Element)
              if any(name in node["classes"] for name in QUOTE_CLASSES)]
    if not any("handbok-policy-quote" in node["classes"] for node in quoted):
        return
    for node in quoted:
        # A quote's source line ("Källa: …", with the policy's status) and its notices of a
        # later status are the handbook's own words.
        parts = ([child for child in node.children if isinstance(child, nodes.Element)
                  and not any(name in child["classes"] for name in QUOTE_OWN)]
                 if "handbok-policy-quote" in node["classes"] else [node])
        for part in parts:
            if "no-search" not in part["classes"]:
                part["classes"].append("no-search")


def setup_search(app: Sphinx) -> None:
    _register_language(app)
    app.connect("builder-inited", _static_dir)
    app.connect("html-page-context", _search_script)
    app.connect("html-page-context", _real_anchors)
    app.connect("doctree-resolved", _listings_unsearched)
    app.connect("doctree-resolved", _mentions_unsearched)
    app.connect("doctree-resolved", _quotes_unsearched, priority=Priority.SEARCH_QUOTES)
