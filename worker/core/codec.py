"""Bytes in, validated records out; records out, bytes in.

Decoding never raises on bad input: every problem is a ``Rejection`` with one
of the dead-letter reason codes, so the caller can publish the original
bytes to the dead-letter topic.
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from typing import Any

import jsonschema_rs
import orjson

from worker.core.models import RawArticle, Rejection
from worker.core.sizes import OUTPUT_TOO_LARGE, OUTPUT_UNSERIALIZABLE, TOO_LARGE, Limits

__all__ = [
    "REASONS",
    "TOO_LARGE",
    "Limits",
    "decode_raw",
    "dumps",
    "load_schema",
    "loads",
    "processing_error",
    "to_raw_article",
]

# Package data (worker/core/schemas links to the top-level schemas/ in the source tree).
SCHEMAS = importlib.resources.files("worker.core") / "schemas"

KNOWN_FIELDS = (
    "id",
    "url",
    "source",
    "title",
    "body",
    "html",
    "language",
    "published_at",
    "fetched_at",
)

# Dead-letter reason codes (the contract's list, plus processing_error for
# bugs caught at the stage boundary so a replica keeps running).
INVALID_JSON = "invalid_json"
NOT_AN_OBJECT = "not_an_object"
SCHEMA = "schema"
EMPTY = "empty"
PROCESSING_ERROR = "processing_error"
REASONS = (
    INVALID_JSON,
    NOT_AN_OBJECT,
    SCHEMA,
    EMPTY,
    TOO_LARGE,
    PROCESSING_ERROR,
    OUTPUT_TOO_LARGE,
    OUTPUT_UNSERIALIZABLE,
)

_DETAIL_LIMIT = 500


def load_schema(name: str) -> dict[str, Any]:
    """A schema from ``schemas/`` by short name, e.g. ``clean_article``."""
    data = orjson.loads((SCHEMAS / f"{name}.schema.json").read_bytes())
    if not isinstance(data, dict):
        raise TypeError(f"schema {name} is not an object")
    return data


@cache
def _raw_validator() -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(load_schema("raw_article"))


def _clip(text: str) -> str:
    return text if len(text) <= _DETAIL_LIMIT else text[: _DETAIL_LIMIT - 1] + "…"


def decode_raw(value: bytes | None, limits: Limits) -> dict[str, Any] | Rejection:
    """Parse and validate a raw message value; the object or why it is rejected."""
    if value is None or not value.strip():
        return Rejection(EMPTY, "message value is empty")
    if len(value) > limits.max_message_bytes:
        return Rejection(
            TOO_LARGE, f"{len(value)} bytes exceeds the limit of {limits.max_message_bytes}"
        )
    # A UTF-8 byte order mark is not JSON, but some producers write one.
    try:
        data = orjson.loads(value.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as exc:
        return Rejection(INVALID_JSON, _clip(str(exc)))
    if not isinstance(data, dict):
        return Rejection(NOT_AN_OBJECT, f"top-level JSON value is {type(data).__name__}")
    error = next(iter(_raw_validator().iter_errors(data)), None)
    if error is not None:
        path = "/".join(str(p) for p in error.instance_path) or "(root)"
        return Rejection(SCHEMA, _clip(f"{path}: {error.message}"))
    return data


def processing_error(exc: BaseException) -> Rejection:
    """A bug caught at a stage boundary, as a dead-letter reason."""
    return Rejection(PROCESSING_ERROR, _clip(f"{type(exc).__name__}: {exc}"))


def to_raw_article(data: dict[str, Any], article_id: str) -> RawArticle:
    def text(name: str) -> str | None:
        value = data.get(name)
        return value if isinstance(value, str) else None

    extra = {k: v for k, v in data.items() if k not in KNOWN_FIELDS}
    return RawArticle(
        id=article_id,
        url=text("url"),
        source=text("source"),
        title=text("title"),
        body=text("body"),
        html=text("html"),
        language=text("language"),
        published_at=text("published_at"),
        fetched_at=text("fetched_at"),
        extra=extra,
    )


def dumps(value: Any) -> bytes:
    return orjson.dumps(value)


def loads(value: bytes) -> Any:
    return orjson.loads(value)
