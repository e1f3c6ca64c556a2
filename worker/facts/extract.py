"""The extractor: entities and typed facts of an article's kept paragraphs.

The work per article is bounded (see worker.facts.limits): at most MAX_ARTICLE_CHARS
characters are analysed, paragraph by paragraph, each in chunks of at most
MAX_CHUNK_CHARS cut at sentence or word boundaries (worker.facts.chunking; offsets stay
relative to the paragraph); the model sees at most MAX_ARTICLE_TOKENS tokens of an
article, in batches of at most MAX_BATCH_TOKENS, inside a spaCy memory zone, and an
article whose time budget is spent has its remaining chunks skipped
(worker.facts.batching, worker.facts.pipeline). The output is capped in count and in
JSON bytes (worker.facts.output).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from worker.core.assemble import ArticleText
from worker.facts import limits, world_places
from worker.facts.articles import ArticleInput, ExtractionResult
from worker.facts.pipeline import Pipeline

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["ArticleInput", "ExtractionResult", "Extractor"]


class Extractor:
    """Extracts entities and typed facts from an article's kept paragraphs.

    The model is loaded and verified once, when the extractor is built; one extractor
    per process serves every article. time_budget is the wall-clock seconds one article
    may take (limits.ARTICLE_TIME_BUDGET_SECONDS; None: no deadline).
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        time_budget: float | None = limits.ARTICLE_TIME_BUDGET_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if nlp is None:
            from worker.facts.model import load_model

            nlp = load_model()
        # The towns' names are read once, with the model, not on the first article.
        world_places.city_names()
        self._pipeline = Pipeline(nlp, time_budget=time_budget, clock=clock)

    def extract(
        self,
        paragraphs: Sequence[tuple[int, str]],
        *,
        published_at: str | None = None,
        fetched_at: str | None = None,
    ) -> ExtractionResult:
        """Entities and facts of (index, text) paragraphs; never raises on bad text."""
        article = ArticleInput(list(paragraphs), published_at, fetched_at)
        return self._pipeline.run([article])[0]

    def extract_many(self, articles: Sequence[ArticleInput]) -> list[ExtractionResult]:
        """extract() for several articles, with the model run over all their paragraphs."""
        return self._pipeline.run(articles)

    def extract_batch(self, articles: Sequence[ArticleText]) -> list[ExtractionResult]:
        """extract_many() for the worker's batches (worker.core.assemble.ArticleText)."""
        inputs = [ArticleInput(list(a.paragraphs), a.published_at, a.fetched_at) for a in articles]
        return self._pipeline.run(inputs)
