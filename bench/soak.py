"""Soak: one replica at a steady rate for a bounded time, its RSS sampled.

Articles are drawn from a fixed pool of paragraphs, so after the first pass
the dedupe state stops growing and any further growth of the replica's RSS
is a leak. Prints RSS over time, its slope over the second half, and checks
that every input came out.

Run: .venv/bin/python bench/soak.py [--seconds 300] [--rate 100] [--extract]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path

from aiokafka import AIOKafkaProducer

from worker.testing.broker import EmbeddedBroker
from worker.testing.cluster import Cluster, Reader, app_settings, article

POOL = 20_000
SAMPLE_EVERY = 10.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


async def produce(bootstrap: str, topic: str, rate: float, seconds: float) -> int:
    rng = random.Random(1)
    pool = [
        f"Pool paragraph {i}: {rng.random():.12f} on trade, ports and councils."
        for i in range(POOL)
    ]
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    sent = 0
    started = time.monotonic()
    try:
        while time.monotonic() - started < seconds:
            due = int((time.monotonic() - started) * rate)
            while sent < due:
                key, value = article(f"soak-{sent}", rng.sample(pool, 10))
                await producer.send(topic, key=key, value=value)
                sent += 1
            await asyncio.sleep(0.01)
        await producer.flush()
    finally:
        await producer.stop()
    return sent


async def main(seconds: float, rate: float, extract: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp, EmbeddedBroker() as broker:
        c = Cluster(
            app_settings(broker.bootstrap, "soak", 8),
            Path(tmp),
            extra_env={"WORKER_EXTRACT": "true" if extract else "false"},
        )
        await c.create_topics()
        [replica] = c.start(1)
        await c.wait_ready([replica])
        assert replica.proc is not None
        pid = replica.proc.pid
        samples: list[tuple[float, float]] = []
        started = time.monotonic()
        sender = asyncio.create_task(produce(broker.bootstrap, c.settings.raw_topic, rate, seconds))
        async with Reader(broker.bootstrap, c.outputs, 8) as reader:
            while not sender.done():
                await reader.until(len(reader.records) + 10**9, within=SAMPLE_EVERY, settle=0)
                samples.append((time.monotonic() - started, rss_mb(pid)))
                at, rss = samples[-1]
                print(f"{at:7.0f} s  RSS {rss:7.1f} MB  out {len(reader.records)}")
            sent = await sender
            await reader.until(sent, within=300, settle=2)
            out = len({r.key for r in reader.records})
        c.stop_all()
    half = [s for s in samples if s[0] >= seconds / 2]
    slope = (half[-1][1] - half[0][1]) / max(half[-1][0] - half[0][0], 1) * 60 if half else 0.0
    print(f"sent {sent} at {rate:.0f}/s for {seconds:.0f} s; {out} distinct articles out")
    rss = [s[1] for s in samples]
    print(f"RSS first {rss[0]:.1f} MB, last {rss[-1]:.1f} MB, max {max(rss):.1f} MB")
    print(f"RSS slope over the second half: {slope:+.2f} MB/min")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--extract", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.seconds, args.rate, args.extract))
