"""Numbers as news writes them: digits with separators, words, and scale words."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from worker.facts.alternation import alternation
from worker.facts.gates import openers
from worker.facts.limits import MAX_NUMBER_CHARS

SCALES: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
}

WORD_NUMBERS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "half": 0.5,
    "dozen": 12,
    "dozens": 12,
}

# Words that spell a number in running text; "a"/"an" only count before a scale word.
_NUMBER_WORDS = [w for w in WORD_NUMBERS if w not in {"a", "an"}]
_WORD_ALT = alternation(_NUMBER_WORDS, fold=True)
_SCALE_ALT = alternation(SCALES)

# 40,000 | 40 000 | 3.5 | 1.2 | .5 ; a European decimal comma is not accepted on purpose:
# "1,200" in English news is twelve hundred.
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
NUMBER = (
    rf"(?:(?:{DIGITS})|(?i:{_WORD_ALT})(?:[- ](?i:{_WORD_ALT}))?)"
    rf"(?:[ \u00a0-]?(?:{_SCALE_ALT})\b)?"
)
NUMBER_RE = re.compile(rf"^(?P<num>{DIGITS}|{_WORD_ALT}|an?)(?:[- ](?P<num2>{_WORD_ALT}))?$", re.I)

_DIGIT_RUN = re.compile(r"\d+")
# Each number word begins with one of these ("four" for "fourteen").
_WORD_PREFIXES = openers(_NUMBER_WORDS)
# One scan for every place number_starts() lists: a digit, a "." before one, or a number
# word, after no word character (fold() keeps whether a character is one, so the folded
# text answers for the text).
_NUMBER_START = re.compile(rf"(?<!\w)(?:\d|\.(?=\d)|{alternation(_WORD_PREFIXES)})")


def may_hold_number(text: str, folded: str) -> bool:
    """The gate (worker.facts.gates) of every pattern built on NUMBER: a digit, or a
    number word in the folded text (after any character: "Rs500" holds a number)."""
    return bool(digit_starts(folded)) or any(word in folded for word in _WORD_PREFIXES)


# Computed once per chunk for the several finders that read it (see gates.fold).
@lru_cache(maxsize=8)
def digit_starts(folded: str) -> tuple[int, ...]:
    """The first digit of every run of digits."""
    return tuple([match.start() for match in _DIGIT_RUN.finditer(folded)])


@lru_cache(maxsize=8)
def number_starts(folded: str) -> tuple[int, ...]:
    """Where a NUMBER that follows no word character can begin, in a folded text
    (worker.facts.gates.fold): a digit, a "." before one, or the first letter of a number
    word, each after no word character. A pattern that opens with NUMBER behind a
    lookbehind that rules out a word character before it matches only there."""
    return tuple([match.start() for match in _NUMBER_START.finditer(folded)])


_SCALED = re.compile(rf"^(?P<base>.+?)[ -]?(?P<scale>{_SCALE_ALT})$")


def parse_number(text: str) -> float | None:
    """'387 million' -> 387e6, '2.5bn' -> 2.5e9, 'forty-two' -> 42, 'Rs 500' is not a number.

    None too for a number longer than MAX_NUMBER_CHARS or one too large for a float: a
    fact is skipped rather than reported with an infinite value.
    """
    cleaned = text.strip().replace("\u00a0", " ").lower()
    if not cleaned or len(cleaned) > MAX_NUMBER_CHARS:
        return None
    if cleaned.isascii() and cleaned.isdigit():  # most numbers: no scale, no separator
        return float(cleaned)
    scale = 1.0
    match = _SCALED.match(cleaned)
    if match and parse_plain(match.group("base")) is not None:
        scale = SCALES[match.group("scale")]
        cleaned = match.group("base").strip()
    base = parse_plain(cleaned)
    if base is None:
        return None
    value = base * scale
    return value if math.isfinite(value) else None


def parse_plain(text: str) -> float | None:
    cleaned = text.strip().lower()
    if len(cleaned) > MAX_NUMBER_CHARS:
        return None
    match = NUMBER_RE.match(cleaned)
    if not match:
        return None
    first = match.group("num")
    if first[0].isdigit() or first[0] == ".":
        if match.group("num2"):
            return None
        value = float(first.replace(",", ""))
        return value if math.isfinite(value) else None
    value = WORD_NUMBERS[first]
    second = match.group("num2")
    if second:
        tail = WORD_NUMBERS[second]
        if value < 20 or value % 10 or tail >= 10:
            return None
        value += tail
    return value


def as_number(value: float) -> int | float:
    """Integral values as int so 387000000 prints without a decimal point.

    Raises ValueError for inf and nan, which no fact may carry; the finders skip them.
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    rounded = round(value, 6)
    if rounded == int(rounded) and abs(rounded) < 1e18:
        return int(rounded)
    return rounded
