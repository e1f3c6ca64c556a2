"""The dedupe state at crawl scale, measured in one run.

Prints, for the sizes given (defaults in brackets):

1. memory:// -- RSS bytes per distinct hash held the way the memory store
   holds it (a dict of hash -> owner), and what the expiry index adds [1M];
2. rocksdb:// -- RSS and disk bytes per hash with the worker's RocksDB
   options, at two sizes in one growing database [1M, 10M], and what the
   in-memory expiry index adds;
3. expiry -- one sweep (worker.stream.sweeps.Sweeps.expire, the real code)
   over the RocksDB state of 2., with 0 and 1% of it expired, and the index
   rebuild a rebalance costs;
4. restore -- seconds for a worker replica to restore hashes from the owners
   changelog on the embedded broker [1M], and a failover after kill -9 with
   and without a standby replica.

Run: .venv/bin/python bench/bench_state.py [--memory N] [--rocks N1,N2]
[--restore N] [--restore-stores rocksdb://,memory://] [--skip-restore].
The state is synthetic but has the worker's shape: xxh3-128 hex keys,
owners ``[article id, index, first_seen_at]``, 10 paragraphs per article id.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import orjson

from worker.core.expiry import BucketIndex
from worker.core.group_log import group_key, group_values
from worker.core.hashing import fingerprint, partition_for
from worker.core.models import Owner
from worker.core.normalize import normalize
from worker.core.settings import Settings
from worker.core.shapes import owner_to_json
from worker.stream.metrics import Metrics
from worker.stream.pending_view import PendingView
from worker.stream.stages import Topology
from worker.stream.stores import ROCKSDB_OPTIONS
from worker.stream.sweeps import SWEEP_LIMIT, Sweeps
from worker.stream.views import OwnerIndexes, OwnersView, compact

WINDOW = 7 * 86400.0
NOW = 1_750_000_000.0
INTERVAL = 60.0


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def settle() -> int:
    gc.collect()
    return rss()


def owners(n: int, start: int = 0, expired_every: int = 0) -> Iterator[tuple[str, list[Any]]]:
    """(hash, owner JSON): first seen within the window, every
    ``expired_every``-th one a day past it."""
    for i in range(start, start + n):
        seen = NOW - 3600.0 - (i % 1000)
        if expired_every and i % expired_every == 0:
            seen = NOW - WINDOW - 86400.0
        yield fingerprint(f"p{i}"), [f"url-{fingerprint(str(i // 10))}", i % 10, seen]


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


# -- 1. memory store -----------------------------------------------------------


def memory_store(n: int) -> None:
    base = settle()
    data: dict[str, Any] = {}
    shared: dict[str, str] = {}
    for key, (article, index, seen) in owners(n):
        # Live claims share the article id string of their batch.
        article = shared.setdefault(article, article)
        if len(shared) > 100:
            shared.clear()
        # As the memory store holds it: the JSON bytes the view encodes.
        data[key] = compact(owner_to_json(Owner(article, index, seen)))
    held = settle() - base
    index = BucketIndex(INTERVAL)
    for key, value in data.items():
        index.add(key, orjson.loads(value)[2])
    with_index = settle() - base
    print(f"memory://  {n:>11,} hashes  RSS {held / n:6.0f} B/hash (goal <= 150)")
    print(
        f"           + expiry index {(with_index - held) / n:5.1f} B/hash  (16 B packed + buckets)"
    )
    del data, index


# -- 2. RocksDB ----------------------------------------------------------------


class RocksStore:
    """What Faust's RocksDB store does for one partition in event context:
    JSON keys and values in a rocksdict database."""

    offset_key = b"__faust\0offset__"

    def __init__(self, db: Any) -> None:
        self.db = db

    def _db_for_partition(self, partition: int) -> Any:
        return self.db

    def _encode_key(self, key: str) -> bytes:
        return orjson.dumps(key)

    def __getitem__(self, key: str) -> Any:
        value = self.db.get(orjson.dumps(key))
        if value is None:
            raise KeyError(key)
        return value


class RocksTable:
    """A table over a RocksStore."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.data = RocksStore(db)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __setitem__(self, key: str, value: bytes) -> None:
        # Values arrive encoded: the worker's tables hold raw JSON bytes.
        self.db.put(orjson.dumps(key), value)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default


def open_rocks(path: Path) -> Any:
    from faust.stores.rocksdb import RocksDBOptions

    return RocksDBOptions(**ROCKSDB_OPTIONS, use_rocksdict=True).open(path)


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def fill(db: Any, start: int, n: int, expired_every: int) -> None:
    import rocksdict

    batch = rocksdict.WriteBatch(raw_mode=True)
    for i, (key, value) in enumerate(owners(n, start, expired_every), 1):
        batch.put(orjson.dumps(key), orjson.dumps(value))
        if i % 10_000 == 0:
            db.write(batch)
            batch = rocksdict.WriteBatch(raw_mode=True)
    db.write(batch)


