"""The last stage: verdicts and extraction results to published records."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from worker.hashing import combine
from worker.models import (
    ClaimResult,
    Duplicate,
    Paragraph,
    Position,
    PreparedArticle,
    Record,
    Rejection,
    Verdict,
)
from worker.sizes import DEAD_LETTER_PREFIX_BYTES, ENVELOPE_BYTES, MAX_KEY_BYTES

DEAD_LETTER_SCHEMA = "dead_letter/1"
_DETAIL_LIMIT = 500


class Extraction(Protocol):
    @property
    def entities(self) -> list[dict[str, Any]]: ...

    @property
    def facts(self) -> list[dict[str, Any]]: ...

    @property
    def errors(self) -> int: ...


@dataclass(frozen=True, slots=True)
class OutputTopics:
    clean: str
    duplicates: str
    dead_letter: str


def timestamp(now: float) -> str:
    """ISO-8601 UTC with milliseconds, e.g. 2024-11-08T10:05:01.123Z."""
    moment = datetime.fromtimestamp(now, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def kept_paragraphs(prepared: PreparedArticle, results: Sequence[ClaimResult]) -> list[Paragraph]:
    keep = {r.hash for r in results if r.verdict is not Verdict.DUPLICATE}
    return [p for p in prepared.paragraphs if p.hash in keep]


def _across(results: Sequence[ClaimResult]) -> list[Duplicate]:
    return [
        Duplicate(r.index, r.hash, "across", r.owner.article_id, r.owner.index)
        for r in results
        if r.verdict is Verdict.DUPLICATE
    ]


def _duplicate_json(d: Duplicate) -> dict[str, Any]:
    return {
        "index": d.index,
        "hash": d.hash,
        "scope": d.scope,
        "first_seen": {"article_id": d.first_article_id, "index": d.first_index},
    }


def build_output(
    prepared: PreparedArticle,
    results: Sequence[ClaimResult],
    extraction: Extraction | None,
    topics: OutputTopics,
    now: float,
) -> Record:
    """A clean article, or a duplicate record when no paragraph is new.

    ``results`` must hold one verdict per unique paragraph of ``prepared``.
    """
    article = prepared.article
    kept = kept_paragraphs(prepared, results)
    across = _across(results)
    duplicates = sorted([*prepared.within, *across], key=lambda d: d.index)
    stats = {
        "paragraphs_in": prepared.paragraphs_in,
        "kept": len(kept),
        "dropped_within": len(prepared.within),
        "dropped_across": len(across),
    }
    key = article.id.encode("utf-8")
    if not kept:
        owners = list(dict.fromkeys(d.first_article_id for d in across))
        return Record(
            topics.duplicates,
            key,
            {
                "schema": "duplicate_article/1",
                "id": article.id,
                "url": article.url,
                "source": article.source,
                "duplicate_of": owners,
                "duplicates": [_duplicate_json(d) for d in duplicates],
                "stats": stats,
                "processed_at": timestamp(now),
            },
        )
    return Record(
        topics.clean,
        key,
        {
            "schema": "clean_article/1",
            "id": article.id,
            "url": article.url,
            "source": article.source,
            "title": article.title,
            "language": article.language,
            "published_at": article.published_at,
            "fetched_at": article.fetched_at,
            "paragraphs": [{"index": p.index, "text": p.text, "hash": p.hash} for p in kept],
            "duplicates": [_duplicate_json(d) for d in duplicates],
            "entities": extraction.entities if extraction else [],
            "facts": extraction.facts if extraction else [],
            "stats": stats,
            "content_hash": combine(p.hash for p in kept),
            "extra": article.extra,
            "processed_at": timestamp(now),
        },
    )


@dataclass(frozen=True, slots=True)
class Original:
    """What is known of the raw message behind a dead letter.

    ``value`` is None where the stage that fails no longer holds the bytes;
    ``size`` and ``sha256`` then still describe them, and the raw topic has
    them at the dead letter's position.
    """

    key: bytes | None
    value: bytes | None
    size: int | None = None
    sha256: str | None = None

    @classmethod
    def of(cls, key: bytes | None, value: bytes | None) -> Original:
        data = value or b""
        return cls(key, data, len(data), hashlib.sha256(data).hexdigest())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def build_dead_letter(
    rejection: Rejection,
    original: Original,
    position: Position,
    topic: str,
    now: float,
    limit: int,
) -> Record:
    """The dead letter for a rejected message, never larger than ``limit`` bytes.

    The original key and value are carried whole when they fit; otherwise
    ``truncated`` is true and ``value_b64`` holds a prefix, while ``value_size``
    and ``value_sha256`` describe the original that stays on the raw topic.
    """
    key, value = original.key, original.value
    whole = (
        value is not None
        and (key is None or len(key) <= MAX_KEY_BYTES)
        # base64 grows by 4/3; the key is in the record twice (Kafka key and key_b64).
        and 4 * ((len(value) + len(key or b"")) // 3 + 2) + len(key or b"") + ENVELOPE_BYTES
        <= limit
    )
    shown_key = key if key is None or len(key) <= MAX_KEY_BYTES else key[:MAX_KEY_BYTES]
    shown_value = value if whole else (value or b"")[:DEAD_LETTER_PREFIX_BYTES]
    return Record(
        topic,
        shown_key,
        {
            "schema": DEAD_LETTER_SCHEMA,
            "reason": rejection.reason,
            "detail": rejection.detail[:_DETAIL_LIMIT],
            "topic": position.topic,
            "partition": position.partition,
            "offset": position.offset,
            "key_b64": None if shown_key is None else _b64(shown_key),
            "value_b64": _b64(shown_value or b""),
            "received_at": timestamp(now),
            "truncated": not whole,
            "key_size": None if key is None else len(key),
            "value_size": original.size,
            "value_sha256": original.sha256,
        },
    )


def is_english(language: str | None) -> bool:
    """The extraction model is English-only; an article tagged otherwise gets no
    entities or facts rather than wrong ones. Untagged articles are tried."""
    if not language or not language.strip():
        return True
    return language.strip().lower().replace("_", "-").split("-")[0] in {"en", "eng"}


class Extractor(Protocol):
    def extract(
        self,
        paragraphs: Sequence[tuple[int, str]],
        *,
        published_at: str | None = None,
        fetched_at: str | None = None,
    ) -> Extraction: ...


def finish(
    prepared: PreparedArticle,
    results: Sequence[ClaimResult],
    extractor: Extractor | None,
    topics: OutputTopics,
    now: float,
) -> tuple[Record, int]:
    """Extract facts from the kept paragraphs only, then build the output record.

    Returns the record and how many paragraphs failed extraction.
    """
    extraction: Extraction | None = None
    kept = kept_paragraphs(prepared, results)
    if extractor is not None and kept and is_english(prepared.article.language):
        extraction = extractor.extract(
            [(p.index, p.text) for p in kept],
            published_at=prepared.article.published_at,
            fetched_at=prepared.article.fetched_at,
        )
    record = build_output(prepared, results, extraction, topics, now)
    return record, extraction.errors if extraction else 0
