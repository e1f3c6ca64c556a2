"""The last stage: verdicts and extraction results to published records."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from worker.core.clock import timestamp
from worker.core.hashing import combine
from worker.core.models import (
    ClaimResult,
    Duplicate,
    Paragraph,
    PreparedArticle,
    Record,
    Verdict,
)

log = logging.getLogger("worker")

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


def is_english(language: str | None) -> bool:
    """The extraction model is English-only; an article tagged otherwise gets no
    entities or facts rather than wrong ones. Untagged articles are tried."""
    if not language or not language.strip():
        return True
    return language.strip().lower().replace("_", "-").split("-")[0] in {"en", "eng"}


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What extraction reads of one article: its kept paragraphs and dates."""

    paragraphs: Sequence[tuple[int, str]]
    published_at: str | None
    fetched_at: str | None


class Extractor(Protocol):
    def extract(
        self,
        paragraphs: Sequence[tuple[int, str]],
        *,
        published_at: str | None = None,
        fetched_at: str | None = None,
    ) -> Extraction: ...

    def extract_batch(self, articles: Sequence[ArticleText]) -> Sequence[Extraction]:
        """extract() for several articles at once, the model run over all of them."""
        ...


def _text(prepared: PreparedArticle, kept: Sequence[Paragraph]) -> ArticleText | None:
    """The article's text for extraction, or None when it gets none."""
    if not kept or not is_english(prepared.article.language):
        return None
    article = prepared.article
    return ArticleText([(p.index, p.text) for p in kept], article.published_at, article.fetched_at)


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
    text = _text(prepared, kept_paragraphs(prepared, results))
    if extractor is not None and text is not None:
        extraction = extractor.extract(
            text.paragraphs, published_at=text.published_at, fetched_at=text.fetched_at
        )
    record = build_output(prepared, results, extraction, topics, now)
    return record, extraction.errors if extraction else 0


Finishing = tuple[PreparedArticle, Sequence[ClaimResult], float]


def finish_all(
    items: Sequence[Finishing], extractor: Extractor | None, topics: OutputTopics
) -> list[tuple[Record, int]]:
    """finish() for a batch of articles, with one extraction call for all of them.

    Extraction failing never costs an article: when the batch call raises,
    each article is tried alone, and one that still fails is published
    without facts and counted as one error.
    """
    texts = [_text(prepared, kept_paragraphs(prepared, results)) for prepared, results, _ in items]
    wanted = [i for i, text in enumerate(texts) if text is not None]
    extractions: dict[int, Extraction] = {}
    if extractor is not None and wanted:
        try:
            found = extractor.extract_batch([t for t in texts if t is not None])
            extractions = dict(zip(wanted, found, strict=True))
        except Exception:
            log.exception("batch extraction failed; extracting article by article")
            return [_finish_alone(item, extractor, topics) for item in items]
    out = []
    for i, (prepared, results, now) in enumerate(items):
        extraction = extractions.get(i)
        record = build_output(prepared, results, extraction, topics, now)
        out.append((record, extraction.errors if extraction else 0))
    return out


def _finish_alone(
    item: Finishing, extractor: Extractor, topics: OutputTopics
) -> tuple[Record, int]:
    prepared, results, now = item
    try:
        return finish(prepared, results, extractor, topics, now)
    except Exception:
        log.exception("extraction failed", extra={"article_id": prepared.article.id})
        return finish(prepared, results, None, topics, now)[0], 1
