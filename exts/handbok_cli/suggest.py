"""Suggested markup for an imported policy text: actors, duties, goals and methods.

Actors are recognised by their form, not from a list of names:

- a Swedish organisational noun or a compound of one (its lemma, from simplemma, ends in one of
  :data:`HEADS`: -nämnd, -styrelse, -fullmäktige, -utskott, -förvaltning, -avdelning, -enhet,
  -kontor, -kansli, -råd, -beredning, -bolag, -chef, -direktör, -samordnare, -strateg,
  kontaktperson …), with its determiner ("varje", "respektive", "kommunens"), adjectives
  ("internationella") and a genitive owner ("kommunstyrelsens arbetsutskott");
- a coordinated compound ("Kultur- och fritidsnämnden") and a company name ("Ekby Energi AB");
- a group of people with duties (förtroendevalda, anställda, medarbetare, projektägare).

The mentions of one body (definite, plural, genitive, with a determiner) have the same *key*,
the lemmas of their words without the determiner, and become one actor. A bare definite head
("Nämnden", "Enheten", "Strategen") names the body last mentioned with that head. The actor's
``:kind:`` (:data:`handbok.vocabulary.ACTOR_KINDS`) follows from its head noun.

Duties are read sentence by sentence in the ways Swedish policy texts give them:

- the body first: "X ansvarar för / leder / samordnar / ska …", "X har till uppgift / i uppdrag
  att …", "X och Y ansvarar …" (one pair each), a row of verbs ("X leder …, bistår … och …");
- the body after the verb: "I årsredovisningen ska X …", "För … svarar X", "Det är X som …";
- the passive: "… fattas av X", "… ska utföras av X", "… sker på/hos X", "… åligger X",
  "Ansvaret … ligger hos X";
- a phrase: "Det ingår i X:s uppdrag att …", "I X:s uppdrag ingår att …", "X ges i uppdrag
  att …", "X vars uppdrag är att …", "… har stöd av X";
- a clause of its own after another: "…, medan X ansvarar för …", "Om … är det X som …";
- between a body and its verb: an apposition ("X AB, kommunens bolag, deltar"), a relative
  clause ("X, som är placerad på …, samordnar", "X som utses till … företräder"), a short
  prepositional attribute ("Cheferna på alla nivåer uppmuntrar") or a dash ("X – leder …");
- a description, then a task: "X är styrgrupp för … och prioriterar …";
- a negated verb ("ansvarar inte för", "ska inte") gives no duty;
- a list whose heading or lead-in is a body ("Kanslienheten har till uppgift att", a heading
  "Kommunförvaltningen" or "4.1 Kommunfullmäktige"): each item is a duty of that body, unless
  every item names its own; a list of sentences ("– Kommunfullmäktige beslutar om
  strategin.", "a) Nämnderna beslutar …") is read sentence by sentence;
- a table: each row gives the task of its task column to the bodies of its doer column
  (:func:`table_duties`).

Neighbouring tasks of one subject in one role are one duty ("fastställer strategin och
beslutar om …", since the matrix shows a pair of actor and role); in two roles they are two
("leder projektet och fattar beslut om …"); a verb without an object of its own shares the
next one's ("leder och samordnar arbetet").

Only a body with a suggested duty becomes an actor; the bodies named without one are listed
apart (:attr:`Suggestions.named_only`).

The role (:data:`handbok.vocabulary.DEFAULT_ROLES`) comes from the lemma of the duty's verb
(:data:`ROLE_LEMMAS`; every other verb gives "ansvarar"). A duty found through a pronoun ("De",
"Nämnden") or the passive is listed among the unsure lines of the report.

Numbered or bulleted lists under a heading about methods or activities are suggested as
methods; lists under a heading or lead-in about goals, purposes or reasons as goals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import simplemma
from handbok.text import slug
from handbok.vocabulary import DEFAULT_ROLES

DEFAULT_ROLE_NAMES = tuple(DEFAULT_ROLES)

if TYPE_CHECKING:
    from .importer import Block

# --- words -------------------------------------------------------------------------------------

#: Head nouns of bodies and groups (lemma) -> the actor kind they give. "styrelse" is decided
#: by its owner (:func:`kind_of`).
HEADS: dict[str, str] = {
    "fullmäktige": "fullmäktige", "styrelse": "kommunstyrelse", "nämnd": "nämnd",
    "utskott": "utskott", "beredning": "beredning", "revisor": "revision",
    "revision": "revision", "förvaltning": "förvaltning", "avdelning": "förvaltning",
    "enhet": "förvaltning", "kontor": "förvaltning", "kansli": "förvaltning",
    "stab": "förvaltning", "sekretariat": "förvaltning", "ledning": "förvaltning",
    "bolag": "bolag", "chef": "tjänsteperson", "direktör": "tjänsteperson",
    "samordnare": "tjänsteperson", "strateg": "tjänsteperson", "kontaktperson": "tjänsteperson",
    "sekreterare": "tjänsteperson", "handläggare": "tjänsteperson", "rektor": "tjänsteperson",
    "medarbetare": "tjänsteperson", "anställd": "tjänsteperson", "tjänsteperson": "tjänsteperson",
    "tjänsteman": "tjänsteperson", "projektledare": "tjänsteperson", "ordförande": "annan",
    "råd": "annan", "kommitté": "annan", "nätverk": "annan", "grupp": "annan",
    "förbund": "annan", "förtroendevald": "annan", "politiker": "annan",
    "projektägare": "annan", "representant": "annan", "ledamot": "annan",
}
#: Heads that name a body only when compounded, inflected or qualified ("rådet",
#: "styrgruppen", "EU-kontoret"), since the bare word is also common ("ge råd", "en grupp").
WEAK_HEADS = frozenset({"råd", "grupp", "nätverk", "enhet", "kontor", "ledning", "stab",
                        "ordförande"})
#: Heads that abstract nouns end in ("öppenhet"): a compound needs a known first part.
HET_HEADS = frozenset({"enhet"})
#: Words that end like a head but name no body.
NOT_BODIES = frozenset({"samråd", "förråd", "målgrupp", "inledning", "vägledning",
                        "avledning", "referensgrupp", "kunskapsbolag"})
#: Lemmas simplemma does not give as a body wants them (the participle used as a noun).
GROUP_LEMMAS = {"anställda": "anställd", "anställde": "anställd", "förtroendevalda":
                "förtroendevald"}
#: Words before a body that do not change which body it is.
DETERMINERS = frozenset({"alla", "varje", "respektive", "samtliga", "berörda", "övriga", "de",
                         "den", "det", "ett", "en", "kommunens", "regionens", "stadens",
                         "landstingets", "dess", "sin", "sina", "egna",
                         # quantifiers: "flera nämnder" is a form of "nämnd"
                         "flera", "många", "några", "vissa", "enskilda", "båda", "bägge"})
#: Function words that are never an adjective of a body.
FUNCTION_WORDS = frozenset({"ska", "skall", "bör", "kan", "får", "måste", "och", "att", "som",
                            "eller", "samt", "i", "på", "av", "för", "med", "till", "om", "de",
                            "denna", "detta", "dessa", "vara", "inte", "även", "också"})
MODALS = frozenset({"ska", "skall", "bör", "måste"})
#: Verbs that describe rather than give a task.
NOT_DUTY_VERBS = frozenset({"vara", "ha", "finnas", "bestå", "heta", "kunna", "få", "tillhöra",
                            "omfatta", "kalla", "påverka", "ingå_i", "gälla", "verka_för",
                            "vilja", "behöva", "komma", "bli", "se_ut"})
#: Role by the lemma of the duty's verb; every other verb gives "ansvarar".
ROLE_LEMMAS: dict[str, str] = {
    **dict.fromkeys(("besluta", "fastställa", "anta", "godkänna", "utse", "fatta", "bevilja",
                     "fördela", "tillsätta", "välja", "prioritera", "bestämma", "bedöma",
                     "avgöra"), "beslutar"),
    **dict.fromkeys(("samordna", "leda", "koordinera", "styra", "samla"), "samordnar"),
    **dict.fromkeys(("stödja", "stötta", "bistå", "hjälpa", "vägleda", "handleda", "råda",
                     "underlätta", "assistera", "utbilda", "uppmuntra", "inspirera", "coacha"),
                    "stödjer"),
    **dict.fromkeys(("delta", "medverka", "ingå", "företräda", "representera", "samverka",
                     "delge", "samarbeta", "bidra"), "deltar"),  # "deltar i och bidrar till"
}
#: Nouns of a task (the subject of "… sker hos X") -> role.
ROLE_NOUNS = (("samordning", "samordnar"), ("ledning", "samordnar"), ("beslut", "beslutar"),
              ("stöd", "stödjer"), ("deltagande", "deltar"), ("utbildning", "stödjer"),
              ("rådgivning", "stödjer"), ("råd", "stödjer"), ("medverkan", "deltar"),
              ("representation", "deltar"), ("godkännande", "beslutar"))
ADVERBS = frozenset({"också", "även", "själva", "själv", "alltid", "gemensamt", "därför",
                     "dessutom", "vidare", "särskilt", "bland", "annat", "varje", "år", "aktivt",
                     "tillsammans"})
ANAPHORS = frozenset({"de", "dessa", "medlemmarna", "den", "denna"})

WORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉéÜü]+(?:[-:][0-9A-Za-zÅÄÖåäöÉéÜü]+)*-?")
HEAD_RE = {
    "method": re.compile(r"metod|aktivitet|åtgärd|insats|genomförande av|så arbetar|"
                         r"arbetssätt",
                         re.IGNORECASE),
    "goal": re.compile(r"\bmål|syfte|\bskäl", re.IGNORECASE),
}
WORD_LIMIT_LABEL = 6
#: The letter of an item of a lettered list ("a) ", "b) "), kept in the item's text.
LETTERED = re.compile(r"^[a-zåäö]\)\s+")


@lru_cache(maxsize=20000)
def lemma(word: str) -> str:
    """The lemma of a word, lower case; an unknown compound by its longest known tail
    ("projektägaren" -> "projektägare")."""
    w = word.lower().rstrip("-")
    if w in GROUP_LEMMAS:
        return GROUP_LEMMAS[w]
    if ":" in w:  # "EU:s"
        return w.split(":")[0]
    if simplemma.is_known(w, lang="sv") or len(w) < 6:
        return simplemma.lemmatize(w, lang="sv").lower()
    for i in range(2, len(w) - 2):
        tail = w[i:].lstrip("-")
        if len(tail) >= 3 and simplemma.is_known(tail, lang="sv"):
            return w[:len(w) - len(tail)] + simplemma.lemmatize(tail, lang="sv").lower()
    return w


def verb_lemma(word: str) -> str:
    """The lemma of a word read as a verb ("samordnar" -> "samordna", not the noun)."""
    w = word.lower()
    lem = lemma(w)
    if w.endswith("ar") and lem == w + "e":
        return w[:-1]
    if w.endswith("as") and lem == w[:-2] + "are":
        return w[:-1]
    return lem


def head_of(word: str) -> str | None:
    """The head noun (from :data:`HEADS`) a word's lemma ends in, or None."""
    lem = lemma(word)
    w = word.lower().rstrip("-")
    if any(x.endswith(n) for x in (lem, w) for n in NOT_BODIES):
        return None
    for head in sorted(HEADS, key=len, reverse=True):
        if lem.endswith(head) or w.endswith(head):
            base = lem if lem.endswith(head) else w
            prefix = base[:-len(head)]
            if head in HET_HEADS and prefix and simplemma.is_known(prefix + "en", lang="sv") \
                    and lemma(prefix + "en") != prefix and not prefix.endswith("s"):
                return None  # "erfarenhet" is "erfaren" + "-het", no "enhet"
            if head in HET_HEADS and prefix and not (
                    prefix.endswith("-") or simplemma.is_known(prefix, lang="sv")
                    or (prefix.endswith("s") and simplemma.is_known(prefix[:-1], lang="sv"))):
                return None  # "öppenhet" is no "enhet"

            # "samordnar" is the verb, "samordnare" the noun
            if head.endswith("are") and w.endswith("ar") and not w.endswith("arna"):
                return None
            return head
    return None


