"""Every record has a bound known in advance; a dead letter always fits."""

from __future__ import annotations

import base64
import hashlib

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import assert_valid
from worker.core.dead_letters import Original, build_dead_letter
from worker.core.models import Position, Rejection
from worker.core.offline import OfflineProcessor
from worker.core.settings import Settings
from worker.core.sizes import (
    DEAD_LETTER_PREFIX_BYTES,
    MAX_KEY_BYTES,
    OUTPUT_TOO_LARGE,
    OUTPUT_UNSERIALIZABLE,
    Limits,
    encode_bounded,
)

SMALL = Settings(max_message_bytes=64 * 1024, max_paragraphs=200)


def letter(key: bytes | None, value: bytes, limit: int) -> dict[str, object]:
    record = build_dead_letter(
        Rejection("too_large", "x"),
        Original.of(key, value),
        Position("raw", 1, 2),
        "dl",
        0.0,
        limit,
    )
    encoded = orjson.dumps(record.value)
    assert len(encoded) + len(record.key or b"") <= limit
    assert_valid("dead_letter", record.value)
    return record.value


def test_the_bounds_derive_from_one_setting() -> None:
    small, large = Limits(1 << 20, 100), Limits(4 << 20, 100)
    assert small.article_bytes < small.record_bytes < small.produce_bytes
    assert large.produce_bytes - small.produce_bytes == 3 << 20
    s = Settings()
    assert s.topic_configs() == {"max.message.bytes": str(s.limits.produce_bytes)}
    # An accepted input's dead letter (base64, key twice) fits whole.
    assert 4 * s.max_message_bytes // 3 + 2 * MAX_KEY_BYTES < s.limits.record_bytes


def test_a_dead_letter_carries_the_original_whole_when_it_fits() -> None:
    value = b"\x00not json" * 100
    out = letter(b"k", value, SMALL.limits.record_bytes)
    assert out["truncated"] is False
    assert base64.b64decode(str(out["value_b64"])) == value
    assert out["value_sha256"] == hashlib.sha256(value).hexdigest()
    assert out["value_size"] == len(value)


def test_a_dead_letter_too_large_to_carry_whole_keeps_a_prefix_and_a_digest() -> None:
    limit = SMALL.limits.record_bytes
    value = b"x" * (limit + 1)
    out = letter(b"k", value, limit)
    assert out["truncated"] is True
    assert base64.b64decode(str(out["value_b64"])) == value[:DEAD_LETTER_PREFIX_BYTES]
    assert (out["value_size"], out["value_sha256"]) == (
        len(value),
        hashlib.sha256(value).hexdigest(),
    )
    assert (out["topic"], out["partition"], out["offset"]) == ("raw", 1, 2)


def test_a_huge_key_is_cut_to_the_key_limit() -> None:
    key = b"k" * (MAX_KEY_BYTES + 1)
    out = letter(key, b"{}", SMALL.limits.record_bytes)
    assert out["truncated"] is True
    assert out["key_size"] == len(key)
    assert base64.b64decode(str(out["key_b64"])) == key[:MAX_KEY_BYTES]


def test_a_letter_without_the_original_bytes_still_describes_it() -> None:
    original = Original(b"k", None, 10, "a" * 64)
    record = build_dead_letter(
        Rejection("processing_error", "boom"), original, Position("raw", 0, 5), "dl", 0.0, 10**6
    )
    assert record.value["truncated"] is True
    assert record.value["value_b64"] == ""
    assert record.value["value_size"] == 10
    assert_valid("dead_letter", record.value)


@given(st.binary(max_size=3000), st.one_of(st.none(), st.binary(max_size=300)))
def test_dead_letters_never_exceed_their_bound(value: bytes, key: bytes | None) -> None:
    # A limit so small that every size from whole to truncated is exercised.
    limit = 70 * 1024 + len(value) // 2
    letter(key, value, limit)


def test_encoding_refuses_what_cannot_be_sent() -> None:
    deep: object = "x"
    for _ in range(300):
        deep = [deep]
    refused = encode_bounded({"extra": deep}, 1 << 20)
    assert isinstance(refused, Rejection) and refused.reason == OUTPUT_UNSERIALIZABLE
    refused = encode_bounded({"text": "x" * 100}, 50)
    assert isinstance(refused, Rejection) and refused.reason == OUTPUT_TOO_LARGE
    assert encode_bounded({"a": 1}, 50) == b'{"a":1}'


def raw(size: int) -> bytes:
    """A valid article of exactly ``size`` bytes."""
    head = orjson.dumps({"id": "a", "body": ""})
    filler = size - len(head)
    words = ("word " * (filler // 5 + 1))[:filler]
    value = orjson.dumps({"id": "a", "body": words})
    assert len(value) == size
    return value


@pytest.mark.parametrize(("delta", "topic"), [(-1, "clean"), (0, "clean"), (1, "dead-letter")])
def test_the_size_limit_plus_minus_one_byte(delta: int, topic: str) -> None:
    settings = Settings(max_message_bytes=200_000, extract=False)
    value = raw(settings.max_message_bytes + delta)
    record = OfflineProcessor(settings).process(b"k", value, Position("raw", 0, 0))
    assert record.topic.endswith(topic)
    encoded = orjson.dumps(record.value)
    assert len(encoded) <= settings.limits.record_bytes
    if topic == "dead-letter":
        assert record.value["reason"] == "too_large"
        assert record.value["truncated"] is False
        assert base64.b64decode(record.value["value_b64"]) == value


def test_extra_nested_past_the_encoder_depth_is_a_dead_letter() -> None:
    value = b'{"id": "a", "body": "text", "extra": ' + b"[" * 300 + b"]" * 300 + b"}"
    record = OfflineProcessor(Settings(extract=False)).process(None, value, Position("raw", 0, 0))
    assert record.value["reason"] == OUTPUT_UNSERIALIZABLE
    assert base64.b64decode(record.value["value_b64"]) == value


def test_many_paragraphs_stay_within_the_record_bound() -> None:
    settings = Settings(extract=False)
    body = "\n".join(f"paragraph number {i} " + "x" * 80 for i in range(settings.max_paragraphs))
    value = orjson.dumps({"id": "i" * 256, "body": body})
    record = OfflineProcessor(settings).process(None, value, Position("raw", 0, 0))
    assert record.value["stats"]["kept"] == settings.max_paragraphs
    assert len(orjson.dumps(record.value)) <= settings.limits.record_bytes
