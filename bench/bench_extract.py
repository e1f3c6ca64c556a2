"""Throughput and memory of fact extraction in one process.

Runs the dev set, repeated to about 50k words, through Extractor.extract_many in
article-sized batches after a warm-up pass, then prints words/s, paragraphs/s and the
peak resident memory of the process.

    python bench/bench_extract.py [--words 50000] [--batch 32]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from worker.facts import ArticleInput, Extractor
from worker.facts.scoring import DEFAULT_SET, load_set


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=32, help="articles per extract_many call")
    parser.add_argument("--paragraphs", type=int, default=6, help="paragraphs per article")
    args = parser.parse_args()

    rows = load_set(DEFAULT_SET)
    texts = [str(r["text"]) for r in rows]
    stamps = [r.get("published_at") for r in rows]
    corpus: list[tuple[str, object]] = []
    words = 0
    while words < args.words:
        for text, stamp in zip(texts, stamps, strict=True):
            corpus.append((text, stamp))
            words += len(text.split())
    articles = [
        ArticleInput(
            [(i, text) for i, (text, _) in enumerate(corpus[start : start + args.paragraphs])],
            published_at=str(corpus[start][1]) if corpus[start][1] else None,
        )
        for start in range(0, len(corpus), args.paragraphs)
    ]

    load_started = time.perf_counter()
    extractor = Extractor()
    load_seconds = time.perf_counter() - load_started
    extractor.extract_many(articles[: args.batch])  # warm-up, not timed

    facts = entities = errors = 0
    started = time.perf_counter()
    for start in range(0, len(articles), args.batch):
        for result in extractor.extract_many(articles[start : start + args.batch]):
            facts += len(result.facts)
            entities += len(result.entities)
            errors += result.errors
    seconds = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}")
    print(f"model load + hash check: {load_seconds:.2f} s")
    print(f"articles: {len(articles)}  paragraphs: {len(corpus)}  words: {words}")
    print(f"facts: {facts}  entities: {entities}  errors: {errors}")
    print(f"words/s: {words / seconds:,.0f}")
    print(f"paragraphs/s: {len(corpus) / seconds:,.0f}")
    print(f"peak RSS: {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