def noun_lemma(word: str) -> str:
    """The lemma of a body's word: the word itself when it is already a head's base form
    ("nämnd" is the noun, not the participle of "nämna")."""
    w = word.lower().rstrip("-")
    if any(w.endswith(h) for h in HEADS):
        return w
    return lemma(word)


def is_genitive(word: str) -> bool:
    w = word.lower()
    return w.endswith("s") and not lemma(word).endswith("s") and not w.endswith("ss")


def _adjective(word: str) -> bool:
    w = word.lower()
    if w in FUNCTION_WORDS or w in DETERMINERS or not re.fullmatch(r"[a-zåäöé]+", w) \
            or w in HEADS:  # "ordförande" is a noun
        return False
    return (w.endswith(("a", "e")) and lemma(w) != w) or w.endswith(("ande", "ende")) \
        or (w.endswith("t") and lemma(w) + "t" == w)  # the neuter: "ett internationellt utskott"


def kind_of(head: str, key: tuple[str, ...]) -> str:
    """The actor kind a body's head and words give."""
    if head == "styrelse":
        last = key[-1]
        if last.startswith(("kommun", "region", "stad", "landsting")) or last == "styrelse":
            return "kommunstyrelse"
        return "bolag" if last.startswith("bolag") else "annan"
    if head == "ab":
        return "bolag"
    return HEADS.get(head, "annan")


# --- mentions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A body named in a text: where, its key (lemmas without determiner) and its form."""

    start: int
    end: int
    key: tuple[str, ...]
    head: str
    surface: str
    genitive: bool = False
    plural: bool = False
    definite: bool = False
    determiner: str = ""
    #: Only the head word, in the definite singular ("Nämnden"): may name an earlier body.
    bare: bool = False
    #: A weak head with only an adjective ("ett kommunövergripande nätverk"): an actor only
    #: if a duty or a definite form names it.
    weak: bool = False


def tokens(text: str) -> list[Token]:
    return [Token(m[0], m.start(), m.end()) for m in WORD.finditer(text)]


def mentions(text: str) -> list[Mention]:
    """The bodies a text names, in order."""
    toks = tokens(text)
    found: list[Mention] = []
    j = 0
    while j < len(toks):
        tok = toks[j]
        # A company name: capitalised words before "AB".
        if tok.text == "AB" and j > 0 and toks[j - 1].text[:1].isupper():
            k = j - 1
            while k > 0 and toks[k - 1].text[:1].isupper() and j - k < 3 \
                    and toks[k - 1].text.lower() not in FUNCTION_WORDS:
                k -= 1
            name = text[toks[k].start:tok.end]
            found.append(Mention(toks[k].start, tok.end, (name.lower(),), "ab", name,
                                 definite=True))
            j += 1
            continue
        # "AB Kvarnsjöbostäder": the company form before its capitalised name
        if tok.text == "AB" and j + 1 < len(toks) and toks[j + 1].text[:1].isupper() \
                and text[tok.end:toks[j + 1].start] == " " \
                and not (j > 0 and toks[j - 1].text[:1].isupper()
                         and text[toks[j - 1].end:tok.start] == " "):
            k = j + 1
            while k + 1 < len(toks) and toks[k + 1].text[:1].isupper() and k - j < 2 \
                    and text[toks[k].end:toks[k + 1].start] == " " \
                    and head_of(toks[k + 1].text) is None:
                k += 1
            name = text[tok.start:toks[k].end]
            found.append(Mention(tok.start, toks[k].end, (name.lower(),), "ab", name,
                                 definite=True))
            j = k + 1
            continue
        head = head_of(tok.text)
        if head is None:
            j += 1
            continue
        genitive = is_genitive(tok.text)
        lem = noun_lemma(tok.text)
        if genitive:
            # The owner of a following body ("kommunstyrelsens arbetsutskott") is a part of it.
            n = j + 1
            while n < len(toks) and n - j <= 2 and _adjective(toks[n].text):
                n += 1
            if n < len(toks) and head_of(toks[n].text) and text[tok.end:toks[j + 1].start] \
                    == " ":
                j += 1
                continue
        w = tok.text.lower().rstrip("-")
        weak = head in WEAK_HEADS and lem == head and w == lem
        owned = j > 0 and head_of(toks[j - 1].text) is not None and is_genitive(
            toks[j - 1].text) and text[toks[j - 1].end:tok.start] == " "
        if weak and not (j > 0 and _adjective(toks[j - 1].text)) and not owned:
            # ("kommunstyrelsens ordförande" is a body)
            j += 1
            continue
        start_index = j
        words = [lem]
        surface_start = tok.start
        # "Kultur- och fritidsnämnden", "Barn-, kultur- och fritidsnämnden"
        k = j
        while k >= 2 and toks[k - 1].text.lower() in ("och", "eller", "samt") \
                and toks[k - 2].text.endswith("-"):
            k -= 2
            while k >= 1 and toks[k - 1].text.endswith("-") and \
                    text[toks[k - 1].end:toks[k].start].strip() == ",":
                k -= 1
        if k != j:
            start_index = k
            surface_start = toks[k].start
            words = [" ".join(t.text.lower() for t in toks[k:j]) + " " + lem]
        # adjectives and a genitive owner
        k = start_index
        while k > 0 and start_index - k < 2 and _adjective(toks[k - 1].text) \
                and text[toks[k - 1].end:toks[k].start] == " " \
                and not (k > 1 and toks[k - 2].text.lower() in ("att", *MODALS)):
            # "att stötta chefer", "ska stötta medarbetare": a verb, not an adjective
            k -= 1
        owner_plural = False
        if k > 0 and head_of(toks[k - 1].text) and is_genitive(toks[k - 1].text) \
                and text[toks[k - 1].end:toks[k].start] == " ":
            k -= 1
            # "förvaltningarnas kontaktpersoner": a plural owner says whose, not which body
            owner_plural = toks[k].text.lower().endswith(("arnas", "ernas", "ornas", "nas"))
        determiner = ""
        if k > 0 and toks[k - 1].text.lower() in DETERMINERS \
                and text[toks[k - 1].end:toks[k].start] == " ":
            determiner = toks[k - 1].text.lower()
            k -= 1
        first_content = k + (1 if determiner else 0) + (1 if owner_plural else 0)
        content = [noun_lemma(t.text) for t in toks[first_content:start_index]]
        key = tuple(content + words)
        begin = toks[k].start
        surface = text[toks[k + (1 if determiner else 0)].start:tok.end] \
            if k + (1 if determiner else 0) < start_index else text[surface_start:tok.end]
        if not determiner and k > 0 and text[toks[k - 1].end:toks[k].start] == " " \
                and re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]{2,}s", toks[k - 1].text) \
                and toks[k - 1].text.lower() not in DETERMINERS \
                and head_of(toks[k - 1].text) is None:
            # a place's genitive before the body: "Nordmarks Europakontor"
            begin = toks[k - 1].start
            surface = text[begin:tok.end]
        # "bolagen": a neuter noun ("bolaget") has "-en" in the plural definite
        neuter_plural = w == lem + "en" and simplemma.is_known(lem + "et", lang="sv")
        plural = neuter_plural or w.endswith(("na", "er", "ar", "or")) and not lem.endswith(
            ("na", "er", "ar", "or")) or lem in ("förtroendevald", "anställd")
        definite = (w != lem and w.endswith(("en", "et", "na", "n"))) or head == "fullmäktige"
        bare = (len(key) == 1 and lem == head and definite and not plural and not genitive
                and not determiner)
        found.append(Mention(begin, tok.end, key, head, surface, genitive, plural, definite,
                             determiner, bare, weak))
        j += 1
    return found


def key_of(name: str) -> tuple[str, ...]:
    """The key of a body's name, as :func:`mentions` gives it (for labels and the bench)."""
    found = [m for m in mentions(name) if not m.genitive] or mentions(name)
    if found:
        return found[-1].key
    return tuple(lemma(t.text) for t in tokens(name) if t.text.lower() not in DETERMINERS)


# --- roles -------------------------------------------------------------------------------------


def _content_words(text: str) -> list[str]:
    return [t.text for t in tokens(text) if t.text.lower() not in ADVERBS]