def lookups(db: Any, total: int, count: int = 200_000) -> float:
    """Random reads as claims do them (half present, half new hashes)."""
    started = time.perf_counter()
    for i in range(count):
        j = (i * 7919) % total if i % 2 else total + i
        db.get(orjson.dumps(fingerprint(f"p{j}")))
    return (time.perf_counter() - started) / count


def rocks(sizes: list[int], work: Path) -> None:
    path = work / "owners-0.db"
    base = settle()
    db = open_rocks(path)
    done = 0
    for size in sizes:
        fill(db, done, size - done, expired_every=100)
        done = size
        db.flush()
        read = lookups(db, size)
        held = settle() - base
        print(
            f"rocksdb:// {size:>11,} hashes  RSS {mb(held):>7} ({held / size:5.1f} B/hash)  "
            f"disk {du(path) / size:5.1f} B/hash  lookup {read * 1e6:4.1f} us"
        )
    sweep(db, done)


# -- 3. expiry sweep -----------------------------------------------------------


def sweep(db: Any, held: int) -> None:
    settings = Settings(partitions=1, dedupe_window=WINDOW, expiry_interval=INTERVAL)
    table = RocksTable(db)
    view = OwnersView(table, OwnerIndexes(1, WINDOW, INTERVAL))
    topology = Topology(None, None, None, view, PendingView({}, 1))
    ingest: Any = SimpleNamespace(metrics=Metrics(), publisher=None)
    sweeps = Sweeps(settings, topology, ingest, held=lambda topic: {0})
    indexes = view.indexes
    assert indexes is not None
    before = settle()
    started = time.perf_counter()
    count = 0
    for item in view.scan({0}):
        if item is not None:
            indexes.note(*item)
            count += 1
    rebuilt = time.perf_counter() - started
    index_bytes = settle() - before
    sweeps._owners_built.add(0)
    print(
        f"           expiry index over {count:,} hashes: RSS {index_bytes / count:4.1f} B/hash, "
        f"rebuilt after a rebalance in {rebuilt:.1f} s ({rebuilt / count * 1e6:.2f} us/hash)"
    )
    index = indexes.of(0)
    # 0 expired: a sweep now (the expired 1% are a day past; pretend a day earlier).
    sweeps._last_expiry.clear()
    started = time.perf_counter()
    sweeps.expire(0, NOW - 86400.0 - 2 * INTERVAL)
    none = time.perf_counter() - started
    touched = index.touched
    times = []
    while True:  # one sweep per tick, each at most SWEEP_LIMIT owners
        sweeps._last_expiry.clear()
        before_sweep = index.touched
        started = time.perf_counter()
        sweeps.expire(0, NOW)
        times.append(time.perf_counter() - started)
        if index.touched == before_sweep:
            break
    expired = index.touched - touched
    print(
        f"expiry     {held:>11,} live hashes, 0 expired: sweep {none * 1e3:7.3f} ms "
        f"({touched} touched)  (goal < 50 ms)"
    )
    print(
        f"           {held:>11,} live hashes, {expired:,} expired ({expired / held:.0%}): "
        f"{len(times) - 1} sweeps of <= {SWEEP_LIMIT:,}, {max(times) * 1e3:.0f} ms the longest, "
        f"{sum(times) * 1e3:.0f} ms in all ({sum(times) / max(expired, 1) * 1e6:.1f} us per "
        "expired owner)"
    )


# -- 4. restore and failover ---------------------------------------------------


async def produce_changelog(settings: Settings, n: int) -> None:
    """The owners changelog of ``n`` hashes ("bench paragraph <i>", owned by
    article "bench-<i // 10>"), as the worker writes it: in groups of owners
    (worker.core.group_log), each as large as a claims event at load makes."""
    from aiokafka import AIOKafkaProducer

    topic = f"{settings.app_id}-owners-changelog"
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers, linger_ms=10, max_batch_size=256 * 1024
    )
    await producer.start()
    try:
        members: dict[int, list[tuple[str, bytes]]] = {}
        for i in range(n):
            key = fingerprint(normalize(f"bench paragraph {i}"))
            value = orjson.dumps(owner_to_json(Owner(f"bench-{i // 10}", i % 10, time.time())))
            members.setdefault(partition_for(key, settings.partitions), []).append((key, value))
        sequence = 0
        pending = []
        last: dict[int, tuple[bytes, bytes]] = {}
        for partition, owners in sorted(members.items()):
            for value in group_values(owners):
                sequence += 1
                record = (orjson.dumps(group_key("bench", sequence)), value)
                if partition in last:
                    k, v = last[partition]
                    pending.append(await producer.send(topic, v, key=k, partition=partition))
                last[partition] = record
        await asyncio.gather(*pending)
        await producer.flush()
        # The last record of each partition alone in its batch: the embedded
        # broker's end offsets are exact only then (see the design notes).
        for partition, (k, v) in last.items():
            await producer.send_and_wait(topic, v, key=k, partition=partition)
    finally:
        await producer.stop()


