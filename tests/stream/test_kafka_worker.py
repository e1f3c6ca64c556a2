"""The worker end to end on the embedded broker: real processes, no mocks."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from tests.helpers import SEED_FILE
from tests.stream.accounting import (
    check_accounting,
    overlapping_articles,
    published_texts,
    validate,
)
from worker.core.hashing import kafka_partition
from worker.core.models import Position
from worker.core.offline import OfflineProcessor
from worker.core.settings import Settings
from worker.stream.admin import create_topics_async
from worker.testing.broker import EmbeddedBroker
from worker.testing.cluster import Cluster, Output, Reader, app_settings, article, send_all
from worker.testing.replicas import Replica

pytestmark = pytest.mark.integration

SEED = SEED_FILE.read_text(encoding="utf-8").splitlines()


STORES = ["memory://", "rocksdb://"]


@pytest.fixture
async def cluster(
    broker: EmbeddedBroker,
    tmp_path: Path,
    fresh_name: Callable[[str], str],
    request: pytest.FixtureRequest,
) -> AsyncIterator[Cluster]:
    """Four partitions; ``memory://`` unless parametrized (indirect) with a store."""
    app = fresh_name("app")
    store = getattr(request, "param", "memory://")
    settings = app_settings(broker.bootstrap, app, 4, store=store)
    c = Cluster(settings, tmp_path)
    await c.create_topics()
    yield c
    codes = c.stop_all()
    assert all(code == 0 for code in codes), codes


def reader(c: Cluster) -> Reader:
    return Reader(c.settings.bootstrap_servers, c.outputs, c.settings.partitions)


def normalized(records: list[Output]) -> list[tuple[str, bytes | None, dict[str, object]]]:
    return [(r.topic.rsplit(".", 1)[-1], r.key, r.value) for r in records]


async def test_seed_end_to_end_matches_the_offline_pipeline(cluster: Cluster) -> None:
    [replica] = cluster.start(1)
    await cluster.wait_ready([replica])
    key, value = article("seed", SEED)
    await send_all(cluster.settings.bootstrap_servers, cluster.settings.raw_topic, [(key, value)])
    async with reader(cluster) as r:
        [record] = await r.until(1, within=60)
    validate(cluster, [record])
    offline = OfflineProcessor(Settings(), extractor=None).process(key, value, Position())
    assert record.topic == cluster.settings.clean_topic
    assert record.key == b"seed"
    assert {**record.value, "processed_at": None} == {**offline.value, "processed_at": None}
    assert record.value["stats"]["kept"] == 7


async def test_across_messages_and_full_reposts(cluster: Cluster) -> None:
    cluster.start(1)
    await cluster.wait_ready(cluster.replicas)
    s = cluster.settings
    a = article("A", SEED[:6])
    await send_all(s.bootstrap_servers, s.raw_topic, [a])
    async with reader(cluster) as r:
        await r.until(1, within=60, settle=0)
        b = article("B", [SEED[1], "A new paragraph of B.", SEED[3], SEED[4]])
        repost = article("C", SEED[:6])
        await send_all(s.bootstrap_servers, s.raw_topic, [b, repost])
        records = await r.until(3, within=60)
    validate(cluster, records)
    out = {(rec.topic, rec.key): rec.value for rec in records}
    b_out = out[(s.clean_topic, b"B")]
    assert [p["text"] for p in b_out["paragraphs"]] == ["A new paragraph of B."]
    assert [(d["index"], d["scope"], d["first_seen"]) for d in b_out["duplicates"]] == [
        (0, "across", {"article_id": "A", "index": 1}),
        (2, "across", {"article_id": "A", "index": 3}),
        (3, "across", {"article_id": "A", "index": 4}),
    ]
    assert (s.clean_topic, b"C") not in out
    assert out[(s.duplicates_topic, b"C")]["duplicate_of"] == ["A"]


async def test_bad_input_goes_to_dead_letter_with_its_bytes(cluster: Cluster) -> None:
    cluster.start(1)
    await cluster.wait_ready(cluster.replicas)
    s = cluster.settings
    bad = [
        (b"k1", b"{not json"),
        (None, b"\xff\xfe\x00"),
        (b"k3", b'{"id": 7, "body": "wrong type"}'),
        (b"k4", b'{"id": "x", "body": "   "}'),
        (b"k5", b"[]"),
        (b"k6", b""),
    ]
    good = article("after-bad", ["Still alive."])
    await send_all(s.bootstrap_servers, s.raw_topic, [*bad, good])
    async with reader(cluster) as r:
        records = await r.until(len(bad) + 1, within=60)
    validate(cluster, records)
    dead = {rec.key: rec.value for rec in records if rec.topic == s.dead_letter_topic}
    assert len(dead) == len(bad)
    for key, value in bad:
        letter = dead[key]
        assert base64.b64decode(letter["value_b64"]) == value
        assert letter["topic"] == s.raw_topic
        assert letter["key_b64"] == (None if key is None else base64.b64encode(key).decode())
    reasons = sorted(v["reason"] for v in dead.values())
    assert reasons == sorted(
        ["invalid_json", "invalid_json", "schema", "empty", "not_an_object", "empty"]
    )
    assert any(rec.key == b"after-bad" and rec.topic == s.clean_topic for rec in records)