def role_of(task: str) -> str:
    """The role a task's words give: the lemma of its first verb (:data:`ROLE_LEMMAS`)."""
    words = _content_words(task)
    if not words:
        return "ansvarar"
    lowered = [w.lower() for w in words]
    if lowered[0] in MODALS:
        return role_of(" ".join(words[1:]))
    if lowered[0] == "att" or lowered[:2] == ["för", "att"]:  # "… och för att följa upp …"
        return role_of(" ".join(words[lowered.index("att") + 1:]))
    first = verb_lemma(words[0])
    if first not in ROLE_LEMMAS and lowered[0] in ROLE_LEMMAS:
        first = lowered[0]  # an infinitive the lexicon reads as another word ("stötta")
    if first in ("ansvara", "svara"):
        if len(lowered) > 2 and lowered[1] == "för" and lowered[2] != "att" \
                and "," not in task and " och " not in task:
            noun = lemma(words[2])
            for word, role in ROLE_NOUNS:
                if noun.startswith(word):
                    return role
        if lowered[1:3] == ["för", "att"] and len(words) > 3:
            inner = ROLE_LEMMAS.get(verb_lemma(words[3]))
            if inner in ("samordnar", "stödjer"):
                return inner
        return "ansvarar"
    if first == "ha":  # "har ansvar för att samordna", "har till uppgift att leda"
        rest = " ".join(lowered[1:8])
        m = re.search(r"\batt (\S+)", rest)
        if m and re.search(r"ansvar|uppgift|uppdrag", rest):
            return ROLE_LEMMAS.get(verb_lemma(m[1]), "ansvarar")
        return "ansvarar"
    if first in ("ge", "erbjuda"):
        rest = " ".join(lowered[1:5])
        if "uppdrag" in rest and first == "ge":
            return "beslutar"
        if re.search(r"\b(stöd|råd|utbildning)", rest):
            return "stödjer"  # "ger stöd", "erbjuder utbildning"
    if first == "hålla" and len(lowered) > 1 and (lowered[1] == "i" or any(
            w in ("ihop", "samman", "samlat", "samlad", "samlade") for w in lowered[1:8])):
        return "samordnar"  # "håller i", "håller ihop", "håller nätverket samlat"
    if first == "vara" and len(lowered) > 1 and lowered[1].startswith("behjälp"):
        return "stödjer"
    if first == "ta" and len(lowered) > 1 and lowered[1] == "ansvar":
        return "ansvarar"
    if first == "ta" and len(lowered) > 1 and lowered[1] == "ställning":
        return "beslutar"  # "tar ställning till nya avtal"
    if first in ROLE_LEMMAS:
        return ROLE_LEMMAS[first]
    purpose = re.search(r"\bför att (\w+)", " ".join(lowered[1:8]))
    inner = purpose and (ROLE_LEMMAS.get(purpose[1]) or ROLE_LEMMAS.get(verb_lemma(purpose[1])))
    if first in ("utgöra", "fungera", "vara", "bilda") and inner:
        return inner  # "utgöra ett forum för att stötta …": an infinitive is its own lemma
    if any(w.startswith(("stöd", "bollplank", "behjälp")) for w in lowered[1:4]):
        return "stödjer"  # "utgör ett stöd", "fungera som stödfunktion"
    for word, role in ROLE_NOUNS:
        if lemma(words[0]).startswith(word):
            return role
    return "ansvarar"


def _infinitive(word: str) -> bool:
    """A verb in the infinitive ("följa", "utse", "rapportera"): a base form whose present
    tense ("följer", "utser", "rapporterar") the lexicon knows as a form of it."""
    w = word.lower()
    if not re.fullmatch(r"[a-zåäö]+", w) or w in FUNCTION_WORDS \
            or head_of(w) is not None or not w.endswith(("a", "e", "å", "o", "y")):
        return False  # (the lexicon's lemma of "stötta" is the participle "stött")
    forms = [w + "r"] + ([w[:-1] + "er"] if w.endswith("a") else [])
    if w.endswith("ra"):  # "genomföra": "genomför", a stem in -r takes no ending
        forms.append(w[:-1])
    return any((simplemma.is_known(f, lang="sv") or f == w[:-1]) and verb_lemma(f) == w
               for f in forms)


def _present_verb(word: str) -> bool:
    """A finite verb in the present tense ("ansvarar", "leder", "bistår", "ger")."""
    w = word.lower()
    if not re.fullmatch(r"[a-zåäö]+", w) or not w.endswith("r") or w in FUNCTION_WORDS:
        return False
    lem = verb_lemma(w)
    # the present tense of the lemma, not a plural noun ("nivåer" of "nivå")
    tense = w in (lem + "r", lem[:-1] + "er", lem[:-1]) if lem.endswith("a") else w == lem + "r"
    return lem != w and lem[-1] in "aeiouyåäö" and head_of(w) is None and tense


def _passive_verb(word: str) -> bool:
    """A passive verb in the present tense or infinitive ("fattas", "leds", "utföras")."""
    w = word.lower()
    if not re.fullmatch(r"[a-zåäö]+s", w) or w.endswith(("des", "tes", "ogs", "ss")):
        return False
    lem = verb_lemma(w)
    return lem != w and lem[-1] in "aeiouyåäö" and head_of(w) is None


# --- duties ------------------------------------------------------------------------------------


@dataclass
class Duty:
    block: int
    start: int
    end: int
    #: (actor, role) for each actor of the duty: the actor's key while the text is read, its
    #: id once :func:`suggest` has given the actors ids.
    assignments: list[tuple[tuple[str, ...] | str, str]]
    unsure: str = ""

    @property
    def actors(self) -> list[tuple[str, ...]]:
        """The keys of the duty's actors (before they have ids)."""
        return [a for a, _r in self.assignments if isinstance(a, tuple)]


@dataclass
class TargetList:
    kind: str  # "goal" or "method"
    blocks: list[int]
    ids: list[str]
    labels: list[str]


@dataclass
class Suggestions:
    actors: dict[str, str] = field(default_factory=dict)  # id -> label, in order of use
    kinds: dict[str, str] = field(default_factory=dict)  # id -> actor kind
    #: Actor id -> the block where the actor is defined (its first mention).
    first: dict[str, int] = field(default_factory=dict)
    #: Bodies named in the text that no suggested duty names: "Label (kind)", in text order.
    #: They are no actors of the draft; the report and a comment list them apart.
    named_only: list[str] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    lists: list[TargetList] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    #: Actor key -> id.
    ids: dict[tuple[str, ...], str] = field(default_factory=dict)

    @property
    def goals(self) -> list[str]:
        return [i for t in self.lists if t.kind == "goal" for i in t.ids]

    @property
    def methods(self) -> list[str]:
        return [i for t in self.lists if t.kind == "method" for i in t.ids]


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) of a paragraph; a sentence ends with . ! ? before a capital, and a
    clause after a semicolon is read as a sentence of its own ("…; nämnden ska också …")."""
    start = 0
    for found in re.finditer(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])|(?<=;)\s+", text):
        yield start, text[start:found.start()]
        start = found.end()
    if start < len(text):
        yield start, text[start:]


def _strip_end(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding spaces and the sentence's final punctuation."""
    while end > start and text[end - 1] in " .,;:":
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    return start, end


def _clause_end(sentence: str, start: int) -> int:
    """Where the clause that starts at ``start`` ends: at ", men" or the sentence's end."""
    found = re.search(r",?\s+men\s+|,\s+som\s+(?=[a-zåäö]+r\b)|,\s+(?:medan|samtidigt\s+som)\s",
                      sentence[start:])
    return start + found.start() if found else len(sentence)


def _verb_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A row of tasks split where a new present-tense verb (or infinitive after "samt")
    begins after "och", "samt" or a comma; neighbours with the same role merged."""
    part = text[start:end]
    cuts: list[tuple[int, int]] = []
    # A row of infinitives ("ska ta fram en plan, utse en kontaktperson och rapportera …",
    # "har till uppgift att samordna …, stödja … och följa upp …") is split at each of them.
    first = [w for w in _content_words(part) if w.lower() not in MODALS][:1]
    infinitives = bool(first) and (_infinitive(first[0]) or bool(re.match(
        r"\s*(?:ansvarar\s+för\s+)?att\s", part)))
    for m in re.finditer(r"(?:,\s*(?:och\s+|samt\s+)?|\s+och\s+|\s+samt\s+)(?P<w>[a-zåäö]+)",
                         part):
        word = m["w"]
        last = cuts[-1][1] if cuts else 0
        if re.search(r"\b(?:hur|när|där|vilka|vilket|vilken|eftersom|medan|om|var)\s+\w+\s",
                     part[last:m.start()]) and not m[0].lstrip().startswith(","):
            continue  # a verb of a clause inside the task: "… för hur kommunen söker och redovisar"
        if _present_verb(word) and lemma(word) not in NOT_DUTY_VERBS:
            cuts.append((m.start(), m.start("w")))
        elif word in MODALS and re.match(r"\w+\s+(?:också\s+|även\s+)?[a-zåäö]+",
                                         part[m.start("w"):]):
            cuts.append((m.start(), m.start("w")))  # "… och ska göra det i samråd med …"
        elif infinitives and _infinitive(word) and lemma(word) not in NOT_DUTY_VERBS:
            cuts.append((m.start(), m.start("w")))
        elif infinitives and (att := re.match(r"(?:för\s+)?att\s+(?P<v>[a-zåäö]+)",
                                              part[m.start("w"):])) \
                and _infinitive(att["v"]):
            cuts.append((m.start(), m.start("w")))  # "… och för att följa upp …"
        elif word == "är" and m[0].lstrip().startswith(","):
            cuts.append((m.start(), m.start("w")))
        elif word in ("har", "ansvar") and re.match(r"(?:har\s+)?ansvar\s+för\b",
                                                   part[m.start("w"):]):
            cuts.append((m.start(), m.start("w")))
        elif " samt " in m[0] and lemma(word) in ROLE_LEMMAS:
            cuts.append((m.start(), m.start("w")))
    spans, last = [], 0
    for cut, nxt in cuts:
        spans.append((last, cut))
        last = nxt
    spans.append((last, len(part)))
    spans = [_strip_end(text, start + a, start + b) for a, b in spans]
    # "… och att hålla kontakt …": the duty is the task, from its verb
    spans = [(s + (lead.end() if i and (lead := re.match(r"(?:för\s+)?att\s+", text[s:e]))
                   else 0), e) for i, (s, e) in enumerate(spans)]
    spans = [s for s in spans if s[1] > s[0]]
    spans = [n for s in spans for n in _noun_pieces(text, *s)]
    # Each task is a duty of its own ("fastställer strategin", "beslutar om medlemskap"); a
    # verb without words of its own shares the next verb's object ("leder och samordnar
    # arbetet", "planerar, genomför och följer upp insatserna") and is one duty with it, in
    # the role of the first verb.
    merged: list[tuple[int, int]] = []
    open_verb = False  # the last span ends with a verb without an object of its own
    for s in spans:
        if merged and open_verb:
            merged[-1] = (merged[-1][0], s[1])
        else:
            merged.append(s)
        open_verb = _bare_verb(text[s[0]:s[1]])
    return merged


#: Verb particles ("följer upp", "tar fram"): a verb with one of them still has no object.
PARTICLES = frozenset({"upp", "ut", "in", "fram", "av", "på", "till", "med", "om", "bort",
                       "över", "igenom", "ihop", "tillbaka", "undan", "emot"})


def _bare_verb(task: str) -> bool:
    """A task of only a verb (with modal, adverbs and particle): "leder", "ska följa upp"."""
    words = [w.lower() for w in _content_words(task)]
    while words and words[0] in MODALS:
        words = words[1:]
    return len(words) <= 1 or (len(words) == 2 and words[1] in PARTICLES)


def _noun_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "ansvarar för samordning av arbetet, kommunikation med …, omvärldsbevakning av …":
    a list of tasks of several words each is split at commas and "samt" (a list of single
    nouns, "samordning, information och stöd", is one area of responsibility)."""
    head = re.match(r"ansvarar\s+(?:också\s+|även\s+)?för\s+(?!att\b)", text[start:end])
    if not head:
        return [(start, end)]
    begin = start + head.end()
    # an example belongs to the task before it: ", till exempel …", ", bland annat …"
    bounds = [(m.start(), m.end()) for m in re.finditer(
        r",\s+(?!till\s+exempel\b|t\.\s?ex\.|bland\s+annat\b|såsom\b|som\s+till\b)"
        r"|\s+samt\s+", text[begin:end])]
    pieces, last = [], 0
    for a, b in bounds:
        pieces.append((last, a))
        last = b
    pieces.append((last, end - begin))
    if len(pieces) < 2 or any(len(text[begin + a:begin + b].split()) < 2 for a, b in pieces):
        return [(start, end)]
    out = [(start if i == 0 else begin + a, begin + b) for i, (a, b) in enumerate(pieces)]
    return out


