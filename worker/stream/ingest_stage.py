"""The ingest stage: raw articles admitted, or dead-lettered, and sent on as
one articles record and one claims record per partition; an article whose
home partition this replica assembles is handed over in memory instead
(worker.stream.handoff)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from worker.core.codec import processing_error
from worker.core.dead_letters import Original
from worker.core.dedupe import claims_by_partition
from worker.core.groups import Outbox
from worker.core.ingest import prepare
from worker.core.models import Claim, Position, PreparedArticle, Rejection
from worker.core.pending import assembly_partition, entry_key
from worker.core.settings import Settings
from worker.core.wire import (
    ArticleMessage,
    ClaimBatch,
    article_message,
    encode,
    encode_article,
)
from worker.stream.batches import batches
from worker.stream.handoff import Handed, Handoff
from worker.stream.metrics import Metrics
from worker.stream.publisher import Publisher
from worker.stream.stages import GROUP_BYTES, Internal, Topology

log = logging.getLogger("worker")

Admitted = tuple[PreparedArticle, ArticleMessage, bytes, dict[int, list[Claim]]]


class IngestStage:
    def __init__(
        self,
        settings: Settings,
        topology: Topology,
        publisher: Publisher,
        handoff: Handoff | None = None,
        assembled_here: Callable[[], set[int]] | None = None,
    ) -> None:
        self.settings = settings
        self.topology = topology
        self.publisher = publisher
        self.metrics: Metrics = publisher.metrics
        self.internal = Internal(topology, publisher)
        self.handoff = handoff
        # The assembly partitions this replica holds as active, now.
        self.assembled_here = assembled_here or set

    async def run(self, stream: Any) -> None:
        async for events in batches(stream, self.settings):
            with self.metrics.timer("ingest"):
                await self.take(events)

    async def take(self, events: Sequence[Any]) -> None:
        """Admit a batch of raw messages and send them on, or dead-letter them."""
        outbox = Outbox(GROUP_BYTES)
        local = self.assembled_here() if self.handoff is not None else set()
        for event in events:
            message = event.message
            position = Position(message.topic, message.partition, message.offset)
            # The message timestamp, not the wall clock, so a replay decides the same.
            now = float(message.timestamp or time.time())
            self.metrics.message_in(message.topic)
            original = Original.of(event.key, event.value)
            try:
                outcome = self.admit(original, position, now)
            except Exception as exc:  # a bug must not stop the replica
                log.exception("ingest failed at %s", position)
                outcome = processing_error(exc)
            if isinstance(outcome, Rejection):
                await self.publisher.dead_letter(outcome, original, position, now)
            else:
                self.stage(outbox, outcome, now, event, local)
        await self.internal.send(outbox)

    def admit(self, original: Original, position: Position, now: float) -> Admitted | Rejection:
        prepared = prepare(original.value, self.settings.limits)
        if isinstance(prepared, Rejection):
            return prepared
        request = f"{position.topic}:{position.partition}:{position.offset}"
        batches = claims_by_partition(prepared.paragraphs, self.settings.partitions)
        message = article_message(prepared, request, now, len(batches), original)
        encoded = encode_article(message, self.settings.limits)
        if isinstance(encoded, Rejection):
            return encoded
        return prepared, message, encoded, batches

    def stage(
        self,
        outbox: Outbox,
        admitted: Admitted,
        now: float,
        event: Any = None,
        local: set[int] | frozenset[int] = frozenset(),
    ) -> None:
        prepared, message, encoded, batches = admitted
        article_id, request = prepared.article.id, message.request
        home = assembly_partition(request, self.settings.partitions)
        # Handed over only when verdicts will come to take it: an article with
        # no claims completes on its article message alone.
        handed = (
            home in local
            and batches
            and self.handoff is not None
            and self.handoff.leave(
                entry_key(request, article_id),
                Handed(message, event, home, len(encoded), time.time()),
            )
        )
        if not handed:
            outbox.add("articles", home, encoded)
        for partition, claims in batches.items():
            batch = ClaimBatch(request, article_id, partition, now, tuple(claims))
            outbox.add("claims", partition, encode(batch))

    async def fan_out(self, admitted: Admitted, now: float) -> None:
        outbox = Outbox(GROUP_BYTES)
        self.stage(outbox, admitted, now)
        await self.internal.send(outbox)

    async def send_stale(self) -> None:
        """Send the handed-over articles whose verdicts did not come through
        the topic, where repair looks after them, and let their raw records go
        (the commit flushes the producer first)."""
        if self.handoff is None:
            return
        outbox = Outbox(GROUP_BYTES)
        stale = self.handoff.stale(self.settings.repair_after)
        for _, handed in stale:
            outbox.add("articles", handed.home, encode(handed.message))
        await self.internal.send(outbox)
        for _, handed in stale:
            self.handoff.done(handed)

    async def send_claims(self, batch: ClaimBatch) -> None:
        outbox = Outbox(GROUP_BYTES)
        outbox.add("claims", batch.batch, encode(batch))
        await self.internal.send(outbox)
