"""``python -m worker redrive``: put dead letters back on the raw topic.

A dead letter carries the original key and value (base64) and where the
message was read (topic, partition, offset). Redriving re-sends the original
key with the original value, or with a fixed value from a fixes file, so the
worker processes the message again as if a crawler had sent it.

The choice of what to re-send is pure (:func:`redrive_plan`); only
:func:`redrive` talks to Kafka.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, NamedTuple

import orjson

from worker.errors import WorkerError
from worker.settings import Settings

__all__ = [
    "DEAD_LETTER_SCHEMA",
    "REDRIVE_HEADER",
    "NotADeadLetter",
    "Position",
    "RedriveError",
    "Reinjection",
    "load_fixes",
    "parse_dead_letter",
    "redrive",
    "redrive_plan",
]

log = logging.getLogger(__name__)

DEAD_LETTER_SCHEMA = "dead_letter/1"
# Names the dead letter a re-sent message came from, so its history can be
# followed when it fails again.
REDRIVE_HEADER = "redrive-of"
# The embedded broker's end offsets are not exact, so the end of the topic is
# recognised by silence instead; 2 s covers a fetch round trip with margin.
DEFAULT_IDLE_TIMEOUT = 2.0
# Joining the group takes seconds; a minute without partitions means the
# topic is missing or the broker unreachable.
_ASSIGN_TIMEOUT = 60.0

# (partition, offset) of the original message on the raw topic: what a
# dead letter names and what a fixes file refers to.
Position = tuple[int, int]


class NotADeadLetter(WorkerError, ValueError):
    """A record on the dead-letter topic is not a ``dead_letter/1`` record.

    Something other than the worker wrote to the topic; the record is skipped.
    """


class RedriveError(WorkerError):
    """The dead-letter topic could not be read; the message says what to check."""


class Reinjection(NamedTuple):
    """One message to send to the raw topic."""

    key: bytes | None
    value: bytes
    origin: str  # "topic/partition/offset" of the message that died


def _b64(record: Mapping[str, Any], field: str) -> bytes:
    raw = record.get(field)
    if not isinstance(raw, str):
        raise NotADeadLetter(f"{field} must be a base64 string, got {type(raw).__name__}")
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NotADeadLetter(f"{field} is not valid base64: {exc}") from None


def _check(record: Any) -> tuple[bytes | None, bytes]:
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
    key, original = _check(record)
    return key, original, record


def _origin(record: Mapping[str, Any]) -> tuple[str | None, int | None, int | None]:
    topic, partition, offset = record.get("topic"), record.get("partition"), record.get("offset")
    return (
        topic if isinstance(topic, str) else None,
        partition if isinstance(partition, int) else None,
        offset if isinstance(offset, int) else None,
    )


class RawMessage(NamedTuple):
    key: bytes | None
    value: bytes
    timestamp: float  # seconds


# (topic, partition, offset) of a raw message -> the message, for truncated
# dead letters whose original is read back from the raw topic.
Originals = Mapping[tuple[str, int, int], RawMessage]


def truncated_positions(records: Iterable[Mapping[str, Any]]) -> list[tuple[str, int, int]]:
    """Where the originals of truncated dead letters are, to be read back."""
    found: list[tuple[str, int, int]] = []
    for record in records:
        topic, partition, offset = _origin(record)
        if record.get("truncated") and None not in (topic, partition, offset):
            found.append((topic, partition, offset))  # type: ignore[arg-type]
    return list(dict.fromkeys(found))


def check_original(record: Mapping[str, Any], value: bytes) -> bool:
    """A message read back at a dead letter's position is the one that died."""
    size, digest = record.get("value_size"), record.get("value_sha256")
    if size is not None and size != len(value):
        return False
    return digest is None or hashlib.sha256(value).hexdigest() == digest


