"""JSON forms of the core records inside internal messages and table values.

Compact lists rather than objects: these go through the broker once per
stage for every paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from worker.core.models import (
    Claim,
    ClaimResult,
    Duplicate,
    Owner,
    Paragraph,
    PreparedArticle,
    RawArticle,
    Verdict,
)


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


# Verdict(v) goes through EnumMeta.__call__; a dict is several times cheaper
# on a path taken once per paragraph.
_VERDICTS = {v.value: v for v in Verdict}


def results_from_json(data: Sequence[Sequence[Any]]) -> list[ClaimResult]:
    """Raises KeyError, TypeError or ValueError on a malformed entry."""
    return [
        ClaimResult(h, i, _VERDICTS[v], Owner(article_id, index, first_seen_at))
        for h, i, v, article_id, index, first_seen_at in data
    ]
