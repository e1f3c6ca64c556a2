"""Batches on the broker: published records do not depend on batch boundaries."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from worker.stream.topics_io import make_producer, read_topic
from worker.testing.broker import EmbeddedBroker
from worker.testing.cluster import Cluster, Reader, app_settings

pytestmark = pytest.mark.integration

POOL = [
    f"Paragraph {i}: the council met on Tuesday to discuss item {i} of the budget, "
    f"and officials said spending on roads would rise by {i} percent next year."
    for i in range(40)
]


def corpus(count: int) -> list[tuple[bytes, bytes]]:
    rng = random.Random(7)
    out = []
    for i in range(count):
        picks = rng.sample(range(len(POOL)), rng.randint(2, 8))
        body = "\n\n".join(POOL[p] for p in picks + picks[:1])  # one repeat within
        out.append((f"a{i % 45}".encode(), orjson.dumps({"id": f"a{i % 45}", "body": body})))
    return out


async def publish(c: Cluster, messages: list[tuple[bytes, bytes]]) -> list[tuple[str, bytes]]:
    s = c.settings
    producer = make_producer(s, acks="all")
    await producer.start()
    try:
        for n, (key, value) in enumerate(messages):
            # One partition and fixed timestamps: both runs see the same inputs
            # in the same order, so only their batching differs.
            await producer.send(
                s.raw_topic, key=key, value=value, partition=0, timestamp_ms=1_700_000_000_000 + n
            )
        await producer.flush()
    finally:
        await producer.stop()
    async with Reader(s.bootstrap_servers, c.outputs, s.partitions) as reader:
        records = await reader.until(len(messages), within=120, settle=2)
    prefix = s.app_id
    return sorted(
        (rec.topic.removeprefix(prefix), orjson.dumps(rec.value, option=orjson.OPT_SORT_KEYS))
        for rec in records
    )


async def test_one_event_per_batch_and_large_batches_publish_the_same_records(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str]
) -> None:
    """Also with articles through <app>-articles instead of handed over."""
    messages = corpus(60)
    published = []
    for size, seconds, handoff in ((1, 0.001, True), (64, 0.3, True), (64, 0.3, False)):
        name = fresh_name(f"batch{size}{handoff}")
        settings = app_settings(
            broker.bootstrap, name, 4, batch_size=size, batch_time=seconds, local_handoff=handoff
        )
        c = Cluster(settings, tmp_path / name)
        c.tmp.mkdir()
        await c.create_topics()
        try:
            await c.wait_ready(c.start(1))
            published.append(await publish(c, messages))
        finally:
            assert all(code == 0 for code in c.stop_all())
    one_by_one, batched, through_topic = published
    assert len(one_by_one) == len(messages)
    assert batched == one_by_one
    assert through_topic == one_by_one


async def test_with_two_replicas_each_assembles_what_it_ingests(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str]
) -> None:
    """Faust assigns the same partition of every topic to one replica, so the
    replica that ingests a raw partition assembles it and hands its articles over in
    memory: <app>-articles stays (nearly) empty. Were assembly placed by article id,
    about half the articles would go through it with two replicas."""
    name = fresh_name("coassigned")
    settings = app_settings(broker.bootstrap, name, 4)
    c = Cluster(settings, tmp_path / name)
    c.tmp.mkdir()
    await c.create_topics()
    messages = [
        (f"k{i}".encode(), orjson.dumps({"id": f"id-{i}", "body": f"Paragraph {i} of the text."}))
        for i in range(120)
    ]
    try:
        await c.wait_ready(c.start(2))
        producer = make_producer(settings, acks="all")
        await producer.start()
        try:
            for key, value in messages:
                await producer.send(settings.raw_topic, key=key, value=value)
            await producer.flush()
        finally:
            await producer.stop()
        async with Reader(settings.bootstrap_servers, c.outputs, settings.partitions) as reader:
            records = await reader.until(len(messages), within=120, settle=1)
        assert len(records) == len(messages)
        through_topic = [
            m async for m in read_topic(settings, f"{settings.app_id}-articles", idle_timeout=2.0)
        ]
        assert len(through_topic) < len(messages) // 4, len(through_topic)
    finally:
        assert all(code == 0 for code in c.stop_all())
