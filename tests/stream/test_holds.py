"""An incomplete article holds the offsets of its parts, on a real broker.

Its article message stays uncommitted (and so does everything after it on
its partition) while its verdicts are missing, a SIGTERM does not wait for
them, the replica that takes over reads the article again and completes it,
and nothing but a small done marker reaches the pending changelog.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from tests.stream.accounting import validate
from worker.core.dead_letters import Original
from worker.core.dedupe import claim_all, claims_by_partition
from worker.core.group_log import is_group_key, markers
from worker.core.hashing import kafka_partition
from worker.core.ingest import prepare
from worker.core.models import PreparedArticle
from worker.core.shapes import results_to_json
from worker.core.wire import VerdictBatch, article_message, encode
from worker.stream.readiness import LAG_INTERVAL
from worker.stream.topics_io import read_topic
from worker.testing.broker import EmbeddedBroker, free_port
from worker.testing.cluster import Cluster, Reader, app_settings, article, send_all

pytestmark = pytest.mark.integration


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return str(response.read().decode())


async def committed(bootstrap: str, group: str, tp: TopicPartition) -> int | None:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group)
    await consumer.start()
    try:
        return await consumer.committed(tp)
    finally:
        await consumer.stop()


async def committed_reaches(
    bootstrap: str, group: str, tp: TopicPartition, offset: int, within: float
) -> int | None:
    deadline = time.monotonic() + within
    found = await committed(bootstrap, group, tp)
    while (found is None or found < offset) and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        found = await committed(bootstrap, group, tp)
    return found


async def test_an_article_waiting_for_verdicts_is_read_again_after_a_restart(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str]
) -> None:
    # Repair far away: only the held offset can bring the article back.
    port = free_port()
    c = Cluster(
        # Articles through <app>-articles: the hold of a raw record whose
        # article is handed over in memory is in test_handoff.py.
        app_settings(broker.bootstrap, fresh_name("holds"), 2, local_handoff=False),
        tmp_path,
        extra_env={"WORKER_REPAIR_AFTER": "3600", "WORKER_METRICS_PORT": str(port)},
    )
    await c.create_topics()
    s = c.settings
    limits = s.limits
    key, raw = article("waiting", ["Held paragraph one.", "Held paragraph two."])
    prepared = prepare(raw, limits)
    assert isinstance(prepared, PreparedArticle)
    batches = claims_by_partition(prepared.paragraphs, s.partitions)
    request = f"{s.raw_topic}:0:0"
    message = article_message(prepared, request, 1.0, len(batches), Original.of(key, raw))
    home = kafka_partition(key, s.partitions)
    articles = TopicPartition(f"{s.app_id}-articles", home)

    [first] = c.start(1)
    await c.wait_ready([first])
    # One article published before, so the partition has a commit (at 1) to hold.
    candidates = (article(f"before-{i}", [f"Before paragraph {i}."]) for i in range(64))
    before = next(a for a in candidates if kafka_partition(a[0], s.partitions) == home)
    await send_all(s.bootstrap_servers, s.raw_topic, [before])
    async with Reader(s.bootstrap_servers, c.outputs, s.partitions) as r:
        await r.until(1, within=60)
    assert await committed_reaches(s.bootstrap_servers, s.app_id, articles, 1, 30) == 1
    # The article message alone: its claims never go out, so it waits.
    await send_all(s.bootstrap_servers, articles.topic, [(key, encode(message))])
    # Complete articles after it on the same partition are published...
    later = [article(f"later-{i}", [f"Later paragraph {i}."]) for i in range(8)]
    same_home = [(k, v) for k, v in later if kafka_partition(k, s.partitions) == home]
    assert same_home
    await send_all(s.bootstrap_servers, s.raw_topic, later)
    async with Reader(s.bootstrap_servers, c.outputs, s.partitions) as r:
        out = await r.until(len(later) + 1, within=60)
    validate(c, out)
    # ...but the commit of the articles partition stays at the waiting one,
    # and the replica reports the records a restart would read again.
    await asyncio.sleep(LAG_INTERVAL + 1.0)
    assert (await committed(s.bootstrap_servers, s.app_id, articles)) == 1
    text = await asyncio.to_thread(scrape, port)
    series = f'news_worker_uncommitted_records{{partition="{home}",topic="{articles.topic}"}}'
    found = [line for line in text.splitlines() if line.startswith(series)]
    assert found and float(found[0].rsplit(" ", 1)[1]) >= 2, found
    # SIGTERM does not wait for verdicts that cannot come.
    assert first.terminate(timeout=30) == 0

    [second] = c.start(1)
    try:
        await c.wait_ready([second])
        for batch, claims in batches.items():
            results = claim_all({}, "waiting", claims, 1.0, 0.0)
            verdict = VerdictBatch(request, "waiting", batch, results_to_json(results))
            await send_all(s.bootstrap_servers, f"{s.app_id}-verdicts", [(key, encode(verdict))])
        async with Reader(s.bootstrap_servers, c.outputs, s.partitions) as r:
            records = await r.until(len(later) + 2, within=60)
        validate(c, records)
        assert sorted(rec.key or b"" for rec in records).count(b"waiting") == 1
        # Complete now: the partition's commit moves past it.
        moved = await committed_reaches(s.bootstrap_servers, s.app_id, articles, 2, 30)
        assert moved is not None and moved >= 2
    finally:
        assert second.terminate() == 0
    # The changelog holds done markers, never an article.
    changelog = [m async for m in read_topic(s, f"{s.app_id}-pending-changelog", idle_timeout=2.0)]
    assert changelog and all(
        m.key is not None and is_group_key(orjson.loads(m.key)) for m in changelog
    )
    done = [entry for m in changelog for _, entry in markers(m.value)]
    assert len(done) >= len(later) + 2
    assert all(len(orjson.dumps(entry)) < 200 and "article" not in entry for entry in done)
