"""Fact extraction: entities, money, dates, percentages, quantities, quotes and roles.

The names below load lazily: importing worker.facts, its limits, its pure parsers
(money, dates, measures, numbers, quotes, roles, entities) or the input and result
records (articles) does not import spaCy; only the extractor and the model loader do.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from worker.errors import ModelIntegrityError
from worker.facts import limits
from worker.facts.limits import MAX_EXTRACTION_BYTES

if TYPE_CHECKING:
    from worker.facts.articles import ArticleInput, ExtractionResult
    from worker.facts.extract import Extractor
    from worker.facts.model import load_model

__all__ = [
    "MAX_EXTRACTION_BYTES",
    "ArticleInput",
    "ExtractionResult",
    "Extractor",
    "ModelIntegrityError",
    "limits",
    "load_model",
]

_LAZY = {
    "ArticleInput": "worker.facts.articles",
    "ExtractionResult": "worker.facts.articles",
    "Extractor": "worker.facts.extract",
    "load_model": "worker.facts.model",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
