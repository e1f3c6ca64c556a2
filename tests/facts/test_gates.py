"""The pattern finders' gates and start positions change their speed, never their matches:
each scan equals its pattern's plain finditer, on random text built from the words and
characters the patterns look for, and on the labelled paragraphs."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from worker.facts import Extractor, dates, measures, money, roles
from worker.facts.gates import fold, matches_from, openers, positions
from worker.facts.mentions import mentions_of, spans_of
from worker.facts.scoring import DEFAULT_SET, load_set

_FIXTURES = Path(DEFAULT_SET).parent

_PIECES = [
    *"0123456789 .,-%$€£¥₹\u2212\u2013\u00a0\n'\"/:",
    *"aAsSiIkK",
    "\u017f",  # long s: "s" to re.IGNORECASE
    "\u0130",  # dotted capital I: "i" to re.IGNORECASE
    "\u0131",  # dotless i
    "\u212a",  # Kelvin sign: "k"
    "\u0663",  # ARABIC-INDIC DIGIT THREE: a \d
    *[
        "January",
        "Jan.",
        "Sept",
        "March",
        "May",
        "mid-",
        "Monday",
        "Friday",
        "today",
        "Tonight",
        "this",
        "morning",
    ],
    *[
        "last",
        "Next",
        "past",
        "coming",
        "end",
        "of",
        "start",
        "year",
        "months",
        "week",
        "ago",
        "since",
        "in",
        "by",
        "until",
        "till",
    ],
    *["from", "before", "after", "during", "early", "later", "late", "earlier"],
    *[
        "one",
        "TWO",
        "fifteen",
        "twenty-five",
        "half",
        "dozen",
        "million",
        "bn",
        "m",
        "k",
        "percent",
        "per",
        "cent",
        "pct",
        "pc",
    ],
    *[
        "US$",
        "C$",
        "rs",
        "Rs.",
        "RMB",
        "USD",
        "EUR",
        "GBP",
        "dollars",
        "Canadian",
        "euro",
        "yen",
        "won",
        "rupees",
    ],
    *["km", "tonnes", "people", "miles", "kg", "barrels", "per", "day", "square", "feet"],
    "1,200",
    "2024",
    "1999",
    "2024-11-08",
    "3.5",
    ".5",
]
# Each piece as written, or in lower, upper or title case.
_PIECE = st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", "lower", "upper", "title"])).map(
    lambda p: getattr(p[0], p[1])() if p[1] else p[0]
)
_TEXT = st.lists(_PIECE, max_size=24).map(lambda parts: "".join(parts))
_SPACED = st.lists(_PIECE, max_size=24).map(lambda parts: " ".join(parts))
# Few pieces, so that neighbours the patterns need ("since March", "5 percent") come up.
_DENSE_PIECES = [
    *["8", "2024", ",", "-", ".", "%", "$", "of", "the"],
    *["since", "in", "by", "last", "this", "next", "early", "mid-", "March", "May", "Monday"],
    *[
        "year",
        "week",
        "ago",
        "today",
        "morning",
        "five",
        "1.5",
        "million",
        "percent",
        "per",
        "cent",
    ],
    *["US$", "Rs", "EUR", "dollars", "won", "km", "people"],
]
_DENSE = st.lists(
    st.tuples(st.sampled_from(_DENSE_PIECES), st.sampled_from(["", "title", "upper"])).map(
        lambda p: getattr(p[0], p[1])() if p[1] else p[0]
    ),
    max_size=8,
).map(lambda parts: " ".join(parts))

Scan = Callable[[str], Iterator[re.Match[str]]]
_SCANS: dict[str, tuple[re.Pattern[str], Scan]] = {
    "percent": (measures._PERCENT, measures.scan_percent),
    "quantity": (measures._QUANTITY, measures.scan_quantity),
    "money prefixed": (money._PREFIXED, money.scan_prefixed),
    "money suffixed": (money._SUFFIXED, money.scan_suffixed),
}
for _kind, _pattern in dates._PATTERNS:
    _SCANS[f"date {_kind}"] = (
        _pattern,
        lambda text, kind=_kind: dates.scan(kind, text, fold(text)),
    )


def _spans(matches: Iterator[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, object]]]:
    return [(m.span(), m.groupdict()) for m in matches]


def _same(name: str, text: str) -> None:
    pattern, scan = _SCANS[name]
    assert _spans(scan(text)) == _spans(pattern.finditer(text)), (name, text)


@pytest.mark.parametrize("name", sorted(_SCANS))
@settings(max_examples=400, deadline=None)
@given(joined=_TEXT, spaced=_SPACED, dense=_DENSE)
def test_a_scan_finds_what_finditer_finds(name: str, joined: str, spaced: str, dense: str) -> None:
    _same(name, joined)
    _same(name, spaced)
    _same(name, dense)


@pytest.mark.parametrize("name", sorted(_SCANS))
def test_a_scan_finds_what_finditer_finds_in_every_pair_of_pieces(name: str) -> None:
    cased = sorted({v for p in _DENSE_PIECES for v in (p, p.title(), p.upper())})
    for first, second in itertools.product(cased, repeat=2):
        for text in (f"{first}{second}", f"{first} {second}", f"{first} {second} 5"):
            _same(name, text)


@pytest.mark.parametrize("name", sorted(_SCANS))
def test_a_scan_finds_what_finditer_finds_in_labelled_text(name: str) -> None:
    texts = [str(row["text"]) for row in load_set(DEFAULT_SET)]
    found = 0
    for text in texts:
        _same(name, text)
        _same(name, text.upper())
        found += len(list(_SCANS[name][1](text)))
    if name not in {"date iso", "date ago"}:
        assert found > 0, f"{name} matched nothing: the comparison proved little"


@settings(max_examples=500)
@given(st.text())
@example("\u017f\u0130\u0131\u212a S\u017fi\u0130")
def test_folding_keeps_positions_and_reads_like_ignorecase(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    for at, char in enumerate(text):
        for letter in "abcdefghijklmnopqrstuvwxyz":
            if re.fullmatch(letter, char, re.IGNORECASE):
                assert folded[at] == letter


@settings(max_examples=300)
@given(st.text(alphabet="abc", max_size=30), st.lists(st.text(alphabet="abc", min_size=1)))
def test_positions_and_openers_find_every_start(text: str, needles: list[str]) -> None:
    every = sorted({at for n in needles for at in range(len(text)) if text.startswith(n, at)})
    assert sorted(set(positions(text, needles))) == every
    assert set(every) <= set(positions(text, openers(needles)))


def test_matches_from_is_finditer_where_every_match_starts_at_a_given_position() -> None:
    pattern = re.compile(r"(?<!\w)ab+")
    text = "ab xab abbb ab"
    starts = [m.start() for m in re.finditer("a", text)]
    assert _spans(matches_from(pattern, text, starts)) == _spans(pattern.finditer(text))
    # A start the pattern would need but is not given is not found: starts must cover.
    assert [m.start() for m in matches_from(pattern, text, [0])] == [0]


class _NoGate(frozenset[str]):
    """A gate that always passes."""

    def isdisjoint(self, other: Iterable[object]) -> bool:
        return False


def test_the_roles_gate_drops_no_role(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """find_roles() finds the same roles with its title-word gate as without it, on every
    labelled paragraph (their roles, and the names next to words like titles)."""
    nlp = extractor._pipeline.nlp
    texts = [
        str(row["text"]) for path in sorted(_FIXTURES.glob("*.jsonl")) for row in load_set(path)
    ]
    found = 0
    for text in texts:
        mentions = mentions_of(text, spans_of(nlp(text), text))
        gated = [(r.start, r.end, r.fields) for r in roles.find_roles(text, mentions)]
        with monkeypatch.context() as patch:
            patch.setattr(roles, "_TITLE_RUNS", _NoGate())
            ungated = [(r.start, r.end, r.fields) for r in roles.find_roles(text, mentions)]
        assert gated == ungated, text
        found += len(gated)
    assert found > 100, "few roles: the comparison proved little"
