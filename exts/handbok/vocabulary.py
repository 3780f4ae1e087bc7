"""The handbook's vocabulary, defined once: roles, statuses, kinds, case types, warning
subtypes, incremental-build topics and event priorities.

Everything else reads these names from here: the directives, the views, the command-line
tools, the generated reference tables on ``docs/referens.md`` and the tests.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import NamedTuple

from .text import slug

# --- roles, statuses, kinds, case types --------------------------------------------------------

#: Duty roles (value used in a duty marking -> what it means), strongest first. The order is
#: the order of the matrix legend, the chart legend and every per-role count.
DEFAULT_ROLES: dict[str, str] = {
    "beslutar": "fattar beslut om ramar, mål och uppdrag",
    "ansvarar": "ansvarar för att uppgiften blir gjord och följs upp",
    "samordnar": "leder och samordnar arbetet mellan flera parter",
    "stödjer": "ger stöd, råd och underlag till dem som ansvarar",
    "deltar": "deltar i och bidrar till arbetet",
}

#: Case study types: value used in ``:type:`` -> label shown to readers, in reading order.
DEFAULT_CASE_TYPES: dict[str, str] = {
    "jobbskuggning": "Jobbskuggning",
    "studiebesök": "Studiebesök",
    "projekt": "Projekt",
    "konferens": "Konferens",
    "nätverk": "Nätverk",
    "vänortsutbyte": "Vänortsutbyte",
}

#: Kinds of policy document a policy page may declare.
POLICY_KINDS: tuple[str, ...] = ("strategi", "program", "policy", "plan", "riktlinje")

#: Statuses a policy page may declare, in the order a reader looks for them.
POLICY_STATUSES: tuple[str, ...] = ("gällande", "förslag", "upphävd")

#: Front matter key of a policy page -> the label the page's header shows. Keys absent from the
#: text stay empty and are shown as :data:`MISSING`.
POLICY_FIELDS: dict[str, str] = {
    "municipality": "Kommun",
    "kind": "Typ av dokument",
    "valid": "Giltighetstid",
    "review-by": "Ska ses över senast",
    "owner": "Ägare",
    "decided-by": "Beslutande organ",
    "adopted": "Antagen",
    "diarienummer": "Diarienummer",
    "version": "Version",
    "status": "Status",
    "replaces": "Ersätter",
    "replaced-by": "Ersätts av",
}
#: Life-cycle fields the overview page "Styrdokument att se över" lists as missing when empty.
LIFECYCLE_FIELDS: tuple[str, ...] = ("valid", "review-by", "owner", "decided-by", "adopted",
                                     "diarienummer")
#: Front matter keys whose value is another policy's id.
POLICY_LINK_FIELDS: tuple[str, ...] = ("replaces", "replaced-by")

#: The status a reader sees, derived from the front matter on the day the page is read:
#: value -> label, most urgent first (the order of the overview page).
LIFECYCLE_STATES: dict[str, str] = {
    "utgangen": "Giltighetstiden har gått ut",
    "ersatt": "Ersatt av ett nyare dokument",
    "se-over": "Ska ses över",
    "gallande": "Gällande",
    "forslag": "Förslag",
    "upphavd": "Upphävd",
}

#: Kinds of body an actor may declare (``:kind:``), after the Swedish Local Government Act
#: (kommunallagen), plus staff roles and ``annan``: value -> label of the comparison row. The
#: comparison across municipalities matches actors by kind, not by id or label.
ACTOR_KINDS: dict[str, str] = {
    "fullmäktige": "Fullmäktige",
    "kommunstyrelse": "Kommunstyrelsen",
    "nämnd": "Nämnder",
    "utskott": "Utskott",
    "beredning": "Beredningar",
    "revision": "Revisorer",
    "förvaltning": "Förvaltningar",
    "bolag": "Kommunala bolag",
    "tjänsteperson": "Tjänstepersoner och uppdrag",
    "annan": "Andra aktörer",
}
#: The kind of an actor that declares none.
DEFAULT_ACTOR_KIND = "annan"
#: Front matter keys a policy page must fill in.
REQUIRED_POLICY_FIELDS: tuple[str, ...] = ("policy", "municipality", "kind", "version", "status")
#: The comment that marks a suggestion of ``make import-policy`` in a draft; the build warns
#: about each such line until an editor has reviewed it and removed the line.
SUGGESTION_MARK = "FÖRSLAG"

#: Shown for a front matter value that the adopted text does not give.
MISSING = "uppgift saknas"

#: The class of a list item that names a page and states the listing page's own facts about
#: it (the policy list: each policy's validity and status). The search keeps it, unlike a
#: mere list of page titles, which stays out of the listing page's search entry.
LISTING_OWN = "handbok-listing-own"

#: Where the pages per reader role are (docnames ``policy/roller/<slug>``, issue 27).
ROLE_FOLDER = "policy/roller"


class ReaderRole(NamedTuple):
    slug: str
    #: "Jag är …" + this
    label: str
    #: Actor kinds whose duties are this role's.
    kinds: frozenset[str]
    #: Words that place a staff role or other actor here (lower case, part of its name).
    words: tuple[str, ...] = ()
    #: The role a reader turns to with a question of their own ("vem pratar jag med om …"):
    #: the search adds its page to such a question's results.
    asked: bool = False


READER_ROLES: tuple[ReaderRole, ...] = (
    ReaderRole("fortroendevald", "förtroendevald",
               frozenset({"fullmäktige", "kommunstyrelse", "nämnd", "utskott", "beredning",
                          "revision"})),
    ReaderRole("forvaltningschef", "förvaltningschef", frozenset({"förvaltning"}), ("chef",)),
    ReaderRole("kontaktperson", "internationell kontaktperson", frozenset(),
               ("kontaktperson", "nätverk"), asked=True),
    ReaderRole("medarbetare", "medarbetare", frozenset({"förvaltning", "bolag"}),
               ("medarbetare", "anställd")),
)


def case_type_folder(case_type: str) -> str:
    """The casebook folder of a case type: ``studiebesök`` -> ``studiebesok``."""
    return slug(case_type)


# --- warnings ----------------------------------------------------------------------------------


class Subtype(StrEnum):
    """Warning subtypes: ``handbok.<value>``, each suppressible in ``suppress_warnings``.

    The description is what ``docs/referens.md`` shows in its generated warnings table.
    """

    description: str

    def __new__(cls, value: str, description: str) -> Subtype:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    def __str__(self) -> str:
        return self.value

    UNKNOWN_METHOD = "unknown-method", "ett metod-id som inte finns"
    UNKNOWN_GOAL = "unknown-goal", "ett mål-id som inte finns"
    UNKNOWN_ACTOR = "unknown-actor", "en aktör som inte finns"
    UNKNOWN_CASE = "unknown-case", "ett exempel-id som inte finns"
    UNKNOWN_POLICY = "unknown-policy", "en ansvarsmatris för en policy som inte finns"
    UNKNOWN_TARGET = "unknown-target", "ett citat av en metod eller ett mål som inte finns"
    EMPTY_MATRIX = "empty-matrix", "en ansvarsmatris för en policy utan markerade uppgifter"
    NO_POLICY = "no-policy", ("en aktör, uppgift, metod, ett mål eller en vy av ansvar på en "
                              "sida som inte är en policysida")
    DUPLICATE_ID = "duplicate-id", "samma id används två gånger"
    MISSING_FIELD = "missing-field", "ett fält som måste finnas saknas"
    UNKNOWN_CASE_TYPE = "unknown-case-type", "en typ av exempel som inte finns"
    BAD_PERIOD = "bad-period", "en period som inte kan läsas"
    COVERAGE = "coverage", "en metod som inget exempel anger"
    DUTY_ACTOR = "duty-actor", "en uppgift nämner en aktör som policyn inte definierar"
    BAD_DUTY = "bad-duty", "en uppgift saknar aktör och roll"
    UNKNOWN_ROLE = "unknown-role", "en roll som inte finns i rollschemat"
    BAD_ID = "bad-id", "ett id med otillåtna tecken"
    BAD_OPTION = "bad-option", "ett alternativ med fel form, till exempel ett årtal"
    CONFIG = "config", "en inställning i conf.py med fel form"
    POLICY_META = "policy-meta", "ett fel i sidhuvudet på en policysida"
    POLICY_EXPIRED = "policy-expired", ("en policy med status gällande vars giltighetstid har "
                                        "gått ut")
    POLICY_OWNER = "policy-owner", "en ägare som ser ut som en persons namn och inte en enhet"
    ACTOR_KIND = "actor-kind", "en aktör med en typ av organ som inte finns"
    FRONT_MATTER = "front-matter", "ett sidhuvud (front matter) som inte kan läsas"
    ENCODING = "encoding", "en fil som inte är sparad som UTF-8"
    TOO_LONG = "too-long", "en rad som är så lång att den troligen har klistrats in av misstag"
    TOO_DEEP = "too-deep", "citat som är nästlade i fler nivåer än Markdown följer"
    INCLUDE_LOOP = "include-loop", "en fil som inkluderar sig själv"
    RAW = "raw", "rå HTML, som visas som vanlig text"
    UNSAFE_LINK = "unsafe-link", "en länk som inte är tillåten"
    READABILITY = "readability", "en egen sida som är för svårläst (LIX över gränsen)"
    FOLLOWUP = "followup", "en uppföljningssida som inte kan skapas automatiskt"
    UNKNOWN_MUNICIPALITY = "unknown-municipality", ("ett exempel vars kommun inte finns "
                                                    "eller inte går att avgöra")
    GRAPHVIZ = "graphviz", "ett diagram som inte kan ritas"
    THEME = "theme", "temat har ändrats så att handbokens anpassning inte längre fungerar"
    SUGGESTION = "suggestion", ("ett förslag på uppmärkning från make import-policy som ingen "
                                "har granskat än (en rad som börjar med % FÖRSLAG)")
    BROKEN_FIELD = "broken-field", ("ett fält som fortsätter på en ny rad, så att fälten efter "
                                    "det skulle ha blivit vanlig text")
    INVISIBLE_CHAR = "invisible-char", ("ett osynligt tecken, till exempel ett hårt mellanslag, "
                                        "i ett id")
    FENCE = "fence", "ett block som inte stängs med lika många kolon som det öppnas med"
    NOT_IN_TOC = "not-in-toc", "en sida som inte finns i någon innehållsförteckning"
    BAD_HANDOUT = "bad-handout", "en länk till utskriften av en modul som inte finns"
    DUPLICATE_FIELD = "duplicate-field", "ett fält som står två gånger i samma block"
    FIELD_BLOCK = "field-block", ("en tom rad eller en rad som inte är ett fält mitt bland ett "
                                  "blocks fält")
    DIRECTIVE_ERROR = "directive-error", "ett block som inte kunde visas på grund av ett fel"
    EMPTY_ANSWER = "empty-answer", "en fråga (dropdown) utan svar"
    ILLUSTRATIVE_VALUE = "illustrative-value", ("fältet illustrative med ett annat värde än ja "
                                                "eller nej")
    PLANNED = "planned", "ett exempel vars period ligger i framtiden (planerad aktivitet)"
    CASE_FOLDER = "case-folder", "ett exempel i mappen för en annan typ än i fältet type"
    NO_TITLE = "no-title", "ett exempel utan rubrik"
    POLICY_DATES = "policy-dates", "en policy som ska ses över innan den antogs"
    POLICY_LINK = "policy-link", "en policy som ersätter sig själv eller ingår i en cirkel"
    MUNICIPALITY_NAME = "municipality-name", "samma kommun stavad på två sätt"
    TABLE_CELLS = "table-cells", "en tabellrad med fler celler än rubrikraden"
    ID_MEANING = "id-meaning", ("ett id som har fått en annan betydelse än i förra versionen "
                                "(omnumrering)")
    BAD_FILENAME = "bad-filename", ("ett fil- eller mappnamn med andra tecken än a–z, 0–9 och "
                                    "bindestreck; filen tas inte med")
    OUTSIDE_REPOSITORY = "outside-repository", ("en fil som ska tas med men som ligger utanför "
                                                "handbokens mapp")
    NETWORK = "network", "en fil som skulle hämtas över nätet när webbplatsen byggs (:url:)"
    REMOTE_IMAGE = "remote-image", ("en bild från en annan webbplats eller en data:-adress; "
                                    "bilden visas inte")
    HTML_META = "html-meta", "en metatagg (html_meta) som inte är tillåten"
    UNKNOWN_OPTION = "unknown-option", "ett fält som direktivet inte har"
    HEADING_LEVEL = "heading-level", "en rubrik som hoppar över en nivå"
    MISSING_IMAGE = "missing-image", "en bild som inte finns eller inte kan läsas"
    EMPTY_FILE = "empty-file", "en sida utan rubrik, till exempel en tom fil"
    TOCTREE_MISSING = "toctree-missing", ("en sida i en innehållsförteckning (toctree) som inte "
                                          "finns")
    UNKNOWN_LINK = "unknown-link", "en länk till en sida, rubrik eller etikett som inte finns"
    MISSING_FILE = "missing-file", "en fil att ladda ner som inte finns eller inte kan läsas"
    PAGE_SETTINGS = "page-settings", ("en inställning för Markdown i en sidas sidhuvud "
                                      "(myst:), som inte används")

    INLINE_SCRIPT = "inline-script", ("ett skript i sidan som webbplatsens "
                                      "Content-Security-Policy inte tillåter")
    ILLUSTRATIVE_MISSING = "illustrative-missing", ("ett exempel utan fältet illustrative, "
                                                    "som inte säger om det är påhittat eller "
                                                    "genomfört; det räknas inte")
    ILLUSTRATIVE_COUNTED = "illustrative-counted", ("ett exempel som var påhittat i förra "
                                                    "versionen i git och nu räknas som "
                                                    "genomfört")
    UNKNOWN_DIRECTIVE = "unknown-directive", "ett block (:::{namn}) som inte finns"
    UNKNOWN_TEXT_ROLE = "unknown-text-role", "en roll i texten ({namn}`…`) som inte finns"
    TOOL_MESSAGE = "tool-message", ("ett fel som MyST, docutils eller Sphinx hittade och som "
                                    "handboken inte har en egen förklaring för")

#: The subtype of an unknown cited id, by the kind of object cited.
UNKNOWN_BY_KIND: dict[str, Subtype] = {
    "method": Subtype.UNKNOWN_METHOD,
    "goal": Subtype.UNKNOWN_GOAL,
    "actor": Subtype.UNKNOWN_ACTOR,
    "case": Subtype.UNKNOWN_CASE,
    "policy": Subtype.UNKNOWN_POLICY,
}


# --- objects -----------------------------------------------------------------------------------

#: Kinds of object the handbook domain holds -> the Swedish noun in messages.
OBJECT_NOUNS: dict[str, str] = {
    "policy": "policy",
    "actor": "aktör",
    "method": "metod",
    "goal": "mål",
    "case": "exempel",
}


# --- topics for incremental builds -------------------------------------------------------------


class TopicKind(StrEnum):
    """What part of the data a page shows (see :class:`Topic`)."""

    CASES = "cases"                  # any case study
    CASE = "case"                    # one case, by id
    CASE_TYPE = "case-type"          # cases of one type
    CASE_UNIT = "case-unit"          # cases of one förvaltning
    CASE_YEAR = "case-year"          # cases active in one year
    CASE_METHOD = "case-method"      # cases that serve one method
    CASE_GOAL = "case-goal"          # cases that serve one goal
    TARGETS = "targets"              # any method or goal
    TARGET = "target"                # one method or goal, by id
    ACTORS = "actors"                # any actor
    ACTOR = "actor"                  # one actor id (in any policy)
    POLICY_ACTORS = "policy-actors"  # the actors of one policy
    DUTIES = "duties"                # any duty
    POLICY_DUTIES = "policy-duties"  # the duties of one policy
    POLICIES = "policies"            # any policy's front matter
    POLICY = "policy"                # one policy's front matter
    POLICY_STATUS = "policy-status"  # every policy's status today (list, review)
    CASE_TITLES = "case-titles"      # every case with its title (a listing of all cases)


class Topic(NamedTuple):
    """A part of the data that a page shows; made only by the constructors below, so a
    misspelt topic is an ``AttributeError`` rather than a stale page."""

    kind: TopicKind
    key: str = ""

    @classmethod
    def cases(cls) -> Topic:
        return cls(TopicKind.CASES)

    @classmethod
    def case(cls, case_id: str) -> Topic:
        return cls(TopicKind.CASE, case_id)

    @classmethod
    def case_type(cls, case_type: str) -> Topic:
        return cls(TopicKind.CASE_TYPE, case_type)

    @classmethod
    def case_unit(cls, unit: str) -> Topic:
        return cls(TopicKind.CASE_UNIT, unit)

    @classmethod
    def case_year(cls, year: int | str) -> Topic:
        return cls(TopicKind.CASE_YEAR, str(year))

    @classmethod
    def case_target(cls, kind: str, target: str) -> Topic:
        """Cases that serve a method (``kind == "method"``) or a goal."""
        return cls(TopicKind.CASE_METHOD if kind == "method" else TopicKind.CASE_GOAL, target)

    @classmethod
    def case_titles(cls) -> Topic:
        """Every case as listed with its title: touched by any change to a case. A change of
        a title alone touches this but not :meth:`cases` (counts and charts show no title)."""
        return cls(TopicKind.CASE_TITLES)

    @classmethod
    def targets(cls) -> Topic:
        return cls(TopicKind.TARGETS)

    @classmethod
    def target(cls, target: str) -> Topic:
        return cls(TopicKind.TARGET, target)

    @classmethod
    def actors(cls) -> Topic:
        return cls(TopicKind.ACTORS)

    @classmethod
    def actor(cls, actor: str) -> Topic:
        return cls(TopicKind.ACTOR, actor)

    @classmethod
    def policy_actors(cls, policy: str) -> Topic:
        return cls(TopicKind.POLICY_ACTORS, policy)

    @classmethod
    def duties(cls) -> Topic:
        return cls(TopicKind.DUTIES)

    @classmethod
    def policy_duties(cls, policy: str) -> Topic:
        return cls(TopicKind.POLICY_DUTIES, policy)

    @classmethod
    def policies(cls) -> Topic:
        return cls(TopicKind.POLICIES)

    @classmethod
    def policy_status(cls) -> Topic:
        return cls(TopicKind.POLICY_STATUS)

    @classmethod
    def policy(cls, policy: str) -> Topic:
        return cls(TopicKind.POLICY, policy)

    @classmethod
    def policy_view(cls, policy: str) -> tuple[Topic, ...]:
        """Everything a view of one policy's responsibilities shows."""
        return (cls.policy_duties(policy), cls.policy_actors(policy), cls.policy(policy))


