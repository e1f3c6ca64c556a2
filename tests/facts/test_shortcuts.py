"""The rule layers' shortcuts change their speed, never what they find: a precomputed start
list covers every place its pattern can match, and a narrowed search finds what the
plain one finds, on random text built from the words the patterns look for."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from worker.facts import datelines, dates, numbers, quotes, relative_dates, roles
from worker.facts.gates import fold, lower_words

_NUMBER_PIECES = [
    *"0123456789 .,-%$\u00a0\n'\"/:_",
    *"aAsSoOnNeE",
    "\u017f",  # long s: "s" to re.IGNORECASE
    "\u0130",  # dotted capital I
    "\u0663",  # ARABIC-INDIC DIGIT THREE: a \d
    "\u00b2",  # superscript two: a digit to str.isdigit, no \d
    *["one", "TWO", "Ten", "often", "someone", "fifteen", "twenty-five", "half", "dozen"],
    *["million", "bn", "m", "k", "Rs", "rs", "US$", "x", "A", "_", "1,200", "3.5", ".5", "2024"],
]
_NUMBER_TEXT = st.lists(st.sampled_from(_NUMBER_PIECES), max_size=24).map("".join)


@settings(max_examples=500, deadline=None)
@given(_NUMBER_TEXT)
@example("often 5 someone .5 x.5 3.5 Rs500 rsone _5 \u0663\u00b2")
def test_number_starts_hold_every_number_after_no_word_character(text: str) -> None:
    starts = set(numbers.number_starts(fold(text)))
    pattern = re.compile(rf"(?<!\w)(?:{numbers.NUMBER})")
    for match in pattern.finditer(text):
        assert match.start() in starts, (text, match)
    # Overlapping ones too: finditer skips the numbers inside a match.
    for at in range(len(text)):
        if pattern.match(text, at) is not None:
            assert at in starts, (text, at)


@settings(max_examples=300, deadline=None)
@given(_NUMBER_TEXT)
def test_may_hold_number_is_true_wherever_a_number_is(text: str) -> None:
    if re.search(numbers.NUMBER, text) is not None:
        assert numbers.may_hold_number(text, fold(text))


_CLAUSE_PIECES = [
    *[" ", " ", " ", "  ", ",", ":", ";", ".", "(", ")", "\u2014", "-", "'", "\u2019"],
    *["John", "Smith", "the", "minister", "of", "Acme", "Corp", "it", "that", "was"],
    *["said", "says", "told", "added", "pointed out", "has", "also", "later", "reportedly"],
    *["reporters", "on", "Monday", "in", "a", "statement", "adding", "according", "to"],
]
_CLAUSE = st.lists(st.sampled_from(_CLAUSE_PIECES), max_size=60).map("".join)
_SPACED_CLAUSE = st.lists(st.sampled_from(_CLAUSE_PIECES), max_size=80).map(" ".join)


def _found(match: re.Match[str] | None) -> object:
    return None if match is None else (match.span(), match.groupdict())


@settings(max_examples=500, deadline=None)
@given(_CLAUSE, _SPACED_CLAUSE)
@example("Fed Chair Jerome Powell said on Wednesday that the central bank was ", "")
@example("x" * 200 + " the spokesman for a very long name " * 6 + "said:", "")
def test_the_speaker_before_a_verb_is_searched_from_where_it_can_begin(
    joined: str, spaced: str
) -> None:
    for clause in (joined, spaced):
        plain = quotes._BEFORE_VERB.search(clause)
        first = quotes.speaker_before_verb_from(clause)
        if first is None:
            assert plain is None, clause
        else:
            assert _found(quotes._BEFORE_VERB.search(clause, first)) == _found(plain), clause


_CUE_PIECES = [
    *[" ", "  ", "\n", ".", ",", "'", "\u2019", "-", "_", "x", "K", "\u212a", "\u017f", "\u0130"],
    *["will", "WILL", "Will", "'ll", "shall", "is", "are", "due", "set", "to", "scheduled"],
    *["expected", "expects", "plan", "plans", "be", "held", "upcoming", "ahead", "of", "ending"],
    *["ends", "spends", "willing", "duet"],
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), max_size=30).map("".join))
@example("\u017fhall \u0130S DUE")
def test_a_sentence_is_searched_for_cues_only_when_it_can_hold_one(sentence: str) -> None:
    found = relative_dates._FUTURE_CUE.search(sentence) is not None
    assert relative_dates._looks_ahead(sentence) == found, sentence


_MONTH_PIECES = [
    *[" ", "  ", "\t", "\n", "\u00a0", "-", "_", ",", ".", "5", "x", "2024"],
    *["in", "In", "since", "of", "by", "from", "last", "This", "early", "late", "mid", "mid-"],
    *["March", "May", "Mar", "December", "Dec", "June", "Junes", "begin", "lastly"],
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_MONTH_PIECES), max_size=16).map("".join))
@example("mid-\tMarch, mid -March, lastMarch, _in March, 5in May, begin June")
def test_a_month_alone_is_tried_from_the_word_before_each_month(text: str) -> None:
    pattern = dates._BY_KIND["month"]
    scanned = dates.scan("month", text, fold(text))
    assert _found_all(scanned) == _found_all(pattern.finditer(text)), text


def _found_all(matches: Iterator[re.Match[str]]) -> list[object]:
    return [_found(match) for match in matches]


# The dateline pattern as it was, with each word of the city split in two ways (exponential
# in the number of words where it fails): the reference for the one in use.
_DATELINE_BEFORE = re.compile(
    r"\s*(?P<city>[A-Z][A-Z.'\u2019]*[A-Z.](?:[ -][A-Z][A-Z.'\u2019]*[A-Z.]?)*)"
    r"(?P<rest>,\s+[^()\n]{1,30}?)?"
    r"(?:\s+\((?P<agency>[A-Z][\w&.' -]{0,30}?)\))?"
    r"\s*(?:-{1,2}|\u2013|\u2014)\s"
)
_DATELINE_PIECES = [
    *[" ", "  ", "-", "--", "\u2013", "\u2014", ",", ".", "'", "\u2019", "(", ")", "\n", "5"],
    *["A", "NEW", "YORK", "U.S.", "ST.", "O'HARE", "AP", "Reuters", "March", "the", "x"],
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_DATELINE_PIECES), max_size=14).map("".join))
@example("WASHINGTON (Reuters) - ")
@example("TOKYO, March 3 (AP) -- ")
@example("ST. JOHN'S \u2014 ")
def test_the_dateline_pattern_matches_what_it_did(text: str) -> None:
    assert _found(datelines._DATELINE.match(text)) == _found(_DATELINE_BEFORE.match(text)), text


# A hang guard, not a speed figure: the earlier pattern took 2 ** 44 steps here.
@pytest.mark.timeout(60)
def test_a_paragraph_in_capitals_has_no_dateline_and_ends() -> None:
    paragraph = "THE JURY FOUND HUNTER BIDEN GUILTY ON ALL THREE COUNTS OF LYING " * 4
    assert datelines.dateline(paragraph) is None


_APPOSITIVE_PIECES = [
    *[" ", "  ", "\n", ",", ", ", ".", ";", "(", ")", "-", "'s", "\u2014"],
    *["the", "company", "chief", "executive", "by", "Acme", "Corp", "Jane", "Roe", "x" * 40],
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_APPOSITIVE_PIECES), max_size=40).map("".join))
@example("said the bank's chief economist, ")
@example("a" * 200 + " b,  \n")
def test_the_phrase_before_a_comma_is_searched_from_where_it_can_begin(body: str) -> None:
    for context in (body, body + ",", body + " , "):
        if not context.rstrip().endswith(","):
            continue
        plain = roles._APPOSITIVE_BEFORE.search(context)
        narrowed = roles._APPOSITIVE_BEFORE.search(context, roles.appositive_before_from(context))
        assert _found(narrowed) == _found(plain), context


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            [*"abcXYZ ,.'-\n\t1", *"\u2019\u00e9\u017f\u212a\u0130\u03a9\u00df"]
        )
    )
)
@example("Nestl\u00e9's \u017fhares in \u212aia, U.S.-based")
def test_lower_words_are_the_runs_of_letters_of_the_folded_text(text: str) -> None:
    assert lower_words(text) == frozenset(re.findall("[a-z]+", fold(text)))
