"""Span types shared by the model stage and the pattern finders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Found:
    """A typed fact found at [start, end) of a paragraph, with its contract fields."""

    start: int
    end: int
    fields: dict[str, object] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Mention:
    """A named entity at [start, end) of a paragraph, after relabelling."""

    start: int
    end: int
    text: str
    label: str
    # The words around it say it is a company or a side, not the person it may share a
    # surname with ("Ford cut its forecast" in an article that names Henry Ford).
    firm: bool = False


class Occupancy:
    """Which characters of a text are already claimed by a kept fact.

    Replaces "does this span overlap any kept span?" loops, which are quadratic in the
    number of matches: checking and claiming [start, end) cost O(end - start).
    """

    __slots__ = ("_taken",)

    def __init__(self, length: int) -> None:
        self._taken = bytearray(max(length, 0))

    def free(self, start: int, end: int) -> bool:
        """No character of [start, end) is claimed."""
        return self._taken.find(1, start, end) == -1

    def covered(self, start: int, end: int) -> bool:
        """Every character of [start, end) is claimed."""
        return end > start and self._taken.find(0, start, end) == -1

    def claim(self, start: int, end: int) -> None:
        end = min(end, len(self._taken))
        if end > start:
            self._taken[start:end] = b"\x01" * (end - start)


def in_place_of(
    paragraph: str, found: Sequence[Mention], spans: Sequence[tuple[int, int]], label: str
) -> list[Mention]:
    """``found`` with a ``label`` mention at each of ``spans`` ([start, end) in
    ``paragraph``), the mentions that overlap one of them dropped, in text order. Linear
    in the text: a paragraph may hold thousands of both."""
    if not spans:
        return list(found)
    taken = Occupancy(len(paragraph))
    for start, end in spans:
        taken.claim(start, end)
    kept = [m for m in found if taken.free(m.start, m.end)]
    added = [Mention(start, end, paragraph[start:end], label) for start, end in spans]
    return sorted(kept + added, key=lambda m: m.start)
