"""The index side of the search's Swedish morphology (exts/handbok/search.py): years, strong
verbs and particle verbs are indexed so that a query's other form of the same word finds
them. The query side (handbok-search.js) is tested in tests/browser/test_browser_search.py."""

from __future__ import annotations

from handbok.search import (
    _MENTION,
    PARTICLES,
    VERB_NOUNS,
    SearchSwedishHandbok,
    strong_forms,
    verb_readings,
)
from hypothesis import given
from hypothesis import strategies as st

LANG = SearchSwedishHandbok({})
FORMS = strong_forms()
#: The infinitives of the table, with their forms.
VERBS: dict[str, list[str]] = {}
for _form, _inf in FORMS.items():
    VERBS.setdefault(_inf, []).append(_form)


def indexed(text: str) -> set[str]:
    """The stems the index holds for a text, as Sphinx's IndexBuilder files them."""
    out = set()
    for word in LANG.split(text):
        stem = LANG.stem(word).lower()
        if LANG.word_filter(stem):
            out.add(stem)
        elif LANG.word_filter(word):
            out.add(word.lower())
    return out


@given(st.integers(min_value=1000, max_value=9999))
def test_a_year_is_indexed(year):
    assert str(year) in indexed(f"Uppföljning {year}")


@given(st.integers(min_value=0, max_value=10**9).filter(lambda n: not 1000 <= n <= 9999))
def test_other_numbers_stay_out(number):
    assert str(number) not in indexed(f"Sidan {number}")


@given(st.sampled_from(sorted(VERBS)))
def test_every_form_of_a_strong_verb_is_indexed_with_its_infinitive(infinitive):
    stem = LANG.stem(infinitive).lower()
    for form in VERBS[infinitive]:
        if not LANG.word_filter(stem):
            continue  # "vara", "bli": stopwords, never indexed
        assert stem in indexed(f"Kommunen {form} planen"), form


def test_strong_verbs_of_the_issue():
    assert LANG.stem("skrev") != LANG.stem("skriver")
    assert LANG.stem("skriver").lower() in indexed("Hon skrev en nyhet")
    assert LANG.stem("gå").lower() in indexed("Det gick bra")
    # A prefix before the form: "framtagen" is "fram" + the participle of "ta".
    assert FORMS["tagen"] == "ta"
    assert verb_readings(["framtagen"]) == ["framta"]
    assert verb_readings(["beskrev"]) == ["beskriva"]


@given(st.sampled_from(PARTICLES),
       st.sampled_from(["följa", "följer", "följde", "följt", "följs"]))
def test_a_particle_verb_is_indexed_as_its_noun_is_written(particle, form):
    # "följer upp" is indexed as "uppfölj", what "uppföljning" reads as a verb.
    whole = LANG.stem(particle + "följa").lower()
    assert whole in indexed(f"Nämnden {form} {particle} arbetet"), (form, particle)


@given(st.sampled_from(["tar fram", "ta fram", "tog fram", "tagit fram", "framtagen",
                        "framtagna", "framtaget"]))
def test_particle_verb_written_apart_and_joined_meet(phrase):
    assert LANG.stem("framta").lower() in indexed(f"Kontaktpersonen {phrase} ansökan")


@given(st.sampled_from(PARTICLES), st.sampled_from(sorted(VERB_NOUNS)))
def test_a_strong_verbs_noun_after_a_particle_meets_the_verb_written_apart(particle, noun):
    # "översyn" and "ses över", "genomgång" and "gå igenom": the noun is indexed as the
    # particle verb that "ses över" is indexed as.
    verb = VERB_NOUNS[noun]
    joined = LANG.stem(particle + verb).lower()
    assert joined in indexed(f"Planen {particle}{noun} görs i år"), (particle, noun)
    assert joined in indexed(f"Planen ska {verb} {particle} i år"), (particle, noun)


@given(st.sampled_from(sorted(VERB_NOUNS)))
def test_a_strong_verbs_noun_alone_is_a_word_of_its_own(noun):
    # "gång" ("en gång om året") and "val" are not read as "gå" and "välja".
    assert verb_readings(["en", noun, "om", "året"]) == []


def test_no_particle_reading_without_a_particle():
    # "med" and "på" are prepositions far more often than particles: "arbetar med" must not
    # become "medarbeta" (a query for "medarbetare" would find every "arbetar med").
    assert verb_readings("Vi arbetar med frågan".split()) == []
    assert verb_readings("Hon tänker på mötet".split()) == []


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=12)


@given(st.lists(_WORDS, min_size=1, max_size=4), st.lists(_WORDS, min_size=1, max_size=4),
       st.sampled_from(['"', "”", "»"]))
def test_quoted_words_are_mentions_and_the_text_between_them_is_not(first, second, quote):
    """Editorial pages keep quoted words out of the search (search._mentions_unsearched):
    each quoted stretch is one mention, and the words between two quotes are used, not
    named, though Swedish writes ” on both sides."""
    close = "«" if quote == "»" else quote
    a, b = " ".join(first), " ".join(second)
    text = f"Till exempel {quote}{a}{close} och {quote}{b}{close} i texten."
    assert _MENTION.findall(text) == [f"{quote}{a}{close}", f"{quote}{b}{close}"]
    # The pair of the first quote is in another node (markup inside the quotes): the text
    # after it up to the next quote is not a mention.
    assert _MENTION.findall(f"{close} och {quote}{b}{close}.") == [f"{quote}{b}{close}"]
