from __future__ import annotations

import base64
import json
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import assert_valid
from worker.core.codec import REASONS, Limits
from worker.core.dead_letters import Original, build_dead_letter
from worker.core.ingest import prepare
from worker.core.models import Position, PreparedArticle, Rejection
from worker.core.offline import OfflineProcessor
from worker.core.settings import Settings

LIMITS = Limits(max_message_bytes=64 * 1024, max_paragraphs=200)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (None, "empty"),
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"{not json", "invalid_json"),
        (b"\xff\xfe{}", "invalid_json"),
        (b'"a string"', "not_an_object"),
        (b"[1, 2]", "not_an_object"),
        (b"null", "not_an_object"),
        (b"{}", "schema"),
        (b'{"id": "a"}', "schema"),
        (b'{"body": "text"}', "schema"),
        (b'{"id": 5, "body": "text"}', "schema"),
        (b'{"id": "a", "body": ["text"]}', "schema"),
        (b'{"id": "   ", "body": "text"}', "schema"),
        # Control characters are not an id, and a null url is no url: no id at all.
        (b'{"id": "\\u001c", "body": "text"}', "schema"),
        (b'{"id": "\\u001c", "url": null, "body": "text"}', "schema"),
        (b'{"id": " ", "url": null, "body": "text"}', "schema"),
        (b'{"id": "' + b"i" * 257 + b'", "body": "text"}', "schema"),
        (b'{"id": "a", "body": "text", "title": 3}', "schema"),
        (b'{"id": "a", "body": "  \\n \\u200b "}', "empty"),
        (b'{"id": "a", "html": "<script>x</script>"}', "empty"),
        (b'{"id": "a", "body": "' + b"x" * 70_000 + b'"}', "too_large"),
        (b'{"id": "a", "body": "' + b"p\\n" * 300 + b'"}', "too_large"),
    ],
)
def test_rejections(value: bytes | None, reason: str) -> None:
    result = prepare(value, LIMITS)
    assert isinstance(result, Rejection)
    assert result.reason == reason
    assert result.detail


def test_valid_article_with_extra_fields_and_derived_id() -> None:
    raw = {"url": "https://www.Example.com/a?b=1", "body": "One\nTwo", "crawler": {"n": 1}}
    result = prepare(orjson.dumps(raw), LIMITS)
    assert isinstance(result, PreparedArticle)
    again = prepare(orjson.dumps(raw), LIMITS)
    assert isinstance(again, PreparedArticle)
    assert result.article.id == again.article.id
    assert result.article.id.startswith("url-")
    assert result.article.source == "www.example.com"
    assert result.article.extra == {"crawler": {"n": 1}}


def test_a_byte_order_mark_is_tolerated() -> None:
    result = prepare(b'\xef\xbb\xbf{"id": "a", "body": "x"}', LIMITS)
    assert isinstance(result, PreparedArticle)


def test_nulls_count_as_absent() -> None:
    raw = {"id": "a", "url": None, "body": None, "html": "<p>x</p>", "title": None}
    result = prepare(orjson.dumps(raw), LIMITS)
    assert isinstance(result, PreparedArticle)
    assert [p.text for p in result.paragraphs] == ["x"]


def test_attribution_line_names_the_source_when_nothing_else_does() -> None:
    result = prepare(orjson.dumps({"id": "a", "body": "Text.\nSource: sputnik.by"}), LIMITS)
    assert isinstance(result, PreparedArticle)
    assert result.article.source == "sputnik.by"
    given_source = {"id": "a", "source": "belta", "body": "Text.\nSource: sputnik.by"}
    result = prepare(orjson.dumps(given_source), LIMITS)
    assert isinstance(result, PreparedArticle)
    assert result.article.source == "belta"


def _check_outcome(value: bytes) -> None:
    processor = OfflineProcessor(Settings(max_message_bytes=64 * 1024), extractor=None)
    record = processor.process(b"k", value, Position("articles.raw", 0, 7))
    payload = orjson.loads(orjson.dumps(record.value))
    if record.topic == "articles.dead-letter":
        assert_valid("dead_letter", payload)
        assert payload["reason"] in REASONS
        assert payload["reason"] != "processing_error", payload["detail"]
        assert base64.b64decode(payload["value_b64"]) == value
        assert record.key == b"k"
    else:
        assert record.topic in {"articles.clean", "articles.duplicates"}
        name = "clean_article" if record.topic == "articles.clean" else "duplicate_article"
        assert_valid(name, payload)


@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise(value: bytes) -> None:
    _check_outcome(value)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=4) | st.dictionaries(
        st.text(max_size=10), children, max_size=4
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False)
    | st.text(max_size=50),
    _containers,
    max_leaves=20,
)  # fmt: skip
field_values = st.none() | st.text(max_size=200) | json_values
article_like = st.fixed_dictionaries(
    {},
    optional={
        name: field_values
        for name in ("id", "url", "source", "title", "body", "html", "language", "published_at")
    },
)


@given(json_values)
def test_arbitrary_json_values_never_raise(value: Any) -> None:
    _check_outcome(json.dumps(value).encode())


@given(article_like, st.dictionaries(st.text(max_size=8), json_values, max_size=3))
def test_article_like_objects_never_raise(article: dict[str, Any], extra: dict[str, Any]) -> None:
    _check_outcome(json.dumps({**extra, **article}).encode())


@given(st.text(max_size=400), st.sampled_from(["body", "html"]))
def test_arbitrary_text_bodies_never_raise(text: str, field: str) -> None:
    _check_outcome(json.dumps({"id": "x", field: text}).encode())


def test_dead_letter_keeps_original_key_and_bytes() -> None:
    value = b"\x00\xffnot json"
    record = build_dead_letter(
        Rejection("invalid_json", "bad"),
        Original.of(None, value),
        Position("t", 3, 9),
        "dl",
        0.0,
        Settings().limits.record_bytes,
    )
    assert record.key is None
    assert record.value["truncated"] is False
    assert record.value["key_b64"] is None
    assert base64.b64decode(record.value["value_b64"]) == value
    assert (record.value["partition"], record.value["offset"]) == (3, 9)
    assert record.value["received_at"] == "1970-01-01T00:00:00.000Z"
    assert_valid("dead_letter", record.value)