async def probe(cluster: Any, paragraphs: list[int], within: float = 900.0) -> float:
    """Seconds until articles repeating the changelog's paragraphs ``paragraphs``
    all come out as duplicates of their owners (so every partition they hash
    to is held and its state restored)."""
    from worker.testing.cluster import Reader, article, send_all

    s = cluster.settings
    tag = time.monotonic_ns()
    expected = {f"probe-{tag}-{i}".encode(): f"bench-{i // 10}" for i in paragraphs}
    async with Reader(s.bootstrap_servers, cluster.outputs, s.partitions) as reader:
        started = time.monotonic()
        await send_all(
            s.bootstrap_servers,
            s.raw_topic,
            [article(f"probe-{tag}-{i}", [f"bench paragraph {i}"]) for i in paragraphs],
        )
        while time.monotonic() < started + within:
            await reader.until(len(reader.records) + 1, within=0.5, settle=0)
            out = {rec.key: rec.value for rec in reader.records if rec.key in expected}
            if len(out) == len(expected):
                for key, value in out.items():
                    assert value.get("duplicate_of") == [expected[key]], value
                return time.monotonic() - started
    raise TimeoutError("the probe articles did not come out")


async def restore(n: int, work: Path, stores: list[str]) -> None:
    from worker.testing.broker import EmbeddedBroker
    from worker.testing.cluster import Cluster, app_settings

    with EmbeddedBroker(log_path=work / "broker.log") as broker:
        for store in stores:
            name = f"state-{store[:-3]}-{int(time.time())}"
            settings = app_settings(broker.bootstrap, name, 4, store=store)
            empty = Cluster(
                app_settings(broker.bootstrap, name + "-empty", 4, store=store), work / name
            )
            (work / name).mkdir()
            await empty.create_topics()
            [r] = empty.start(1)
            [baseline] = await empty.wait_ready([r], 120)
            empty.stop_all()
            for standby in (0, 1):
                run = work / f"{name}-{standby}"
                run.mkdir()
                cluster = Cluster(
                    settings, run, extra_env={"WORKER_STANDBY_REPLICAS": str(standby)}
                )
                if standby == 0:
                    await cluster.create_topics()
                    started = time.monotonic()
                    await produce_changelog(settings, n)
                    print(
                        f"restore    {store:<11} changelog of {n:,} hashes written in "
                        f"{time.monotonic() - started:.0f} s"
                    )
                [a] = cluster.start(1)
                [ready] = await cluster.wait_ready([a], 1800)
                if standby == 0:
                    print(
                        f"           one replica ready in {ready:.1f} s with {n:,} hashes "
                        f"({baseline:.1f} s empty): restore {ready - baseline:.1f} s, "
                        f"{n / max(ready - baseline, 0.1):,.0f} hashes/s"
                    )
                await probe(cluster, [3])
                [b] = cluster.start(1)
                await cluster.wait_ready([b], 1800)
                await asyncio.sleep(5 + 5 * standby)  # standbys catch up
                await probe(cluster, list(range(40)))
                a.kill()
                # 40 paragraphs hash to every partition: all answered once b holds them.
                took = await probe(cluster, list(range(40, 80)))
                label = "with a standby   " if standby else "without a standby"
                print(
                    f"           failover after kill -9 {label}: {took:5.1f} s until "
                    f"every partition answers ({n // 2:,} hashes changed hands)"
                )
                cluster.stop_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory", type=int, default=1_000_000)
    parser.add_argument("--rocks", default="1000000,10000000")
    parser.add_argument("--restore", type=int, default=1_000_000)
    parser.add_argument("--restore-stores", default="rocksdb://")
    parser.add_argument("--skip-restore", action="store_true")
    parser.add_argument("--part", choices=["memory", "rocks", "restore"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part is None:
        # Each part in its own process, so one part's freed memory cannot hide
        # another's growth.
        parts = ["memory", "rocks"] + ([] if args.skip_restore else ["restore"])
        flags = [
            "--memory",
            str(args.memory),
            "--rocks",
            args.rocks,
            "--restore",
            str(args.restore),
        ]
        print(
            f"bench_state: memory {args.memory:,}, rocksdb {args.rocks}, restore {args.restore:,}"
        )
        for part in parts:
            subprocess.run([sys.executable, __file__, *flags, "--part", part], check=True)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-state-"))
    try:
        if args.part == "memory":
            memory_store(args.memory)
        elif args.part == "rocks":
            rocks([int(x) for x in args.rocks.split(",")], work)
        else:
            asyncio.run(restore(args.restore, work, args.restore_stores.split(",")))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
