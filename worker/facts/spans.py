"""Span types shared by the model stage and the pattern finders."""

from __future__ import annotations

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
