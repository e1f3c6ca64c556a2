"""Relative date phrases ("last Monday", "next month", "three weeks ago", a month or day
without a year) resolved against the article's date, looking ahead when the sentence
does."""

from __future__ import annotations

import re
from datetime import date, timedelta

from worker.facts.gates import fold_once, minimal
from worker.facts.limits import SENTENCE_CONTEXT_CHARS
from worker.facts.numbers import WORD_NUMBERS

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

_FUTURE_CUE = re.compile(
    r"\b(?:will|'ll|shall|is due|are due|is set to|are set to|scheduled|is expected|"
    r"are expected|expects?|plans? to|to be held|upcoming|ahead of|ending|ends)\b",
    re.I,
)

# Every cue holds one of these, in lower case: a sentence whose folded text
# (worker.facts.gates) holds none has no cue, and is not searched (the search tries each
# position of the sentence, a few microseconds for every date).
_CUE_WORDS = minimal(
    [
        *["will", "'ll", "shall", "is due", "are due", "is set to", "are set to", "scheduled"],
        *["is expected", "are expected", "expect", "plan to", "plans to", "to be held"],
        *["upcoming", "ahead of", "ending", "ends"],
    ]
)

Groups = dict[str, str | None]


def relative(value: str | None, ref: date | None) -> dict[str, object]:
    """The fields of a relative date: unresolved without an article date."""
    if ref is None:
        return {"value": None, "resolved": False}
    return {"value": value, "resolved": value is not None}


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _sentence_before(text: str, position: int) -> str:
    """The sentence up to position, at most SENTENCE_CONTEXT_CHARS of it: reading a whole
    run-on "sentence" back for every date in it would be quadratic."""
    floor = max(position - SENTENCE_CONTEXT_CHARS, 0)
    sentence_start = max(text.rfind(". ", floor, position), floor)
    return text[sentence_start:position]


def _looks_ahead(sentence: str) -> bool:
    folded = fold_once(sentence)
    if not any(word in folded for word in _CUE_WORDS):
        return False
    return _FUTURE_CUE.search(sentence) is not None


def is_future(text: str, position: int) -> bool:
    return _looks_ahead(_sentence_before(text, position))


def year_for(ref: date, month: int, day: int, future: bool) -> int:
    """A month (and day) without a year: the article's year, or the next one when the
    sentence looks ahead and the date has already passed this year."""
    if future and (month, day) < (ref.month, ref.day):
        return ref.year + 1
    return ref.year


def month_alone(
    month: int, groups: Groups, ref: date | None, future: bool
) -> dict[str, object] | None:
    rel = (groups.get("rel") or "").lower().rstrip("-")
    if ref is None:
        return relative(None, None)
    year = year_for(ref, month, 31, future) if not rel else ref.year
    if rel == "last" and month >= ref.month:
        year -= 1
    elif rel == "next" and month <= ref.month:
        year += 1
    return relative(f"{year:04d}-{month:02d}", ref)


def weekday(groups: Groups, match: re.Match[str], text: str, ref: date) -> date:
    name = groups["weekday"]
    assert name is not None
    target = WEEKDAYS[name.lower()]
    rel = (groups.get("rel") or "").lower()
    back = (ref.weekday() - target) % 7
    forward = (target - ref.weekday()) % 7
    if rel == "last":
        return ref - timedelta(days=back or 7)
    if rel == "next":
        return ref + timedelta(days=forward or 7)
    before = _sentence_before(text, match.start())
    if rel == "this" or _looks_ahead(before):
        return ref + timedelta(days=forward)
    return ref - timedelta(days=back)


def relunit(groups: Groups, ref: date) -> dict[str, object] | None:
    rel = (groups["rel"] or "").lower()
    unit = (groups["unit"] or "").lower()
    # "the past year" is a duration, not a date.
    if rel == "past":
        return None
    delta = {"this": 0, "last": -1, "next": 1, "coming": 1}[rel]
    if unit == "year":
        return relative(f"{ref.year + delta:04d}", ref)
    if unit == "month":
        year, month = _shift_month(ref.year, ref.month, delta)
        return relative(f"{year:04d}-{month:02d}", ref)
    return relative(_week(ref + timedelta(weeks=delta)), ref)


def ago(groups: Groups, ref: date) -> dict[str, object]:
    raw = (groups["n"] or "").lower()
    count = int(raw) if raw.isdigit() else int(WORD_NUMBERS[raw])
    unit = (groups["unit"] or "").lower()
    if unit == "year":
        return relative(f"{ref.year - count:04d}", ref)
    if unit == "month":
        year, month = _shift_month(ref.year, ref.month, -count)
        return relative(f"{year:04d}-{month:02d}", ref)
    if unit == "week":
        return relative(_week(ref - timedelta(weeks=count)), ref)
    return relative((ref - timedelta(days=count)).isoformat(), ref)
