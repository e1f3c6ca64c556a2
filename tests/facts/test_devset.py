"""Scores on the hand-labelled dev set stay above measured floors."""

from __future__ import annotations

import pytest

from worker.facts import Extractor
from worker.facts.scoring import DEFAULT_SET, Scores, articles_of, load_set, score, table

# Measured F1 minus a few points; a drop below means a regression.
ENTITY_F1_FLOORS = {"GPE": 0.90, "NORP": 0.92, "ORG": 0.91, "PERSON": 0.92}
FACT_F1_FLOORS = {
    "money": 0.96,
    "date": 0.96,
    "percent": 0.96,
    "quantity": 0.94,
    "quote": 0.84,
    "role": 0.88,
}
ENTITY_ALL_FLOOR = 0.90
FACT_ALL_FLOOR = 0.94


@pytest.fixture(scope="module")
def scores(extractor: Extractor) -> Scores:
    rows = load_set(DEFAULT_SET)
    assert len(rows) >= 90
    return score(rows, extractor.extract_many(articles_of(rows)))


def test_dev_set_is_labelled() -> None:
    rows = load_set(DEFAULT_SET)
    for row in rows:
        assert isinstance(row["text"], str) and row["text"]
        for entity in row["entities"]:  # type: ignore[attr-defined]
            assert set(entity) == {"text", "label"}
        for fact in row["facts"]:  # type: ignore[attr-defined]
            assert fact["type"] in FACT_F1_FLOORS


@pytest.mark.parametrize(("label", "floor"), sorted(ENTITY_F1_FLOORS.items()))
def test_entity_floor(scores: Scores, label: str, floor: float) -> None:
    assert scores.entities[label].f1 >= floor, table(scores)


@pytest.mark.parametrize(("kind", "floor"), sorted(FACT_F1_FLOORS.items()))
def test_fact_floor(scores: Scores, kind: str, floor: float) -> None:
    assert scores.facts[kind].f1 >= floor, table(scores)


def test_overall_floors(scores: Scores) -> None:
    assert scores.entity_total().f1 >= ENTITY_ALL_FLOOR, table(scores)
    assert scores.fact_total().f1 >= FACT_ALL_FLOOR, table(scores)
