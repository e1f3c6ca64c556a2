"""A chunk's typed facts (money, percentages, quantities, dates): the pattern finders'
candidates and the model's MONEY spans, one fact per stretch of text by priority."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import date

from worker.facts import dates, measures, money
from worker.facts.mentions import Span
from worker.facts.spans import Found, Mention, Occupancy

# Money wins over a percent or quantity on the same characters, and those over a date.
_PRIORITY = {"money": 0, "percent": 1, "quantity": 2, "date": 3}
_NAMED_WITH_YEARS = frozenset({"EVENT", "ORG", "PRODUCT", "LAW", "WORK_OF_ART", "FAC"})


class _Containers:
    """Whether a span lies inside one of a set of spans, in O(log n) per question."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # _reach[i]: the furthest end among the first i + 1 spans by start.
        self._reach: list[int] = []
        for _, end in ordered:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def contain(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] >= end


def typed_facts(
    text: str, spans: Sequence[Span], ref: date | None, mentions: Sequence[Mention] = ()
) -> list[Found]:
    candidates = money.find_money(text) + measures.find_percent(text)
    candidates += measures.find_quantity(text)
    found_dates = dates.find_dates(text, ref)
    if found_dates:
        # A year inside a name ("the Paris 2024 Olympics") does not date anything.
        named = [(m.start, m.end) for m in mentions if m.label in _NAMED_WITH_YEARS]
        if named:
            names = _Containers(named)
            candidates += [d for d in found_dates if not names.contain(d.start, d.end)]
        else:
            candidates += found_dates
    model_money = [span for span in spans if span[2] == "MONEY"]
    if model_money:
        candidates += _model_money(text, model_money, candidates)
    if len(candidates) < 2:  # nothing overlaps
        return candidates
    candidates.sort(key=lambda f: (_PRIORITY[str(f.fields["type"])], f.start, -f.end))
    kept: list[Found] = []
    taken = Occupancy(len(text))
    for item in candidates:
        if not taken.free(item.start, item.end):
            continue
        kept.append(item)
        taken.claim(item.start, item.end)
    kept.sort(key=lambda f: f.start)
    return kept


def _model_money(text: str, model_money: Sequence[Span], found: Sequence[Found]) -> list[Found]:
    """The model's MONEY spans where no pattern found money: it sometimes sees amounts
    the patterns miss ("a million dollars")."""
    taken = Occupancy(len(text))
    for item in found:
        if item.fields["type"] == "money":
            taken.claim(item.start, item.end)
    extra: list[Found] = []
    for start, end, _, span_text in model_money:
        parsed = money.parse_money(span_text) if taken.free(start, end) else None
        if parsed is not None:
            value, unit = parsed
            fields: dict[str, object] = {
                "type": "money",
                "text": span_text,
                "value": value,
                "unit": unit,
            }
            extra.append(Found(start, end, fields))
    return extra
