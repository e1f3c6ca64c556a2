"""Fact extraction: entities, money, dates, percentages, quantities, quotes and roles."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language

from worker.facts.extract import ArticleInput, ExtractionResult, Pipeline
from worker.facts.model import ModelIntegrityError, load_model

__all__ = [
    "ArticleInput",
    "ExtractionResult",
    "Extractor",
    "ModelIntegrityError",
    "load_model",
]


class Extractor:
    """Extracts entities and typed facts from an article's kept paragraphs.

    The model is loaded and verified once, when the extractor is built; one extractor
    per process serves every article.
    """

    def __init__(self, nlp: Language | None = None) -> None:
        self._pipeline = Pipeline(nlp if nlp is not None else load_model())

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
