"""JSON shapes of the worker's internal topics and table values.

Internal messages carry everything the next stage needs, so a stage never
reads another stage's state: ``<app>-articles`` carries the prepared article,
``<app>-claims`` one batch of claims for one dedupe partition, and
``<app>-verdicts`` the answers to one batch.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from worker.assemble import Original
from worker.models import (
    Claim,
    ClaimResult,
    Duplicate,
    Owner,
    Paragraph,
    PreparedArticle,
    RawArticle,
    Rejection,
    Verdict,
)
from worker.sizes import MAX_KEY_BYTES, OUTPUT_TOO_LARGE, TOO_LARGE, Limits, encode_bounded

TICK = "tick"


def prepared_to_json(prepared: PreparedArticle) -> dict[str, Any]:
    a = prepared.article
    return {
        "article": {
            "id": a.id,
            "url": a.url,
            "source": a.source,
            "title": a.title,
            "body": None,  # the paragraphs below carry the text; no need to ship it twice
            "html": None,
            "language": a.language,
            "published_at": a.published_at,
            "fetched_at": a.fetched_at,
            "extra": a.extra,
        },
        "paragraphs": [[p.index, p.text, p.hash] for p in prepared.paragraphs],
        "within": [[d.index, d.hash, d.first_index] for d in prepared.within],
    }


def prepared_from_json(data: dict[str, Any]) -> PreparedArticle:
    article = RawArticle(**data["article"])
    paragraphs = tuple(Paragraph(i, text, h) for i, text, h in data["paragraphs"])
    within = tuple(Duplicate(i, h, "within", article.id, first) for i, h, first in data["within"])
    return PreparedArticle(article, paragraphs, within)


def claims_to_json(claims: Sequence[Claim]) -> list[list[Any]]:
    return [[c.hash, c.index] for c in claims]


def claims_from_json(data: Sequence[Sequence[Any]]) -> list[Claim]:
    return [Claim(h, i) for h, i in data]


def owner_to_json(owner: Owner) -> list[Any]:
    return [owner.article_id, owner.index, owner.first_seen_at]


def owner_from_json(data: Sequence[Any]) -> Owner:
    article_id, index, first_seen_at = data
    return Owner(article_id, index, first_seen_at)


def results_to_json(results: Sequence[ClaimResult]) -> list[list[Any]]:
    return [[r.hash, r.index, r.verdict.value, *owner_to_json(r.owner)] for r in results]


def results_from_json(data: Sequence[Sequence[Any]]) -> list[ClaimResult]:
    return [ClaimResult(h, i, Verdict(v), owner_from_json(owner)) for h, i, v, *owner in data]


def encode_article(
    prepared: PreparedArticle,
    request: str,
    now: float,
    expected: int,
    raw: dict[str, Any],
    limits: Limits,
) -> bytes | Rejection:
    """The ``<app>-articles`` message, or why the input cannot go through.

    This is where an input's size is admitted: an article whose message
    exceeds ``limits.article_bytes`` is rejected as too large, so everything
    built from it later stays within ``limits.record_bytes``. ``raw`` describes
    the original message (key, size, sha256) for a dead letter at assembly.
    """
    body = {
        "request": request,
        "article_id": prepared.article.id,
        "now": now,
        "expected": expected,
        "raw": raw,
        "prepared": prepared_to_json(prepared),
    }
    encoded = encode_bounded(body, limits.article_bytes)
    if isinstance(encoded, Rejection) and encoded.reason == OUTPUT_TOO_LARGE:
        return Rejection(TOO_LARGE, f"the article is too large to process ({encoded.detail})")
    return encoded


def claims_message(
    article_id: str, request: str, batch: int, now: float, claims: Sequence[Claim]
) -> dict[str, Any]:
    return {
        "request": request,
        "article_id": article_id,
        "batch": batch,
        "now": now,
        "claims": claims_to_json(claims),
    }


def verdicts_message(
    article_id: str, request: str, batch: int, results: Sequence[ClaimResult]
) -> dict[str, Any]:
    return {
        "request": request,
        "article_id": article_id,
        "batch": batch,
        "results": results_to_json(results),
    }


def failed_verdicts(claims: dict[str, Any], error: str) -> dict[str, Any]:
    """The answer to a claim batch that could not be processed."""
    return {
        "request": claims["request"],
        "article_id": claims["article_id"],
        "batch": claims["batch"],
        "error": error[:500],
    }


def raw_summary(original: Original) -> dict[str, Any]:
    """What assembly needs to dead-letter an article: the original key (up to
    the dead-letter key limit), the value's size and sha256, not its bytes."""
    key = original.key
    return {
        "key_b64": None if key is None else base64.b64encode(key[:MAX_KEY_BYTES]).decode("ascii"),
        "key_size": None if key is None else len(key),
        "size": original.size,
        "sha256": original.sha256,
    }


def original_from_summary(summary: dict[str, Any] | None) -> Original:
    if not summary:
        return Original(None, None)
    key_b64 = summary.get("key_b64")
    key = None if key_b64 is None else base64.b64decode(key_b64)
    return Original(key, None, summary.get("size"), summary.get("sha256"))