TRIGGER = re.compile(
    r"(?P<modal>(?:ska|skall|bör|måste|förväntas(?:\s+att)?)(?:\s+(?:också|även|alltid|"
    r"gemensamt|själv|själva|dessutom))*\s+)"
    r"|(?P<task>(?:har|får|ges|gavs)\s+(?:till\s+uppgift|i\s+uppdrag|uppdraget|uppgiften)"
    r"\s+att\s+)"
    r"|(?P<has>har\s+att\s+)"
    r"|(?P<owner>är\s+(?:\w+s\s+)?(?:ägare|huvudman|ansvarig[a]?)\b)"
    r"|(?P<verb>[a-zåäö]+\b)", re.IGNORECASE)


#: A negated verb: "ansvarar inte för", "ska inte", "har däremot inte", "ska aldrig".
NEGATION = re.compile(r"[a-zåäö]+\s+(?:[a-zåäö]+\s+)?(?:inte|ej|aldrig|icke)\b"
                      r"(?!\s+(?:bara|endast|enbart|minst)\b)", re.IGNORECASE)


@dataclass
class Context:
    """What a text has said before: the bodies named and the last subject."""

    #: Head -> the last key with that head that was not bare (for "Nämnden").
    by_head: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: The subject(s) of the last sentence with a body as subject (for "De").
    last: list[tuple[str, ...]] = field(default_factory=list)
    #: Every mention by key, in order (for the labels).
    seen: dict[tuple[str, ...], list[Mention]] = field(default_factory=dict)
    #: The companies ("… AB") named so far, the last at the end.
    companies: list[tuple[str, ...]] = field(default_factory=list)

    def resolve(self, m: Mention) -> tuple[tuple[str, ...], str]:
        """(key, unsure note) of a mention: a bare head names the last body with that head."""
        if m.bare and m.head in self.by_head and self.by_head[m.head] != m.key:
            target = self.by_head[m.head]
            return target, f"»{m.surface}« tolkat som {' '.join(target)}"
        if len(m.key) == 1 and m.definite and not m.plural and m.key not in self.seen:
            # "arbetsutskottet" after "regionstyrelsens arbetsutskott"
            longer = [k for k in self.seen if len(k) > 1 and k[-1] == m.key[0]]
            if longer:
                return longer[-1], f"»{m.surface}« tolkat som {' '.join(longer[-1])}"
        return m.key, ""

    def note(self, m: Mention) -> None:
        key, _ = self.resolve(m)
        if not m.bare or key == m.key:
            self.seen.setdefault(key, []).append(m)
            if not m.bare:
                self.by_head[m.head] = key
        if m.head == "ab":  # "Bolaget" is the company last named, "Bolagen" the last ones
            self.by_head["bolag"] = key
            self.companies = [k for k in self.companies if k != key][-3:] + [key]

    def companies_of(self, m: Mention) -> list[tuple[str, ...]]:
        """The companies "Bolagen" names: the companies named before, when there are two or
        more and the text has no body called "bolagen" of its own."""
        if m.key == ("bolag",) and m.plural and m.definite and len(self.companies) >= 2:
            return list(self.companies)
        return []


def _chain(sent: str, ms: list[Mention], first: int, relative: bool = True
           ) -> tuple[list[Mention], int]:
    """Mentions joined by ",", "och", "samt" from ``ms[first]``; the end of the chain (a
    prepositional attribute "för X" or a relative clause "som …" before a modal skipped)."""
    chain = [ms[first]]
    i = first
    while i + 1 < len(ms) and re.fullmatch(r"\s*(?:,|och|samt|,\s*och)\s*",
                                           sent[ms[i].end:ms[i + 1].start]):
        i += 1
        chain.append(ms[i])
    # "Norrbäck Invest AB, kommunens näringslivsbolag, medverkar …": an apposition
    if len(chain) >= 2 and sent[ms[i - 1].end:ms[i].start].strip() == "," \
            and re.match(r",\s+[a-zåäö]+\b", sent[ms[i].end:]) \
            and (verb := re.match(r",\s+(?P<v>[a-zåäö]+)", sent[ms[i].end:])) \
            and _present_or_modal(verb["v"]):
        chain.pop()
        return chain, ms[i].end + 1
    end = ms[i].end
    if i + 1 < len(ms) and re.fullmatch(r"\s+(?:för|inom|på|i|vid)\s+",
                                         sent[end:ms[i + 1].start]):
        end = ms[i + 1].end
    place = re.match(r"\s+(?:i|på)\s+[A-ZÅÄÖ][a-zåäö]+(?=\s+[a-zåäö]+r\b)", sent[end:])
    if place:  # "Nordmarks Europakontor i Bryssel bevakar …"
        end += place.end()
    else:
        # a short prepositional attribute before the verb: "Cheferna på alla nivåer
        # uppmuntrar …", "Kontaktpersonen inom varje förvaltning ska …"
        for n in (1, 2, 3):
            pp = re.match(r"\s+(?:på|i|inom|vid|för|från)\s+(?:[\wåäö-]+\s+)"
                          + f"{{{n}}}" + r"(?=(?P<v>[a-zåäö]+)\b)", sent[end:])
            if pp and (pp["v"] in MODALS or (_present_verb(pp["v"])
                                              and lemma(pp["v"]) not in NOT_DUTY_VERBS)):
                end += pp.end()
                break
    rel = re.match(r"\s+som\s+[^,.]*?\s(?=(?:ska|skall|bör|måste)\s)", sent[end:])
    som = relative and re.match(r"\s+som\s+[a-zåäö]+\s+", sent[end:])
    if som:
        # "Förtroendevalda som utses till ledamöter i … företräder Sjöland", "Medarbetare
        # som reser ska …": the verb after the relative clause is the subject's
        clause = sent[end + som.end():]
        found = tokens(clause)[:12]
        for n, t in enumerate(found):
            if re.search(r"[,.;:]", clause[:t.start]):
                break
            if _present_or_modal(t.text) and not (
                    n + 1 < len(found) and found[n + 1].text.lower() in MODALS
                    and t.text.lower() not in MODALS):
                end += som.end() + t.start - 1
                break
        else:
            if rel:
                end += rel.end() - 1
    elif rel:
        end += rel.end() - 1
    paren = re.match(r",[^,]{1,40},", sent[end:]) or re.match(r",\s+som\s[^,.]{1,90},",
                                                              sent[end:])
    if paren:
        end += paren.end()
    dash = re.match(r"\s*[–—:-]\s+(?=[a-zåäö]+\b)", sent[end:])
    if dash and _present_or_modal(sent[end + dash.end():].split(maxsplit=1)[0]):
        end += dash.end()  # "Regionstyrelsen – leder genomförandet …"
    return chain, end


def _present_or_modal(word: str) -> bool:
    """A finite verb that may begin a duty: a modal or a present tense that is not merely
    descriptive."""
    w = word.lower()
    return w in MODALS or (_present_verb(w) and lemma(w) not in NOT_DUTY_VERBS)


def _after_subject(sent: str, begin: int) -> list[tuple[int, int, str, bool]]:
    """The tasks after a subject: (start, end, role, lead-in of a list), also those of a
    clause after "men" with the same subject ("beslutar själv om … men ska informera …")."""
    tasks = _clause_tasks(sent, begin)
    if tasks and not tasks[-1][3]:
        but = re.match(r",?\s+men\s+", sent[_clause_end(sent, tasks[-1][1]):])
        if but:
            tasks += [t for t in _clause_tasks(sent, _clause_end(sent, tasks[-1][1]) + but.end())
                      if not t[3]]
    return _same_role(sent, tasks)


def _same_role(sent: str, tasks: list[tuple[int, int, str, bool]]
               ) -> list[tuple[int, int, str, bool]]:
    """Neighbouring tasks of one subject in the same role are one duty ("leder genomförandet
    och samordnar arbetet"): the pair (actor, role) is what the matrix shows."""
    out: list[tuple[int, int, str, bool]] = []
    for t in tasks:
        if out and not t[3] and not out[-1][3] and out[-1][2] == t[2] and re.fullmatch(
                r"\s*(?:,\s*)?(?:och|samt)?\s*(?:att\s+)?", sent[out[-1][1]:t[0]]):
            out[-1] = (out[-1][0], t[1], t[2], False)
        else:
            out.append(t)
    return out