@pytest.mark.slow
async def test_three_replicas_many_producers_every_input_accounted_once(cluster: Cluster) -> None:
    replicas = cluster.start(3)
    await cluster.wait_ready(replicas)
    await asyncio.sleep(2)  # let the group settle so no rebalance happens mid-stream
    s = cluster.settings
    messages, texts = overlapping_articles(2000, seed=1)
    bad = [(f"bad-{i}".encode(), b"{oops" + bytes([i])) for i in range(20)]
    chunks = [messages[i::4] for i in range(4)]
    chunks[0] = chunks[0] + bad
    await asyncio.gather(*(send_all(s.bootstrap_servers, s.raw_topic, ch) for ch in chunks))
    async with reader(cluster) as r:
        records = await r.until(len(messages) + len(bad), within=240, settle=3)
    validate(cluster, records)
    ids = {k for k, _ in messages}
    check_accounting(cluster, records, ids, {k for k, _ in bad}, exactly_once=True)
    assert published_texts(cluster, records) == texts  # no valid paragraph lost
    topics = {r.topic for r in records}
    assert {s.clean_topic, s.duplicates_topic, s.dead_letter_topic} <= topics


@pytest.mark.slow
@pytest.mark.parametrize("cluster", STORES, indirect=True)
async def test_kill_minus_nine_of_a_replica_loses_nothing(cluster: Cluster) -> None:
    # Repair sooner than its 60 s default, so that an internal record still
    # lost in a takeover is re-sent within the test's time.
    cluster.settings = dataclasses.replace(cluster.settings, repair_after=15.0)
    replicas = cluster.start(3)
    await cluster.wait_ready(replicas)
    s = cluster.settings
    messages, texts = overlapping_articles(1500, seed=2)
    ids = {k for k, _ in messages}
    async with reader(cluster) as r:
        sender = asyncio.create_task(send_all(s.bootstrap_servers, s.raw_topic, messages))
        await r.until(200, within=120, settle=0)
        replicas[1].kill()
        [replacement] = cluster.start(1)
        await sender
        await cluster.wait_ready([replacement])
        deadline = asyncio.get_running_loop().time() + 120
        while {
            rec.key for rec in r.records
        } != ids and asyncio.get_running_loop().time() < deadline:
            await r.until(len(r.records) + 1, within=5, settle=0)
        await r.until(len(r.records), within=5, settle=3)
        records = r.records
    validate(cluster, records)
    check_accounting(cluster, records, ids, set(), exactly_once=False)
    assert published_texts(cluster, records) == texts


@pytest.mark.parametrize("cluster", STORES, indirect=True)
async def test_dedupe_state_survives_a_restart(cluster: Cluster) -> None:
    s = cluster.settings
    [first] = cluster.start(1)
    await cluster.wait_ready([first])
    await send_all(s.bootstrap_servers, s.raw_topic, [article("before", SEED[:3])])
    async with reader(cluster) as r:
        await r.until(1, within=60, settle=0)
        assert first.terminate() == 0
        [second] = cluster.start(1)
        await cluster.wait_ready([second])
        # The expiry index is rebuilt as soon as the assignment is recovered, from the
        # owners recovery restored, not at the first timer tick (an interval later, from
        # everything written in the meantime as well).
        assert s.expiry_interval >= 60
        indexed = await _log_line(second, INDEXED, within=15)
        await send_all(s.bootstrap_servers, s.raw_topic, [article("after", SEED[:3])])
        records = await r.until(2, within=60)
    assert [(rec.topic, rec.key) for rec in records] == [
        (s.clean_topic, b"before"),
        (s.duplicates_topic, b"after"),
    ]
    assert int(indexed[1]) == 3


INDEXED = re.compile(r"indexed (\d+) paragraph owners")


async def _log_line(replica: Replica, pattern: re.Pattern[str], within: float) -> re.Match[str]:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        found = pattern.search(replica.log_text())
        if found is not None:
            return found
        assert asyncio.get_running_loop().time() < deadline, replica.tail()
        await asyncio.sleep(0.2)


