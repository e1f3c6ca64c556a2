"""Test helpers for running worker replicas against the embedded broker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from worker.broker import create_topics_async
from worker.replicas import Replica
from worker.settings import Settings


def app_settings(bootstrap: str, app: str, partitions: int, **overrides: Any) -> Settings:
    """Settings for one app id whose public topics are prefixed with it too."""
    return Settings(
        bootstrap_servers=bootstrap,
        broker_profile="embedded",
        app_id=app,
        raw_topic=f"{app}.raw",
        clean_topic=f"{app}.clean",
        duplicates_topic=f"{app}.duplicates",
        dead_letter_topic=f"{app}.dead-letter",
        partitions=partitions,
        **overrides,
    )


@dataclass
class Cluster:
    """One app id with its own topics on the shared broker, and its replicas."""

    settings: Settings
    tmp: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    replicas: list[Replica] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        s = self.settings
        return {
            "KAFKA_BOOTSTRAP_SERVERS": s.bootstrap_servers,
            "WORKER_BROKER_PROFILE": "embedded",
            "WORKER_APP_ID": s.app_id,
            "WORKER_RAW_TOPIC": s.raw_topic,
            "WORKER_CLEAN_TOPIC": s.clean_topic,
            "WORKER_DUPLICATES_TOPIC": s.duplicates_topic,
            "WORKER_DEAD_LETTER_TOPIC": s.dead_letter_topic,
            "WORKER_PARTITIONS": str(s.partitions),
            "WORKER_DEDUPE_WINDOW": str(s.dedupe_window),
            "WORKER_EXTRACT": "false",
            "WORKER_LOG_LEVEL": "INFO",
            **self.extra_env,
        }

    async def create_topics(self) -> None:
        await create_topics_async(
            self.settings.bootstrap_servers,
            self.settings.topics(),
            configs=self.settings.topic_configs(),
        )

    def start(self, count: int = 1, data_dir: str | None = None) -> list[Replica]:
        """Start replicas, each in its own data directory unless one is given."""
        started = []
        for _ in range(count):
            n = len(self.replicas)
            env = {**self.env(), "WORKER_DATA_DIR": data_dir or str(self.tmp / f"data-{n}")}
            replica = Replica(env, self.tmp / f"replica-{n}.log").start()
            self.replicas.append(replica)
            started.append(replica)
        return started

    async def wait_ready(self, replicas: Sequence[Replica], limit: float = 90.0) -> list[float]:
        return [await asyncio.to_thread(r.wait_ready, limit) for r in replicas]

    def stop_all(self) -> list[int]:
        return [r.terminate() for r in self.replicas if r.proc and r.proc.poll() is None]

    @property
    def outputs(self) -> list[str]:
        s = self.settings
        return [s.clean_topic, s.duplicates_topic, s.dead_letter_topic]


# Room for the largest inputs the tests send (a 9.5 MiB raw message among them).
MAX_TEST_RECORD = 16 * 1024 * 1024


async def send_all(
    bootstrap: str, topic: str, messages: Iterable[tuple[bytes | None, bytes]]
) -> int:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, linger_ms=5, max_request_size=MAX_TEST_RECORD
    )
    await producer.start()
    try:
        futures = [await producer.send(topic, value=v, key=k) for k, v in messages]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return len(futures)


def article(article_id: str, paragraphs: Sequence[str], **fields: Any) -> tuple[bytes, bytes]:
    value = {"id": article_id, "body": "\n".join(paragraphs), **fields}
    return article_id.encode(), orjson.dumps(value)


@dataclass
class Output:
    topic: str
    key: bytes | None
    value: dict[str, Any]


class Reader:
    """Reads the output topics from the beginning, accumulating records."""

    def __init__(self, bootstrap: str, topics: Sequence[str], partitions: int) -> None:
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=MAX_TEST_RECORD,
            fetch_max_bytes=MAX_TEST_RECORD,
        )
        self.partitions = [TopicPartition(t, p) for t in topics for p in range(partitions)]
        self.records: list[Output] = []

    async def __aenter__(self) -> Reader:
        await self.consumer.start()
        self.consumer.assign(self.partitions)
        await self.consumer.seek_to_beginning(*self.partitions)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.consumer.stop()

    async def until(self, count: int, within: float, settle: float = 1.0) -> list[Output]:
        """Read until ``count`` records arrived (then ``settle`` more seconds) or timeout."""
        deadline = time.monotonic() + within
        settle_end: float | None = None
        while time.monotonic() < deadline:
            batch = await self.consumer.getmany(timeout_ms=200)
            for messages in batch.values():
                for m in messages:
                    self.records.append(Output(m.topic, m.key, orjson.loads(m.value)))
            if len(self.records) >= count:
                if settle_end is None:
                    settle_end = time.monotonic() + settle
                elif time.monotonic() >= settle_end:
                    break
        return self.records
