"""Extraction output fits the published record schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from worker.facts import Extractor
from worker.facts.scoring import DEFAULT_SET, articles_of, load_set

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "clean_article.schema.json"


def test_entities_and_facts_match_the_record_schema(extractor: Extractor) -> None:
    properties = json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"]
    entities = jsonschema.Draft202012Validator(properties["entities"])
    facts = jsonschema.Draft202012Validator(properties["facts"])
    rows = load_set(DEFAULT_SET)
    results = extractor.extract_many(articles_of(rows))
    results.append(extractor.extract([(0, str(r["text"])) for r in rows[:5]]))
    for result in results:
        entities.validate(result.entities)
        facts.validate(result.facts)
