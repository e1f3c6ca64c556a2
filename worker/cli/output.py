"""Records as the commands print them: one JSON object per line."""

from __future__ import annotations

import sys
from typing import Any

import orjson

from worker.core.clock import timestamp
from worker.stream.topics_io import Message


def _text(data: bytes | None) -> str | None:
    return None if data is None else data.decode("utf-8", "backslashreplace")


def record_line(topic: str, key: bytes | None, value: Any) -> dict[str, Any]:
    """``{"topic", "key", "value"}``: what ``process`` prints per record."""
    return {"topic": topic, "key": _text(key), "value": value}


def message_line(message: Message) -> dict[str, Any]:
    """A consumed message with where and when it was written, and its headers."""
    value: Any = message.value
    if value is not None:
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            value = _text(value)
    return {
        **record_line(message.topic, message.key, value),
        "partition": message.partition,
        "offset": message.offset,
        "timestamp": timestamp(message.timestamp),
        "headers": {name: _text(data) for name, data in message.headers},
    }


def write_line(line: dict[str, Any], pretty: bool) -> None:
    option = orjson.OPT_INDENT_2 if pretty else 0
    sys.stdout.buffer.write(orjson.dumps(line, option=option) + b"\n")
    sys.stdout.buffer.flush()
