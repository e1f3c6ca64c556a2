"""Readiness: ready once partitions are assigned and tables recovered, and the
metrics and health endpoints that report it."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka.errors import IllegalStateError

from worker.core.settings import Settings
from worker.stream.metrics import Metrics

log = logging.getLogger("worker")

READY_POLL = 0.2
# Lag is a trend an operator watches, not an alarm per record.
LAG_INTERVAL = 5.0


class Readiness:
    def __init__(self, app: Any, settings: Settings, metrics: Metrics) -> None:
        self.app = app
        self.settings = settings
        self.metrics = metrics
        self.ready = asyncio.Event()
        self.started_at = time.monotonic()
        # Awaited each time the replica becomes ready: after start-up and after each
        # rebalance, once its tables are recovered.
        self.on_ready: list[Callable[[], Awaitable[None]]] = []

    async def start_server(self) -> None:
        """Serve metrics and health from process start, so probes see "not ready" first."""
        if self.settings.metrics_port:
            await self.metrics.start_server(self.settings.metrics_host, self.settings.metrics_port)
            log.info(
                "metrics and health on http://%s:%d", self.settings.metrics_host, self.metrics.port
            )

    async def watch(self) -> None:
        try:
            await self._poll()
        finally:
            self.metrics.set_ready(False)
            await self.metrics.stop_server()

    async def _poll(self) -> None:
        recovery = self.app.tables.recovery
        while True:
            assigned = bool(self.app.consumer.assignment()) if self.app.consumer else False
            if assigned and recovery.completed.is_set() and not self.app.rebalancing:
                if not self.ready.is_set():
                    self.ready.set()
                    self.metrics.set_ready(True)
                    log.info(
                        "worker ready in %.2fs: %d partitions assigned",
                        time.monotonic() - self.started_at,
                        len(self.app.consumer.assignment()),
                    )
                    await self._run_hooks()
            elif self.ready.is_set():
                self.ready.clear()
                self.metrics.set_ready(False)
                log.info("worker not ready: rebalancing")
            await asyncio.sleep(READY_POLL)

    async def _run_hooks(self) -> None:
        for hook in self.on_ready:
            try:
                await hook()
            except Exception:  # a hook's failure must not stop readiness reporting
                log.exception("a start-of-assignment task failed")

    async def report_lag(self) -> None:
        """Consumer lag of every assigned partition, from the consumer's own view
        (the last fetch's high watermark), so no request goes to the broker."""
        consumer = self.app.consumer
        if consumer is None:
            return
        # Faust's own record of each partition's last commit (it commits itself).
        commits = getattr(consumer, "_committed_offset", {})
        for tp in consumer.assignment():
            end = consumer.highwater(tp)
            try:
                position = await consumer.position(tp)
            except IllegalStateError:
                # Revoked by a rebalance since assignment() listed it: a timer's
                # exception would crash the whole app, and the lag is not ours to
                # report any more.
                continue
            if end is not None and position is not None:
                self.metrics.set_lag(tp.topic, tp.partition, max(end - position, 0))
            committed = commits.get(tp)
            if committed is not None and position is not None:
                self.metrics.set_uncommitted(tp.topic, tp.partition, max(position - committed, 0))
