"""Cheap necessary conditions that let the pattern finders skip a regex.

Python's re tries a pattern at every character unless the pattern opens with a literal;
the finders' patterns open with lookbehinds or case-insensitive alternations, so each
costs a full attempt per character, and most paragraphs hold no weekday, no currency and
no percent sign. A gate is a substring test that every match of its pattern needs: when
it fails, the pattern cannot match and is not run. A gate may pass where the pattern
finds nothing, never the other way round (tests/facts/test_gates.py checks this).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

# re.IGNORECASE lets these non-ASCII letters match an ASCII one (U+017F long s is "s",
# U+0130 and U+0131, dotted capital and dotless small i, are "i"); str.lower() alone keeps
# them apart (U+0130 lowers to "i" + a combining dot), and the Kelvin sign, the only other
# such letter, already lowers to "k".
_IGNORECASE_EXTRAS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold_once(text: str) -> str:
    """text as a case-insensitive pattern compares it: every character such a pattern
    reads as an ASCII letter is that letter in lower case. Same length as text ("İ" is
    the only character whose lower case is longer, and it becomes "i" first), so a
    position in one is the same position in the other. fold() for a text read once."""
    if text.isascii():
        return text.lower()
    return text.translate(_IGNORECASE_EXTRAS).lower()


_NOT_LETTERS = bytes(c for c in range(256) if not 97 <= c <= 122)
_LETTERS_ONLY = bytes.maketrans(_NOT_LETTERS, b" " * len(_NOT_LETTERS))


# The finders of one chunk each fold the same text: the last few are kept (the cache
# compares the text object itself first, so a hit costs no copy or scan).
fold = lru_cache(maxsize=8)(fold_once)


def minimal(needles: Iterable[str]) -> tuple[str, ...]:
    """The needles no shorter needle is part of: a text that holds any of the given ones
    holds one of these."""
    kept: list[str] = []
    for needle in sorted(set(needles), key=len):
        if not any(shorter in needle for shorter in kept):
            kept.append(needle)
    return tuple(kept)


def openers(needles: Iterable[str]) -> tuple[str, ...]:
    """The needles no other needle begins: where any of the given ones begins, one of
    these begins too (positions(text, openers(...)) finds every start)."""
    unique = set(needles)
    return tuple(sorted(n for n in unique if not any(o != n and n.startswith(o) for o in unique)))


def any_of(needles: Iterable[str]) -> re.Pattern[str]:
    """One case-sensitive search for any of the needles: a literal alternation, which re
    scans for by its first characters instead of trying every position."""
    return re.compile("|".join(re.escape(n) for n in sorted(minimal(needles), key=len)))


def positions(text: str, needles: Iterable[str]) -> list[int]:
    """Where each needle begins in text, overlapping ones included, ascending."""
    found: list[int] = []
    for needle in needles:
        at = text.find(needle)
        while at != -1:
            found.append(at)
            at = text.find(needle, at + 1)
    found.sort()
    return found


def matches_from(
    pattern: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), trying the pattern only at the ascending positions of
    starts: the same matches when every match of the pattern begins at one of them and
    none is empty."""
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match
            end = match.end()


# Read by the finders and by each mention of a chunk: computed once per chunk (see fold).
@lru_cache(maxsize=8)
def lower_words(paragraph: str) -> frozenset[str]:
    """The paragraph's runs of letters, in lower case (fold): what
    ``re.findall("[a-z]+", fold(paragraph))`` finds, read by a byte translation (any
    other character, non-ASCII ones included, separates words), twice as fast."""
    data = fold(paragraph).encode("ascii", "replace").translate(_LETTERS_ONLY)
    return frozenset(data.decode("ascii").split())