@pytest.mark.parametrize("store", STORES)
async def test_window_expiry_survives_a_restart(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str], store: str
) -> None:
    app = fresh_name("win")
    settings = app_settings(broker.bootstrap, app, 2, dedupe_window=6.0, store=store)
    c = Cluster(settings, tmp_path, extra_env={"WORKER_EXPIRY_INTERVAL": "1"})
    await c.create_topics()
    try:
        [first] = c.start(1)
        await c.wait_ready([first])
        s = c.settings
        async with reader(c) as r:
            await send_all(s.bootstrap_servers, s.raw_topic, [article("one", SEED[:2])])
            await r.until(1, within=60, settle=0)
            await send_all(s.bootstrap_servers, s.raw_topic, [article("two", SEED[:2])])
            await r.until(2, within=60, settle=0)
            assert first.terminate() == 0
            [second] = c.start(1)
            await c.wait_ready([second])
            await asyncio.sleep(6.5)  # past the window, measured from "one"'s claim
            await send_all(s.bootstrap_servers, s.raw_topic, [article("three", SEED[:2])])
            records = await r.until(3, within=60)
        assert [(rec.topic, rec.key) for rec in records] == [
            (s.clean_topic, b"one"),
            (s.duplicates_topic, b"two"),
            (s.clean_topic, b"three"),
        ]
        assert "expired" in second.log_text()
    finally:
        assert all(code == 0 for code in c.stop_all())


async def test_the_same_article_id_twice_at_once(cluster: Cluster) -> None:
    cluster.start(1)
    await cluster.wait_ready(cluster.replicas)
    s = cluster.settings
    v1 = article("same", [SEED[0], SEED[1], "Only in the first version."])
    v2 = article("same", [SEED[0], SEED[1], "Only in the second version."])
    await send_all(s.bootstrap_servers, s.raw_topic, [v1, v2])
    async with reader(cluster) as r:
        records = await r.until(2, within=60)
    validate(cluster, records)
    assert [(rec.topic, rec.key) for rec in records] == [(s.clean_topic, b"same")] * 2
    texts = [[p["text"] for p in rec.value["paragraphs"]] for rec in records]
    # Ownership is per article id: both versions keep the shared paragraphs.
    assert texts == [
        [SEED[0], SEED[1], "Only in the first version."],
        [SEED[0], SEED[1], "Only in the second version."],
    ]
    assert all(rec.value["duplicates"] == [] for rec in records)


async def test_lost_internal_messages_are_repaired(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str]
) -> None:
    """An article whose claims never went out, and one whose prepared article was
    lost (only a verdict arrived), are both completed by the repair sweep."""
    from worker.core.codec import Limits
    from worker.core.dead_letters import Original
    from worker.core.dedupe import claim_all, claims_by_partition
    from worker.core.ingest import prepare
    from worker.core.models import PreparedArticle
    from worker.core.shapes import results_to_json
    from worker.core.wire import VerdictBatch, article_message, encode

    c = Cluster(
        app_settings(broker.bootstrap, fresh_name("repair"), 2),
        tmp_path,
        extra_env={"WORKER_REPAIR_AFTER": "2"},
    )
    side_topic = f"{c.settings.app_id}.side"
    await c.create_topics()
    await create_topics_async(broker.bootstrap, {side_topic: 2})
    s = c.settings
    [replica] = c.start(1)
    try:
        await c.wait_ready([replica])
        limits = Limits(s.max_message_bytes, s.max_paragraphs)
        # 1. A prepared article with no claims sent for it.
        _, value = article("no-claims", ["Lonely paragraph one.", "Lonely paragraph two."])
        prepared = prepare(value, limits)
        assert isinstance(prepared, PreparedArticle)
        batches = claims_by_partition(prepared.paragraphs, s.partitions)
        message = article_message(
            prepared, f"{side_topic}:1:99", 1.0, len(batches), Original.of(None, value)
        )
        await send_all(
            s.bootstrap_servers, f"{s.app_id}-articles", [(b"no-claims", encode(message))]
        )
        # 2. A verdict whose prepared article never arrived; its raw message is
        # readable at the request's position.
        key, raw = article("no-article", ["Orphan paragraph one.", "Orphan paragraph two."])
        await send_all(s.bootstrap_servers, side_topic, [(key, raw)])
        lost = prepare(raw, limits)
        assert isinstance(lost, PreparedArticle)
        batch, claims = next(iter(claims_by_partition(lost.paragraphs, s.partitions).items()))
        results = claim_all({}, "no-article", claims, 1.0, 0.0)
        verdict = VerdictBatch(
            f"{side_topic}:{kafka_partition(key, 2)}:0",
            "no-article",
            batch,
            results_to_json(results),
        )
        await send_all(s.bootstrap_servers, f"{s.app_id}-verdicts", [(key, encode(verdict))])
        async with reader(c) as r:
            records = await r.until(2, within=60)
        validate(c, records)
        assert sorted((rec.topic, rec.key) for rec in records) == [
            (s.clean_topic, b"no-article"),
            (s.clean_topic, b"no-claims"),
        ]
        assert "repair: re-sent" in replica.log_text()
    finally:
        assert replica.terminate() == 0
