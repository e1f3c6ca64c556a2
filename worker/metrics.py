"""Prometheus metrics and the health endpoints of one replica.

Each ``Metrics`` owns its own ``CollectorRegistry`` rather than the process-wide
default one, so several apps (or tests) in one process never collide on metric
names. The HTTP side is a small aiohttp server on the worker's own event loop:

* ``/metrics``  Prometheus text format
* ``/livez``    200 whenever the loop answers (a blocked loop times out instead)
* ``/readyz``   200 once :meth:`Metrics.set_ready` said so, 503 otherwise
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from worker.codec import REASONS

__all__ = ["PARAGRAPH_OUTCOMES", "Metrics"]

PARAGRAPH_OUTCOMES = ("kept", "within", "across")

# From a cheap ingest (~1 ms) to NLP extraction on a long article (seconds).
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The worker's counters, gauges and histograms, plus the HTTP endpoints."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self._messages_in = Counter("messages_in", "Messages read, by topic", ["topic"], registry=r)
        self._messages_out = Counter(
            "messages_out", "Messages published, by topic", ["topic"], registry=r
        )
        self._paragraphs = Counter(
            "paragraphs",
            "Paragraphs by dedupe outcome: kept, dropped as a repeat within the article, "
            "dropped as first seen in another article",
            ["outcome"],
            registry=r,
        )
        self._dead_letters = Counter(
            "dead_letters",
            "Messages sent to the dead-letter topic, by reason",
            ["reason"],
            registry=r,
        )
        self._extraction_errors = Counter(
            "extraction_errors", "Articles whose entity/fact extraction failed", registry=r
        )
        self._processing = Histogram(
            "processing_seconds",
            "Time spent per message, by pipeline stage",
            ["stage"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self._state_keys = Gauge(
            "dedupe_state_keys", "Paragraph hashes held in this replica's dedupe state", registry=r
        )
        self._rebalances = Counter(
            "rebalances", "Consumer group rebalances seen by this replica", registry=r
        )
        self._state_resets = Counter(
            "state_resets",
            "Local table partitions wiped and restored because they were ahead of "
            "their changelog, by changelog topic",
            ["topic"],
            registry=r,
        )
        self._ready = Gauge("ready", "1 when this replica is processing, else 0", registry=r)
        # Series that exist from the start let alerts use rate() without waiting
        # for the first occurrence.
        for outcome in PARAGRAPH_OUTCOMES:
            self._paragraphs.labels(outcome=outcome)
        for reason in REASONS:
            self._dead_letters.labels(reason=reason)
        self._is_ready = False
        self._runner: web.AppRunner | None = None

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

    def set_state_keys(self, n: int) -> None:
        self._state_keys.set(n)

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

    # -- HTTP -----------------------------------------------------------------

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=self.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _livez(self, request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def _readyz(self, request: web.Request) -> web.Response:
        if self._is_ready:
            return web.Response(text="ready\n")
        return web.Response(status=503, text="not ready\n")

    async def start_server(self, host: str, port: int) -> None:
        """Serve the endpoints on ``host:port`` (port 0 picks a free one, see ``port``)."""
        if self._runner is not None:
            raise RuntimeError("metrics server already started")
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/livez", self._livez)
        app.router.add_get("/readyz", self._readyz)
        # Scrapes and health probes every few seconds would drown the real logs.
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner

    @property
    def port(self) -> int | None:
        """The bound TCP port while the server runs, else None."""
        if self._runner is None or not self._runner.addresses:
            return None
        return int(self._runner.addresses[0][1])

    async def stop_server(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
