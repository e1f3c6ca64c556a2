"""A word list as a prefix tree matches exactly what the longest-first alternation
matches, in the contexts the finders use it: alone, ignoring case, with spaces read as
\\s+, and followed by more pattern that forces re to back off to a shorter word."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from worker.facts import measures, money, numbers, quotes
from worker.facts.alternation import alternation, longest_first

_LISTS = {
    "units": (list(measures.UNITS), r"\s+", True),
    "currency names": (list(money.NAMES), r"\s+", True),
    "currency symbols": (list(money.SYMBOLS), None, True),
    "codes": (sorted(money.CODES), None, False),
    "scales": (list(numbers.SCALES), None, False),
    "number words": (list(numbers.WORD_NUMBERS), None, True),
    "speech verbs": (sorted(quotes.SPEECH_VERB_WORDS), None, False),
    "tricky": (["a", "ab", "abc", "Ab", "b c", "b", "b cd", "k", "\u212a", "s"], r"\s+", False),
}
# What can follow the alternation in the finders' patterns.
_TAILS = ["", r"(?![\w/])", r"\b", r"c", r"\s+\d", r"(?:\s?%)?$"]


def _compiled(name: str, tail: str, tree: bool) -> re.Pattern[str]:
    words, space, fold = _LISTS[name]
    body = alternation(words, space=space, fold=fold) if tree else longest_first(words, space=space)
    flags = re.IGNORECASE if fold else 0
    return re.compile(f"(?:{body}){tail}", flags)


def _texts(name: str) -> st.SearchStrategy[str]:
    words = _LISTS[name][0]
    piece = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(str.upper),
        st.sampled_from(words).map(str.title),
        st.sampled_from([" ", "  ", "\u00a0", "\t", "-", "/", "%", "1", "c", "d", "\u017f"]),
        st.text(max_size=3),
    )
    return st.lists(piece, max_size=8).map("".join)


@pytest.mark.parametrize("name", sorted(_LISTS))
@pytest.mark.parametrize("tail", _TAILS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_tree_matches_what_the_plain_alternation_matches(
    name: str, tail: str, data: st.DataObject
) -> None:
    text = data.draw(_texts(name))
    plain, tree = _compiled(name, tail, False), _compiled(name, tail, True)
    for start in range(len(text) + 1):
        a, b = plain.match(text, start), tree.match(text, start)
        assert (a and a.span()) == (b and b.span()), (text, start)
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in tree.finditer(text)]


@given(text=st.text(alphabet="ab c\u00a0", max_size=12))
@example(text="b  cd")
@example(text="abc")
def test_the_longer_word_is_preferred_where_both_fit(text: str) -> None:
    words, space, _ = _LISTS["tricky"]
    plain = re.compile(longest_first(words, space=space))
    tree = re.compile(alternation(words, space=space))
    for start in range(len(text) + 1):
        a, b = plain.match(text, start), tree.match(text, start)
        assert (a and a.group()) == (b and b.group())


def test_shared_beginnings_are_read_once() -> None:
    assert alternation(["km", "kg", "km/h"]) == "k(?:m(?:/h)?|g)"
    assert alternation(["a", "ab"]) == "a(?:b)?"
    assert alternation(["US$", "us$"], fold=True) == r"us\$"


def test_empty_lists_and_words_are_refused() -> None:
    with pytest.raises(ValueError):
        alternation([])
    with pytest.raises(ValueError):
        alternation(["a", ""])