def _clause_tasks(sent: str, begin: int) -> list[tuple[int, int, str, bool]]:
    """The tasks of one clause after a subject (see :func:`_after_subject`)."""
    rest = sent[begin:]
    skip = re.match(r"\s*(?:(?:också|även|själva|alltid|gemensamt|därför|dessutom)\s+)*", rest)
    pos = begin + (skip.end() if skip else 0)  # always a match (it may be empty)
    m = TRIGGER.match(sent, pos)
    if not m:
        return []
    if NEGATION.match(sent, m.start()):
        return []  # "ansvarar däremot inte för …", "ska inte …": no duty
    end = _clause_end(sent, m.end())
    if m["modal"] or m["task"] or m["has"]:
        if not sent[m.end():end].strip(" :"):
            return [(pos, end, "ansvarar", True)]
        pieces = _verb_pieces(sent, m.end(), end)
        out = []
        for s, e in pieces:
            task = sent[s:e]
            words = _content_words(task)
            if words and lemma(words[0]) in ("kunna",):
                return []
            if words and s == m.end() and m["modal"] and (_passive_verb(words[0]) or (
                    len(words) > 1 and _passive_verb(words[1]) and not _infinitive(words[0]))):
                return []  # "ska HR-avdelningen kontaktas": the body is not the doer
            if re.match(r"(?:(?:ska|skall|bör|måste)\s+)?(?:göra|gör)\s+(?:det|detta|så)\b",
                        task, re.IGNORECASE):
                continue  # "och ska göra det i samråd med …": the task said before
            role = role_of(task)
            if m["task"] and s == m.end() and role == "ansvarar" \
                    and not m["task"].lower().startswith(("ges", "gavs")):
                role = role_of(sent[m.start():e])
            out.append((s, e, role, False))
        return out
    if m["owner"]:
        s, e = _strip_end(sent, pos, end)
        return [(s, e, "ansvarar", False)]
    word = m["verb"]
    lem = lemma(word)
    if word.lower() == "ansvarar" and not sent[m.end():end].strip(" :"):
        return [(pos, end, "ansvarar", True)]
    if lem == "ha" and re.match(r"har\s+hand\s+om\b", sent[pos:], re.IGNORECASE):
        return [(pos, end, "ansvarar", False)]  # "har hand om bokningen"
    if lem == "ha" and re.match(r"har\s+(?:\w+\s+){0,3}ansvar(?:et)?\s+för\b", sent[pos:],
                                re.IGNORECASE):
        return [(s, e, role_of(sent[s:e]), False) for s, e in _verb_pieces(sent, pos, end)]
    if lem in NOT_DUTY_VERBS and word.lower().endswith("r"):
        # "X är styrgrupp för arbetet och prioriterar …": a description, then a task
        then = next((t for t in re.finditer(r"\s+(?:och|samt)\s+(?P<v>[a-zåäö]+)\b",
                                            sent[m.end():end])
                     if _present_verb(t["v"]) and lemma(t["v"]) not in NOT_DUTY_VERBS), None)
        if then and not re.search(r"\b(?:som|där|vilka|vilket|när|om)\b",
                                  sent[m.end():m.end() + then.start()]):
            pos = m.end() + then.start("v")
            return [(s, e, role_of(sent[s:e]), False) for s, e in _verb_pieces(sent, pos, end)]
    if not _present_verb(word) or lem in NOT_DUTY_VERBS:
        return []
    return [(s, e, role_of(sent[s:e]), False) for s, e in _verb_pieces(sent, pos, end)]


def duties_in(text: str, block: int, context: Context | None = None
              ) -> tuple[list[Duty], Context, list[str]]:
    """The duties a paragraph gives; the context for the next one; sentences that name a
    body and a duty word but gave no suggestion."""
    context = context or Context()
    found: list[Duty] = []
    missed: list[str] = []
    for offset, sent in sentences(text):
        before = len(found)
        ms = mentions(sent)
        subjects: list[tuple[str, ...]] = []

        def add(s: int, e: int, keys: list[tuple[str, ...]], role: str, note: str = "",
                sent: str = sent, offset: int = offset) -> None:
            s, e = _strip_end(sent, s, e)
            if e > s and keys:
                found.append(Duty(block, offset + s, offset + e, [(k, role) for k in keys],
                                  note))

        def keys_of(chain: list[Mention]) -> tuple[list[tuple[str, ...]], str]:
            keys, notes = [], []
            for m in chain:
                if companies := context.companies_of(m):
                    keys += [k for k in companies if k not in keys]
                    notes.append(f"»{m.surface}« tolkat som "
                                 + ", ".join(" ".join(k) for k in companies))
                    continue
                k, note = context.resolve(m)
                if k not in keys:
                    keys.append(k)
                if note:
                    notes.append(note)
            return keys, "; ".join(notes)

        words = tokens(sent)
        first_word = words[0].text.lower() if words else ""
        # "De …", "Dessa …": the subject of the sentence before.
        if first_word in ANAPHORS and (not ms or ms[0].start > 0) and context.last \
                and len(words) > 1 and (_present_verb(words[1].text)
                                        or words[1].text.lower() in MODALS):
            for s, e, role, _lead in _after_subject(sent, words[0].end):
                add(s, e, list(context.last), role,
                    f"»{words[0].text}« tolkat som {', '.join(' '.join(k) for k in context.last)}")
        # The body first (after "Även", "Också").
        lead_word = re.match(r"(?:[a-zåäö]\)\s+)?(?:(?:Även|Också|Dessutom)\s+)?", sent)
        start_at = lead_word.end() if lead_word else 0
        in_subject = 0
        if ms and ms[0].start == start_at and not ms[0].genitive:
            chain, end = _chain(sent, ms, 0)
            in_subject = len(chain)
            keys, note = keys_of(chain)
            tasks = _after_subject(sent, end)
            for s, e, role, lead in tasks:
                if lead:
                    continue
                given = re.search(r"\b(?:ger|uppdrar\s+åt)\s+", sent[s:e])
                inner = [x for x in ms if given and x.start == s + given.end()]
                if inner and given and re.match(r"\s+i\s+uppdrag\b" if given[0].startswith("ger")
                                      else r"\s+att\s", sent[inner[0].end:]):
                    # "ger X i uppdrag att …", "uppdrar åt X att …": one decides, X does
                    k, _n = context.resolve(inner[0])
                    found.append(Duty(block, offset + s, offset + e,
                                      [*((x, "beslutar") for x in keys), (k, "ansvarar")],
                                      note))
                    continue
                add(s, e, keys, role, note)
            if tasks:
                subjects = keys
        elif ms and ms[0].start == start_at and ms[0].genitive and (g := re.match(
                r"(?:\s+[\wåäö]+){1,3}?\s+(?P<verb>[a-zåäö]+s)\b", sent[ms[0].end:])) \
                and _passive_verb(g["verb"]) and re.search(r"arbete|planer|resultat|projekt",
                                                           g[0]):
            # "Förvaltningarnas internationella arbete rapporteras …": the owner reports it.
            keys, note = keys_of([ms[0]])
            b = ms[0].end + g.start("verb")
            add(b, _clause_end(sent, b), keys, "ansvarar",
                "passiv form, ägaren tolkad som den som gör uppgiften"
                + (f"; {note}" if note else ""))
            subjects = keys
        elif ms and ms[0].genitive and (re.match(
                r"Till\s+$", sent[:ms[0].start])) and (hor := re.match(
                r"\s+(?:\w+\s+)?(?:uppgifter|uppgift|uppdrag|ansvar|ansvarsområde)\s+hör"
                r"(?:\s+(?:också|även))?\s+(?:att\s+)?", sent[ms[0].end:])):
            # "Till EU-samordnarens uppgifter hör att stötta …", "Till kommunstyrelsens
            # ansvar hör samordningen av …"
            keys, note = keys_of([ms[0]])
            b = ms[0].end + hor.end()
            e = _clause_end(sent, b)
            pieces = _verb_pieces(sent, b, e) if hor[0].rstrip().endswith("att") else [(b, e)]
            for s, e2 in pieces:
                add(s, e2, keys, role_of(sent[s:e2]), note)
            subjects = keys
        elif ms and ms[0].start == start_at and ms[0].genitive:
            # "Kontaktpersonens uppgift är att …"
            g = re.match(r"\s+(?:\w+\s+)?(?:uppgift|uppdrag|ansvar|roll)(?:er)?\s+är\s+att\s+",
                         sent[ms[0].end:])
            if g:
                keys, note = keys_of([ms[0]])
                b = ms[0].end + g.end()
                for s, e in _verb_pieces(sent, b, _clause_end(sent, b)):
                    add(s, e, keys, role_of(sent[s:e]), note)
        for i, m in enumerate(ms):
            if i < in_subject:
                continue
            pre = sent[:m.start]
            post = sent[m.end:]
            # A clause of its own with a body as subject: "…, medan kommunstyrelsen har det
            # övergripande ansvaret", "…, men nämnderna ska …", "… och EU-samordnaren leder …"
            if not m.genitive and re.search(
                    r"(?:,\s*|\s)(?:medan|men|och|samt|samtidigt\s+som|medan|därefter|sedan)"
                    r"\s+$", pre) and (i == 0 or not re.fullmatch(
                        r"\s*(?:,|och|samt|,\s*och)\s*", sent[ms[i - 1].end:m.start])):
                chain, end = _chain(sent, ms, i)
                nxt = tokens(sent[end:])[:1]
                last = re.search(r"(\w+)\s+$", pre)  # found: pre ends with a conjunction
                conj = last[1].lower() if last else ""
                if nxt and (nxt[0].text.lower() in MODALS or (
                        conj not in ("och", "samt") and _present_or_modal(nxt[0].text))
                        or re.match(r"\s*(?:ansvarar\b|har\s+(?:\w+\s+){0,3}ansvar)",
                                    sent[end:])):
                    keys, note = keys_of(chain)
                    for s, e, role, lead in _after_subject(sent, end):
                        if not lead:
                            add(s, e, keys, role, note)
                    subjects = keys
                    continue
            # The passive with the doer first: "Av regionstyrelsen fattas beslut om …"
            first_by = re.match(r"\s+(?:(?:ska|skall|bör|måste)\s+)?(?P<verb>[a-zåäö]+s)\b", post)
            if re.fullmatch(r"Av\s+", pre) and first_by and _passive_verb(first_by["verb"]):
                chain, _end = _chain(sent, ms, i)
                keys, note = keys_of(chain)
                verb = verb_lemma(first_by["verb"])
                role = ROLE_LEMMAS.get(verb, "ansvarar")
                if verb == "fatta":
                    role = "beslutar" if re.search(r"beslut", sent, re.IGNORECASE) \
                        else "ansvarar"
                expected = re.match(r"\s+förväntas\s+(?:att\s+)?(?:(?:de|den|det)\s+)?",
                                    sent[m.end:])
                if expected:  # "Av de förtroendevalda förväntas att de deltar …"
                    b = m.end + expected.end()
                    add(b, _clause_end(sent, b), keys, role_of(sent[b:]), note)
                    break
                add(0, len(sent), keys, role, "passiv form" + (f"; {note}" if note else ""))
                break
            # Passive: "… fattas av X", "… ska utföras en gång om året av X"
            by = re.search(r"\s+av\s+$", pre)
            passive = None
            if by and not re.search(r"uppdrag\s+av\s+$", pre):
                passive = next((t.text for t in reversed(tokens(pre[:by.start()])[-6:])
                                if _passive_verb(t.text)), None)
                if passive and re.search(rf"\b(?:har|hade)\s+(?:\S+\s+){{0,2}}{passive}\b",
                                         pre, re.IGNORECASE):
                    passive = None  # "Planen har arbetats fram av …": what was done, no duty
            if passive:
                chain, _end = _chain(sent, ms, i)
                keys, note = keys_of(chain)
                verb = verb_lemma(passive)
                role = ROLE_LEMMAS.get(verb, "ansvarar")
                if verb == "fatta" and not re.search(r"beslut", sent, re.IGNORECASE):
                    role = "ansvarar"
                add(0, len(sent), keys, role, "passiv form" + (f"; {note}" if note else ""))
                break
            # "… sker på/hos X", "Ansvaret … ligger hos X", "… åligger X"
            p = re.search(r"\b(?P<verb>sker|ligger|åligger|vilar)\s+(?:(?:på|hos|inom|vid)\s+)?$",
                          pre)
            if p and (p["verb"] not in ("ligger", "vilar")
                      or re.search(r"ansvar", pre, re.IGNORECASE)):
                chain, end = _chain(sent, ms, i)
                keys, note = keys_of(chain)
                att = re.match(r"\s+att\s+(\w+)", sent[end:])
                if att:
                    role = role_of(sent[end:].strip()[4:])
                elif p["verb"] in ("ligger", "vilar"):
                    role = "ansvarar"
                else:
                    role = role_of(pre)
                add(0, len(sent), keys, role, note)
                break
            # "Ansvarig för samordningen är X"
            owner = re.fullmatch(r"(?:[a-zåäö]\)\s+)?(?:Huvud)?[Aa]nsvarig[a]?\s+för\s+"
                                 r"(?P<what>[^,;:]+?)\s+är\s+", pre)
            if owner and not m.genitive:
                chain, _end = _chain(sent, ms, i, relative=False)
                keys, note = keys_of(chain)
                noun = lemma(owner["what"].split()[0])
                role = next((r for w, r in ROLE_NOUNS if noun.startswith(w)), "ansvarar")
                add(0, len(sent), keys, role, note)
                subjects = keys
                break
            # "har stöd av X"
            if support := re.search(r"\bhar\s+stöd\s+av\s+$", pre):
                keys, note = keys_of([m])
                s = support.start()
                add(s, len(sent), keys, "stödjer", note)
                continue
            # "Det är X som …"
            # (also after a clause: "Om … omfattar flera nämnder är det X som beslutar")
            if re.fullmatch(r"(?:[a-zåäö]\)\s+)?Det\s+är\s+", pre) \
                    or (re.search(r"[a-zåäö,]\s+är\s+$", pre) and m.determiner == "det"):
                chain, end = _chain(sent, ms, i, relative=False)
                som = re.match(r"\s+som\s+", sent[end:])
                if som:
                    keys, note = keys_of(chain)
                    for s, e, role, _lead in _after_subject(sent, end + som.end()):
                        add(s, e, keys, role, note)
                    subjects = keys
                break
            # "I X:s uppdrag ingår att …", "I X:s uppgifter ingår också att …"
            ingar = re.match(r"\s+(?:[a-zåäö]+\s+)?(?:uppdrag|uppgift|uppgifter|ansvar|"
                             r"ansvarsområde)\s+ingår\s+(?:det\s+)?(?:(?:också|även)\s+)?"
                             r"att\s+", post)
            if m.genitive and re.search(r"(?:^|[,;:]\s*)I\s+$", pre, re.IGNORECASE) and ingar:
                keys, note = keys_of([m])
                b = m.end + ingar.end()
                tasks = [(s, e, role_of(sent[s:e]), False)
                         for s, e in _verb_pieces(sent, b, _clause_end(sent, b))]
                for s, e, role, _lead in _same_role(sent, tasks):
                    add(s, e, keys, role, note)
                subjects = keys
                break
            # "Det ingår i X:s uppdrag att …", "X vars uppdrag är att …", "Syftet med X är att"
            if m.genitive and re.search(r"\bingår\s+i\s+$", pre) \
                    and (task := re.match(r"\s+uppdrag\s+att\s+", post)):
                keys, note = keys_of([m])
                b = m.end + task.end()
                for s, e in _verb_pieces(sent, b, _clause_end(sent, b)):
                    add(s, e, keys, role_of(sent[s:e]), note)
                break
            vars_ = re.match(r"\s+vars\s+(?:uppdrag|uppgift)\s+är\s+att\s+", post)
            syfte = re.fullmatch(r"Syftet\s+med\s+", pre) and re.match(r"\s+är\s+att\s+", post)
            if opener := (vars_ or syfte):
                keys, note = keys_of([m])
                b = m.end + opener.end()
                e = _clause_end(sent, b)
                add(b, e, keys, role_of(sent[b:e]), note)
                break
            # Inverted order: "I årsredovisningen ska X …", "För … svarar X", "som X beslutar"
            v = re.search(r"(?:^|\s)(?P<verb>[a-zåäöA-ZÅÄÖ]+)\s+$", pre)
            if v and not m.genitive and len(found) == before:
                verb = v["verb"]
                if verb.lower() in MODALS and not re.search(r"[,;:]", pre):
                    chain, end = _chain(sent, ms, i)
                    keys, note = keys_of(chain)
                    b = end
                    e = _clause_end(sent, b)
                    after = tokens(sent[b:e])
                    if after and _passive_verb(after[0].text):
                        break  # "… ska HR-avdelningen kontaktas": the body is not the doer
                    for s, e2 in _verb_pieces(sent, b, e):
                        add(s, e2, keys, role_of(sent[s:e2]), note)
                    subjects = keys
                    break
                if (_present_verb(verb) and verb_lemma(verb) in (*ROLE_LEMMAS, "ansvara", "svara")
                        and not re.search(r"[,;:]", pre) and pre[:1].isupper()
                        and (not ms[0].start < m.start
                             # "För kontakterna med EU-kontoret svarar X"
                             or re.match(r"(?:För|Inom|Vid|I)\s", pre))):
                    chain, end = _chain(sent, ms, i)
                    keys, note = keys_of(chain)
                    s = v.start("verb")
                    add(s, _clause_end(sent, end), keys, role_of(sent[s:]), note)
                    subjects = keys
                    break
                if verb.lower() == "som" and m.determiner not in ("den", "det", "de"):
                    post_verb = re.match(r"\s+(?P<verb>[a-zåäö]+)\b", post)
                    if post_verb and _present_verb(post_verb["verb"]) \
                            and lemma(post_verb["verb"]) not in NOT_DUTY_VERBS:
                        keys, note = keys_of([m])
                        add(v.start("verb"), _clause_end(sent, m.end), keys,
                            role_of(post_verb["verb"]), note)
                        break
            # "… ett internationellt utskott som bereder ärenden"
            rel = re.match(r",?\s+som\s+(?P<verb>[a-zåäö]+)\b", post)
            if rel and m.determiner not in ("den", "det", "de") and not m.genitive \
                    and _present_verb(rel["verb"]) and lemma(rel["verb"]) not in NOT_DUTY_VERBS:
                keys, note = keys_of([m])
                b = m.end + rel.start("verb")
                add(b, _clause_end(sent, b), keys, role_of(rel["verb"]), note)
        for m in ms:
            context.note(m)
        if subjects:
            context.last = subjects
        elif ms and ms[0].start == start_at and not ms[0].genitive:
            context.last = keys_of([ms[0]])[0]
        if len(found) == before and ms and sent.rstrip()[-1:] in ".!?" and re.search(
                r"\b(ansvar|ska|bör|uppdrag|uppgift|rapporteras|redovisas)", sent,
                re.IGNORECASE):
            missed.append(sent)
    return found, context, missed


