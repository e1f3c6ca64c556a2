"""Titles of works in quotation marks: news writes a film, book, song or show's title in
quotes ("Sean Baker's "Anora"", "the novel "Human Acts""), and the model reads its words
as a person or an organization, or passes them by.

A quoted run of capitalized words is a title only with a cue before it: a work noun
("film", "album", "series") in the three words before the quote, "titled", or a
possessive right before it (its maker's). A quote without one is left alone: a
slogan, a nickname or a quoted name in capitals is no work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from worker.facts.alternation import alternation
from worker.facts.lexicon import words
from worker.facts.spans import Mention, in_place_of

_WORK_NOUNS = words(
    """
    film films movie movies novel novels book books memoir memoirs biography album albums
    song songs single singles track tracks record ep series miniseries show shows sitcom
    drama dramas documentary documentaries play plays musical musicals opera operas ballet
    painting paintings sculpture sculptures portrait poem poems game games sequel prequel
    remake episode episodes comedy thriller hit hits anthem collection exhibition podcast
    """
)
_CUE_WORDS = _WORK_NOUNS | words("titled entitled")
# Short words a title keeps in lower case between its capitalized ones.
_SMALL = words("of the a an and in on at to for with from by or vs la le de del y du da")
_SMALL_OR_AMPERSAND = _SMALL | {"&"}
# A quoted run: straight or curly double quotes, at most 80 characters, no line break and no
# sentence mark inside (a quoted sentence ends with one: "..., said" or "...true.").
_QUOTED = re.compile(r"[\"\u201c](?P<title>[A-Z0-9][^\"\u201c\u201d\n,.;!?]{0,79}?)[\"\u201d]")
_CUE_BEFORE = re.compile(
    rf"\b(?:{alternation(_CUE_WORDS, fold=True)}),?(?:\s+\S+){{0,2}}\s*$", re.I
)
# A work noun in an apposition after the title: ""Knife", his memoir".
_CUE_AFTER = re.compile(
    rf"^,\s+(?:his|her|their|its|the|a|an)\s+(?:[\w-]+\s+){{0,2}}"
    rf"(?:{alternation(_WORK_NOUNS, fold=True)})\b",
    re.I,
)
# Words that quote a name given to something, not a work's title: "called it "Liberation
# Day"", "the so-called "Big Beautiful Bill"".
_NAMING_BEFORE = re.compile(
    r"\b(?:called|calling|calls|dubbed|named|nicknamed|branded|labelled|labeled|termed|"
    r"known\s+as|so-called|slogan|chanted|chanting)\s*(?:it|them|him|her|the|a|its)?\s*$",
    re.I,
)
# First words of quoted names that are no work: "Operation Midnight Hammer", "Project
# Stargate".
_NOT_TITLE_OPENERS = frozenset({"Operation", "Project", "Team"})
_POSSESSIVE_BEFORE = re.compile(r"[A-Za-z]['\u2019]s\s*$")
_TOKEN = re.compile(r"[^\s]+")


def _title_case(title: str) -> bool:
    tokens = _TOKEN.findall(title)
    if not 1 <= len(tokens) <= 8:
        return False
    for i, token in enumerate(tokens):
        head = token.lstrip("(")[:1]
        if not (head.isupper() or head.isdigit() or (i and token.lower() in _SMALL_OR_AMPERSAND)):
            return False
    return tokens[-1].lower() not in _SMALL or len(tokens) == 1


def quoted_titles(paragraph: str) -> list[tuple[int, int]]:
    """[start, end) of each cued title in quotes, without its quotation marks."""
    if '"' not in paragraph and "\u201c" not in paragraph:
        return []
    out = []
    for match in _QUOTED.finditer(paragraph):
        title = match["title"]
        if title != title.strip() or not _title_case(title):
            continue
        start = match.start()
        before = paragraph[max(start - 40, 0) : start]
        after = paragraph[match.end() : match.end() + 40]
        if (
            _POSSESSIVE_BEFORE.search(before)
            or _CUE_BEFORE.search(before)
            or _CUE_AFTER.match(after)
            or (
                " " in title
                and not _NAMING_BEFORE.search(before)
                and title.split(None, 1)[0] not in _NOT_TITLE_OPENERS
            )
        ):
            out.append(match.span("title"))
    return out


def with_titles(paragraph: str, found: Sequence[Mention]) -> list[Mention]:
    """``found`` with each cued quoted title as a WORK_OF_ART mention, in place of the
    mentions the model made inside it."""
    return in_place_of(paragraph, found, quoted_titles(paragraph), "WORK_OF_ART")
