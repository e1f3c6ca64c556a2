"""The dateline that opens a wire story: "NAIROBI (Reuters) -", "TOKYO, March 3 (AP) -".

Its capitalised city is a place and the agency in brackets an organization, which the
model, seeing an all-capitals word with no context, often labels ORG or misses.
"""

from __future__ import annotations

import re

from worker.facts.lexicon import words

# The city's words after the first read as [A-Z][A-Z.'\u2019]* (the same words as with an
# optional [A-Z.] after it, tried in the same order): that split of each word in two
# ways made a paragraph in capitals cost 2 ** words steps.
_DATELINE = re.compile(
    r"\s*(?P<city>[A-Z][A-Z.'\u2019]*[A-Z.](?:[ -][A-Z][A-Z.'\u2019]*)*)"
    r"(?P<rest>,\s+[^()\n]{1,30}?)?"
    r"(?:\s+\((?P<agency>[A-Z][\w&.' -]{0,30}?)\))?"
    r"\s*(?:-{1,2}|\u2013|\u2014)\s"
)
# All-capitals words that open a story without being places.
_SLUGS = words(
    "BREAKING UPDATE EXCLUSIVE ANALYSIS CORRECTED CORRECTION FACTBOX WRAPUP INSIGHT COLUMN "
    "OPINION REFILE LIVE WATCH VIDEO PHOTOS EDITORIAL REVIEW INTERVIEW URGENT FLASH"
)

Span = tuple[int, int]


def dateline(paragraph: str) -> tuple[Span, Span | None] | None:
    """The city's span and the agency's span (None without one) of the dateline that opens
    the paragraph; None when it opens with none. A dateline needs its agency or a date
    after the city: a lone capitalised word and a dash is as often a slug ("UPDATE -")."""
    if len(paragraph) < 4 or not paragraph.lstrip()[:2].isupper():
        return None
    match = _DATELINE.match(paragraph)
    if match is None or match["city"] in _SLUGS:
        return None
    rest = match["rest"] or ""
    if match["agency"] is None and not any(c.isdigit() for c in rest):
        return None
    agency = match.span("agency") if match["agency"] is not None else None
    return match.span("city"), agency