LEAD_IN = re.compile(
    r"^\s*(?:(?:ska|skall|bör|måste)(?:\s+bland\s+annat|\s+också)?|har\s+(?:till\s+uppgift|"
    r"i\s+uppdrag|följande\s+uppgifter?)(?:\s+att)?|ansvarar(?:\s+\w+)?\s+för(?:\s+att)?|"
    r"(?:uppgifter|uppgift|uppdrag|ansvar)\s+är\s+att|)\s*:?\s*$", re.IGNORECASE)


def list_owner(lead: str, context: Context) -> tuple[list[tuple[str, ...]], str] | None:
    """The bodies whose duties a list gives, from its lead-in or heading ("Kanslienheten har
    till uppgift att", "Projektägaren ska:", a heading "Kommunförvaltningen")."""
    last_sentence = list(sentences(lead.strip()))[-1][1] if lead.strip() else ""
    ms = mentions(last_sentence)
    if not ms:
        return None
    # the last chain of mentions in the sentence, and what follows it
    i = len(ms) - 1
    while i > 0 and re.fullmatch(r"\s*(?:,|och|samt)\s*", last_sentence[ms[i - 1].end:ms[i].start]):
        i -= 1
    chain = ms[i:]
    tail = last_sentence[chain[-1].end:]
    if chain[-1].genitive:
        tail = re.sub(r"^\s+", " ", tail)
        if not re.match(r"\s+(?:\w+\s+)?(?:uppgifter|uppgift|uppdrag|ansvar)(?:\s+är(?:\s+att)?)?"
                        r"\s*:?\s*$", tail):
            return None
    elif not LEAD_IN.match(tail):
        return None
    before = last_sentence[:chain[0].start]
    if before.strip() and not re.search(r"(?:\batt|\bsom|:)\s*$", before) \
            and not re.fullmatch(r"\s*(?:Även|Också|Dessutom)\s*", before):
        return None
    keys, notes = [], []
    for m in chain:
        k, note = context.resolve(m)
        keys.append(k)
        if note:
            notes.append(note)
        context.note(m)
    return keys, "; ".join(notes)


# --- tables ------------------------------------------------------------------------------------

CONJUNCTIONS = frozenset({"och", "samt", "eller"})
#: A header of a column that names who is only consulted or informed: no duty.
NOT_DOER_HEADER = re.compile(r"samråd|tillsammans|informeras|med stöd|stöd av|kontakt", re.I)
#: A header of a column that names who does the task.
DOER_HEADER = re.compile(r"ansvarig|vem\b|aktör|roll|utför|ägare|organ", re.IGNORECASE)


def _list_items(blocks: Sequence[Block], index: int) -> list[int]:
    """The items of the list that starts at ``index``: up to an item of another kind of mark
    ("a) …" then "– …" are two lists) or another block."""
    items = [index]
    while items[-1] + 1 < len(blocks) and blocks[items[-1] + 1].kind == "item" \
            and getattr(blocks[items[-1] + 1], "marker", "") == getattr(blocks[index],
                                                                         "marker", ""):
        items.append(items[-1] + 1)
    return items


def _table_rows(blocks: Sequence[Block], index: int) -> list[int]:
    """The rows of the table that starts at ``index``: up to the next header or other block."""
    rows = [index]
    while rows[-1] + 1 < len(blocks) and blocks[rows[-1] + 1].kind == "row" \
            and not blocks[rows[-1] + 1].header:
        rows.append(rows[-1] + 1)
    return rows


def _cell_offsets(block: Block) -> list[tuple[int, int]]:
    """(start, end) of each cell in a row's text (the cells joined by tabs)."""
    out, pos = [], 0
    for cell in block.cells:
        out.append((pos, pos + len(cell)))
        pos += len(cell) + 1
    return out


