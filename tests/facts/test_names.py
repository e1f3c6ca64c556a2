from __future__ import annotations

import pytest

from worker.facts import Extractor
from worker.facts.entities import relabel


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("U.S.", "GPE", ("U.S.", "GPE")),
        ("the U.K.", "GPE", ("U.K.", "GPE")),
        ("Apple Inc.", "ORG", ("Apple Inc.", "ORG")),
        ("Reuters.", "ORG", ("Reuters", "ORG")),
    ],
)
def test_final_full_stops_of_abbreviations_stay(
    text: str, label: str, expected: tuple[str, str]
) -> None:
    assert relabel(text, label, sentence_start=True) == expected


def entity_texts(extractor: Extractor, paragraph: str) -> dict[str, str]:
    result = extractor.extract([(0, paragraph)])
    return {str(e["text"]): str(e["label"]) for e in result.entities}


def test_dateline_the_is_an_article_not_part_of_the_name(extractor: Extractor) -> None:
    found = entity_texts(
        extractor,
        "WASHINGTON (Reuters) - The U.S. Federal Reserve held interest rates steady on Wednesday.",
    )
    assert "U.S. Federal Reserve" in found
    assert not any(text.startswith("The ") for text in found)


@pytest.mark.parametrize(
    ("paragraph", "name"),
    [
        ("Manager Erik ten Hag said the forward would help the team.", "Erik ten Hag"),
        ("Commission President Ursula von der Leyen arrived in Kyiv.", "Ursula von der Leyen"),
    ],
)
def test_surname_particles_stay_in_the_name(
    extractor: Extractor, paragraph: str, name: str
) -> None:
    found = entity_texts(extractor, paragraph)
    assert found.get(name) == "PERSON", found


def test_club_names_are_organizations(extractor: Extractor) -> None:
    found = entity_texts(
        extractor,
        "LONDON - Manchester United have signed Dutch striker Joshua Zirkzee from Bologna.",
    )
    assert found.get("Manchester United") == "ORG", found
    assert found.get("Joshua Zirkzee") == "PERSON", found
