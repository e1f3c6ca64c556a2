"""Slotted, frozen records passed between the pure stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal, TypeVar, dataclass_transform

Scope = Literal["within", "across"]
T = TypeVar("T")


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """A slotted dataclass that is frozen for the type checker (mypy rejects
    any assignment to a field) and hashed by value, but not frozen at run time:
    a frozen dataclass sets each field through ``object.__setattr__``, which
    makes one 3.7 times slower to construct (526 against 142 ns for four
    fields), and the records below are made several times per paragraph."""
    return dataclass(slots=True, unsafe_hash=True)(cls)


@dataclass(frozen=True, slots=True)
class Position:
    """Where a raw message came from; all None when read offline."""

    topic: str | None = None
    partition: int | None = None
    offset: int | None = None


@dataclass(frozen=True, slots=True)
class RawArticle:
    id: str
    url: str | None
    source: str | None
    title: str | None
    body: str | None
    html: str | None
    language: str | None
    published_at: str | None
    fetched_at: str | None
    extra: dict[str, Any] = field(default_factory=dict)


@record
class Paragraph:
    index: int
    text: str
    hash: str


@record
class Duplicate:
    index: int
    hash: str
    scope: Scope
    first_article_id: str
    first_index: int


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a raw message goes to the dead-letter topic."""

    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article after splitting and within-message dedupe, before claims."""

    article: RawArticle
    paragraphs: tuple[Paragraph, ...]
    within: tuple[Duplicate, ...]

    @property
    def paragraphs_in(self) -> int:
        return len(self.paragraphs) + len(self.within)


class Verdict(Enum):
    NEW = "new"
    OWNED = "owned"
    DUPLICATE = "duplicate"


@record
class Owner:
    """The dedupe state for one paragraph hash."""

    article_id: str
    index: int
    first_seen_at: float


@record
class Claim:
    hash: str
    index: int


@record
class ClaimResult:
    hash: str
    index: int
    verdict: Verdict
    owner: Owner


@dataclass(frozen=True, slots=True)
class Record:
    """One message the worker publishes."""

    topic: str
    key: bytes | None
    value: dict[str, Any]
