"""Creating the worker's topics with the right partition counts and configs.

Every topic must exist with the same partition count before the app starts
(a table is co-partitioned with its topics), and some brokers auto-create a
missing topic with their own default count, so nothing is left to chance.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Mapping
from typing import Any

from worker.errors import TopicError, TopicMismatch

_ERR_NONE = 0
_ERR_TOPIC_ALREADY_EXISTS = 36


async def create_topics_async(
    bootstrap: str,
    topics: Mapping[str, int],
    max_wait: float = 15.0,
    configs: Mapping[str, str] | None = None,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Create ``topics`` (name -> partitions) and wait until metadata shows all of them.

    ``configs`` (e.g. ``max.message.bytes``) are given to every topic created,
    ``overrides`` (name -> configs) on top of them to some (e.g. the owners
    changelog's retention: Settings.topic_overrides()).

    Existing topics are accepted when their partition count matches; otherwise
    :class:`TopicMismatch` is raised, since the broker cannot add partitions.
    """
    if not topics:
        return
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, request_timeout_ms=int(max_wait * 1000)
    )
    await admin.start()
    try:
        response = await admin.create_topics(
            [
                NewTopic(
                    name,
                    partitions,
                    1,
                    topic_configs={**(configs or {}), **(overrides or {}).get(name, {})},
                )
                for name, partitions in topics.items()
            ]
        )
        for name, code, message in _topic_errors(response):
            if code not in (_ERR_NONE, _ERR_TOPIC_ALREADY_EXISTS):
                raise TopicError(f"creating topic {name!r} failed: {code} {message}")
        deadline = time.monotonic() + max_wait
        while True:
            # Ask for all topics: naming them would auto-create any that are missing,
            # with the broker's default partition count.
            found = {
                t["topic"]: len(t["partitions"])
                for t in await admin.describe_topics()
                if t["error_code"] == _ERR_NONE
            }
            wrong = {n: found[n] for n, p in topics.items() if n in found and found[n] != p}
            if wrong:
                raise TopicMismatch(
                    "topics exist with other partition counts: "
                    + ", ".join(f"{n} has {c}, wanted {topics[n]}" for n, c in wrong.items())
                )
            missing = [n for n in topics if n not in found]
            if not missing:
                return
            if time.monotonic() > deadline:
                raise TopicError(f"topics not visible in metadata: {missing}")
            await asyncio.sleep(0.05)
    finally:
        await admin.close()


def _topic_errors(response: Any) -> list[tuple[str, int, str | None]]:
    out: list[tuple[str, int, str | None]] = []
    for entry in response.topic_errors:
        # v0 responses carry (topic, code); later versions add a message.
        name, code = entry[0], entry[1]
        message = entry[2] if len(entry) > 2 else None
        out.append((str(name), int(code), message))
    return out


def create_topics(
    bootstrap: str,
    topics: Mapping[str, int],
    max_wait: float = 15.0,
    configs: Mapping[str, str] | None = None,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Blocking wrapper around :func:`create_topics_async`; safe to call from async code."""
    work = create_topics_async(bootstrap, topics, max_wait, configs, overrides)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(work)
        return
    # asyncio.run cannot nest inside a running loop, so use a private loop on a thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, work).result()
