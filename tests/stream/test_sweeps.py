"""Sweeps against tables that refuse to be scanned: a sweep costs what is due.

The tables here behave like Faust's memory store (a ``data`` store holding a
dict) except that iterating the table itself fails, and the store's dict
counts how often it is iterated: once per rebalance, for the index rebuild,
and never by a sweep.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import orjson
import pytest

from worker.core.expiry import PENDING_TTL, pending_due
from worker.core.hashing import fingerprint, partition_for
from worker.core.models import Owner
from worker.core.pending import PendingEntry, entry_key
from worker.core.settings import Settings
from worker.core.shapes import owner_to_json
from worker.core.wire import Tick
from worker.stream.metrics import Metrics
from worker.stream.pending_view import PendingView
from worker.stream.stages import Topology
from worker.stream.sweeps import Sweeps
from worker.stream.views import OwnerIndexes, OwnersView

WINDOW = 600.0
NOW = 100_000.0


class CountingDict(dict[Any, Any]):
    scans = 0

    def __iter__(self) -> Any:
        self.scans += 1
        return super().__iter__()


class Store:
    """Faust's memory store: a dict under ``data``, item access on it."""

    def __init__(self) -> None:
        self.data = CountingDict()
        self._key_partition: dict[str, int] = {}

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.data[key] = value


class NoScanTable:
    def __init__(self) -> None:
        self.data = Store()
        # (partition, key, value) of every record sent to the changelog directly.
        self.changelog: list[tuple[int, str, bytes]] = []
        # Keys deleted through the table (a tombstone each).
        self.tombstones: list[str] = []

    def send_changelog(self, partition: int, key: str, value: bytes) -> None:
        self.changelog.append((partition, key, value))

    def __getitem__(self, key: str) -> Any:
        return self.data.data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.data.data[key] = value

    def __delitem__(self, key: str) -> None:
        del self.data.data[key]
        self.tombstones.append(key)

    def __contains__(self, key: object) -> bool:
        return key in self.data.data

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.data.get(key, default)

    def _scan(self, *args: Any) -> Any:
        raise AssertionError("a sweep iterated the whole table")

    keys = items = values = __iter__ = __len__ = _scan


def make(held: set[int] | None = None) -> tuple[Sweeps, NoScanTable, NoScanTable]:
    settings = Settings(partitions=2, dedupe_window=WINDOW, expiry_interval=60.0)
    owners, pending = NoScanTable(), NoScanTable()
    topology = Topology(
        articles=None,
        claims=None,
        verdicts=None,
        owners=OwnersView(owners, OwnerIndexes(2, WINDOW, 60.0)),
        pending=PendingView(
            pending, 2, due=lambda e: pending_due(e, settings.repair_after, PENDING_TTL), width=15.0
        ),
    )
    ingest: Any = SimpleNamespace(metrics=Metrics(), publisher=None)
    sweeps = Sweeps(settings, topology, ingest, held=lambda topic: {0, 1} if held is None else held)
    return sweeps, owners, pending


async def rebuilt(sweeps: Sweeps) -> None:
    for _ in range(1000):
        if sweeps._rebuild is None:
            return
        await asyncio.sleep(0)
    raise AssertionError("the index rebuild did not finish")


@pytest.mark.parametrize("expired", [0, 30])
async def test_expiry_touches_only_the_expired_and_scans_the_store_once(expired: int) -> None:
    sweeps, table, _ = make()
    keys = [fingerprint(f"p{i}") for i in range(3000)]
    old = [k for k in keys if partition_for(k, 2) == 0][:expired]
    # Restored state (written to the store, not through the view): some expired.
    for key in keys:
        seen = NOW - WINDOW - 500 if key in old else NOW - 100
        table.data.data[key] = orjson.dumps(owner_to_json(Owner("a", 0, seen)))
    sweeps.expire(0, NOW)  # starts the rebuild
    await rebuilt(sweeps)
    assert table.data.data.scans == 1
    for tick in range(1, 6):
        sweeps.expire(0, NOW + tick * 60)
        sweeps.expire(1, NOW + tick * 60)
    assert table.data.data.scans == 1
    assert all(key not in table.data.data for key in old)
    assert len(table.data.data) == len(keys) - expired
    index = sweeps.topology.owners.indexes
    assert index is not None
    assert index.of(0).touched == expired and index.of(1).touched == 0


