"""Maintenance in event context: owner expiry, stale pending entries, repair.

A table write lands in the changelog partition of the event being processed,
so sweeps run when a tick arrives on a partition, and only touch that
partition's keys. Timers send the ticks to every partition; whoever holds a
partition processes its tick.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from worker.core import pending as entries
from worker.core.dead_letters import Original
from worker.core.dedupe import claims_by_partition, expired_hashes
from worker.core.models import Position, Rejection
from worker.core.settings import Settings
from worker.core.shapes import prepared_from_json
from worker.core.wire import ClaimBatch, Tick
from worker.stream.stages import IngestStage, Topology
from worker.stream.topics_io import read_at

log = logging.getLogger("worker")

# A pending entry whose other half has not come after this long is a replayed
# verdict for an article that was already published; keep it long enough
# that a slow rebalance never discards a live article.
PENDING_TTL = 3600.0


class Sweeps:
    def __init__(self, settings: Settings, topology: Topology, ingest: IngestStage) -> None:
        self.settings = settings
        self.topology = topology
        self.ingest = ingest
        self.metrics = ingest.metrics

    # -- timers -----------------------------------------------------------

    async def send_expiry_ticks(self) -> None:
        # Sent to every partition by every replica: duplicates are harmless,
        # and whoever owns a partition processes its tick in event context.
        tick = Tick(time.time())
        for partition in range(self.settings.partitions):
            await self.ingest.publisher.internal(self.topology.claims, None, tick, partition)
            await self.ingest.publisher.internal(self.topology.verdicts, None, tick, partition)

    async def send_repair_ticks(self) -> None:
        tick = Tick(time.time(), repair=True)
        for partition in range(self.settings.partitions):
            await self.ingest.publisher.internal(self.topology.verdicts, None, tick, partition)

    # -- sweeps -----------------------------------------------------------

    def expire(self, partition: int, now: float) -> None:
        owners = self.topology.owners
        held = owners.in_partition(partition, self.settings.partitions)
        expired = expired_hashes(held, now, self.settings.dedupe_window)
        for key in expired:
            del owners[key]
        self.metrics.set_state_keys(partition, len(held) - len(expired))
        if expired:
            log.info("expired %d paragraph owners in partition %d", len(expired), partition)

    async def on_assembly_tick(self, partition: int, tick: Tick) -> None:
        if tick.repair:
            await self.repair(partition, tick.at)
        else:
            self.collect_stale(partition, tick.at)

    def collect_stale(self, partition: int, now: float) -> None:
        pending = self.topology.pending
        stale = [
            key
            for key, entry in pending.in_partition(partition)
            if entries.is_stale(entry, now, PENDING_TTL)
        ]
        for key in stale:
            pending.discard(key)
        if stale:
            log.warning("dropped %d stale pending entries", len(stale))

    async def repair(self, partition: int, now: float) -> None:
        """Re-send what an article waiting too long is missing.

        Every stage is idempotent, so re-sending is safe whatever was lost:
        missing claim batches are claimed again (the owner gets "owned", others
        the same "duplicate"), and a missing article is prepared again from its
        raw message, read back by offset.
        """
        pending = self.topology.pending
        for key, entry in pending.in_partition(partition):
            if not entries.needs_repair(entry, now, self.settings.repair_after):
                continue
            request = entries.request_of(key)
            if entry.article is None:
                resent = await self._reingest(request)
            else:
                resent = await self._reclaim(request, entry)
            log.warning(
                "repair: re-sent %s for a request waiting since %.0fs",
                resent,
                now - entry.created,
                extra={"article_id": entries.article_of(key), "partition": partition},
            )
            pending.put(key, replace(entry, repaired=now))

    async def _reclaim(self, request: str, entry: entries.PendingEntry) -> str:
        assert entry.article is not None and entry.now is not None
        prepared = prepared_from_json(entry.article)
        batches = claims_by_partition(prepared.paragraphs, self.settings.partitions)
        missing = entries.missing_batches(entry, list(batches))
        for batch in missing:
            claims = tuple(batches[batch])
            await self.ingest.send_claims(
                ClaimBatch(request, prepared.article.id, batch, entry.now, claims)
            )
        return f"claim batches {missing}"

    async def _reingest(self, request: str) -> str:
        position = entries.parse_request(request)
        found = await read_at(self.settings, [position])
        if not found:
            return "nothing (raw message not readable)"
        [message] = found.values()
        original = Original.of(message.key, message.value)
        outcome = self.ingest.admit(original, Position(*position), message.timestamp)
        if isinstance(outcome, Rejection):
            return "nothing (raw message rejected)"
        await self.ingest.fan_out(*outcome, message.timestamp)
        return "the prepared article and its claims"
