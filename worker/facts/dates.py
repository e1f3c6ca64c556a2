"""Dates as ISO 8601 values: the article's reference date, the date patterns and which
match wins, and the absolute dates; relative phrases are resolved by
worker.facts.relative_dates against the reference date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from worker.facts.gates import any_of, fold, matches_from, openers, positions
from worker.facts.lexicon import words
from worker.facts.numbers import number_starts
from worker.facts.relative_dates import (
    ago,
    is_future,
    month_alone,
    relative,
    relunit,
    weekday,
    year_for,
)
from worker.facts.spans import Found, Occupancy

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# The full name of each month number: the longest spelling.
_NAMES = {n: max((m for m in MONTHS if MONTHS[m] == n), key=len) for n in range(1, 13)}
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_MONTH_B = _MONTH.replace("?P<month>", "?P<month2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY_B = _DAY.replace("?P<day>", "?P<day2>")
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_YEAR_B = _YEAR.replace("?P<year>", "?P<year2>")
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Every month name begins with its abbreviation ("Sep" for "Sept" and "September").
_MONTH_PREFIXES = tuple(name.capitalize() for name in MONTHS if len(name) == 3)
# Where they begin, in one scan: no abbreviation begins inside another (their second and
# third letters are small, their first capital), so finditer misses none.
_MONTH_PREFIX = re.compile("|".join(_MONTH_PREFIXES))
# What every ISO date holds.
_ISO_ANY = re.compile(r"\d-[01]\d-")
_FULL_MONTH_ANY = any_of(name.capitalize() for name, n in MONTHS.items() if name == _NAMES[n])
_YEAR_ANY = any_of(["18", "19", "20"])
_UNIT_ANY = any_of(["year", "month", "week"])


_PARTS_OF_DAY = ("morning", "afternoon", "evening")


def _relday_words(folded: str) -> bool:
    return (
        "today" in folded
        or "yesterday" in folded
        or "tomorrow" in folded
        or "tonight" in folded
        or ("this" in folded and any(part in folded for part in _PARTS_OF_DAY))
    )


_WEEKDAY_OPENERS = openers(
    words("last next this Last Next This Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
)
_RELUNIT_OPENERS = openers(words("earlier later early late end start this last next past coming"))

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<m>[01]\d)-(?P<day>[0-3]\d)(?![\d-])")),
    (
        "dmy",
        re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?(?![\w-])"),
    ),
    (
        "mdy",
        re.compile(rf"\b{_MONTH_B}\s+{_DAY_B}\b(?!\s*%)(?:,?\s+{_YEAR_B})?(?![\w-])"),
    ),
    ("my", re.compile(rf"\b{_MONTH}(?:\s+of)?,?\s+{_YEAR}(?![\w-])")),
    (
        "month",
        re.compile(
            r"(?:\b(?:in|In|since|Since|until|till|by|from|From|before|after|during|of)\s+"
            r"|(?P<rel>\b(?:last|next|this|Last|Next|This|early|late|mid-?))\s*)"
            r"(?P<month>January|February|March|April|May|June|July|August|September|October"
            r"|November|December)(?![\w-])(?!\s+\d)"
        ),
    ),
    (
        "relday",
        re.compile(
            r"\b(?P<word>today|yesterday|tomorrow|tonight"
            r"|this\s+(?:morning|afternoon|evening))\b",
            re.I,
        ),
    ),
    (
        "relweekday",
        re.compile(rf"\b(?:(?P<rel>last|next|this|Last|Next|This)\s+)?{_WEEKDAY}\b(?!\s+\d)"),
    ),
    (
        "relunit",
        re.compile(
            r"\b(?:(?:earlier|later|early|late|end\s+of|start\s+of)\s+)?"
            r"(?P<rel>this|last|next|past|coming)\s+(?P<unit>year|month|week)\b",
            re.I,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+"
            r"(?P<unit>year|month|week|day)s?\s+ago\b",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?:(?<=mid-)|(?<![\w$€£¥#.,/-]))(?P<year>(?:19|20)\d{2})(?![\w%/-]|,\d|\.\d)"
            r"(?!\s*(?:percent|per\s+cent|people|km|kilo|tonnes|tons|points|votes|units"
            r"|jobs|troops|feet|metres|meters|miles)\b)"
        ),
    ),
]


_BY_KIND = dict(_PATTERNS)


def _safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def scans(text: str, folded: str) -> Iterator[tuple[str, Iterator[re.Match[str]]]]:
    """Each kind's pattern's finditer over text, in order of precedence, tried only where
    it can match (worker.facts.gates): a kind whose gate fails is left out, and a pattern
    that opens with a digit, a month, a year or one of a few words is tried where one
    begins. The gates and starts of all kinds share what they read of the text."""
    if "-" in text and _ISO_ANY.search(text) is not None:
        yield "iso", _BY_KIND["iso"].finditer(text)
    months = [match.start() for match in _MONTH_PREFIX.finditer(text)]
    if months:
        # A day is digits after no word character (\b), where a number can begin.
        numbers = number_starts(folded)
        if numbers:
            # The day comes before its month.
            days = [at for at in numbers if at < months[-1]]
            yield "dmy", matches_from(_BY_KIND["dmy"], text, days)
            yield "mdy", matches_from(_BY_KIND["mdy"], text, months)
        if _YEAR_ANY.search(text) is not None:
            yield "my", matches_from(_BY_KIND["my"], text, months)
        if _FULL_MONTH_ANY.search(text) is not None:
            # It opens with the word before the month ("in", "last", "mid-").
            openings = sorted({_word_before(text, at) for at in months})
            yield "month", matches_from(_BY_KIND["month"], text, openings)
    if _relday_words(folded):
        yield "relday", _BY_KIND["relday"].finditer(text)
    if "day" in text:
        yield (
            "relweekday",
            matches_from(_BY_KIND["relweekday"], text, positions(text, _WEEKDAY_OPENERS)),
        )
    if _UNIT_ANY.search(folded) is not None:
        yield (
            "relunit",
            matches_from(_BY_KIND["relunit"], text, positions(folded, _RELUNIT_OPENERS)),
        )
    if "ago" in folded:
        yield "ago", _BY_KIND["ago"].finditer(text)
    if "19" in text or "20" in text:
        yield "year", matches_from(_BY_KIND["year"], text, positions(text, ("19", "20")))


def _word_before(text: str, at: int) -> int:
    """Where the word before at begins when spaces, or a hyphen and spaces ("mid-"),
    part them: the word runs back to a character no \\w reads (str.isalnum() or "_")."""
    start = at
    while start and text[start - 1].isspace():
        start -= 1
    if start and text[start - 1] == "-":
        start -= 1
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return start


def scan(kind: str, text: str, folded: str) -> Iterator[re.Match[str]]:
    """The finditer of the kind's pattern over text, as scans() runs it."""
    for name, matches in scans(text, folded):
        if name == kind:
            return matches
    return iter(())