def redrive_plan(
    records: Iterable[Mapping[str, Any]],
    *,
    reasons: Collection[str] | None = None,
    fixes: Mapping[Position, bytes] | None = None,
    fixer: Callable[[bytes], bytes | None] | None = None,
    limit: int | None = None,
    originals: Originals | None = None,
) -> list[Reinjection]:
    """Which dead letters to re-send, with which key and value, in topic order.

    * ``reasons``: only dead letters with one of these reasons (None: all).
    * ``fixes``: replacement values by the original (partition, offset); when
      given, only the dead letters it names are re-sent, since re-sending the
      others unchanged would only fail again.
    * ``fixer``: applied to each chosen value (after ``fixes``); None skips it.
    * ``limit``: at most this many.

    * ``originals``: the raw messages behind truncated dead letters, read back
      by position; a truncated letter whose original is not there (gone with
      the raw topic's retention, or another message at that offset) is skipped.

    A message that died twice (a replay after a crash) is re-sent once: dead
    letters naming the same original position count as one.
    """
    plan: list[Reinjection] = []
    seen: set[tuple[str, int, int]] = set()
    for record in records:
        if limit is not None and len(plan) >= limit:
            break
        key, value = _check(record)
        if reasons is not None and record["reason"] not in reasons:
            continue
        topic, partition, offset = _origin(record)
        if record.get("truncated"):
            found = None
            if topic is not None and partition is not None and offset is not None:
                found = (originals or {}).get((topic, partition, offset))
            if found is None or not check_original(record, found.value):
                log.warning(
                    "original of %s/%s/%s is not on the raw topic", topic, partition, offset
                )
                continue
            key, value = found.key, found.value
        if topic is not None and partition is not None and offset is not None:
            if (topic, partition, offset) in seen:
                continue
            seen.add((topic, partition, offset))
        if fixes is not None:
            if partition is None or offset is None or (partition, offset) not in fixes:
                continue
            value = fixes[partition, offset]
        if fixer is not None:
            fixed = fixer(value)
            if fixed is None:
                continue
            value = fixed
        plan.append(Reinjection(key, value, f"{topic}/{partition}/{offset}"))
    return plan


