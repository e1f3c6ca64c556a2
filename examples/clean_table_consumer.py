"""A downstream consumer: the clean topic read as a table, the latest record per id.

    KAFKA_BOOTSTRAP_SERVERS=localhost:9094 python examples/clean_table_consumer.py
    python examples/clean_table_consumer.py --summary     # one short line per article

``articles.clean`` is an upsert stream keyed by article id, and compacted: a
re-crawled article is published again under the same key, and Kafka keeps at
least the latest record of every key. Reading it from the beginning and keeping
the last value per key therefore gives the current version of every article
(a record without a value, a tombstone, deletes its key). Records of one key
are on one partition, so "last" is well defined.

Every record is checked against ``schemas/clean_article.schema.json`` (loaded
from the installed worker package) and its key against its ``id``; a record that
fails is reported and left out of the table (an earlier valid version of its
id stays).

It reads the same environment variables as the worker (``KAFKA_BOOTSTRAP_SERVERS``,
``WORKER_CLEAN_TOPIC``, ``WORKER_MAX_MESSAGE_BYTES`` and the security ones). Reading
stops after ``--idle`` seconds without a record rather than at the end offsets,
which works on every broker, the embedded one (inexact end offsets) included.
Exit code 0 when every record was valid, 1 otherwise, 2 for a bad setting, 3 when
the broker cannot be reached.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import jsonschema
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaConnectionError, KafkaError

from worker.core.codec import load_schema
from worker.core.settings import Settings, load_settings
from worker.errors import ConfigError
from worker.stream.security import client_kwargs

__all__ = [
    "CleanTable",
    "InvalidRecord",
    "consumer_options",
    "make_consumer",
    "read_clean_table",
]


@dataclass(frozen=True)
class InvalidRecord:
    partition: int
    offset: int
    key: bytes | None
    problems: list[str]


@dataclass
class CleanTable:
    """The latest valid clean article per id, and what reading it found."""

    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    invalid: list[InvalidRecord] = field(default_factory=list)
    records: int = 0
    tombstones: int = 0

    def apply(
        self,
        partition: int,
        offset: int,
        key: bytes | None,
        value: bytes | None,
        validator: jsonschema.protocols.Validator,
    ) -> None:
        """One record of the topic, in offset order."""
        self.records += 1
        if value is None:
            self.tombstones += 1
            if key is not None:
                self.articles.pop(key.decode("utf-8", "replace"), None)
            return
        problems: list[str] = []
        try:
            article = json.loads(value)
        except ValueError as exc:  # JSONDecodeError and invalid UTF-8
            self.invalid.append(InvalidRecord(partition, offset, key, [f"not JSON: {exc}"]))
            return
        for error in validator.iter_errors(article):
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            problems.append(f"{where}: {error.message}")
        if key is None:
            problems.append("record has no key (the key must be the article id)")
        elif isinstance(article, dict) and key.decode("utf-8", "replace") != article.get("id"):
            problems.append(f"key {key!r} is not the article id {article.get('id')!r}")
        if problems:
            self.invalid.append(InvalidRecord(partition, offset, key, problems))
            return
        self.articles[article["id"]] = article


def consumer_options(settings: Settings) -> dict[str, Any]:
    """No group and no commits: a table is rebuilt from the beginning each time.
    Fetches are as large as the worker's largest record."""
    return {
        "enable_auto_commit": False,
        "max_partition_fetch_bytes": settings.limits.produce_bytes,
        "fetch_max_bytes": settings.limits.produce_bytes,
    }


def make_consumer(settings: Settings, **overrides: Any) -> AIOKafkaConsumer:
    """An aiokafka consumer for the cluster ``settings`` name (call ``start()``)."""
    return AIOKafkaConsumer(
        **client_kwargs(settings), **{**consumer_options(settings), **overrides}
    )


async def _partitions(consumer: AIOKafkaConsumer, topic: str, wait: float) -> list[int]:
    deadline = time.monotonic() + wait
    while True:
        await consumer.topics()  # refreshes the metadata partitions_for_topic reads
        found = consumer.partitions_for_topic(topic)
        if found:
            return sorted(found)
        if time.monotonic() > deadline:
            raise LookupError(f"topic {topic!r} not found")
        await asyncio.sleep(0.2)


async def read_clean_table(
    *,
    settings: Settings | None = None,
    topic: str | None = None,
    idle_timeout: float = 3.0,
) -> CleanTable:
    """Read the clean topic from the beginning until ``idle_timeout`` seconds pass
    without a record; the table of the latest valid record per article id.
    Settings default to the environment's."""
    settings = settings or load_settings()
    topic = topic or settings.clean_topic
    validator = jsonschema.Draft202012Validator(load_schema("clean_article"))
    table = CleanTable()
    consumer = make_consumer(settings)
    try:
        await consumer.start()
        partitions = [
            TopicPartition(topic, p) for p in await _partitions(consumer, topic, wait=10.0)
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        while True:
            batch = await consumer.getmany(timeout_ms=int(idle_timeout * 1000))
            if not batch:
                return table
            for records in batch.values():
                for record in records:
                    table.apply(
                        record.partition, record.offset, record.key, record.value, validator
                    )
    finally:
        await consumer.stop()


def _summary(article: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": article["id"],
        "title": article.get("title"),
        "source": article.get("source"),
        "processed_at": article["processed_at"],
        **article["stats"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--idle", type=float, default=3.0, help="stop after this many seconds without a record"
    )
    parser.add_argument(
        "--summary", action="store_true", help="id, title, source and stats instead of the record"
    )
    args = parser.parse_args(argv)
    try:
        table = asyncio.run(read_clean_table(idle_timeout=args.idle))
    except ConfigError as exc:
        print(f"clean_table_consumer: {exc}", file=sys.stderr)
        return 2
    except KafkaConnectionError as exc:
        print(f"clean_table_consumer: {exc}: check KAFKA_BOOTSTRAP_SERVERS", file=sys.stderr)
        return 3
    except (LookupError, KafkaError) as exc:
        print(f"clean_table_consumer: {exc}", file=sys.stderr)
        return 1
    for article_id in sorted(table.articles):
        article = table.articles[article_id]
        print(json.dumps(_summary(article) if args.summary else article, ensure_ascii=False))
    for bad in table.invalid:
        print(
            f"invalid record at partition {bad.partition} offset {bad.offset} "
            f"(key {bad.key!r}): {'; '.join(bad.problems)}",
            file=sys.stderr,
        )
    print(
        f"{len(table.articles)} articles from {table.records} records "
        f"({table.tombstones} tombstones, {len(table.invalid)} invalid)",
        file=sys.stderr,
    )
    return 1 if table.invalid else 0


if __name__ == "__main__":
    sys.exit(main())
