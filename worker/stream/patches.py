"""Targeted fixes to faust-streaming, applied before the app starts.

Consumer offset gaps
--------------------

When the consumer sees an offset jump (it read offset N and the next record
it gets is N+k), Faust records offsets N+1..N+k-1 as a "gap" and treats them
as acknowledged: they are committed without ever reaching an agent. That is
meant for compacted topics and transaction markers, but after a rebalance it
also happens to records that were fetched, dropped from an agent's buffer by
the rebalance and never re-read: measured here, a kill -9 of one of three
replicas made the surviving replicas skip whole runs of claim and verdict
records, and the articles behind them were never published.

Records fetched but never delivered
-----------------------------------

Faust's ``getmany`` drops fetched records without delivering them when the
flow stops (a rebalance begins), when the generation changes, or when their
partition is not active yet (its table is recovering); the consumer's
position has already moved past them. Faust relies on seeking back to the
committed offset afterwards, but a partition with no committed offset yet
(every partition of a new app, until its first commit) is not sought at
all: measured here, a replica taking over such a partition after a kill -9
started at offset 10, and the ten records before it were never processed
(their articles waited for the repair sweep; raw records would have been
lost). Here each partition is sought back to the first record of the fetch
that was not delivered, within the same generation.

With at-least-once processing the fix for gaps is to read such records again: the
partition is sought back to the first skipped offset before the next fetch.
Records after the gap are then processed twice, which every stage of the
worker tolerates (replays are idempotent). A gap that is still there after
one re-read (a real hole in the log: compaction, transaction markers) falls
back to Faust's behaviour, so a partition never loops.

Producer buffer flush
---------------------
Table writes go through Faust's producer buffer, and the flush that runs
before every offset commit gives up after 0.1 s without a message leaving
the buffer. Under load it then commits offsets of events whose state change
was never handed to the Kafka client; a kill -9 loses that state. The flush
here waits until the buffer is empty and nothing is on its way out of it.

Changelog ends read, not asked for
----------------------------------
Table recovery is done when it reaches the changelog's end offset, which the
embedded broker reports short after a write of several records in one batch
(worker.stream.true_ends). With ``end_probe`` set (the embedded profile),
the ends recovery waits for are found by reading each partition's last
batch, so producers batch on that broker too and recovery still restores
every write.

Fetch wait
----------
Faust's consumer lets the broker hold an empty fetch for 1.5 s; the
profile's own value (``set_fetch_wait``) replaces it.

Local state ahead of its changelog
----------------------------------
A RocksDB partition remembers the changelog offset it has applied. When
that offset is above the changelog's end (the topic was recreated, or the
broker reports a short end, as the embedded broker does for batched
writes), Faust raises ``ConsistencyError`` and the replica dies; every
replica that takes the partition then dies the same way. What Kafka Streams
does for a corrupted task is done here instead: that partition's local
store is wiped and restored from the changelog from its start, with a
warning and a metric (``state_resets``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from faust.tables.recovery import Recovery
from faust.transport.consumer import Consumer
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread
from faust.transport.producer import ProducerBuffer

log = logging.getLogger(__name__)

_original_add_gap = Consumer._add_gap
_original_getmany = Consumer.getmany
_original_wait_next_records = Consumer._wait_next_records
_original_send_pending = ProducerBuffer._send_pending
_original_build_offsets = Recovery._build_offsets
_original_build_highwaters = Recovery._build_highwaters
_original_create_worker_consumer = AIOKafkaConsumerThread._create_worker_consumer
# Called with (changelog topic, partition) after a local partition is wiped.
on_state_reset: Callable[[str, int], None] | None = None
# Set for brokers whose reported end offsets are short (worker.stream.true_ends).
end_probe: Callable[[dict[Any, int]], Awaitable[dict[Any, int]]] | None = None
_applied = False
# How often a flush looks again while the last message is still being handed over.
_FLUSH_POLL = 0.001


def _state(consumer: Any) -> tuple[dict[Any, int], set[tuple[Any, int]]]:
    data = consumer.__dict__
    return data.setdefault("_reread_from", {}), data.setdefault("_reread_tried", set())


async def _add_gap(self: Any, tp: Any, offset_from: int, offset_to: int) -> None:
    pending, tried = _state(self)
    if (tp, offset_from) in tried:
        await _original_add_gap(self, tp, offset_from, offset_to)
        return
    tried.add((tp, offset_from))
    pending[tp] = min(pending.get(tp, offset_from), offset_from)
    log.warning(
        "offsets %d..%d of %s were skipped by the consumer; reading them again",
        offset_from,
        offset_to - 1,
        tp,
    )


async def _wait_next_records(self: Any, timeout: float) -> Any:  # noqa: ASYNC109
    records, active = await _original_wait_next_records(self, timeout)
    # What this fetch returned, for _getmany to find what it did not deliver.
    self.__dict__["_fetched"] = (records, self.app.consumer_generation_id)
    return records, active


async def _seek_back_undelivered(self: Any, delivered: dict[Any, int]) -> None:
    """Seek each partition back to the first record fetched but not delivered."""
    fetched = self.__dict__.pop("_fetched", None)
    if not fetched:
        return
    records, generation = fetched
    if not records or generation != self.app.consumer_generation_id:
        return  # a new generation: the rebalance sets every position afresh
    assigned = self.assignment()
    for tp, batch in records.items():
        last = delivered.get(tp)
        first = next((r.offset for r in batch if last is None or r.offset > last), None)
        if first is not None and tp in assigned:
            await self.seek(tp, first)


# Faust calls getmany(timeout=...) by keyword, so the name must stay.
async def _getmany(self: Any, timeout: float) -> AsyncIterator[Any]:  # noqa: ASYNC109
    pending, _ = _state(self)
    if pending:
        assigned = self.assignment()
        for tp, offset in list(pending.items()):
            del pending[tp]
            if tp in assigned:
                await self.seek(tp, offset)
    delivered: dict[Any, int] = {}
    async for tp, message in _original_getmany(self, timeout):
        delivered[tp] = message.offset
        yield tp, message
    await _seek_back_undelivered(self, delivered)


async def _send_pending(self: Any, fut: Any) -> None:
    data = self.__dict__
    data["_in_flight"] = data.get("_in_flight", 0) + 1
    try:
        await _original_send_pending(self, fut)
    finally:
        data["_in_flight"] -= 1


async def _flush(self: Any) -> None:
    # Polled, not Faust's flush_atmost, which wakes up (a wait_for, a task, a
    # future) for every message sent: a tenth of a replica's time at load.
    while self.size or self.__dict__.get("_in_flight", 0):  # noqa: ASYNC110
        await asyncio.sleep(_FLUSH_POLL)


def wipe_partition(store: Any, partition: int) -> bool:
    """Delete one partition of a RocksDB store from disk; False for other stores."""
    dbs = getattr(store, "_dbs", None)
    if dbs is None or not hasattr(store, "partition_path"):
        return False
    db = dbs.pop(partition, None)
    if db is not None:
        with contextlib.suppress(Exception):
            db.close()
    index = getattr(store, "_key_index", None)
    if index is not None:
        index.clear()
    shutil.rmtree(store.partition_path(partition), ignore_errors=True)
    return True


def _reset_ahead(recovery: Any, tps: Any, offsets: Any, highwaters: Any) -> list[Any]:
    """Wipe partitions whose persisted offset is above the changelog's end."""
    reset = []
    for tp in tps:
        offset, end = offsets.get(tp), highwaters.get(tp)
        if offset is None or end is None or offset <= end:
            continue
        table = recovery.tables._changelogs.get(tp.topic)
        if table is None or not wipe_partition(table.data, tp.partition):
            continue
        log.warning(
            "local state of %s is at offset %d, past the changelog end %d: "
            "wiped and restoring from the changelog",
            tp,
            offset,
            end,
        )
        offsets[tp] = -1
        reset.append(tp)
        if on_state_reset is not None:
            on_state_reset(tp.topic, tp.partition)
    return reset


