"""The ingest stage: raw articles admitted, or dead-lettered, and sent on as
one articles record and one claims record per partition."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from worker.core.codec import processing_error
from worker.core.dead_letters import Original
from worker.core.dedupe import claims_by_partition
from worker.core.groups import Outbox
from worker.core.ingest import prepare
from worker.core.models import Claim, Position, PreparedArticle, Rejection
from worker.core.settings import Settings
from worker.core.wire import (
    ClaimBatch,
    article_message,
    encode,
    encode_article,
)
from worker.stream.batches import batches
from worker.stream.metrics import Metrics
from worker.stream.publisher import Publisher
from worker.stream.stages import GROUP_BYTES, Internal, Topology
from worker.stream.views import key_partition

log = logging.getLogger("worker")

Admitted = tuple[PreparedArticle, str, bytes, dict[int, list[Claim]]]


class IngestStage:
    def __init__(self, settings: Settings, topology: Topology, publisher: Publisher) -> None:
        self.settings = settings
        self.topology = topology
        self.publisher = publisher
        self.metrics: Metrics = publisher.metrics
        self.internal = Internal(topology, publisher)

    async def run(self, stream: Any) -> None:
        async for events in batches(stream, self.settings):
            with self.metrics.timer("ingest"):
                await self.take(events)

    async def take(self, events: Sequence[Any]) -> None:
        """Admit a batch of raw messages and send them on, or dead-letter them."""
        outbox = Outbox(GROUP_BYTES)
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
                self.stage(outbox, outcome, now)
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
        return prepared, request, encoded, batches

    def stage(self, outbox: Outbox, admitted: Admitted, now: float) -> None:
        prepared, request, encoded, batches = admitted
        article_id = prepared.article.id
        home = key_partition(article_id.encode(), self.settings.partitions)
        outbox.add("articles", home, encoded)
        for partition, claims in batches.items():
            batch = ClaimBatch(request, article_id, partition, now, tuple(claims))
            outbox.add("claims", partition, encode(batch))

    async def fan_out(self, admitted: Admitted, now: float) -> None:
        outbox = Outbox(GROUP_BYTES)
        self.stage(outbox, admitted, now)
        await self.internal.send(outbox)

    async def send_claims(self, batch: ClaimBatch) -> None:
        outbox = Outbox(GROUP_BYTES)
        outbox.add("claims", batch.batch, encode(batch))
        await self.internal.send(outbox)
