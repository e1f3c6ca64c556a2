from __future__ import annotations

import pytest

from tests.helpers import assert_valid, validator
from worker.core.codec import SCHEMAS, load_schema

NAMES = ["raw_article", "clean_article", "duplicate_article", "dead_letter"]


def test_every_schema_file_is_listed() -> None:
    assert sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.iterdir()) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_draft_2020_12_with_valid_examples(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator(name)  # check_schema
    assert schema["examples"]
    for example in schema["examples"]:
        assert_valid(name, example)


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("clean_article", {"schema": "clean_article/1"}),
        ("dead_letter", {"schema": "dead_letter/1", "reason": "x"}),
        ("raw_article", {"title": "no body, no id"}),
    ],
)
def test_schemas_reject_incomplete_records(name: str, bad: dict[str, object]) -> None:
    with pytest.raises(AssertionError):
        assert_valid(name, bad)
