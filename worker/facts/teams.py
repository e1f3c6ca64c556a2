"""Places and names that stand for sports teams: "Spain edged Italy 2-1", "England were
bowled out for 142", "Brazil coach Carlo Ancelotti", "Leeds manager Daniel Farke". The
model reads a country or a city as the place (or, for a club named after a town, as
anything); OntoNotes labels the side an organization."""

from __future__ import annotations

import re

from worker.facts.lexicon import DEMONYMS, words

# A country or city named as the side in a result ("Spain edged Italy 2-1") is its team,
# an organization: a result verb right after or before the name, and a score near it.
_RESULT_VERBS = (
    r"(?:beat|beats|edged|edge|defeated|defeat|thrashed|routed|stunned|upset|overcame"
    r"|drew with|draw with|lost to|lose to|held)"
)
_RESULT_AFTER = re.compile(rf"\s+{_RESULT_VERBS}\s+\S")
_RESULT_BEFORE = re.compile(
    rf"\b(?:{_RESULT_VERBS}|(?:win|victory|defeat|loss|draw)\s+(?:over|against|to|with)"
    r"|(?:knocked\s+out|eliminated|beaten|defeated|edged\s+out|thrashed|routed)\s+by)\s+$"
)
# British English gives a team a plural verb and a country a singular one: "England were
# bowled out", "Spain have won" (unless the country is one of a list: "Britain and France
# have agreed").
_PLURAL_VERB_AFTER = re.compile(r"\s+(?:were|are|have)\s")
_LIST_BEFORE = re.compile(r"(?:,|\band)\s*$")
# A score, a margin ("by seven wickets") or a knockout round ("the semi-final"); not
# "final", which reads as "last" as often.
_SCORE = re.compile(
    r"\b\d{1,3}-\d{1,3}\b|\bby (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|an innings) (?:runs?|wickets?|points?|goals?|strokes?|shots?|lengths?|frames?"
    r"|and \d+ runs)\b|\b(?:semi-?finals?|quarter-?finals?|play-?offs?)\b"
)
_RESULT_WINDOW = 80
# The posts of a side's staff and players, written between the side and a person's name
# ("England captain Ben Stokes", "Bills quarterback Josh Allen").
SIDE_ROLES = (
    r"(?:(?:head|assistant|interim|caretaker)\s+)?(?:coach|manager|boss|captain|skipper"
    r"|striker|goalkeeper|keeper|midfielder|defender|forward|winger|quarterback"
    r"|full-?back|centre-?back|fly-?half|scrum-?half|batsman|batter|bowler|opener"
    r"|spinner|pitcher|shortstop|point\s+guard|team-?mate)"
)
_ROLE_AFTER = re.compile(rf"\s+{SIDE_ROLES}\b(?P<name>\s+[A-Z][a-z])?")
# A side named with its game in a sports story: "England's clash with France", "the
# game against Japan". Alone these words name talks and quarrels too ("a clash with
# China over trade"), so the paragraph must speak of sport (_SPORT).
_FIXTURES = r"(?:game|match|clash|tie|fixture|opener|final|semi-?final|quarter-?final)"
_FIXTURE_AFTER = re.compile(
    rf"['\u2019]s\s+(?:[a-z-]+\s+)?{_FIXTURES}\s+(?:against|with|v\.?|vs\.?|versus)\s+[A-Z]"
)
_FIXTURE_BEFORE = re.compile(
    rf"\b(?:{_FIXTURES}|(?:win|victory|defeat|loss|draw)(?=\s+(?:against|over)))"
    r"\s+(?:against|with|over|v\.?|vs\.?|versus)\s+$"
)
_SPORT = re.compile(
    r"\b(?:World Cup|[Cc]up|[Ll]eague|tournament|championships?|coach|captain|goals?"
    r"|squad|quarter-?finals?|semi-?finals?|innings|wickets?|[Rr]ugby|football|soccer"
    r"|cricket|hockey|basketball|[Oo]lympics?|kick-?off|stadium|Test)\b"
)
# "Golden State" + " Warriors", "Buffalo" + " Bills": a side's name the model cut before
# its last word, a plural (not "-is", "-us", "-os" or "-as": "Tennis", "Campus").
_PLURAL_AFTER = re.compile(r"\s+(?P<word>[A-Z][a-z]+[b-hj-np-rt-z]s)(?![\w'\u2019&-])")
_NOT_SIDE_PLURALS = words(
    """
    States Islands Games Olympics Paralympics Nations Emirates Airlines Airways Holdings
    Partners Brands Industries Studios Records Pictures Awards Championships Series Times
    Rules Affairs Sports News Forces Mountains Falls Hills Lakes
    """
) | frozenset(d.capitalize() + "s" for d in DEMONYMS if " " not in d)
_PLURAL_GUESSES = frozenset({"GPE", "FAC", "LOC", "WORK_OF_ART", "PERSON", "ORG", "NORP"})


def side_name_end(paragraph: str, end: int, label: str) -> int | None:
    """Where a side's name ends when the model cut it before its plural last word, in a
    paragraph about sport ("the Golden State" + " Warriors"), else None."""
    if label not in _PLURAL_GUESSES:
        return None
    plural = _PLURAL_AFTER.match(paragraph, end)
    if plural is None or plural["word"] in _NOT_SIDE_PLURALS:
        return None
    sport = _SPORT.search(paragraph) is not None or _SCORE.search(paragraph) is not None
    return plural.end() if sport else None


# Labels the model gives a side it reads as a place or as something else; a person is
# a side only with the post and its holder's name after it ("Atletico coach Diego
# Simeone"), as a person's name rarely comes before a post and another name.
_SIDE_GUESSES = frozenset({"GPE", "FAC", "PRODUCT", "LOC", "WORK_OF_ART"})


def is_side(paragraph: str, start: int, end: int, before: str, label: str) -> bool:
    """Whether the name at [start, end), labelled ``label``, is a sports side."""
    if (
        label in _SIDE_GUESSES
        and (
            _FIXTURE_AFTER.match(paragraph, end) is not None
            or _FIXTURE_BEFORE.search(before) is not None
        )
        and _SPORT.search(paragraph) is not None
    ):
        return True
    if paragraph.startswith(("'s", "\u2019s"), end):  # "China's Li Yuchen": a player's country
        return False
    if label == "PERSON":
        role = _ROLE_AFTER.match(paragraph, end, end + 40)
        return role is not None and role["name"] is not None
    if label not in _SIDE_GUESSES:
        return False
    if _ROLE_AFTER.match(paragraph, end, end + 40) is not None:
        return True
    return in_result(paragraph, start, end, before)


def in_result(paragraph: str, start: int, end: int, before: str) -> bool:
    """Whether the name at [start, end) is a side in a sports result."""
    if (
        _PLURAL_VERB_AFTER.match(paragraph, end) is not None
        and _LIST_BEFORE.search(before) is None
        and _SCORE.search(paragraph, max(start - 2 * _RESULT_WINDOW, 0), end + 2 * _RESULT_WINDOW)
    ):
        return True
    after = paragraph[end : end + _RESULT_WINDOW]
    if _RESULT_AFTER.match(after) is None and _RESULT_BEFORE.search(before) is None:
        return False
    window = paragraph[max(start - _RESULT_WINDOW, 0) : end + _RESULT_WINDOW]
    return _SCORE.search(window) is not None