async def _build_offsets(self: Any, consumer: Any, tps: Any, destination: Any, title: str) -> None:
    await _original_build_offsets(self, consumer, tps, destination, title)
    # Active offsets are built after the highwaters and checked right after.
    if destination is self.active_offsets:
        _reset_ahead(self, tps, destination, self.active_highwaters)


async def _build_highwaters(
    self: Any, consumer: Any, tps: Any, destination: Any, title: str
) -> None:
    await _original_build_highwaters(self, consumer, tps, destination, title)
    if end_probe is not None:
        # Faust keeps the offset of the last record, one below the end.
        found = await end_probe({tp: destination[tp] + 1 for tp in tps if tp in destination})
        for tp, end in found.items():
            destination[tp] = end - 1
    # Standby offsets were built, and sought to, before their highwaters.
    if destination is self.standby_highwaters:
        for tp in _reset_ahead(self, tps, self.standby_offsets, destination):
            await consumer.seek(tp, 0)


def set_fetch_wait(milliseconds: int) -> None:
    """How long the worker's consumer lets the broker hold an empty fetch.

    Faust fixes it at 1.5 s. Kafka answers a fetch as soon as a record
    arrives, but the embedded broker holds it for part of the wait whatever
    arrives, which every stage then adds to an article's latency.
    """

    def create(self: Any, transport: Any) -> Any:
        consumer = _original_create_worker_consumer(self, transport)
        # Read when the consumer starts its fetcher, which has not happened yet.
        consumer._fetch_max_wait_ms = milliseconds
        return consumer

    AIOKafkaConsumerThread._create_worker_consumer = create  # type: ignore[method-assign]


def quiet_buffer(limit: int = 20_000) -> None:
    """Let Faust's producer buffer (table writes) hold a batch's writes.

    A batch writes thousands of owners without yielding; above the buffer's
    limit of 100 Faust logs a warning for every batch and holds the stream
    until the buffer is back under it. The limit is only where that
    back-pressure starts: at 20,000 writes (a few batches) it still bounds
    the buffer's memory, without a warning per batch.
    """
    ProducerBuffer.max_messages = limit


def apply() -> None:
    """Install the fixes (idempotent); only for at-least-once processing."""
    global _applied
    if not _applied:
        Consumer._add_gap = _add_gap  # type: ignore[method-assign]
        Consumer.getmany = _getmany  # type: ignore[method-assign]
        Consumer._wait_next_records = _wait_next_records  # type: ignore[method-assign]
        ProducerBuffer._send_pending = _send_pending  # type: ignore[method-assign]
        ProducerBuffer.flush = _flush  # type: ignore[method-assign]
        Recovery._build_offsets = _build_offsets  # type: ignore[method-assign]
        Recovery._build_highwaters = _build_highwaters  # type: ignore[method-assign]
        _applied = True
