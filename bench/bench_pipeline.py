"""Throughput and memory of the pure core, measured in one run.

Prints ratios against a baseline measured in the same run (plain JSON
parsing of the same messages), so the numbers compare across machines.
Run: .venv/bin/python bench/bench_pipeline.py
"""

from __future__ import annotations

import random
import time
import tracemalloc

import orjson

from worker.core.codec import Limits
from worker.core.dedupe import claim_all
from worker.core.hashing import fingerprint
from worker.core.ingest import prepare
from worker.core.models import Claim, Owner, Position
from worker.core.offline import OfflineProcessor
from worker.core.settings import Settings

SENTENCE = (
    "the minister said on tuesday that exports of industrial goods grew by twelve percent "
    "while the ministry of trade expects new agreements worth millions with partners abroad"
)
WORDS = SENTENCE.split()


def make_messages(count: int, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    pool = [" ".join(rng.choices(WORDS, k=rng.randint(25, 60))) + "." for _ in range(3000)]
    out = []
    for i in range(count):
        paragraphs = rng.sample(pool, rng.randint(6, 14))
        if i % 2:
            html = "".join(f"<p>{p}</p>" for p in paragraphs)
            page = f"<html><body><nav><a>Home</a></nav><article>{html}</article></body></html>"
            out.append(orjson.dumps({"id": f"a{i}", "html": page}))
        else:
            out.append(orjson.dumps({"id": f"a{i}", "body": "\n".join(paragraphs)}))
    return out


def timed(fn: object, *args: object) -> float:
    start = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    messages = make_messages(4000)
    mb = sum(map(len, messages)) / 1e6
    limits = Limits(4 * 1024 * 1024, 5000)
    paragraphs = sum(
        p.paragraphs_in for p in (prepare(m, limits) for m in messages) if hasattr(p, "paragraphs")
    )

    def parse_only() -> None:
        for m in messages:
            orjson.loads(m)

    def ingest() -> None:
        for m in messages:
            prepare(m, limits)

    def offline() -> None:
        processor = OfflineProcessor(Settings(), extractor=None)
        for i, m in enumerate(messages):
            processor.process(None, m, Position("raw", 0, i))

    parse_only()  # warm-up
    t_parse = timed(parse_only)
    t_ingest = timed(ingest)
    t_offline = timed(offline)
    print(f"messages: {len(messages)} ({mb:.1f} MB, {paragraphs} paragraphs)")
    print(f"parse only (baseline):        {len(messages) / t_parse:10.0f} msg/s")
    print(
        f"ingest (validate+split+hash): {len(messages) / t_ingest:10.0f} msg/s  "
        f"{paragraphs / t_ingest:10.0f} paragraphs/s  {mb / t_ingest:6.1f} MB/s  "
        f"= {t_ingest / t_parse:.0f}x the parse cost"
    )
    print(
        f"whole pipeline, no NLP:       {len(messages) / t_offline:10.0f} msg/s  "
        f"{paragraphs / t_offline:10.0f} paragraphs/s  = {t_offline / t_parse:.0f}x the parse cost"
    )

    n = 200_000
    tracemalloc.start()
    owners: dict[str, Owner] = {}
    claim_all(owners, "article-000001", (Claim(fingerprint(str(i)), i) for i in range(n)), 0.0, 0.0)
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"dedupe state in memory: {current / n:.0f} bytes per paragraph hash ({n} hashes)")


if __name__ == "__main__":
    main()
