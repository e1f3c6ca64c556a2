"""Topics read and written outside Faust: one producer helper and one reader.

The command-line tools, redrive, the repair sweep and the test cluster all
come through here, so client settings (security, size bounds) are set once.
Reading stops on silence rather than at the end offset: that works on every
broker, the embedded one included, whose end offsets are not exact.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Sequence
from typing import Any, Literal, NamedTuple

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from worker.core.settings import Settings
from worker.stream.security import client_kwargs

Headers = Sequence[tuple[str, bytes]]
# Where reading starts: the first record, after the last one, or an offset.
Start = Literal["beginning", "end"] | int
# A fetch of one record waits at most this long for a position read by offset.
_READ_AT_TIMEOUT_MS = 5000


class Message(NamedTuple):
    topic: str
    partition: int
    offset: int
    timestamp: float  # seconds
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]


def make_producer(settings: Settings, **overrides: Any) -> AIOKafkaProducer:
    options = {"max_request_size": settings.limits.produce_bytes, "linger_ms": 10, **overrides}
    return AIOKafkaProducer(**client_kwargs(settings), **options)


def make_consumer(settings: Settings, *topics: str, **overrides: Any) -> AIOKafkaConsumer:
    options = {
        "max_partition_fetch_bytes": settings.limits.produce_bytes,
        "fetch_max_bytes": settings.limits.produce_bytes,
        "enable_auto_commit": False,
        **overrides,
    }
    return AIOKafkaConsumer(*topics, **client_kwargs(settings), **options)


async def send_all(
    settings: Settings,
    topic: str,
    messages: Iterable[tuple[bytes | None, bytes]],
    *,
    headers: Callable[[int], Headers] | None = None,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Send ``(key, value)`` pairs; returns how many the broker acknowledged."""
    producer = make_producer(settings, acks="all")
    await producer.start()
    try:
        futures = []
        for n, (key, value) in enumerate(messages):
            extra = list(headers(n)) if headers else None
            futures.append(await producer.send(topic, key=key, value=value, headers=extra))
            if progress:
                progress(1)
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return len(futures)


def _message(record: Any) -> Message:
    return Message(
        record.topic,
        record.partition,
        record.offset,
        record.timestamp / 1000,
        record.key,
        record.value,
        tuple(record.headers or ()),
    )


async def read_at(
    settings: Settings, positions: Collection[tuple[str, int, int]]
) -> dict[tuple[str, int, int], Message]:
    """The messages at ``(topic, partition, offset)`` positions; missing ones left out."""
    found: dict[tuple[str, int, int], Message] = {}
    if not positions:
        return found
    consumer = make_consumer(settings)
    await consumer.start()
    try:
        for topic, partition, offset in positions:
            tp = TopicPartition(topic, partition)
            consumer.assign([tp])
            consumer.seek(tp, offset)
            batch = await consumer.getmany(tp, timeout_ms=_READ_AT_TIMEOUT_MS)
            for record in batch.get(tp, []):
                if record.offset == offset and record.value is not None:
                    found[topic, partition, offset] = _message(record)
    finally:
        await consumer.stop()
    return found


async def _partitions(consumer: AIOKafkaConsumer, topic: str, wait: float) -> list[int]:
    deadline = time.monotonic() + wait
    while True:
        await consumer.topics()  # refreshes the metadata partitions_for_topic reads
        found = consumer.partitions_for_topic(topic)
        if found:
            return sorted(found)
        if time.monotonic() > deadline:
            raise LookupError(f"topic {topic!r} not found")
        await asyncio.sleep(0.2)


async def read_topic(
    settings: Settings,
    topic: str,
    *,
    idle_timeout: float,
    limit: int | None = None,
    start: Start = "beginning",
    partitions: Collection[int] | None = None,
    follow: bool = False,
    group: str | None = None,
) -> AsyncIterator[Message]:
    """Records of ``topic`` until ``limit`` or, unless ``follow``, ``idle_timeout``
    seconds without one. With ``group``, offsets are committed to that group and
    reading resumes where it left off; otherwise partitions are assigned directly."""
    count = 0
    if group is not None:
        consumer = make_consumer(
            settings, topic, group_id=group, auto_offset_reset="earliest", enable_auto_commit=True
        )
    else:
        consumer = make_consumer(settings)
    await consumer.start()
    try:
        if group is None:
            await _assign(consumer, topic, start, partitions, wait=idle_timeout + 10)
        while limit is None or count < limit:
            batch = await consumer.getmany(timeout_ms=int(idle_timeout * 1000))
            if not batch and not follow:
                return
            for records in batch.values():
                for record in records:
                    yield _message(record)
                    count += 1
                    if limit is not None and count >= limit:
                        return
    finally:
        await consumer.stop()


async def _assign(
    consumer: AIOKafkaConsumer,
    topic: str,
    start: Start,
    partitions: Collection[int] | None,
    wait: float,
) -> None:
    chosen = partitions or await _partitions(consumer, topic, wait)
    tps = [TopicPartition(topic, p) for p in chosen]
    consumer.assign(tps)
    if start == "beginning":
        await consumer.seek_to_beginning(*tps)
    elif start == "end":
        await consumer.seek_to_end(*tps)
    else:
        for tp in tps:
            consumer.seek(tp, start)


async def check_reachable(settings: Settings) -> None:
    """Raise KafkaConnectionError unless the bootstrap servers answer: a replica
    pointed at nothing says so in one line instead of in Faust's retries."""
    producer = make_producer(settings, request_timeout_ms=10_000)
    try:
        await producer.start()
    finally:
        await producer.stop()