def _names_bodies(cell: str) -> list[Mention] | None:
    """The bodies a cell names when the cell is only their names ("Kommunstyrelsen",
    "Berörd nämnd", "Kultur- och fritidsnämnden och skolan"), else None."""
    ms = [m for m in mentions(cell) if not m.genitive]
    if not ms:
        return None
    rest = cell
    for m in reversed(ms):
        rest = rest[:m.start] + rest[m.end:]
    leftover = [t.text for t in tokens(rest)
                if t.text.lower() not in CONJUNCTIONS | DETERMINERS]
    return ms if len(leftover) <= 1 else None


def table_duties(blocks: Sequence[Block], rows: list[int], context: Context,
                 first_key: dict[tuple[str, ...], int]) -> list[Duty]:
    """The duties of a table: in each row, the bodies of the column that names who does
    what (by its header, else the first column whose cells are bodies' names; a column
    "I samråd med" gives none) get the task of the column with the longest words."""
    if len(rows) < 2:
        return []
    header, data = blocks[rows[0]], rows[1:]
    width = len(header.cells)
    named = [sum(_names_bodies(blocks[r].cells[c]) is not None for r in data
                 if c < len(blocks[r].cells)) for c in range(width)]
    candidates = [c for c in range(width) if named[c] * 2 >= len(data)
                  and not NOT_DOER_HEADER.search(header.cells[c])]
    if not candidates:
        for r in rows:
            for m in mentions(blocks[r].text):
                context.note(m)
        return []
    doer = next((c for c in candidates if DOER_HEADER.search(header.cells[c])), candidates[0])
    others = [c for c in range(width) if c != doer and named[c] * 2 < len(data)]
    if not others:
        return []
    task = max(others, key=lambda c: sum(len(blocks[r].cells[c].split()) for r in data
                                         if c < len(blocks[r].cells)))
    out = []
    for r in data:
        row = blocks[r]
        if max(doer, task) >= len(row.cells):
            continue
        ms = _names_bodies(row.cells[doer]) or []
        offsets = _cell_offsets(row)
        keys = []
        for m in ms:
            key, _note = context.resolve(m)
            context.note(m)
            if key not in keys:
                keys.append(key)
            first_key.setdefault(key, rows[0])
        s, e = offsets[task]
        s, e = _strip_end(row.text, s, e)
        if keys and e > s:
            out.append(Duty(r, s, e, [(k, role_of(row.text[s:e])) for k in keys],
                            "rad i en tabell"))
    return out


# --- lists -------------------------------------------------------------------------------------


def label_of(text: str) -> str:
    """A short label from the first words of an item, for the editor to shorten or rewrite."""
    words = re.sub(r"[,.;:]+$", "", text).split()[:WORD_LIMIT_LABEL]
    label = " ".join(words).rstrip(",.;:")
    return label[:1].upper() + label[1:]


def _lists(blocks: Sequence[Block]) -> Iterator[tuple[int, list[int]]]:
    """(index of the lead-in or heading before the list, item indexes) for each list."""
    index = 0
    while index < len(blocks):
        if blocks[index].kind == "item":
            items = _list_items(blocks, index)
            index = items[-1] + 1
            yield items[0] - 1, items
        else:
            index += 1


def _label_of_actor(ms: list[Mention], key: tuple[str, ...]) -> str:
    """The label of an actor: of its full forms (not "Nämnden" for "Kulturnämnden"), the
    plural definite if the text has one, else the definite, else the first."""
    ms = [m for m in ms if m.key == key] or ms
    forms = [m for m in ms if not m.genitive] or ms
    best = next((m for m in forms if m.plural and m.definite), None) \
        or next((m for m in forms if m.definite), None) or forms[0]
    surface = best.surface
    if best.genitive and surface.endswith("s"):
        surface = surface[:-1]
    if best.determiner in ("kommunens", "regionens", "stadens") and not best.definite:
        surface = f"{best.determiner} {surface}"  # "Kommunens bolag", not "Bolag"
    return surface[:1].upper() + surface[1:]


def _role_lemma(words: list[str], at: int) -> str:
    """The lemma of the verb at ``words[at]`` with its particle ("följer upp" -> "följa upp",
    "följs upp" -> "följa upp")."""
    lem = verb_lemma(words[at])
    if lem == words[at].lower() and lem.endswith("s") and verb_lemma(lem[:-1]) != lem[:-1]:
        lem = verb_lemma(lem[:-1])
    if at + 1 < len(words) and words[at + 1].lower() in PARTICLES:
        lem += " " + words[at + 1].lower()
    return lem


def fit_role(task: str, role: str, roles: dict[str, str] | None) -> str:
    """The role of a task in the project's own roles (``handbok_roles``, strongest first):
    a role named by the task's verb ("följer upp" for "följs upp av …", "informerar" for
    "informerar nämnderna"), else a role whose description has the verb ("rapporterar" in
    "informerar: rapporterar och redovisar till andra"), else the role suggested from the
    handbook's roles if the project has it, else "ansvarar", else the project's first."""
    if not roles or role in roles and set(roles) == set(DEFAULT_ROLE_NAMES):
        return role
    words = [w for w in _content_words(task) if w.lower() not in MODALS | {"att", "för"}]
    named = {_role_lemma(name.split(), 0): name for name in roles}
    described = {lemma(w): name for name, text in roles.items()
                 for w in WORD.findall(str(text)) if len(w) > 3}
    verbs = [i for i, w in enumerate(words[:12]) if re.fullmatch(r"[A-Za-zÅÄÖåäö]+", w)]
    for i in verbs:
        for candidate in (_role_lemma(words, i), verb_lemma(words[i])):
            if candidate in named:
                return named[candidate]
    if verbs:
        first = _role_lemma(words, verbs[0]).split()[0]
        if first in described:
            return described[first]
    if role in roles:
        return role
    return "ansvarar" if "ansvarar" in roles else next(iter(roles))


def _own_subject(text: str) -> bool:
    """An item that begins with a body of its own, not a task of the list's owner
    ("Kommundirektören leder …" under a heading "Tjänstepersoner")."""
    letter = LETTERED.match(text)
    ms = mentions(text)
    return bool(ms) and ms[0].start == (letter.end() if letter else 0) and not ms[0].genitive


