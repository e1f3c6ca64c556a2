"""Where a replica's time goes: py-spy samples one worker under load.

Starts an embedded broker and one replica, sends a generated corpus (the
same generator as bench_stream.py), and records the replica with py-spy
while it works through it. Prints the top functions by own and total time
(py-spy's ``--format raw`` output folded here), so the hot path is visible
without a flame-graph viewer.
Run: .venv/bin/python bench/profile_stream.py [--articles 3000] [--profile kafka]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dataclasses
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_stream import Corpus, pairs

from worker.testing.broker import EmbeddedBroker
from worker.testing.cluster import Cluster, Reader, app_settings, send_all


def fold(raw: Path, top: int) -> str:
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        samples += n
        frames = [f.split(" (")[0] + " " + f.split("/")[-1].rstrip(")") for f in stack.split(";")]
        own[frames[-1]] += n
        for frame in set(frames):
            total[frame] += n
    lines = [f"{samples} samples"]
    lines.append("\n### own time\n")
    lines += [f"{100 * n / samples:5.1f}%  {f}" for f, n in own.most_common(top)]
    lines.append("\n### total time (including callees)\n")
    lines += [f"{100 * n / samples:5.1f}%  {f}" for f, n in total.most_common(top)]
    return "\n".join(lines)


async def main(args: argparse.Namespace) -> None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    messages = pairs(Corpus(1, pool_size=2 * args.articles).take(args.articles))
    with tempfile.TemporaryDirectory() as tmp, EmbeddedBroker() as broker:
        settings = dataclasses.replace(
            app_settings(broker.bootstrap, "profile", args.partitions),
            broker_profile=args.profile,
            extract=args.extract,
        )
        c = Cluster(settings, Path(tmp))
        await c.create_topics()
        replicas = c.start(args.replicas)
        await c.wait_ready(replicas, limit=240)
        # With two or more, the first replica also hosts the others' standbys.
        replica = replicas[0]
        await asyncio.sleep(3)
        assert replica.proc is not None
        out = Path(tmp) / "raw.txt"
        recorder = await asyncio.create_subprocess_exec(
            *(spy, "record", "--format", "raw", "-r", "100", "-o", str(out)),
            *("-p", str(replica.proc.pid)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        start = time.perf_counter()
        await send_all(broker.bootstrap, settings.raw_topic, messages)
        async with Reader(broker.bootstrap, c.outputs, args.partitions) as reader:
            await reader.until(len(messages), within=600, settle=0)
        elapsed = time.perf_counter() - start
        # py-spy writes its output when interrupted.
        recorder.send_signal(signal.SIGINT)
        await asyncio.wait_for(recorder.wait(), 30)
        c.stop_all()
        print(f"## {len(messages)} articles in {elapsed:.1f} s ({len(messages) / elapsed:.0f}/s),")
        extraction = "on" if args.extract else "off"
        print(
            f"profile {args.profile}, {args.partitions} partitions, extraction {extraction}, "
            f"replica 1 of {args.replicas}\n"
        )
        print(fold(out, args.top))
        if args.keep:
            shutil.copy(out, args.keep)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--profile", choices=["kafka", "embedded"], default="embedded")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--replicas", type=int, default=1, help="started; the first is sampled")
    parser.add_argument("--extract", action="store_true", help="WORKER_EXTRACT=true")
    parser.add_argument("--keep", type=Path, help="copy py-spy's raw samples to this file")
    asyncio.run(main(parser.parse_args()))
