"""The claim stage: the dedupe decision, one writer per paragraph hash."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from worker.core.dedupe import claim_all
from worker.core.groups import Outbox
from worker.core.pending import assembly_partition
from worker.core.settings import Settings
from worker.core.wire import (
    ClaimBatch,
    VerdictBatch,
    decode_claims,
    encode,
)
from worker.stream.batches import batches, in_event
from worker.stream.publisher import Publisher
from worker.stream.stages import GROUP_BYTES, Internal, Topology, split, sweep
from worker.stream.views import OwnerWrites

log = logging.getLogger("worker")


class ClaimStage:
    """The dedupe decision: one writer per paragraph hash."""

    def __init__(
        self, settings: Settings, topology: Topology, publisher: Publisher, on_tick: Any
    ) -> None:
        self.settings = settings
        self.topology = topology
        self.publisher = publisher
        self.on_tick = on_tick
        self.internal = Internal(topology, publisher)

    async def run(self, stream: Any) -> None:
        async for events in batches(stream, self.settings):
            with self.publisher.metrics.timer("claim"):
                await self.take(events)

    async def take(self, events: Sequence[Any]) -> None:
        outbox = Outbox(GROUP_BYTES)
        messages, ticks = split(events, decode_claims)
        # Claims arrive on the partition of their hashes: that partition's owners are
        # read and written in its event's context, and its changelog partition gets
        # the batch's owners as one group, whichever replicas' claims they answer (a
        # group per event doubled the changelog records with two replicas at a pace).
        writes: dict[int, tuple[Any, OwnerWrites]] = {}
        for event, claim_batches in messages:
            partition = event.message.partition
            with in_event(event):
                held = writes.get(partition)
                owners = self.topology.owners.writes() if held is None else held[1]
                writes[partition] = (event, owners)
                for batch in claim_batches:
                    home = assembly_partition(batch.request, self.settings.partitions)
                    outbox.add("verdicts", home, encode(self.answer(batch, owners)))
        for partition, (event, owners) in writes.items():
            with in_event(event):
                self._log(owners, partition)
        await self.internal.send(outbox)
        await sweep(ticks, lambda partition, tick: self.on_tick(partition, tick.at))

    def _log(self, owners: OwnerWrites, partition: int) -> None:
        try:
            owners.log(partition)
        except Exception as exc:
            # The store holds owners its changelog would not: a restart would
            # forget them. Stop without committing; the claims are read again.
            self.publisher.sender.fatal(f"logging owners to their changelog failed: {exc!r}")

    def answer(self, batch: ClaimBatch, owners: OwnerWrites) -> VerdictBatch:
        try:
            results = claim_all(
                owners,
                batch.article_id,
                batch.claims,
                batch.now,
                self.settings.dedupe_window,
            )
            return batch.answer(results)
        except Exception as exc:  # answered as an error: the article dead-letters
            log.exception("claim failed", extra={"article_id": batch.article_id})
            return batch.failure(f"{type(exc).__name__}: {exc}")