def suggest(blocks: Sequence[Block], kommun: str, roles: dict[str, str] | None = None
            ) -> Suggestions:
    """All suggestions for the blocks of an imported text; the roles in the project's own
    ``roles`` (:func:`fit_role`) when it has other roles than the handbook's."""
    result = Suggestions()
    context = Context()
    heading_of: dict[int, str] = {}
    #: The headings a block is under, nearest first ("3.1 Kompetens", "3. Mål").
    outline_of: dict[int, str] = {}
    section = ""
    path: list[tuple[int, str]] = []
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            section = block.text if block.level >= 2 else ""
            path = [(lv, t) for lv, t in path if lv < block.level]
            if block.level >= 2:
                path.append((block.level, block.text))
        heading_of[index] = section
        outline_of[index] = " / ".join(t for _lv, t in reversed(path))
    counters = {"goal": 0, "method": 0}
    used_in_section: dict[tuple[str, str], bool] = {}
    duty_lists: dict[int, tuple[list[tuple[str, ...]], str]] = {}
    lead_of = {items[0]: lead for lead, items in _lists(blocks)}
    found_duties: list[Duty] = []
    first_key: dict[tuple[str, ...], int] = {}
    all_missed: list[tuple[str, str]] = []
    # Paragraphs, headings and lists in the order of the text (the context runs along).
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "heading":
            ms = mentions(block.text)
            for m in ms:
                context.note(m)
            index += 1
            continue
        if block.kind == "row":
            rows = _table_rows(blocks, index)
            index = rows[-1] + 1
            found_duties += table_duties(blocks, rows, context, first_key)
            continue
        if block.kind == "para":
            duties, context, missed = duties_in(block.text, index, context)
            found_duties += duties
            all_missed += [(block.where, s) for s in missed]
            for m in mentions(block.text):
                first_key.setdefault(context.resolve(m)[0], index)
            index += 1
            continue
        # a list
        items = _list_items(blocks, index)
        index = items[-1] + 1
        lead = lead_of.get(items[0], -1)
        lead_block = blocks[lead] if lead >= 0 else None
        owner = None
        if lead_block is not None and lead_block.kind in ("para", "heading"):
            if lead_block.kind == "heading":
                ms = mentions(lead_block.text)
                # a numbered heading ("4.1 Kommunfullmäktige") names its body after the number
                number = re.match(r"\d{1,2}(?:\.\d{1,2})*\.?\s+", lead_block.text)
                if ms and ms[0].start == (number.end() if number else 0) and (len(ms) == 1 or all(
                        re.fullmatch(r"\s*(?:,|och|samt)\s*", lead_block.text[a.end:b.start])
                        for a, b in zip(ms, ms[1:], strict=False))) \
                        and not lead_block.text[ms[-1].end:].strip(" :"):
                    owner = ([context.resolve(m)[0] for m in ms],
                             "; ".join(n for m in ms if (n := context.resolve(m)[1])))
            elif lead_block.text.rstrip().endswith((":", "att", "ska", "skall", "bör")) or \
                    not lead_block.text.rstrip().endswith((".", "!", "?")):
                owner = list_owner(lead_block.text.rstrip(), context)
        if owner and all(_own_subject(blocks[item].text) for item in items):
            owner = None  # each item names its own doer ("Kommundirektören leder …")
        if owner and lead_block is not None:  # an owner comes from the lead block
            keys, note = owner
            duty_lists[items[0]] = owner
            for item in items:
                text = blocks[item].text
                letter = LETTERED.match(text)  # "a) leda och samordna …": the letter stays
                s, e = _strip_end(text, letter.end() if letter else 0, len(text))
                role = role_of(text[s:e])
                if re.search(r"ansvarar\s+för\s*:?\s*$", lead_block.text) and \
                        not _present_verb(tokens(text[s:])[0].text if tokens(text[s:]) else ""):
                    role = "ansvarar"
                found_duties.append(Duty(item, s, e, [(k, role) for k in keys],
                                         ("punkt i en lista under " + ", ".join(
                                             " ".join(k) for k in keys))
                                         + (f"; {note}" if note else "")))
                first_key.setdefault(keys[0], item)
            for k in keys:
                first_key.setdefault(k, items[0])
            continue
        # A list of sentences ("– Kommunfullmäktige beslutar om strategin."): each item is
        # read like a paragraph, unless the list is under a heading about goals or methods.
        section = outline_of[items[0]]
        lead_text = lead_block.text if lead_block is not None and lead_block.kind == "para" \
            else ""
        targets = section and any(HEAD_RE[k].search(section) or HEAD_RE[k].search(lead_text)
                                  for k in HEAD_RE)
        in_items: list[Duty] = []
        for item in items:
            if targets:
                for m in mentions(blocks[item].text):
                    context.note(m)
                continue
            duties, context, missed = duties_in(blocks[item].text, item, context)
            in_items += duties
            all_missed += [(blocks[item].where, s) for s in missed]
            for m in mentions(blocks[item].text):
                first_key.setdefault(context.resolve(m)[0], item)
        if in_items:
            found_duties += in_items
            duty_lists[items[0]] = ([], "")
    # Goals and methods.
    for lead, items in _lists(blocks):
        if items[0] in duty_lists:
            continue
        section = heading_of[items[0]]
        outline = outline_of[items[0]]
        lead_text = blocks[lead].text if lead >= 0 and blocks[lead].kind == "para" else ""
        kind = None
        if not section:
            kind = None  # the introduction under the title: not a part of the policy's lists
        elif HEAD_RE["method"].search(section) or HEAD_RE["method"].search(lead_text):
            kind = "method"
        elif HEAD_RE["goal"].search(section) or HEAD_RE["goal"].search(lead_text):
            kind = "goal"
        elif HEAD_RE["method"].search(outline):  # "3. Metoder" / "3.1 Utbyten"
            kind = "method"
        elif HEAD_RE["goal"].search(outline):  # "3. Mål" / "3.1 Kompetens"
            kind = "goal"
        where = blocks[items[0]].where
        if kind and used_in_section.get((section, kind)):
            result.unsure.append(f"{where}: listan under »{section}« kan också vara "
                                 f"{'mål' if kind == 'goal' else 'metoder'}; avgör själv")
            kind = None
        if kind is None:
            continue
        used_in_section[(section, kind)] = True
        noun = "mal" if kind == "goal" else "metod"
        ids, labels = [], []
        for item in items:
            counters[kind] += 1
            ids.append(f"{kommun}-{noun}-{counters[kind]}")
            labels.append(label_of(blocks[item].text))
        result.lists.append(TargetList(kind, items, ids, labels))
    # A body named once with its adjective and once without ("de internationella
    # kontaktpersonerna", "en kontaktperson") is one actor, unless the short form is a plural
    # of its own ("nämnderna" beside "tekniska nämnden").
    keys = list(dict.fromkeys([*context.seen, *first_key,
                               *(k for d in found_duties for k in d.actors)]))
    merge: dict[tuple[str, ...], tuple[str, ...]] = {}
    for short in keys:
        if len(short) != 1:
            continue
        longer = [k for k in keys if len(k) > 1 and k[-1] == short[0]
                  and all(head_of(x) is None for x in k[:-1])]
        forms = context.seen.get(short, [])
        # "respektive nämnd", "varje nämnd": every body of the kind, not the one named
        every = any(m.determiner in ("respektive", "varje", "alla", "samtliga", "berörda",
                                     "övriga", "flera", "många", "några", "vissa", "enskilda")
                    for m in forms)
        if len(longer) == 1 and not every and not any(m.plural and m.definite for m in forms):
            merge[short] = longer[0]
    if merge:
        for duty in found_duties:
            duty.assignments = list(dict.fromkeys(
                (merge.get(k, k) if isinstance(k, tuple) else k, r)
                for k, r in duty.assignments))
        for short, long in merge.items():
            if short in first_key:
                first_key[long] = min(first_key.pop(short), first_key.get(long, 10**9))
            context.seen.setdefault(long, []).extend(context.seen.pop(short, []))
    # Actors: one per key, with an id, a label and a kind.
    used_keys: list[tuple[str, ...]] = []
    for duty in found_duties:
        block = blocks[duty.block]
        span = block.text[duty.start:duty.end]
        if "`" in span or "<" in span or ">" in span:
            continue
        result.duties.append(duty)
        for key in duty.actors:
            if key not in used_keys:
                used_keys.append(key)
    named = [k for k in first_key if k not in used_keys
             and not all(m.weak for m in context.seen.get(k, []) or [Mention(0, 0, k, "", "",
                                                                           weak=True)])]
    # Only a body with a suggested duty becomes an actor: an actor is who does something in
    # the matrix. The bodies the text names without a duty are listed apart (the report and a
    # comment at the top of the draft), for the editor to add by hand if they belong.
    taken: set[str] = set()
    for key in used_keys + named:
        ms = context.seen.get(key) or []
        label = _label_of_actor(ms, key) if ms else " ".join(key).capitalize()
        head = ms[0].head if ms else (head_of(key[-1]) or "")
        if key in named:
            result.named_only.append(f"{label} ({kind_of(head, key)})")
            continue
        ident = slug(label) or "aktor"
        while ident in taken:
            ident += "-2"
        taken.add(ident)
        result.ids[key] = ident
        result.actors[ident] = label
        result.kinds[ident] = kind_of(head, key)
        result.first[ident] = first_key.get(key, duty_block(found_duties, key))
    for duty in result.duties:
        task = blocks[duty.block].text[duty.start:duty.end]
        duty.assignments = [(result.ids[k] if isinstance(k, tuple) else k,  # keys until now
                             fit_role(task, r, roles))
                            for k, r in duty.assignments]
        if duty.unsure:
            span = blocks[duty.block].text[duty.start:duty.end]
            result.unsure.append(f"{blocks[duty.block].where}: {duty.unsure}: »{span}«")
    for where, sent in all_missed:
        result.unsure.append(f"{where}: nämner ett organ men gav inget förslag på uppgift: "
                             f"»{sent}«")
    return result


def duty_block(duties: list[Duty], key: tuple[str, ...]) -> int:
    return next((d.block for d in duties if key in d.actors), 0)


# --- writing -----------------------------------------------------------------------------------


def _duty_line(mark: str, span: str, assignments: list[tuple[tuple[str, ...] | str, str]]
               ) -> str:
    spec = ", ".join(f"{a}:{r}" for a, r in assignments)
    return f"{mark}: uppgift »{span}« <{spec}>"


def _marked(text: str, duties: list[Duty], escape: Callable[..., str]) -> str:
    out, last = [], 0
    for duty in sorted(duties, key=lambda d: d.start):
        if duty.start < last:
            continue
        out.append(escape(text[last:duty.start], last == 0))
        spec = ", ".join(f"{a}:{r}" for a, r in duty.assignments)
        out.append(f"{{duty}}`{text[duty.start:duty.end]} <{spec}>`")
        last = duty.end
    out.append(escape(text[last:], last == 0))
    return "".join(out)


def _actor_block(found: Suggestions, actor: str, mark: str) -> str:
    return (f"{mark}: aktör {actor} ({found.actors[actor]}, {found.kinds[actor]})\n"
            f":::{{actor}} {actor}\n:label: {found.actors[actor]}\n"
            f":kind: {found.kinds[actor]}\n:::\n")


def _table(blocks: Sequence[Block], rows: list[int], by_block: dict[int, list[Duty]],
           escape: Callable[..., str], mark: str) -> str:
    """A table as a Markdown pipe table, its first row the header; the review lines of its
    duties above it."""
    width = max(len(blocks[r].cells) for r in rows)
    lines = [_duty_line(mark, blocks[r].text[d.start:d.end], d.assignments)
             for r in rows for d in by_block.get(r, [])]
    for n, r in enumerate(rows):
        row = blocks[r]
        cells = []
        for c, (s, e) in enumerate(_cell_offsets(row)):
            duties = [Duty(d.block, d.start - s, d.end - s, d.assignments)
                      for d in by_block.get(r, []) if s <= d.start and d.end <= e]
            cells.append(_marked(row.cells[c], duties, escape).replace("|", "\\|"))
        cells += [""] * (width - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
        if n == 0:
            lines.append("|" + "|".join([" --- "] * width) + "|")
    return "\n".join(lines) + "\n"


def render(blocks: Sequence[Block], found: Suggestions, escape: Callable[..., str], mark: str
           ) -> Iterator[str]:
    """The draft's body, block by block, with the suggestions and their review marks."""
    by_block: dict[int, list[Duty]] = {}
    for duty in found.duties:
        by_block.setdefault(duty.block, []).append(duty)
    list_of = {t.blocks[0]: t for t in found.lists}
    # Actors are declared before the block (or the list) of their first mention, and never
    # before the title.
    first_of: dict[int, list[str]] = {}
    starts = {}
    index = 0
    while index < len(blocks):
        if blocks[index].kind == "row":  # before the table, not inside
            for row in _table_rows(blocks, index):
                starts[row] = index
            index = row + 1
        elif blocks[index].kind == "item":  # before the list, not inside
            for item in _list_items(blocks, index):
                starts[item] = index
            index = item + 1
        else:
            index += 1
    title = next((i for i, b in enumerate(blocks) if b.kind == "heading"), -1)
    for actor, first in found.first.items():
        where = starts.get(first, first)
        if where <= title:
            where = title + 1
        first_of.setdefault(min(where, len(blocks) - 1) if blocks else 0, []).append(actor)
    index = 0
    while index < len(blocks):
        block = blocks[index]
        head = "".join(_actor_block(found, a, mark) for a in first_of.get(index, []))
        if block.kind == "heading":
            if head:
                yield head
            yield f"{'#' * block.level} {escape(block.text)}\n"
            index += 1
            continue
        if block.kind == "row":
            rows = _table_rows(blocks, index)
            index = rows[-1] + 1
            yield head + _table(blocks, rows, by_block, escape, mark) + "\n"
            continue
        if block.kind == "item":
            items = _list_items(blocks, index)
            index = items[-1] + 1
            # A list right after another one takes the other bullet ("*", ")"), so that
            # Markdown keeps them apart.
            other = items[0] > 0 and blocks[items[0] - 1].kind == "item"
            target = list_of.get(items[0])
            out = []
            if target:
                noun = "mål" if target.kind == "goal" else "metoder"
                out.append(f"{mark}: listan är {noun} ({target.ids[0]} till {target.ids[-1]}). "
                           "Skriv en kort rubrik i varje :label:.")
            for item in items:
                for d in by_block.get(item, []):
                    out.append(_duty_line(mark, blocks[item].text[d.start:d.end],
                                          d.assignments))
            for n, item in enumerate(items):
                b = blocks[item]
                bullet = (f"{b.number or n + 1}{')' if other else '.'}" if b.ordered
                          else ("*" if other else "-"))
                pad = " " * (len(bullet) + 1)
                if target:
                    out.append(f"{bullet} :::{{{target.kind}}} {target.ids[n]}\n"
                               f"{pad}:label: {target.labels[n]}\n{pad}{escape(b.text)}\n"
                               f"{pad}:::")
                elif by_block.get(item):
                    out.append(f"{bullet} {_marked(b.text, by_block[item], escape)}")
                else:
                    out.append(f"{bullet} {escape(b.text)}")
            yield head + "\n".join(out) + "\n"
            continue
        duties = sorted(by_block.get(index, []), key=lambda d: d.start)
        lines = [_duty_line(mark, block.text[d.start:d.end], d.assignments) for d in duties]
        body = _marked(block.text, duties, escape)
        if lines:
            body = "\n".join(lines) + "\n" + body
        yield head + body + "\n"
        index += 1