async def test_live_claims_are_indexed_and_a_rebalance_rebuilds_once() -> None:
    sweeps, table, _ = make()
    owners = sweeps.topology.owners
    sweeps.expire(0, NOW)
    await rebuilt(sweeps)
    key = next(k for k in (fingerprint(f"q{i}") for i in range(100)) if partition_for(k, 2) == 1)
    owners[key] = Owner("a", 0, NOW)
    sweeps.expire(1, NOW + WINDOW + 200)
    assert key not in table.data.data
    sweeps.on_rebalance()
    sweeps.expire(1, NOW + WINDOW + 300)
    await rebuilt(sweeps)
    assert table.data.data.scans == 2


async def test_partitions_not_held_are_not_swept_and_duplicate_ticks_are_skipped() -> None:
    sweeps, table, _ = make(held={1})
    key = next(k for k in (fingerprint(f"r{i}") for i in range(100)) if partition_for(k, 2) == 0)
    table.data.data[key] = orjson.dumps(owner_to_json(Owner("a", 0, 0.0)))
    sweeps.expire(0, NOW)
    await rebuilt(sweeps)
    assert key in table.data.data  # partition 0 is someone else's
    sweeps, table, _ = make()
    table.data.data[key] = orjson.dumps(owner_to_json(Owner("a", 0, NOW - WINDOW - 120)))
    sweeps.expire(0, NOW)
    await rebuilt(sweeps)
    sweeps.expire(0, NOW + 10)  # within half an interval of the last: skipped
    assert key in table.data.data
    sweeps.expire(0, NOW + 60)
    assert key not in table.data.data


async def test_pending_sweep_looks_only_at_due_entries() -> None:
    sweeps, _, table = make()
    view = sweeps.topology.pending
    keys = [entry_key(f"raw:0:{i}", f"article-{i}") for i in range(400)]
    for i, key in enumerate(keys):
        created = NOW - PENDING_TTL - 1 if i < 10 else NOW
        # Complete-looking entries would be discarded by assembly; these wait.
        table.data.data[key] = orjson.dumps(
            PendingEntry(created=created, expected=1, article={}).to_json()
        )
    for partition in (0, 1):
        await sweeps.on_assembly_tick(partition, Tick(NOW))
    assert table.data.data.scans == 1
    assert [key for key in keys if key not in table.data.data] == keys[:10]
    touched = sum(index.touched for index in view.indexes.values())
    assert touched == 10
    await sweeps.on_assembly_tick(0, Tick(NOW + 60))
    assert table.data.data.scans == 1


def test_stored_values_hold_only_their_own_bytes() -> None:
    import tracemalloc

    from worker.stream.views import compact

    tracemalloc.start()
    try:
        kept = [compact(owner_to_json(Owner("article-1", i, NOW))) for i in range(2000)]
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert orjson.loads(kept[5]) == owner_to_json(Owner("article-1", 5, NOW))
    # orjson's own output keeps ~4 KiB of buffer per value.
    assert held / len(kept) < 200


def test_a_rebalance_forgets_the_held_pending_entries() -> None:
    sweeps, _, pending = make()
    key = entry_key("t:0:1", "a")
    sweeps.topology.pending.hold(key, PendingEntry(created=1.0, expected=2), ["event"], 1)
    moved_on = PendingEntry(created=1.0, expected=2, verdicts={"1": []})
    pending.data.data[key] = orjson.dumps(moved_on.to_json())
    assert sweeps.topology.pending.get(key) != moved_on
    sweeps.on_rebalance()
    assert sweeps.topology.pending.get(key) == moved_on