def find_dates(text: str, ref: date | None) -> list[Found]:
    found: list[Found] = []
    taken: Occupancy | None = None  # made at the first date
    folded = fold(text)
    for kind, matches in scans(text, folded):
        for match in matches:
            start = match.start()
            if kind == "month":
                start = match.start("rel") if match.group("rel") else match.start("month")
            span = (start, match.end())
            if taken is not None and not taken.free(*span):
                continue
            fields = _interpret(kind, match, text, ref)
            if fields is None:
                continue
            if taken is None:
                taken = Occupancy(len(text))
            taken.claim(*span)
            found.append(
                Found(span[0], span[1], {"type": "date", "text": text[start : span[1]], **fields})
            )
    found.sort(key=lambda f: f.start)
    return found


def _absolute(value: str | None) -> dict[str, object] | None:
    return None if value is None else {"value": value}


def _interpret(
    kind: str, match: re.Match[str], text: str, ref: date | None
) -> dict[str, object] | None:
    groups = match.groupdict()
    if kind == "iso":
        return _absolute(_safe_date(int(groups["year"]), int(groups["m"]), int(groups["day"])))
    if kind in ("dmy", "mdy"):
        suffix = "" if kind == "dmy" else "2"
        month = MONTHS[groups["month" + suffix].lower()]
        day = int(groups["day" + suffix])
        year = groups["year" + suffix]
        if year:
            return _absolute(_safe_date(int(year), month, day))
        if not 1 <= day <= 31:
            return None
        if ref is None:
            return relative(None, None)
        year = year_for(ref, month, day, is_future(text, match.start()))
        return relative(_safe_date(year, month, day), ref)
    if kind == "my":
        return {"value": f"{int(groups['year']):04d}-{MONTHS[groups['month'].lower()]:02d}"}
    if kind == "month":
        month = MONTHS[groups["month"].lower()]
        return month_alone(month, groups, ref, is_future(text, match.start()))
    if kind == "year":
        return {"value": groups["year"]}
    if ref is None:
        return relative(None, None)
    if kind == "relday":
        word = (groups["word"] or "").lower()
        offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        return relative((ref + timedelta(days=offset)).isoformat(), ref)
    if kind == "relweekday":
        return relative(weekday(groups, match, text, ref).isoformat(), ref)
    if kind == "relunit":
        return relunit(groups, ref)
    if kind == "ago":
        return ago(groups, ref)
    return None


def parse_date(text: str, ref: date | None = None) -> str | None:
    """The ISO value of a text that is one date expression, e.g. 'November 8, 2024'."""
    items = find_dates(text.strip(), ref)
    if len(items) != 1:
        return None
    value = items[0].fields["value"]
    return value if isinstance(value, str) else None
