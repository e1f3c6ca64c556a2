"""The reference article: every entity, fact, quote and role it states must be found."""

from __future__ import annotations

from pathlib import Path

import pytest

from worker.facts import ExtractionResult, Extractor

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "facts" / "seed_sputnik.txt"
# Lines 6-10 repeat 1-5, so the deduplicated article keeps 0-5 and the source line.
KEPT = [0, 1, 2, 3, 4, 5, 11]


@pytest.fixture(scope="module")
def result(extractor: Extractor) -> ExtractionResult:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12
    return extractor.extract([(i, lines[i]) for i in KEPT], published_at="2024-07-12T09:30:00Z")


def _entities(result: ExtractionResult) -> dict[str, str]:
    return {str(e["text"]): str(e["label"]) for e in result.entities}


def _facts(result: ExtractionResult, kind: str) -> list[dict[str, object]]:
    return [f for f in result.facts if f["type"] == kind]


def test_entities(result: ExtractionResult) -> None:
    entities = _entities(result)
    expected = {
        "Aleksandr Yefimov": "PERSON",
        "Anton Alikhanov": "PERSON",
        "Alexander Rogozhnik": "PERSON",
        "Belarusian Ministry of Industry": "ORG",
        "Belarus": "GPE",
        "Russia": "GPE",
        "Ekaterinburg": "GPE",
        "INNOPROM International Industrial Trade Fair": "EVENT",
    }
    for text, label in expected.items():
        assert entities.get(text) == label, text
    people = {t for t, label in entities.items() if label == "PERSON"}
    assert people == {"Aleksandr Yefimov", "Anton Alikhanov", "Alexander Rogozhnik"}


def test_entity_shape(result: ExtractionResult) -> None:
    yefimov = next(e for e in result.entities if e["text"] == "Aleksandr Yefimov")
    assert yefimov == {
        "text": "Aleksandr Yefimov",
        "label": "PERSON",
        "count": 2,
        "paragraphs": [0, 4],
        "mentions": [
            {"paragraph": 0, "start": 32, "end": 49, "text": "Aleksandr Yefimov"},
            {"paragraph": 4, "start": 1, "end": 18, "text": "Aleksandr Yefimov"},
        ],
    }
    firsts = [(min(e["paragraphs"]), e["text"]) for e in result.entities]  # type: ignore[type-var]
    assert firsts == sorted(firsts)


def test_money(result: ExtractionResult) -> None:
    assert _facts(result, "money") == [
        {
            "type": "money",
            "text": "$387 million",
            "value": 387000000,
            "unit": "USD",
            "paragraph": 5,
            "start": 336,
            "end": 348,
        }
    ]


def test_dates(result: ExtractionResult) -> None:
    dates = [(f["text"], f["value"], f["paragraph"]) for f in _facts(result, "date")]
    assert dates == [("2025", "2025", 3), ("2010", "2010", 5), ("this year", "2024", 5)]


def test_this_year_unresolved_without_dates(extractor: Extractor) -> None:
    line = SEED.read_text(encoding="utf-8").splitlines()[5]
    result = extractor.extract([(5, line)])
    this_year = next(f for f in result.facts if f.get("text") == "this year")
    assert this_year["value"] is None and this_year["resolved"] is False


def test_quotes(result: ExtractionResult) -> None:
    quotes = [(str(f["text"])[:30], f["speaker"], f["paragraph"]) for f in _facts(result, "quote")]
    assert quotes == [
        ("The parties discussed key aspe", "the Belarusian Ministry of Industry", 2),
        ("Aleksandr Yefimov and Anton Al", "the ministry's press service", 4),
    ]


def test_roles(result: ExtractionResult) -> None:
    roles = {
        (f["person"], f["role"], f.get("country"), f["paragraph"]) for f in _facts(result, "role")
    }
    assert ("Aleksandr Yefimov", "Minister of Industry", "Belarus", 0) in roles
    assert ("Anton Alikhanov", "Minister of Industry and Trade", "Russia", 0) in roles
    assert ("Alexander Rogozhnik", "Ambassador", "Belarus", 1) in roles


def test_facts_in_paragraph_order(result: ExtractionResult) -> None:
    order = [f["paragraph"] for f in result.facts]
    assert order == sorted(order)  # type: ignore[type-var]
    assert result.errors == 0
