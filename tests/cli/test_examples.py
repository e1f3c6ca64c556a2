"""The examples/ programs against the embedded broker and a real worker replica.

examples/crawler_producer.py sends raw articles, the worker cleans them, and
examples/clean_table_consumer.py reads the clean topic back as a table: the
latest version per article id, every record valid against the clean schema.
Both are used as functions and through their ``__main__`` entries, with their
settings taken from the worker's environment variables.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.helpers import ROOT, assert_valid
from worker.core.codec import load_schema
from worker.core.settings import Settings, load_settings
from worker.stream.admin import create_topics_async
from worker.testing.broker import EmbeddedBroker
from worker.testing.cluster import Cluster, Reader, app_settings, send_all

pytestmark = pytest.mark.integration

EXAMPLES = ROOT / "examples"


def load_example(name: str) -> ModuleType:
    """An examples/ script as a module (examples/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


producer_example = load_example("crawler_producer")
consumer_example = load_example("clean_table_consumer")


def example_env(settings: Settings) -> dict[str, str]:
    """What a deployment would set: the worker's own variables, nothing else."""
    return {
        "KAFKA_BOOTSTRAP_SERVERS": settings.bootstrap_servers,
        "WORKER_RAW_TOPIC": settings.raw_topic,
        "WORKER_CLEAN_TOPIC": settings.clean_topic,
        # The embedded broker has no idempotent producers.
        "WORKER_BROKER_PROFILE": "embedded",
    }


@pytest.fixture
def env_of(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Settings], dict[str, str]]]:
    """Point this process's environment at a cluster; returns the variables."""
    for name in list(os.environ):
        if name.startswith(("WORKER_", "KAFKA_")):
            monkeypatch.delenv(name)

    def apply(settings: Settings) -> dict[str, str]:
        env = example_env(settings)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return env

    yield apply


