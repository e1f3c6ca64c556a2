"""Nothing lost: large and hostile input, state faults, crashes, a stalled broker.

Real worker processes on the embedded broker; each test ends with every input
accounted for on the output topics.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import random
import signal
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import orjson
import pytest

from tests.stream.accounting import (
    check_accounting,
    overlapping_articles,
    published_texts,
    validate,
)
from worker.stream.redrive import redrive
from worker.stream.topics_io import read_at
from worker.testing.broker import EmbeddedBroker
from worker.testing.cluster import Cluster, Output, Reader, app_settings, article, send_all

pytestmark = pytest.mark.integration

STORES = ["memory://", "rocksdb://"]
# SIGTERM under load must end a replica well within compose's stop_grace_period (60 s).
GRACE_SECONDS = 30.0


def reader(c: Cluster) -> Reader:
    return Reader(c.settings.bootstrap_servers, c.outputs, c.settings.partitions)


async def make_cluster(
    bootstrap: str, tmp_path: Path, name: str, partitions: int = 4, **env: str
) -> Cluster:
    c = Cluster(app_settings(bootstrap, name, partitions), tmp_path, extra_env=env)
    await c.create_topics()
    return c


@pytest.fixture
async def cluster(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str]
) -> AsyncIterator[Cluster]:
    c = await make_cluster(broker.bootstrap, tmp_path, fresh_name("rel"))
    yield c
    codes = c.stop_all()
    assert all(code == 0 for code in codes), codes


def sized_article(article_id: str, size: int) -> tuple[bytes, bytes]:
    """A valid article of about ``size`` bytes in at most ~1,000 paragraphs."""
    rng = random.Random(size)
    words = ["market", "minister", "river", "council", "harbour", "season", "report"]
    paragraphs: list[str] = []
    total = 0
    scale = max(1, size // 400_000)
    while total < size:
        text = " ".join(rng.choice(words) for _ in range(rng.randint(15, 120) * scale))
        text = f"{article_id} paragraph {len(paragraphs)}: {text}."
        paragraphs.append(text)
        total += len(text) + 1
    return article(article_id, paragraphs)


async def read_all(c: Cluster, keys: set[bytes | None], within: float) -> list[Output]:
    """Records until every key has at least one, then a short settle."""
    async with reader(c) as r:
        deadline = time.monotonic() + within
        while {rec.key for rec in r.records} < keys and time.monotonic() < deadline:
            await r.until(len(r.records) + 1, within=2, settle=0)
        await r.until(len(r.records), within=2, settle=2)
        return r.records


async def test_large_and_hostile_inputs_are_all_accounted_for(cluster: Cluster) -> None:
    s = cluster.settings
    [replica] = cluster.start(1)
    await cluster.wait_ready([replica])
    sizes = {"a-300k": 300_000, "a-700k": 700_000, "a-1.2m": 1_200_000}
    sizes |= {"a-2.5m": 2_500_000, "a-3.9m": 3_900_000, "a-1k": 1_000}
    inputs = [sized_article(k, v) for k, v in sizes.items()]
    huge = b'{"id": "huge", "body": "' + b"x" * (9_500 * 1024) + b'"}'
    many = "\n".join(f"p{i:05d} " + "y" * 93 for i in range(s.max_paragraphs))
    deep = b'{"id": "deep", "body": "ok", "nest": ' + b"[" * 300 + b"]" * 300 + b"}"
    inputs += [
        (b"huge", huge),
        (b"many", orjson.dumps({"id": "many", "body": many})),
        (b"deep", deep),
        article("after", ["The article after the hostile ones."]),
    ]
    await send_all(s.bootstrap_servers, s.raw_topic, inputs)
    keys = {k for k, _ in inputs}
    records = await read_all(cluster, keys, within=180)
    validate(cluster, records)
    out = {rec.key: rec for rec in records}
    assert set(out) == keys
    for key in [k.encode() for k in sizes] + [b"many", b"after"]:
        assert out[key].topic == s.clean_topic, (key, out[key].value.get("detail"))
    assert out[b"many"].value["stats"]["kept"] == s.max_paragraphs
    letter = out[b"huge"].value
    assert (letter["reason"], letter["truncated"]) == ("too_large", True)
    assert letter["value_sha256"] == hashlib.sha256(huge).hexdigest()
    assert letter["value_size"] == len(huge)
    assert out[b"deep"].value["reason"] == "output_unserializable"
    assert base64.b64decode(out[b"deep"].value["value_b64"]) == deep
    # The partitions replay cleanly: a restarted replica starts and works.
    assert replica.terminate() == 0
    [again] = cluster.start(1)
    await cluster.wait_ready([again])
    await send_all(s.bootstrap_servers, s.raw_topic, [article("later", ["Still working."])])
    later = await read_all(cluster, {*keys, b"later"}, within=60)
    assert any(rec.key == b"later" and rec.topic == s.clean_topic for rec in later)

    # A truncated dead letter is redriven from the original on the raw topic.
    found = await read_at(s, [(s.raw_topic, letter["partition"], letter["offset"])])
    assert [m.value for m in found.values()] == [huge]
    assert await redrive(s, reasons={"too_large"}) == 1
    redriven = await read_all(cluster, set(), within=0)
    letters = [r for r in redriven if r.key == b"huge"]
    assert len(letters) == 2
    assert {r.value["value_sha256"] for r in letters} == {letter["value_sha256"]}


@pytest.mark.parametrize("store", STORES)
async def test_replicas_sharing_one_data_dir_each_claim_their_own_state(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str], store: str
) -> None:
    shared = str(tmp_path / "shared-data")
    c = await make_cluster(broker.bootstrap, tmp_path, fresh_name("dir"), WORKER_STORE=store)
    s = c.settings
    try:
        c.start(3, data_dir=shared)
        await c.wait_ready(c.replicas)
        messages, _ = overlapping_articles(200, seed=7)
        await send_all(s.bootstrap_servers, s.raw_topic, messages)
        records = await read_all(c, {k for k, _ in messages}, within=120)
        check_accounting(c, records, {k for k, _ in messages}, set(), exactly_once=False)
        slots = sorted(p.name for p in (Path(shared) / s.app_id).iterdir() if p.is_dir())
        assert slots == ["replica-0", "replica-1", "replica-2"]
    finally:
        assert all(code == 0 for code in c.stop_all())


async def test_local_state_ahead_of_its_changelog_is_wiped_and_restored(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str]
) -> None:
    from rocksdict import Options, Rdict

    c = await make_cluster(
        broker.bootstrap, tmp_path, fresh_name("ahead"), partitions=2, WORKER_STORE="rocksdb://"
    )
    s = c.settings
    data = tmp_path / "data"
    try:
        [first] = c.start(1, data_dir=str(data))
        await c.wait_ready([first])
        await send_all(s.bootstrap_servers, s.raw_topic, [article("orig", ["Alpha.", "Beta."])])
        await read_all(c, {b"orig"}, within=60)
        assert first.terminate() == 0
        # What a recreated changelog or a short reported end looks like locally.
        tables = next((data / s.app_id / "replica-0").rglob("owners-*.db"))
        for db_path in tables.parent.glob("owners-*.db"):
            db = Rdict(str(db_path), Options(raw_mode=True))
            db[b"__faust\0offset__"] = b"1000000"
            db.close()
        [second] = c.start(1, data_dir=str(data))
        await c.wait_ready([second])
        await send_all(s.bootstrap_servers, s.raw_topic, [article("copy", ["Alpha.", "Beta."])])
        records = await read_all(c, {b"orig", b"copy"}, within=60)
        copy = [r for r in records if r.key == b"copy"]
        # The owners came back from the changelog: the copy is a duplicate.
        assert [r.topic for r in copy] == [s.duplicates_topic]
        assert "past the changelog end" in second.log_text()
    finally:
        assert all(code == 0 for code in c.stop_all())


async def stream_with_chaos(
    c: Cluster, messages: list[tuple[bytes, bytes]], interval: float, rng: random.Random
) -> int:
    """Send ``messages`` while kill -9-ing a random replica every ``interval`` s and
    starting a new one in its place; returns how many were killed."""
    s = c.settings
    sender = asyncio.create_task(send_all(s.bootstrap_servers, s.raw_topic, messages))
    kills = 0
    ids = {k for k, _ in messages}
    async with reader(c) as r:
        deadline = time.monotonic() + 200
        while time.monotonic() < deadline:
            await r.until(len(r.records) + 1, within=interval, settle=0)
            if {rec.key for rec in r.records} >= ids:
                break
            if (kills < 4 and not sender.done()) or kills < 2:
                live = [x for x in c.replicas if x.proc and x.proc.poll() is None]
                victim = rng.choice(live)
                victim.kill()
                kills += 1
                c.replicas.remove(victim)
                c.start(1)
        await sender
    return kills


@pytest.mark.slow
@pytest.mark.timeout(420)
@pytest.mark.parametrize("store", STORES)
async def test_chaos_kill_minus_nine_of_random_replicas(
    tmp_path: Path, fresh_name: Callable[[str], str], store: str
) -> None:
    # A broker of its own: the shared one holds every earlier test's data by
    # now, and its speed would decide whether this finishes in time. Repair
    # comes sooner than its 60 s default, so that a message lost with a
    # killed replica is re-sent within the test's time.
    with EmbeddedBroker(log_path=tmp_path / "chaos-broker.log") as own:
        c = await make_cluster(
            own.bootstrap,
            tmp_path,
            fresh_name("chaos"),
            WORKER_STORE=store,
            WORKER_REPAIR_AFTER="15",
        )
        try:
            await c.wait_ready(c.start(3))
            messages, texts = overlapping_articles(5000, seed=11)
            kills = await stream_with_chaos(c, messages, interval=4.0, rng=random.Random(3))
            assert kills >= 2
            ids = {k for k, _ in messages}
            records = await read_all(c, ids, within=180)
            validate(c, records)
            check_accounting(c, records, ids, set(), exactly_once=False)
            assert published_texts(c, records) == texts
            # Only the victims were killed, and they left the list: a replica that
            # exited by itself crashed (a rebalance mid-timer once did it).
            assert c.exited() == []
            await c.wait_ready(c.replicas)
        finally:
            assert all(code == 0 for code in c.stop_all())


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES)
async def test_a_broker_paused_for_15_seconds_loses_nothing(
    tmp_path: Path, fresh_name: Callable[[str], str], store: str
) -> None:
    with EmbeddedBroker(log_path=tmp_path / "paused-broker.log") as own:
        c = await make_cluster(own.bootstrap, tmp_path, fresh_name("pause"), WORKER_STORE=store)
        try:
            await c.wait_ready(c.start(2))
            messages, texts = overlapping_articles(1500, seed=5)
            ids = {k for k, _ in messages}
            s = c.settings
            sender = asyncio.create_task(send_all(s.bootstrap_servers, s.raw_topic, messages))
            await asyncio.sleep(2)
            assert own.pid is not None
            os.kill(own.pid, signal.SIGSTOP)
            await asyncio.sleep(15)
            os.kill(own.pid, signal.SIGCONT)
            await sender
            records = await read_all(c, ids, within=240)
            check_accounting(c, records, ids, set(), exactly_once=False)
            assert published_texts(c, records) == texts
            assert all(r.proc and r.proc.poll() is None for r in c.replicas)
        finally:
            assert all(code == 0 for code in c.stop_all())


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES)
async def test_sigterm_under_full_load_exits_cleanly_within_the_grace_period(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str], store: str
) -> None:
    cluster = await make_cluster(broker.bootstrap, tmp_path, fresh_name("term"), WORKER_STORE=store)
    try:
        s = cluster.settings
        await cluster.wait_ready(cluster.start(2))
        messages, texts = overlapping_articles(2000, seed=9)
        ids = {k for k, _ in messages}
        sender = asyncio.create_task(send_all(s.bootstrap_servers, s.raw_topic, messages))
        async with reader(cluster) as r:
            await r.until(300, within=120, settle=0)
        stopping = cluster.replicas[0]
        started = time.monotonic()
        assert stopping.terminate(timeout=GRACE_SECONDS) == 0
        assert time.monotonic() - started < GRACE_SECONDS
        await sender
        records = await read_all(cluster, ids, within=240)
        check_accounting(cluster, records, ids, set(), exactly_once=False)
        assert published_texts(cluster, records) == texts
    finally:
        assert all(code == 0 for code in cluster.stop_all())


def hostile_inputs() -> list[tuple[bytes, bytes]]:
    """One of each adversarial shape, at sizes the bounds must absorb."""
    prose = "The minister said the council would meet on Monday in the harbour town. "

    def body(key: str, text: str, field: str = "body") -> tuple[bytes, bytes]:
        return key.encode(), orjson.dumps({"id": key, field: text})

    return [
        body("one-char-paragraphs", "a\n" * 100_000),
        (b"json-deep", b"[" * 100_000 + b"]" * 100_000),
        body("html-deep", "<div>" * 100_000 + "<p>deep text</p>", field="html"),
        body("html-deep-closed", "<div>" * 50_000 + "<p>x</p>" + "</div>" * 50_000, "html"),
        body("entity-bomb", "<p>" + "&amp;" * 800_000 + "</p>", field="html"),
        body("numeric-refs", "<p>" + "&#1;&#0;&#x10FFFF;" * 20_000 + "</p>", field="html"),
        (b"invalid-utf8", b'{"id": "u", "body": "\xff\xfe bad"}'),
        (b"lone-surrogate", b'{"id": "s", "body": "a \\ud800 b"}'),
        body("controls", "\x00\x01\x02 text with NUL \x1b[31m and escapes\x7f\n" * 2000),
        body("rtl-mixed", ("مرحبا بالعالم Hello עולם 世界 " * 2000 + "\n") * 5),
        body("long-word", "x" * 100_000),
        body("unclosed-quotes", prose + "\u201c" * 50_000),
        body("straight-quotes", (prose + '"') * 20_000),
        body("dollar-digits", "$" + "9" * 100_000),
        body("mondays", "Monday " * 50_000),
        body("names", "Name " * 20_000),
        body("said", "X said " * 20_000),
        body("one-giant-paragraph", prose * 3_000),
        body("presidents", "President Smith met President Jones. " * 5_000),
        article("tiny-after", ["A small article after the hostile ones."]),
    ]


@pytest.mark.slow
async def test_hostile_inputs_with_extraction_all_come_out(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str]
) -> None:
    c = await make_cluster(broker.bootstrap, tmp_path, fresh_name("hostile"), WORKER_EXTRACT="true")
    s = c.settings
    try:
        [replica] = c.start(1)
        await c.wait_ready([replica], limit=180)
        inputs = hostile_inputs()
        await send_all(s.bootstrap_servers, s.raw_topic, inputs)
        keys = {k for k, _ in inputs}
        records = await read_all(c, keys, within=300)
        validate(c, records)
        out = {rec.key: rec for rec in records}
        assert set(out) == keys
        for key, value in inputs:
            if out[key].topic == s.dead_letter_topic:
                assert base64.b64decode(out[key].value["value_b64"]) == value
        assert out[b"tiny-after"].topic == s.clean_topic
        assert out[b"json-deep"].value["reason"] == "invalid_json"
        assert out[b"invalid-utf8"].value["reason"] == "invalid_json"
        assert out[b"one-char-paragraphs"].value["reason"] == "too_large"
        assert replica.proc is not None and replica.proc.poll() is None
    finally:
        assert all(code == 0 for code in c.stop_all())
