"""Dead letters: built for a rejected message, and read back for redrive.

A dead letter carries the original key and value (base64) and where the
message was read (topic, partition, offset), so nothing given to the worker
is ever lost. One that could not carry its original whole is ``truncated``:
a prefix, plus the size and sha256 of the original that stays on the raw
topic (see worker.core.sizes).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from worker.core.clock import timestamp
from worker.core.models import Position, Record, Rejection
from worker.core.sizes import DEAD_LETTER_PREFIX_BYTES, ENVELOPE_BYTES, MAX_KEY_BYTES
from worker.errors import NotADeadLetter

DEAD_LETTER_SCHEMA = "dead_letter/1"
_DETAIL_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Original:
    """What is known of the raw message behind a dead letter.

    ``value`` is None where the stage that fails no longer holds the bytes;
    ``size`` and ``sha256`` then still describe them, and the raw topic has
    them at the dead letter's position.
    """

    key: bytes | None
    value: bytes | None
    size: int | None = None
    sha256: str | None = None

    @classmethod
    def of(cls, key: bytes | None, value: bytes | None) -> Original:
        data = value or b""
        return cls(key, data, len(data), hashlib.sha256(data).hexdigest())


def _encode_b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def build_dead_letter(
    rejection: Rejection,
    original: Original,
    position: Position,
    topic: str,
    now: float,
    limit: int,
) -> Record:
    """The dead letter for a rejected message, never larger than ``limit`` bytes.

    The original key and value are carried whole when they fit; otherwise
    ``truncated`` is true and ``value_b64`` holds a prefix, while ``value_size``
    and ``value_sha256`` describe the original that stays on the raw topic.
    """
    key, value = original.key, original.value
    whole = (
        value is not None
        and (key is None or len(key) <= MAX_KEY_BYTES)
        # base64 grows by 4/3; the key is in the record twice (Kafka key and key_b64).
        and 4 * ((len(value) + len(key or b"")) // 3 + 2) + len(key or b"") + ENVELOPE_BYTES
        <= limit
    )
    shown_key = key if key is None or len(key) <= MAX_KEY_BYTES else key[:MAX_KEY_BYTES]
    shown_value = value if whole else (value or b"")[:DEAD_LETTER_PREFIX_BYTES]
    return Record(
        topic,
        shown_key,
        {
            "schema": DEAD_LETTER_SCHEMA,
            "reason": rejection.reason,
            "detail": rejection.detail[:_DETAIL_LIMIT],
            "topic": position.topic,
            "partition": position.partition,
            "offset": position.offset,
            "key_b64": None if shown_key is None else _encode_b64(shown_key),
            "value_b64": _encode_b64(shown_value or b""),
            "received_at": timestamp(now),
            "truncated": not whole,
            "key_size": None if key is None else len(key),
            "value_size": original.size,
            "value_sha256": original.sha256,
        },
    )


def _b64(record: Mapping[str, Any], field: str) -> bytes:
    raw = record.get(field)
    if not isinstance(raw, str):
        raise NotADeadLetter(f"{field} must be a base64 string, got {type(raw).__name__}")
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NotADeadLetter(f"{field} is not valid base64: {exc}") from None


def check_record(record: Any) -> tuple[bytes | None, bytes]:
    if not isinstance(record, dict):
        raise NotADeadLetter(f"not a dead letter: top-level JSON is {type(record).__name__}")
    if record.get("schema") != DEAD_LETTER_SCHEMA:
        found = record.get("schema")
        raise NotADeadLetter(
            f"not a dead letter: schema is {found!r}, expected {DEAD_LETTER_SCHEMA!r}"
        )
    if not isinstance(record.get("reason"), str):
        raise NotADeadLetter("not a dead letter: reason is missing")
    key = None if record.get("key_b64") is None else _b64(record, "key_b64")
    return key, _b64(record, "value_b64")


def parse_dead_letter(value: bytes | None) -> tuple[bytes | None, bytes, dict[str, Any]]:
    """The original key, the original value and the whole record of a dead letter.

    Raises :class:`NotADeadLetter` for anything else.
    """
    if not value:
        raise NotADeadLetter("not a dead letter: empty value")
    try:
        record = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise NotADeadLetter(f"not a dead letter: invalid JSON ({exc})") from None
    key, original = check_record(record)
    return key, original, record


def origin_of(record: Mapping[str, Any]) -> tuple[str | None, int | None, int | None]:
    topic, partition, offset = record.get("topic"), record.get("partition"), record.get("offset")
    return (
        topic if isinstance(topic, str) else None,
        partition if isinstance(partition, int) else None,
        offset if isinstance(offset, int) else None,
    )
