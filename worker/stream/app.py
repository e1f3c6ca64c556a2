"""One replica: the Faust app wired to the pure core.

Topology (one writer per paragraph hash)::

    articles.raw ──► ingest ──► <app>-articles  (partition of the raw message)
                       │
                       └──────► <app>-claims    (partition: hash % N, one batch per partition)
    <app>-claims ──► claim    owners[hash] ──► <app>-verdicts (partition of the raw message)
    <app>-articles + <app>-verdicts ──► assemble   pending[request|article id]
                       └──► articles.clean | articles.duplicates | articles.dead-letter

The replica that ingests a raw partition also assembles that partition (Faust
assigns the same partition of topics with as many partitions together), so
ingest hands its articles over in memory (worker.stream.handoff).

Each stage takes events in batches and groups what it sends per partition
(worker.stream.stages). Every message in a group is deterministic given its
input message, so a replay after a crash, whatever its batches, re-sends the
same messages (at-least-once, no transactions).
The stage bodies are in worker.stream.ingest_stage, claim_stage and
assemble_stage, the sweeps in
worker.stream.sweeps; this module only declares topics, tables, agents and
timers.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import faust

from worker.core.assemble import OutputTopics
from worker.core.expiry import PENDING_TTL, pending_due
from worker.core.settings import Settings
from worker.stream.assemble_stage import AssembleStage
from worker.stream.claim_stage import ClaimStage
from worker.stream.extraction import ExtractionProcess
from worker.stream.grouped_table import OwnersTable, PendingTable
from worker.stream.handoff import Handoff
from worker.stream.holds import HeldOffsets
from worker.stream.ingest_stage import IngestStage
from worker.stream.metrics import Metrics
from worker.stream.pending_view import PendingView
from worker.stream.profiles import faust_options
from worker.stream.publisher import Publisher
from worker.stream.readiness import LAG_INTERVAL, Readiness
from worker.stream.sending import Sender
from worker.stream.stages import Topology
from worker.stream.stores import table_options
from worker.stream.sweeps import Sweeps
from worker.stream.views import OwnerIndexes, OwnersView

log = logging.getLogger("worker")

# Groups a standby applies in one call (see WorkerApp).
GROUPS_PER_APPLY = 16


class WorkerApp:
    def __init__(
        self,
        settings: Settings,
        extraction: ExtractionProcess | None,
        datadir: str | None = None,
    ) -> None:
        self.settings = settings
        self.metrics = Metrics()
        self.app = faust.App(settings.app_id, **faust_options(settings, datadir))
        self.readiness = Readiness(self.app, settings, self.metrics)
        s = settings
        # A standby applies the changelog in one synchronous call per full
        # buffer, and an owners record is a group of up to thousands of owners:
        # Faust's 1,000 records a call held the event loop for seconds
        # (measured: p99 latency 2-4 s with two replicas at half load).
        owners = self._table("owners", OwnersTable, standby_buffer_size=GROUPS_PER_APPLY)
        pending = self._table("pending", PendingTable, standby_buffer_size=GROUPS_PER_APPLY)
        # Names this replica's groups in the changelogs (unique keys).
        writer = secrets.token_hex(8)
        offsets = HeldOffsets(self.app)
        handoff = Handoff(offsets) if s.local_handoff else None
        repair_interval = max(s.repair_after / 4, 0.5)
        self.topology = Topology(
            articles=self._topic(f"{s.app_id}-articles"),
            claims=self._topic(f"{s.app_id}-claims"),
            verdicts=self._topic(f"{s.app_id}-verdicts"),
            # Buckets as wide as the sweep interval: an owner is deleted at most
            # one bucket and one interval after it expired.
            owners=OwnersView(
                owners,
                OwnerIndexes(s.partitions, s.dedupe_window, s.expiry_interval),
                writer=writer,
            ),
            pending=PendingView(
                pending,
                s.partitions,
                due=lambda entry: pending_due(entry, s.repair_after, PENDING_TTL),
                width=repair_interval,
                offsets=offsets,
                writer=writer,
            ),
        )
        outputs = OutputTopics(s.clean_topic, s.duplicates_topic, s.dead_letter_topic)
        channels = {name: self._topic(name) for name in (outputs.clean, outputs.duplicates)}
        channels[outputs.dead_letter] = self._topic(outputs.dead_letter)
        publisher = Publisher(
            Sender(s.limits.produce_bytes), channels, outputs, s.limits, self.metrics
        )
        verdicts = f"{s.app_id}-verdicts"
        ingest = IngestStage(
            s, self.topology, publisher, handoff, assembled_here=lambda: self._held(verdicts)
        )
        sweeps = self.sweeps = Sweeps(s, self.topology, ingest, held=self._held, handoff=handoff)
        claim = ClaimStage(s, self.topology, publisher, sweeps.expire)
        assemble = AssembleStage(
            s, self.topology, publisher, extraction, sweeps.on_assembly_tick, handoff
        )
        assembly = self._topic(f"{s.app_id}-articles", f"{s.app_id}-verdicts")
        self.app.agent(self._topic(s.raw_topic), name="ingest")(ingest.run)
        self.app.agent(self.topology.claims, name="claim")(claim.run)
        self.app.agent(assembly, name="assemble")(assemble.run)
        self.app.timer(s.expiry_interval, name="expiry")(logged_timer(sweeps.send_expiry_ticks))
        # A tick as soon as an assignment is recovered, so the expiry indexes are rebuilt
        # from what recovery restored, not an interval later from everything written
        # since (311,153 owners re-read in 1.8 s, in the middle of the load, in one run).
        self.readiness.on_ready.append(sweeps.send_expiry_ticks)
        self.app.timer(repair_interval, name="repair")(logged_timer(sweeps.send_repair_ticks))
        self.app.task(self.readiness.watch)
        self.app.timer(LAG_INTERVAL, name="lag")(logged_timer(self.readiness.report_lag))
        self.app.on_partitions_assigned.connect(self._on_assigned)

    def _table(self, name: str, kind: type[Any] = faust.Table, **extra: Any) -> Any:
        # What app.Table does, with the table's class chosen here.
        table: Any = self.app.tables.add(
            kind(
                self.app,
                name=name,
                default=None,
                beacon=self.app.tables.beacon,
                partitions=self.settings.partitions,
                key_type=str,
                value_type=bytes,
                options=table_options(self.settings.store),
                **extra,
            )
        )
        # Values are JSON encoded by the views (worker.stream.views) with orjson;
        # Faust passes the bytes through. Set before the changelog topic and the
        # store are made, which both take it from the table.
        table.value_serializer = "raw"
        return table

    def _topic(self, *names: str) -> Any:
        return self.app.topic(
            *names,
            key_type=bytes,
            value_type=bytes,
            key_serializer="raw",
            value_serializer="raw",
            partitions=self.settings.partitions,
        )

    def _held(self, topic: str) -> set[int]:
        """The partitions of ``topic`` this replica holds as active."""
        return {tp.partition for tp in self.app.assignor.assigned_actives() if tp.topic == topic}

    async def _on_assigned(self, sender: Any, /, *args: Any, signal: Any, **kwargs: Any) -> None:
        self.metrics.rebalance()
        self.metrics.forget_partitions()
        self.sweeps.on_rebalance()


def logged_timer(tick: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
    """A timer's body whose failure is logged, not raised: an exception escaping a Faust
    timer crashes the whole app (a partition revoked while the lag was read once did),
    and each of these timers is retried at its next interval anyway."""

    async def run() -> None:
        try:
            await tick()
        except Exception:
            log.exception("timer %s failed; it runs again at its next interval", tick.__name__)

    return run
