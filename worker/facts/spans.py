"""The span type shared by the pattern finders."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Found:
    """A typed fact found at [start, end) of a paragraph, with its contract fields."""

    start: int
    end: int
    fields: dict[str, object] = field(compare=False)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
