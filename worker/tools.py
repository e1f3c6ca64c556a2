"""``produce`` and ``consume``: working with the topics by hand."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterable
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from worker.kafka_security import client_kwargs
from worker.settings import Settings


def message_key(value: bytes) -> bytes | None:
    """Crawler-style key: the article id when the value is an article with one."""
    try:
        data = orjson.loads(value)
    except orjson.JSONDecodeError:
        return None
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return str(data["id"]).encode()
    return None


async def produce(
    settings: Settings,
    values: Iterable[bytes],
    topic: str | None = None,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Send raw messages; returns how many were acknowledged by the broker."""
    producer = AIOKafkaProducer(
        **client_kwargs(settings), linger_ms=10, max_request_size=settings.limits.produce_bytes
    )
    sent = 0
    try:
        await producer.start()
        futures = []
        for value in values:
            futures.append(
                await producer.send(
                    topic or settings.raw_topic, value=value, key=message_key(value)
                )
            )
            if progress:
                progress(1)
        await asyncio.gather(*futures)
        sent = len(futures)
    finally:
        await producer.stop()
    return sent


async def consume(
    settings: Settings,
    topic: str,
    *,
    idle_timeout: float,
    limit: int | None,
    on_record: Callable[[dict[str, Any]], None],
    group: str | None = None,
) -> int:
    """Read ``topic`` from the beginning until nothing arrives for ``idle_timeout`` s.

    Stopping on silence rather than at the end offset works on every broker,
    the embedded one included (its end offsets are not exact).
    """
    consumer = AIOKafkaConsumer(
        topic,
        **client_kwargs(settings),
        max_partition_fetch_bytes=settings.limits.produce_bytes,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=group is not None,
    )
    count = 0
    try:
        await consumer.start()
        while limit is None or count < limit:
            batch = await consumer.getmany(timeout_ms=int(idle_timeout * 1000))
            if not batch:
                break
            for messages in batch.values():
                for message in messages:
                    on_record(as_record(message))
                    count += 1
    finally:
        await consumer.stop()
    return count


def as_record(message: Any) -> dict[str, Any]:
    key = message.key
    value: Any = message.value
    try:
        value = orjson.loads(value) if value is not None else None
    except orjson.JSONDecodeError:
        value = value.decode("utf-8", "backslashreplace")
    return {
        "topic": message.topic,
        "partition": message.partition,
        "offset": message.offset,
        "key": None if key is None else key.decode("utf-8", "backslashreplace"),
        "value": value,
    }


def write_record(record: dict[str, Any], pretty: bool) -> None:
    option = orjson.OPT_INDENT_2 if pretty else 0
    sys.stdout.buffer.write(orjson.dumps(record, option=option) + b"\n")
    sys.stdout.buffer.flush()