def run_example(name: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``python examples/<name>.py args`` with only the given worker variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WORKER_", "KAFKA_"))}
    path = os.pathsep.join(p for p in (str(ROOT), clean.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py"), *args],
        env={**clean, **env, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
async def cluster(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str]
) -> AsyncIterator[Cluster]:
    c = Cluster(app_settings(broker.bootstrap, fresh_name("examples"), 4), tmp_path)
    await c.create_topics()
    yield c
    codes = c.stop_all()
    assert all(code == 0 for code in codes), codes


FIRST = {
    "id": "story-1",
    "url": "https://news.example/story-1",
    "title": "Port reopens after storm (first crawl)",
    "body": "The port of Klaipeda reopened on Monday.\nShips queued overnight.",
    "crawler": "rss-1",
}
SECOND = {
    **FIRST,
    "title": "Port reopens after storm (updated)",
    "body": (
        "The port of Klaipeda reopened on Monday.\n"
        "Ships queued overnight.\n"
        "By noon forty vessels had docked, the harbour master said."
    ),
}
OTHER = {
    "url": "https://other.example/markets/2024/1.html",
    "html": "<article><p>Grain prices rose for a third week.</p></article>",
}


def paragraphs(record: dict[str, Any]) -> list[str]:
    return [p["text"] for p in record["paragraphs"]]


async def test_producer_worker_and_table_consumer_end_to_end(
    cluster: Cluster, env_of: Callable[[Settings], dict[str, str]], tmp_path: Path
) -> None:
    s = cluster.settings
    env = env_of(s)
    [replica] = cluster.start(1)
    await cluster.wait_ready([replica])

    async with Reader(s.bootstrap_servers, cluster.outputs, s.partitions) as reader:
        # The first crawl, through the function, with the settings from the environment.
        [sent] = await producer_example.produce_articles([FIRST])
        assert sent.key == b"story-1"
        await reader.until(1, within=60, settle=0)

        # The re-crawl of the same id and another article, through the script's entry.
        jsonl = tmp_path / "crawl.jsonl"
        jsonl.write_text("".join(json.dumps(a) + "\n" for a in (SECOND, OTHER)))
        done = await asyncio.to_thread(run_example, "crawler_producer", env, str(jsonl))
        assert done.returncode == 0, done.stderr
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        assert [line["key"] for line in lines] == ["story-1", OTHER["url"]]
        # Same key, same partition: the re-crawl is processed after the first crawl.
        assert lines[0]["partition"] == sent.partition

        records = await reader.until(3, within=60)
    assert {r.topic for r in records} == {s.clean_topic}, [r.value for r in records]
    assert [r.key for r in records].count(b"story-1") >= 2  # both versions were published

    table = await consumer_example.read_clean_table(idle_timeout=2.0)
    assert table.invalid == []
    other_id = next(r.value["id"] for r in records if r.value["url"] == OTHER["url"])
    assert set(table.articles) == {"story-1", other_id}
    story = table.articles["story-1"]
    assert story["title"] == SECOND["title"]
    assert paragraphs(story) == SECOND["body"].split("\n")  # its own paragraphs stay its own
    assert story["stats"]["kept"] == 3 and story["duplicates"] == []
    assert story["extra"] == {"crawler": "rss-1"}
    assert paragraphs(table.articles[other_id]) == ["Grain prices rose for a third week."]
    assert table.records == len(records) and table.tombstones == 0
    for article in table.articles.values():
        assert_valid("clean_article", article)

    # The consumer's entry prints the same table, one JSON line per id.
    shown = await asyncio.to_thread(run_example, "clean_table_consumer", env, "--idle", "2")
    assert shown.returncode == 0, shown.stderr
    printed = {a["id"]: a for a in map(json.loads, shown.stdout.splitlines())}
    assert printed == table.articles
    assert "2 articles from" in shown.stderr and "0 invalid" in shown.stderr
    summary = await asyncio.to_thread(
        run_example, "clean_table_consumer", env, "--idle", "2", "--summary"
    )
    assert summary.returncode == 0, summary.stderr
    rows = {row["id"]: row for row in map(json.loads, summary.stdout.splitlines())}
    assert rows["story-1"]["title"] == SECOND["title"] and rows["story-1"]["kept"] == 3


async def test_table_consumer_keeps_latest_drops_tombstoned_and_reports_invalid(
    broker: EmbeddedBroker,
    fresh_name: Callable[[str], str],
    env_of: Callable[[Settings], dict[str, str]],
) -> None:
    # No worker: records written straight to a clean topic, as compaction sees them.
    s = app_settings(broker.bootstrap, fresh_name("table"), 2)
    env = env_of(s)
    await create_topics_async(s.bootstrap_servers, s.topics(), configs=s.topic_configs())
    example = load_schema("clean_article")["examples"][0]
    old = {**example, "id": "a-1", "title": "old"}
    new = {**example, "id": "a-1", "title": "new"}
    gone = {**example, "id": "b-2"}
    invalid = {**example, "id": "c-3", "content_hash": "not a hash"}
    wrong_key = {**example, "id": "d-4"}
    records: list[tuple[bytes | None, bytes]] = [
        (b"a-1", json.dumps(old).encode()),
        (b"b-2", json.dumps(gone).encode()),
        (b"c-3", json.dumps(invalid).encode()),
        (b"a-1", json.dumps(new).encode()),
        (b"x-9", json.dumps(wrong_key).encode()),
        (b"e-5", b"{not json"),
    ]
    await send_all(s.bootstrap_servers, s.clean_topic, records)
    # A tombstone (no value) deletes b-2; send_all only sends values, so aiokafka directly.
    producer = producer_example.make_producer(load_settings())
    await producer.start()
    try:
        await producer.send_and_wait(s.clean_topic, key=b"b-2", value=None)
    finally:
        await producer.stop()

    # A crawler may choose its keys, e.g. a syndicated copy keyed like its original.
    [copy] = await producer_example.produce_articles(
        [{"id": "copy-1", "body": "Copied text."}], key=lambda _: b"a-1"
    )
    [original] = await producer_example.produce_articles([{"id": "a-1", "body": "Original."}])
    assert (copy.key, copy.partition) == (b"a-1", original.partition)

    table = await consumer_example.read_clean_table(idle_timeout=2.0)
    assert set(table.articles) == {"a-1"}
    assert table.articles["a-1"]["title"] == "new"
    assert (table.records, table.tombstones) == (7, 1)
    problems = {bad.key: " ".join(bad.problems) for bad in table.invalid}
    assert set(problems) == {b"c-3", b"x-9", b"e-5"}
    assert "content_hash" in problems[b"c-3"]
    assert "not the article id" in problems[b"x-9"]
    assert "not JSON" in problems[b"e-5"]

    shown = await asyncio.to_thread(run_example, "clean_table_consumer", env, "--idle", "2")
    assert shown.returncode == 1
    assert [json.loads(line)["id"] for line in shown.stdout.splitlines()] == ["a-1"]
    assert "3 invalid" in shown.stderr


def test_producer_refuses_what_the_worker_would_dead_letter(
    env_of: Callable[[Settings], dict[str, str]], tmp_path: Path
) -> None:
    # Refused before connecting: the bootstrap address is never dialled.
    settings = Settings(bootstrap_servers="127.0.0.1:9", max_message_bytes=64 * 1024)
    env = env_of(settings)
    produce = producer_example.produce_articles
    RejectedArticle = producer_example.RejectedArticle

    with pytest.raises(RejectedArticle) as schema_error:
        asyncio.run(produce([{"id": "x", "title": "no body"}], settings=settings))
    assert schema_error.value.reason == "schema"
    big = {"id": "big", "body": "word " * 20_000}
    with pytest.raises(RejectedArticle) as too_large:
        asyncio.run(produce([FIRST, big], settings=settings))
    assert (too_large.value.reason, too_large.value.index) == ("too_large", 1)
    assert producer_example.article_key({"id": "  a-1 ", "url": "u"}) == b"a-1"
    assert producer_example.article_key({"url": "https://x/1"}) == b"https://x/1"

    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_text(json.dumps({"id": 7, "body": "wrong type"}) + "\n")
    done = run_example("crawler_producer", {**env, "WORKER_MAX_MESSAGE_BYTES": "65536"}, str(jsonl))
    assert done.returncode == 1 and "article 0: schema" in done.stderr, done.stderr
    assert done.stdout == ""

    jsonl.write_text(json.dumps(FIRST) + "\n")
    unreachable = run_example("crawler_producer", env, str(jsonl))
    assert unreachable.returncode == 3, unreachable.stderr


def test_client_settings_follow_the_worker() -> None:
    real = Settings(broker_profile="kafka", max_message_bytes=1_000_000)
    options = producer_example.producer_options(real)
    assert options["acks"] == "all" and options["enable_idempotence"] is True
    assert options["max_request_size"] == real.limits.produce_bytes
    assert options["linger_ms"] > 0
    embedded = Settings(broker_profile="embedded")
    assert producer_example.producer_options(embedded)["enable_idempotence"] is False
    reading = consumer_example.consumer_options(real)
    assert reading["max_partition_fetch_bytes"] == real.limits.produce_bytes
    assert reading["fetch_max_bytes"] == real.limits.produce_bytes
    assert reading["enable_auto_commit"] is False
