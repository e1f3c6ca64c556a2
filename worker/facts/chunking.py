"""Planning an article's analysis: its paragraphs cut to MAX_ARTICLE_CHARS in all, each
cut into chunks of at most MAX_CHUNK_CHARS at sentence or word boundaries, with offsets
kept relative to the paragraph."""

from __future__ import annotations

import re

from worker.facts import limits, timestamps
from worker.facts.articles import ArticleInput, ArticleState, Chunk, Paragraph
from worker.facts.safe_text import sanitize

# Where a chunk may be cut: after a sentence end (and closing quotes or brackets).
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")


def _boundary(text: str, limit: int, floor: int) -> int:
    """Where to cut text at or before limit (and after floor): after the last sentence end
    in text[floor:limit], else after its last space, else at limit."""
    cut = None
    for match in _SENTENCE_END.finditer(text, floor, limit):
        cut = match.end()
    if cut is not None:
        return cut
    for i in range(limit - 1, floor - 1, -1):
        if text[i].isspace():
            return i + 1
    return limit


def chunk_bounds(text: str, size: int = limits.MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """[start, end) pieces of text, each at most size characters, cut at boundaries."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = _boundary(text, start + size, start + size // 2)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def plan(article: ArticleInput, position: int) -> tuple[ArticleState, list[Chunk]]:
    """The article's paragraphs cut to MAX_ARTICLE_CHARS in all, and their chunks."""
    remaining = limits.MAX_ARTICLE_CHARS
    paragraphs: list[Paragraph] = []
    chunks: list[Chunk] = []
    skipped = 0
    for number, (index, text) in enumerate(article.paragraphs):
        keep = len(text)
        if keep > remaining:
            keep = _boundary(text, remaining, max(remaining - limits.MAX_CHUNK_CHARS // 2, 0))
            remaining = 0  # what is analysed stays a prefix of the article
        else:
            remaining -= keep
        skipped += len(text) - keep
        planned = sanitize(text[:keep] if keep < len(text) else text)
        paragraphs.append(Paragraph(index, planned, source=text))
        if keep == 0 and text:
            continue
        bounds = chunk_bounds(planned)
        for i, (start, end) in enumerate(bounds):
            piece = planned[start:end] if (start, end) != (0, len(planned)) else planned
            chunks.append(Chunk(position, number, start, piece, i == len(bounds) - 1))
    ref = timestamps.reference_date(article.published_at, article.fetched_at)
    return ArticleState(paragraphs, ref, skipped), chunks
