"""The worker on the embedded broker: start-up, throughput per replica count, failover.

Everything is measured in one run on this machine, and the scaling figure
is a ratio (2 replicas vs 1) so it compares across machines.
Run: .venv/bin/python bench/bench_cluster.py
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from worker.testing.broker import EmbeddedBroker
from worker.testing.cluster import Cluster, Reader, app_settings, article, send_all

ARTICLES = 1500


def messages(tag: str, count: int) -> list[tuple[bytes, bytes]]:
    return [
        article(
            f"{tag}-{i}", [f"{tag} paragraph {i}.{j} about trade and industry." for j in range(6)]
        )
        for i in range(count)
    ]


def make_cluster(broker: EmbeddedBroker, tmp: Path, name: str) -> Cluster:
    settings = app_settings(broker.bootstrap, name, 8)
    return Cluster(settings, tmp)


async def throughput(broker: EmbeddedBroker, tmp: Path, replicas: int) -> tuple[float, float]:
    c = make_cluster(broker, tmp, f"bench{replicas}")
    await c.create_topics()
    started = c.start(replicas)
    ready = max(await c.wait_ready(started))
    await asyncio.sleep(2)
    batch = messages(f"r{replicas}", ARTICLES)
    await send_all(broker.bootstrap, c.settings.raw_topic, batch)
    start = time.perf_counter()
    async with Reader(broker.bootstrap, c.outputs, 8) as reader:
        await reader.until(ARTICLES, within=600, settle=0)
    rate = ARTICLES / (time.perf_counter() - start)
    c.stop_all()
    return ready, rate


async def failover(broker: EmbeddedBroker, tmp: Path) -> float:
    c = make_cluster(broker, tmp, "benchfail")
    await c.create_topics()
    replicas = c.start(2)
    await c.wait_ready(replicas)
    await asyncio.sleep(2)
    replicas[0].kill()
    killed = time.perf_counter()
    batch = messages("fail", 200)
    await send_all(broker.bootstrap, c.settings.raw_topic, batch)
    async with Reader(broker.bootstrap, c.outputs, 8) as reader:
        await reader.until(len(batch), within=300, settle=0)
    elapsed = time.perf_counter() - killed
    c.stop_all()
    return elapsed


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, EmbeddedBroker() as broker:
        ready1, rate1 = await throughput(broker, Path(tmp), 1)
        ready2, rate2 = await throughput(broker, Path(tmp), 2)
        fail = await failover(broker, Path(tmp))
    print(f"start to ready (process spawn to assignment), 1 replica: {ready1:.1f} s")
    print(f"start to ready, 2 replicas started together:             {ready2:.1f} s")
    print(f"throughput, 1 replica:  {rate1:7.0f} articles/s (6 paragraphs each, no NLP)")
    print(f"throughput, 2 replicas: {rate2:7.0f} articles/s  = {rate2 / rate1:.2f}x one replica")
    print(f"kill -9 of 1 of 2 replicas: all 200 later articles out {fail:.1f} s after the kill")


if __name__ == "__main__":
    asyncio.run(main())
