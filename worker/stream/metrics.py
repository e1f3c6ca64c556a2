"""Prometheus metrics of one replica, all named ``news_worker_*``.

Each ``Metrics`` owns its own ``CollectorRegistry`` rather than the process-wide
default one, so several apps (or tests) in one process never collide on metric
names; worker.stream.health serves them.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

from worker import __version__
from worker.core.codec import REASONS
from worker.stream.health import HealthServer

# A *_created series per counter doubles what a scrape carries for nothing
# an operator asks; Prometheus derives resets itself.
disable_created_metrics()  # type: ignore[no-untyped-call]
NAMESPACE = "news_worker"

__all__ = ["PARAGRAPH_OUTCOMES", "Metrics"]

PARAGRAPH_OUTCOMES = ("kept", "within", "across")

# From a cheap ingest (~1 ms) to NLP extraction on a long article (seconds).
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The worker's counters, gauges and histograms, plus the HTTP endpoints."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry

        def counter(name: str, doc: str, *labels: str) -> Counter:
            return Counter(name, doc, labels, registry=r, namespace=NAMESPACE)

        def gauge(name: str, doc: str, *labels: str) -> Gauge:
            return Gauge(name, doc, labels, registry=r, namespace=NAMESPACE)

        self._messages_in = counter("messages_in", "Messages read, by topic", "topic")
        self._messages_out = counter("messages_out", "Messages published, by topic", "topic")
        self._paragraphs = counter(
            "paragraphs",
            "Paragraphs by dedupe outcome: kept, dropped as a repeat within the article, "
            "dropped as first seen in another article",
            "outcome",
        )
        self._dead_letters = counter(
            "dead_letters", "Messages sent to the dead-letter topic, by reason", "reason"
        )
        self._extraction_errors = counter(
            "extraction_errors", "Paragraphs whose entity/fact extraction failed"
        )
        self._processing = Histogram(
            "processing_seconds",
            "Time spent per message, by stage (extract: the NLP part of assemble)",
            ["stage"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
            namespace=NAMESPACE,
        )
        self._state_keys = gauge(
            "dedupe_state_keys",
            "Paragraph hashes held in the dedupe state, by partition this replica holds",
            "partition",
        )
        self._in_flight = gauge(
            "articles_in_flight",
            "Articles waiting for their verdicts, held in memory with their records uncommitted",
        )
        self._in_flight_bytes = gauge(
            "articles_in_flight_bytes", "Bytes of the records the articles in flight came in"
        )
        self._uncommitted = gauge(
            "uncommitted_records",
            "Records read past the last commit, by assigned topic partition (position - "
            "committed offset): what a restart re-reads; articles in flight hold it up",
            "topic",
            "partition",
        )
        self._lag = gauge(
            "consumer_lag",
            "Records not yet read, by assigned topic partition (high watermark - position)",
            "topic",
            "partition",
        )
        self._rebalances = counter("rebalances", "Consumer group rebalances seen by this replica")
        self._state_resets = counter(
            "state_resets",
            "Local table partitions wiped and restored because they were ahead of "
            "their changelog, by changelog topic",
            "topic",
        )
        self._ready = gauge("ready", "1 when this replica is processing, else 0")
        build = gauge(
            "build_info", "Always 1; the labels say what runs", "version", "python", "faust"
        )
        build.labels(__version__, platform.python_version(), version("faust-streaming")).set(1)
        # Series that exist from the start let alerts use rate() without waiting
        # for the first occurrence.
        for outcome in PARAGRAPH_OUTCOMES:
            self._paragraphs.labels(outcome=outcome)
        for reason in REASONS:
            self._dead_letters.labels(reason=reason)
        self._is_ready = False
        self.server = HealthServer(self.render, lambda: self._is_ready)

    # -- recording ------------------------------------------------------------

    def message_in(self, topic: str, n: int = 1) -> None:
        self._messages_in.labels(topic=topic).inc(n)

    def message_out(self, topic: str, n: int = 1) -> None:
        self._messages_out.labels(topic=topic).inc(n)

    def paragraphs(self, kept: int = 0, within: int = 0, across: int = 0) -> None:
        for outcome, n in zip(PARAGRAPH_OUTCOMES, (kept, within, across), strict=True):
            if n:
                self._paragraphs.labels(outcome=outcome).inc(n)

    def dead_letter(self, reason: str) -> None:
        self._dead_letters.labels(reason=reason).inc()

    def extraction_errors(self, n: int = 1) -> None:
        self._extraction_errors.inc(n)

    def observe(self, stage: str, seconds: float) -> None:
        self._processing.labels(stage=stage).observe(seconds)

    @contextmanager
    def timer(self, stage: str) -> Iterator[None]:
        """Observe the duration of the ``with`` block under ``stage``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.observe(stage, time.perf_counter() - start)

    def set_state_keys(self, partition: int, n: int) -> None:
        self._state_keys.labels(partition=str(partition)).set(n)

    def set_in_flight(self, articles: int, size: int) -> None:
        self._in_flight.set(articles)
        self._in_flight_bytes.set(size)

    def set_uncommitted(self, topic: str, partition: int, records: int) -> None:
        self._uncommitted.labels(topic=topic, partition=str(partition)).set(records)

    def set_lag(self, topic: str, partition: int, lag: int) -> None:
        self._lag.labels(topic=topic, partition=str(partition)).set(lag)

    def forget_partitions(self) -> None:
        """After a rebalance: drop per-partition series this replica no longer holds."""
        self._lag.clear()
        self._uncommitted.clear()
        self._state_keys.clear()

    def state_reset(self, topic: str, partition: int) -> None:
        self._state_resets.labels(topic=topic).inc()

    def rebalance(self) -> None:
        self._rebalances.inc()

    def set_ready(self, ready: bool) -> None:
        self._is_ready = ready
        self._ready.set(1 if ready else 0)

    @property
    def is_ready(self) -> bool:
        return self._is_ready

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)

    async def start_server(self, host: str, port: int) -> None:
        await self.server.start_server(host, port)

    async def stop_server(self) -> None:
        await self.server.stop_server()

    @property
    def port(self) -> int | None:
        return self.server.port
