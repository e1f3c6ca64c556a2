"""The first stage: raw bytes to a prepared article, or a rejection."""

from __future__ import annotations

import dataclasses

from worker.core.codec import EMPTY, TOO_LARGE, Limits, decode_raw, to_raw_article
from worker.core.dedupe import dedupe_within
from worker.core.hashing import fingerprint
from worker.core.models import Paragraph, PreparedArticle, RawArticle, Rejection
from worker.core.normalize import normalize
from worker.core.paragraphs import looks_like_html, split_html, split_text
from worker.core.source import attributed_source, derive_id, host_of


def prepare(value: bytes | None, limits: Limits) -> PreparedArticle | Rejection:
    """Validate, split, hash and drop repeats within the message."""
    data = decode_raw(value, limits)
    if isinstance(data, Rejection):
        return data
    given_id = data.get("id")
    if isinstance(given_id, str) and given_id.strip():
        article_id = given_id.strip()
    else:
        article_id = derive_id(str(data["url"]))
    article = to_raw_article(data, article_id)
    texts = _split(article)
    paragraphs: list[Paragraph] = []
    for text in texts:
        normalized = normalize(text)
        if normalized:
            if len(paragraphs) == limits.max_paragraphs:
                # No need to hash the rest of a page that is refused anyway.
                return Rejection(
                    TOO_LARGE, f"more than {limits.max_paragraphs} paragraphs (the limit)"
                )
            paragraphs.append(Paragraph(len(paragraphs), text, fingerprint(normalized)))
    if not paragraphs:
        return Rejection(EMPTY, "the article has no paragraphs with text")
    source = article.source or host_of(article.url) or attributed_source(texts)
    article = dataclasses.replace(article, source=source)
    unique, within = dedupe_within(article_id, paragraphs)
    return PreparedArticle(article, unique, within)


def _split(article: RawArticle) -> list[str]:
    # A crawler that sends both keeps its own text extraction; html is the fallback.
    if article.body is not None and article.body.strip():
        if looks_like_html(article.body):
            return split_html(article.body)
        return split_text(article.body)
    if article.html is not None:
        return split_html(article.html)
    return []
