"""The search index stems and reads each distinct word once (issue 30, handbok/search.py)."""

from __future__ import annotations

from handbok.search import SearchSwedishHandbok, coordinated_compounds, verb_readings
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.search.sv import SearchSwedish

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöéABCÅÄÖ-", min_size=1, max_size=20)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, max_size=30))
def test_the_stems_are_snowballs(words):
    ours, sphinx = SearchSwedishHandbok({}), SearchSwedish({})
    for word in words + words:
        assert ours.stem(word) == sphinx.stem(word)


def test_each_word_is_stemmed_once():
    language = SearchSwedishHandbok({})
    calls: list[str] = []
    stem_word = language.stemmer.stemWord
    language.stemmer.stemWord = lambda word: calls.append(word) or stem_word(word)
    for word in ["vänorter", "Vänorter", "vänorter", "utbyten", "vänorter"]:
        language.stem(word)
    assert calls == ["vänorter", "vänorter", "utbyten"]  # one per distinct spelling
    assert language.stem("vänorter") == stem_word("vänorter")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["skrev", "framtagen", "följer", "upp", "tog", "fram",
                                 "beskrev", "arbetar", "med", "Gick", "ut"]), max_size=12))
def test_the_index_reads_verbs_as_the_function_does(words):
    """The index's memo of verb readings gives what verb_readings gives without it."""
    language = SearchSwedishHandbok({})
    text = " ".join(words)
    assert language.split(text) == language.split(text)
    assert language.split(text)[len(words):] == (
        coordinated_compounds(text) + verb_readings(words))
