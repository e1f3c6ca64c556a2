"""Integration tests pinning down how the embedded Tansu broker behaves.

Several tests assert broker quirks on purpose: if a broker upgrade fixes one, the test
fails and the workaround elsewhere in the worker can be revisited.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from worker.errors import BrokerUnavailable, TopicMismatch
from worker.stream.admin import create_topics, create_topics_async
from worker.testing.broker import EmbeddedBroker, tansu_binary

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[2]
# Matches what the worker uses: the broker parks every JoinGroup for half of this.
GROUP_TIMEOUTS: dict[str, Any] = {"session_timeout_ms": 4000, "heartbeat_interval_ms": 500}
ONE_MB = 1024 * 1024


@contextlib.asynccontextmanager
async def producer(bootstrap: str, **kwargs: Any) -> AsyncIterator[AIOKafkaProducer]:
    client = AIOKafkaProducer(bootstrap_servers=bootstrap, **kwargs)
    await client.start()
    try:
        yield client
    finally:
        await client.stop()


@contextlib.asynccontextmanager
async def consumer(bootstrap: str, *topics: str, **kwargs: Any) -> AsyncIterator[AIOKafkaConsumer]:
    client = AIOKafkaConsumer(*topics, bootstrap_servers=bootstrap, **kwargs)
    await client.start()
    try:
        yield client
    finally:
        await client.stop()


async def read_from_start(
    bootstrap: str, tps: Iterable[TopicPartition], count: int, deadline_s: float = 15.0, **kw: Any
) -> list[ConsumerRecord[bytes, bytes]]:
    """Read ``count`` records by explicit assignment from offset 0 (no end-offset lookups)."""
    got: list[ConsumerRecord[bytes, bytes]] = []
    async with consumer(bootstrap, enable_auto_commit=False, **kw) as c:
        tps = list(tps)
        c.assign(tps)
        for tp in tps:
            c.seek(tp, 0)
        stop_at = time.monotonic() + deadline_s
        while len(got) < count and time.monotonic() < stop_at:
            batch = await c.getmany(timeout_ms=200)
            for records in batch.values():
                got.extend(records)
    return got


def test_binary_is_bundled() -> None:
    binary = tansu_binary()
    assert binary.is_file()
    assert os.access(binary, os.X_OK)


async def test_broker_is_ready_and_advertises_itself(broker: EmbeddedBroker) -> None:
    assert broker.running
    assert broker.start_seconds is not None and broker.start_seconds < 5
    admin = AIOKafkaAdminClient(bootstrap_servers=broker.bootstrap)
    await admin.start()
    try:
        cluster = await admin.describe_cluster()
    finally:
        await admin.close()
    (node,) = cluster["brokers"]
    assert (node["host"], node["port"]) == (broker.host, broker.port)


async def test_precreated_topic_has_requested_partitions(
    broker: EmbeddedBroker, fresh_name: Callable[[str], str]
) -> None:
    topic = fresh_name("eight")
    await create_topics_async(broker.bootstrap, {topic: 8})
    # Idempotent: re-creating with the same count is not an error.
    await create_topics_async(broker.bootstrap, {topic: 8})
    async with consumer(broker.bootstrap) as c:
        assert topic in await c.topics()  # refreshes the client's metadata
        assert c.partitions_for_topic(topic) == set(range(8))
    # Partitions cannot be added later, so a different count must fail loudly.
    with pytest.raises(TopicMismatch, match=f"{topic} has 8, wanted 12"):
        await create_topics_async(broker.bootstrap, {topic: 12})


def test_sync_create_topics_works_inside_and_outside_a_loop(
    broker: EmbeddedBroker, fresh_name: Callable[[str], str]
) -> None:
    outside, inside = fresh_name("sync"), fresh_name("sync-in-loop")
    create_topics(broker.bootstrap, {outside: 2})

    async def from_async_code() -> None:
        create_topics(broker.bootstrap, {inside: 3})

    asyncio.run(from_async_code())
    partitions = asyncio.run(_partition_counts(broker.bootstrap))
    assert partitions[outside] == 2
    assert partitions[inside] == 3


async def _partition_counts(bootstrap: str) -> dict[str, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return {t["topic"]: len(t["partitions"]) for t in await admin.describe_topics()}
    finally:
        await admin.close()


async def test_round_trip_keeps_keys_values_and_headers(
    broker: EmbeddedBroker, fresh_name: Callable[[str], str]
) -> None:
    topic = fresh_name("roundtrip")
    await create_topics_async(broker.bootstrap, {topic: 3})
    sent = [
        (f"key-{i % 5}".encode(), f"value-{i}".encode(), [("trace", f"t{i}".encode())])
        for i in range(30)
    ]
    partition_of_key: dict[bytes, int] = {}
    async with producer(broker.bootstrap) as p:
        for key, value, headers in sent:
            md = await p.send_and_wait(topic, value, key=key, headers=headers)
            # Same key, same partition: ordering per article id depends on it.
            assert partition_of_key.setdefault(key, md.partition) == md.partition

    tps = [TopicPartition(topic, i) for i in range(3)]
    got = await read_from_start(broker.bootstrap, tps, len(sent))
    assert sorted((r.key, r.value, list(r.headers)) for r in got) == sorted(
        (k, v, [(hk, hv) for hk, hv in h]) for k, v, h in sent
    )
    for r in got:
        assert r.key is not None
        assert partition_of_key[r.key] == r.partition
    by_partition: dict[int, list[int]] = {}
    for r in got:
        by_partition.setdefault(r.partition, []).append(r.offset)
    assert all(offsets == sorted(offsets) for offsets in by_partition.values())


async def test_consumer_group_members_share_partitions(
    broker: EmbeddedBroker, fresh_name: Callable[[str], str]
) -> None:
    topic, group = fresh_name("grouped"), fresh_name("group")
    await create_topics_async(broker.bootstrap, {topic: 4})
    n_messages = 200
    async with producer(broker.bootstrap) as p:
        futures = [await p.send(topic, b"m%d" % i, key=b"%d" % i) for i in range(n_messages)]
        await asyncio.gather(*futures)

    kw: dict[str, Any] = {"group_id": group, "auto_offset_reset": "earliest", **GROUP_TIMEOUTS}
    started = time.monotonic()
    async with (
        consumer(broker.bootstrap, topic, **kw) as c1,
        consumer(broker.bootstrap, topic, **kw) as c2,
    ):
        seen: list[bytes] = []
        deadline = started + 20
        while time.monotonic() < deadline:
            polls = await asyncio.gather(c1.getmany(timeout_ms=200), c2.getmany(timeout_ms=200))
            seen.extend(r.value for batch in polls for rs in batch.values() for r in rs if r.value)
            a1, a2 = c1.assignment(), c2.assignment()
            if a1 and a2 and len(seen) >= n_messages:
                break
        ready_after = time.monotonic() - started
        assert a1 and a2, f"assignments after {ready_after:.1f}s: {a1} / {a2}"
        assert not a1 & a2
        assert a1 | a2 == {TopicPartition(topic, i) for i in range(4)}
        # Rebalances may redeliver uncommitted records, never lose them.
        assert set(seen) == {b"m%d" % i for i in range(n_messages)}
    assert ready_after < 15


async def test_end_offsets_exact_only_for_single_record_writes(
    broker: EmbeddedBroker, fresh_name: Callable[[str], str]
) -> None:
    single, batched = fresh_name("end-single"), fresh_name("end-batched")
    await create_topics_async(broker.bootstrap, {single: 1, batched: 1})
    single_tp, batched_tp = TopicPartition(single, 0), TopicPartition(batched, 0)
    async with producer(broker.bootstrap) as p:
        for i in range(7):
            await p.send_and_wait(single, b"s%d" % i, partition=0)
        batch = p.create_batch()
        for i in range(5):
            assert batch.append(key=None, value=b"b%d" % i, timestamp=None) is not None
        await (await p.send_batch(batch, batched, partition=0))

    async with consumer(broker.bootstrap) as c:
        ends = await c.end_offsets([single_tp, batched_tp])
    assert ends[single_tp] == 7
    # Quirk: the broker answers "last batch's base offset + 1" instead of the true end (5).
    # If this starts failing with 5, the broker was fixed.
    assert ends[batched_tp] == 1
    # The data itself is intact; only the ListOffsets answer is wrong.
    got = await read_from_start(broker.bootstrap, [batched_tp], 5)
    assert [r.offset for r in got] == [0, 1, 2, 3, 4]

    # A single-record write after the batch makes the answer exact again.
    async with producer(broker.bootstrap) as p:
        await p.send_and_wait(batched, b"tail", partition=0)
    async with consumer(broker.bootstrap) as c:
        assert (await c.end_offsets([batched_tp]))[batched_tp] == 6


async def test_one_megabyte_message_round_trip(
    broker: EmbeddedBroker, fresh_name: Callable[[str], str]
) -> None:
    topic = fresh_name("big")
    await create_topics_async(broker.bootstrap, {topic: 1})
    payload = os.urandom(ONE_MB)
    async with producer(broker.bootstrap, max_request_size=4 * ONE_MB) as p:
        await p.send_and_wait(topic, payload, key=b"big", partition=0)
    got = await read_from_start(
        broker.bootstrap,
        [TopicPartition(topic, 0)],
        1,
        max_partition_fetch_bytes=4 * ONE_MB,
        fetch_max_bytes=8 * ONE_MB,
    )
    assert len(got) == 1
    assert got[0].value == payload


def _port_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_stop_leaves_nothing_behind() -> None:
    with EmbeddedBroker() as b:
        pid, log_path = b.pid, b.log_path
        assert pid is not None and log_path is not None
        assert _port_open(b.host, b.port)
    assert _process_gone(pid)
    assert not _port_open(b.host, b.port)
    assert not log_path.exists(), "temporary broker log should be removed"
    assert not b.running
    b.stop()  # idempotent


def test_stop_survives_a_broker_that_already_died(tmp_path: Path) -> None:
    b = EmbeddedBroker(log_path=tmp_path / "broker.log")
    b.start()
    pid = b.pid
    assert pid is not None
    os.kill(pid, 9)
    b.stop()
    assert _process_gone(pid)
    # A caller-supplied log is the caller's to keep.
    assert (tmp_path / "broker.log").stat().st_size > 0


def test_start_on_a_port_owned_by_another_broker_fails(broker: EmbeddedBroker) -> None:
    # The running session broker answers metadata on this port, so readiness must be
    # judged by cluster id, not by "something speaks Kafka here".
    clash = EmbeddedBroker(port=broker.port)
    with pytest.raises(BrokerUnavailable, match="exited during start-up") as info:
        clash.start(timeout=10)
    message = str(info.value)
    assert "Address in use" in message  # the log tail is part of the error
    assert "\x1b[" not in message  # no terminal colour codes in logs
    assert not clash.running
    assert broker.running


def test_run_broker_forever_prints_bootstrap_and_stops_on_sigterm(
    fresh_name: Callable[[str], str],
) -> None:
    topic = fresh_name("cli")
    code = (
        "import sys; from worker.testing.broker import run_broker_forever; "
        f"sys.exit(run_broker_forever(0, {{{topic!r}: 5}}))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=REPO_ROOT,
    )
    try:
        assert proc.stdout is not None
        bootstrap = proc.stdout.readline().decode().strip()
        host, _, port = bootstrap.partition(":")
        assert host == "127.0.0.1" and port.isdigit()
        assert asyncio.run(_partition_counts(bootstrap))[topic] == 5
        proc.terminate()
        assert proc.wait(timeout=15) == 0
        assert not _port_open(host, int(port))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