# --- event priorities --------------------------------------------------------------------------


class Priority(IntEnum):
    """Order of the extension's event handlers (Sphinx's default priority is 500)."""

    #: config-inited: validate the configuration before anything reads it.
    CONFIG = 400
    #: doctree-read: the policy header, from the front matter Sphinx has collected.
    POLICY_META = 600
    #: doctree-read: actors, duties and targets get the page's policy.
    ASSIGN_POLICY = 610
    #: doctree-read: the version history, after the header exists.
    HISTORY = 620
    #: doctree-read: readability, after the page's own parts are in place.
    READABILITY = 700
    #: doctree-resolved: fill the aggregate views' placeholders.
    RESOLVE_VIEWS = 500
    #: doctree-resolved: set the resolved matrices for print.
    LATEX_MATRICES = 600
    #: doctree-resolved: a module's quotes of the adopted text leave its search entry, after
    #: the views that render them are filled.
    SEARCH_QUOTES = 510
    #: html-page-context: after the themes' listeners (500, and the book theme's header
    #: buttons at 501): the current section in the sidebar, the edit button's text, per-page
    #: assets.
    PAGE_CHROME = 520
    #: config-inited: the forge's repository options for the theme, after CONFIG.
    FORGE = 450
    #: html-page-context: the theme's edit-link function from the forge setting: after
    #: pydata-sphinx-theme's own (500, registered when the theme is loaded, after the
    #: extension's setup), before the book theme's header buttons ask it (501, registered
    #: later than this listener, so they run after it).
    EDIT_URL = 501
    #: html-page-context: the edit button opens the forge's editor, after PAGE_CHROME.
    EDIT_BUTTON = 530
    #: html-page-context: inline scripts into files, after every listener that adds one.
    CSP = 990
    #: env-before-read-docs: note the pages a build reads, after every listener that changes
    #: the list.
    READ_LIST = 900
    #: builder-inited: the garbage collector set for the build, before any other listener
    #: (startup.py).
    COLLECTOR = 0
    #: env-updated: reading's garbage collected and the environment frozen, after every
    #: listener that adds to it.
    COLLECTOR_READ = 990
    #: build-finished: the collector as it was before the build, after every other listener.
    COLLECTOR_END = 999