def load_fixes(lines: Iterable[bytes]) -> dict[Position, bytes]:
    """Parse a fixes file: JSON lines ``{"partition": P, "offset": O, "value": ...}``.

    ``partition`` and ``offset`` are those of the original message, as shown in
    the dead letter. ``value`` is the corrected raw article: a JSON object is
    re-encoded, a string is taken as the message text itself. ``value_b64``
    may be given instead for bytes that are not text.
    """
    fixes: dict[Position, bytes] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise ValueError(f"fixes line {number}: invalid JSON ({exc})") from None
        if not isinstance(entry, dict):
            raise ValueError(f"fixes line {number}: expected a JSON object")
        partition, offset = entry.get("partition"), entry.get("offset")
        if not (isinstance(partition, int) and isinstance(offset, int)):
            raise ValueError(f"fixes line {number}: partition and offset must be integers")
        if "value_b64" in entry:
            try:
                value = base64.b64decode(str(entry["value_b64"]), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise ValueError(f"fixes line {number}: value_b64: {exc}") from None
        elif isinstance(entry.get("value"), str):
            value = entry["value"].encode()
        elif "value" in entry:
            value = orjson.dumps(entry["value"])
        else:
            raise ValueError(f"fixes line {number}: needs value or value_b64")
        if (partition, offset) in fixes:
            raise ValueError(f"fixes line {number}: partition {partition} offset {offset} twice")
        fixes[partition, offset] = value
    return fixes


async def _read_dead_letters(settings: Settings, idle_timeout: float) -> list[dict[str, Any]]:
    from aiokafka import AIOKafkaConsumer

    from worker.kafka_security import client_kwargs

    consumer = AIOKafkaConsumer(
        settings.dead_letter_topic,
        **client_kwargs(settings),
        max_partition_fetch_bytes=settings.limits.produce_bytes,
        # A fresh group has no committed offsets, so every run reads the topic
        # from its start; nothing is committed, so runs never affect each other.
        group_id=f"{settings.app_id}-redrive-{uuid.uuid4().hex[:12]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        **_group_timeouts(settings),
    )
    records: list[dict[str, Any]] = []
    skipped = 0
    await consumer.start()
    try:
        started = last = time.monotonic()
        while time.monotonic() - last < idle_timeout:
            batch = await consumer.getmany(timeout_ms=int(idle_timeout * 1000))
            # An empty poll during the group join is not the end of the topic:
            # only silence after the partitions are assigned counts.
            if not consumer.assignment():
                if time.monotonic() - started > _ASSIGN_TIMEOUT:
                    raise RedriveError(
                        f"no partition of {settings.dead_letter_topic} was assigned within "
                        f"{_ASSIGN_TIMEOUT:.0f}s: check that the topic exists and the broker "
                        "is reachable"
                    )
                last = time.monotonic()
                continue
            for messages in batch.values():
                for message in messages:
                    last = time.monotonic()
                    try:
                        _, _, record = parse_dead_letter(message.value)
                    except NotADeadLetter as exc:
                        skipped += 1
                        log.warning(
                            "skipping record: %s",
                            exc,
                            extra={
                                "topic": message.topic,
                                "partition": message.partition,
                                "offset": message.offset,
                            },
                        )
                        continue
                    records.append(record)
    finally:
        await consumer.stop()
    if skipped:
        log.warning("%d records on %s were not dead letters", skipped, settings.dead_letter_topic)
    return records


async def read_messages(
    settings: Settings, positions: Collection[tuple[str, int, int]]
) -> dict[tuple[str, int, int], RawMessage]:
    """The messages at ``positions``, read by offset; missing ones are left out."""
    if not positions:
        return {}
    from aiokafka import AIOKafkaConsumer, TopicPartition

    from worker.kafka_security import client_kwargs

    consumer = AIOKafkaConsumer(
        **client_kwargs(settings),
        enable_auto_commit=False,
        max_partition_fetch_bytes=settings.limits.produce_bytes,
    )
    found: dict[tuple[str, int, int], RawMessage] = {}
    await consumer.start()
    try:
        for topic, partition, offset in positions:
            tp = TopicPartition(topic, partition)
            consumer.assign([tp])
            consumer.seek(tp, offset)
            batch = await consumer.getmany(tp, timeout_ms=5000)
            for message in batch.get(tp, []):
                if message.offset == offset and message.value is not None:
                    found[topic, partition, offset] = RawMessage(
                        message.key, message.value, message.timestamp / 1000
                    )
    finally:
        await consumer.stop()
    return found


def _group_timeouts(settings: Settings) -> dict[str, int]:
    # The embedded broker holds a JoinGroup for half the session timeout, so a
    # short one keeps the tool quick there (see the design notes).
    if settings.broker_profile == "embedded":
        return {"session_timeout_ms": 4000, "heartbeat_interval_ms": 500}
    return {}


async def redrive(
    settings: Settings,
    *,
    reasons: Collection[str] | None = None,
    fixes: Mapping[Position, bytes] | None = None,
    limit: int | None = None,
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
    dry_run: bool = False,
) -> int:
    """Re-send chosen dead letters to the raw topic; returns how many were sent.

    The whole dead-letter topic is read before anything is sent: a re-sent
    message that fails again lands on the same topic, and reading while
    sending could pick it up and loop.
    """
    records = await _read_dead_letters(settings, idle_timeout)
    originals = await read_messages(settings, truncated_positions(records))
    plan = redrive_plan(records, reasons=reasons, fixes=fixes, limit=limit, originals=originals)
    log.info(
        "%d dead letters read, %d chosen for %s",
        len(records),
        len(plan),
        settings.raw_topic,
        extra={"dry_run": dry_run},
    )
    if dry_run or not plan:
        return len(plan)

    from aiokafka import AIOKafkaProducer

    from worker.kafka_security import client_kwargs

    producer = AIOKafkaProducer(
        **client_kwargs(settings), acks="all", max_request_size=settings.limits.produce_bytes
    )
    await producer.start()
    try:
        futures = [
            await producer.send(
                settings.raw_topic,
                key=item.key,
                value=item.value,
                headers=[(REDRIVE_HEADER, item.origin.encode())],
            )
            for item in plan
        ]
        for future in futures:
            await future
    finally:
        await producer.stop()
    return len(plan)
