"""A worker cluster on the embedded broker: one app id, its topics, its replicas,
and reading its outputs. Shared by the tests and the benchmarks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from aiokafka import TopicPartition

from worker.core.settings import Settings
from worker.stream import topics_io
from worker.stream.admin import create_topics_async
from worker.testing.replicas import Replica


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
        **{"extract": False, **overrides},
    )


@dataclass
class Cluster:
    """One app id with its own topics on the shared broker, and its replicas."""

    settings: Settings
    tmp: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    replicas: list[Replica] = field(default_factory=list)
    # Replicas ever started: each logs to its own file, even one that takes
    # the data directory of a replica it replaces.
    started: int = 0

    def env(self) -> dict[str, str]:
        return {**self.settings.to_env(), **self.extra_env}

    async def create_topics(self) -> None:
        await create_topics_async(
            self.settings.bootstrap_servers,
            self.settings.topics(),
            configs=self.settings.topic_configs(),
            overrides=self.settings.topic_overrides(),
        )

    def start(self, count: int = 1, data_dir: str | None = None) -> list[Replica]:
        """Start replicas, each in its own data directory unless one is given: the first
        data-N no replica in ``replicas`` has. A replacement for a replica removed from
        the list takes its directory; none ever shares a live replica's."""
        started = []
        for _ in range(count):
            env = {**self.env(), "WORKER_DATA_DIR": data_dir or self._free_data_dir()}
            replica = Replica(env, self.tmp / f"replica-{self.started}.log").start()
            self.started += 1
            self.replicas.append(replica)
            started.append(replica)
        return started

    def _free_data_dir(self) -> str:
        taken = {r.env.get("WORKER_DATA_DIR") for r in self.replicas}
        n = 0
        while str(self.tmp / f"data-{n}") in taken:
            n += 1
        return str(self.tmp / f"data-{n}")

    async def wait_ready(self, replicas: Sequence[Replica], limit: float = 90.0) -> list[float]:
        return [await asyncio.to_thread(r.wait_ready, limit) for r in replicas]

    def stop_all(self) -> list[int]:
        """SIGTERM every live replica; their exit codes."""
        codes = [r.terminate() for r in self.replicas if r.proc and r.proc.poll() is None]
        for replica in self.replicas:
            replica.release()
        return codes

    def exited(self) -> list[str]:
        """The log tails of replicas in the list that exited by themselves."""
        return [r.tail() for r in self.replicas if r.proc and r.proc.poll() is not None]

    @property
    def outputs(self) -> list[str]:
        s = self.settings
        return [s.clean_topic, s.duplicates_topic, s.dead_letter_topic]


async def send_all(
    bootstrap: str, topic: str, messages: Iterable[tuple[bytes | None, bytes]]
) -> int:
    return await topics_io.send_all(Settings(bootstrap_servers=bootstrap), topic, messages)


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
        self.consumer = topics_io.make_consumer(
            Settings(bootstrap_servers=bootstrap), auto_offset_reset="earliest"
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
