"""Throughput and memory of fact extraction in one process, against the model alone.

Runs the dev set, repeated to about 50k words, in article-sized batches after a
warm-up pass, twice over the same articles:

- the model alone: the same components (tokenizer + NER, as loaded by the extractor)
  over the same chunks in the same NER batches (worker.facts.chunking.plan and
  worker.facts.batching.batches), nothing else;
- the whole extraction: Extractor.extract_many (planning, the model, every rule layer,
  merging and output caps).

Both run over every batch in each of --repeat rounds; the figures are each batch's
fastest round, summed, since other work on a shared machine only ever adds time. The
ratio of every round is printed too.

It prints words/s for both, their ratio (whole / model alone; 1.0 means the rule layers
cost nothing), paragraphs/s and the peak resident memory of the process. The two passes
alternate per batch, so background load on the machine hits both alike.

    python bench/bench_extract.py [--words 50000] [--batch 32] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from collections.abc import Sequence

from worker.facts import ArticleInput, Extractor
from worker.facts.articles import ArticleState, Chunk
from worker.facts.batching import batches
from worker.facts.chunking import plan
from worker.facts.scoring import DEFAULT_SET, load_set
from worker.stream import heap


def _articles(words_wanted: int, per_article: int) -> tuple[list[ArticleInput], int, int]:
    rows = load_set(DEFAULT_SET)
    corpus: list[tuple[str, object]] = []
    words = 0
    while words < words_wanted:
        for row in rows:
            text = str(row["text"])
            corpus.append((text, row.get("published_at")))
            words += len(text.split())
    articles = [
        ArticleInput(
            [(i, text) for i, (text, _) in enumerate(corpus[start : start + per_article])],
            published_at=str(corpus[start][1]) if corpus[start][1] else None,
        )
        for start in range(0, len(corpus), per_article)
    ]
    return articles, len(corpus), words


def model_alone(extractor: Extractor, articles: Sequence[ArticleInput]) -> float:
    """Seconds of the model alone over the articles' chunks, in the extractor's batches:
    tokenizer and NER, as Pipeline.run calls them, and nothing else."""
    pipeline = extractor._pipeline
    nlp = pipeline.nlp
    started = time.perf_counter()
    states: list[ArticleState | None] = []
    queue: list[Chunk] = []
    for position, article in enumerate(articles):
        state, chunks = plan(article, position)
        states.append(state)
        queue.extend(chunks)
    for batch in batches(nlp, queue, states, None, time.monotonic):
        docs = [doc for _, doc in batch]
        for _ in nlp.pipe(docs, batch_size=len(docs)):
            pass
    return time.perf_counter() - started


def whole(extractor: Extractor, articles: Sequence[ArticleInput]) -> tuple[float, int, int, int]:
    started = time.perf_counter()
    results = extractor.extract_many(articles)
    seconds = time.perf_counter() - started
    facts = sum(len(r.facts) for r in results)
    entities = sum(len(r.entities) for r in results)
    errors = sum(r.errors for r in results)
    return seconds, facts, entities, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=32, help="articles per extract_many call")
    parser.add_argument("--paragraphs", type=int, default=6, help="paragraphs per article")
    parser.add_argument("--repeat", type=int, default=3, help="rounds over the same batches")
    args = parser.parse_args()
    articles, paragraphs, words = _articles(args.words, args.paragraphs)

    load_started = time.perf_counter()
    extractor = Extractor(time_budget=None)
    load_seconds = time.perf_counter() - load_started
    # As the worker's extraction process does once its model is loaded.
    heap.settle()
    # Warm-up, not timed: both paths once over the first batch.
    extractor.extract_many(articles[: args.batch])
    model_alone(extractor, articles[: args.batch])

    groups = [articles[start : start + args.batch] for start in range(0, len(articles), args.batch)]
    # model_times[r][b], whole_times[r][b]: seconds of batch b in round r.
    model_times: list[list[float]] = []
    whole_times: list[list[float]] = []
    facts = entities = errors = 0
    for _ in range(args.repeat):
        model_times.append([])
        whole_times.append([])
        facts = entities = errors = 0
        for group in groups:
            model_times[-1].append(model_alone(extractor, group))
            seconds, f, e, err = whole(extractor, group)
            whole_times[-1].append(seconds)
            facts, entities, errors = facts + f, entities + e, errors + err
    # Each batch's fastest round: the time it takes when nothing else on the machine
    # interferes, which is what the ratio is about (as timeit takes the best of repeats).
    model_seconds = sum(min(times) for times in zip(*model_times, strict=True))
    whole_seconds = sum(min(times) for times in zip(*whole_times, strict=True))
    rounds = [sum(w) and sum(m) / sum(w) for m, w in zip(model_times, whole_times, strict=True)]

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}")
    print(f"model load + hash check: {load_seconds:.2f} s")
    print(f"articles: {len(articles)}  paragraphs: {paragraphs}  words: {words}")
    print(f"facts: {facts}  entities: {entities}  errors: {errors}")
    print(f"model alone:      {model_seconds:6.2f} s  {words / model_seconds:9,.0f} words/s")
    print(f"whole extraction: {whole_seconds:6.2f} s  {words / whole_seconds:9,.0f} words/s")
    ratio = model_seconds / whole_seconds
    print(f"ratio whole / model alone: {ratio:.2f}x (each batch's best of {args.repeat} rounds)")
    print(
        "ratio per round: "
        + ", ".join(f"{r:.2f}x" for r in rounds)
        + f" (median {statistics.median(rounds):.2f}x)"
    )
    print(f"paragraphs/s (whole): {paragraphs / whole_seconds:,.0f}")
    print(f"peak RSS: {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
