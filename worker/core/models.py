"""Slotted, frozen records passed between the pure stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

Scope = Literal["within", "across"]


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


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    text: str
    hash: str


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Owner:
    """The dedupe state for one paragraph hash."""

    article_id: str
    index: int
    first_seen_at: float


@dataclass(frozen=True, slots=True)
class Claim:
    hash: str
    index: int


@dataclass(frozen=True, slots=True)
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
