"""Maintenance in event context: owner expiry, stale pending entries, repair.

A table write lands in the changelog partition of the event being processed,
so sweeps run when a tick arrives on a partition, and only touch that
partition's keys. Each replica's timers send ticks only to the partitions it
holds (the assignor's active assignment), and a partition is swept at most
once per interval however many ticks reach it.

No sweep scans a table. Owners are found through a first-seen bucket index
and pending entries through a due-time index (worker.core.expiry), both
kept current by every write (worker.stream.views) and rebuilt from the local
store once after each rebalance, in the background and in small steps so
heartbeats keep flowing. Expired owners are deleted locally only: the
changelog ages out by its retention (``cleanup.policy=compact,delete``,
retention = window + margin), so an expired owner costs no tombstone, and a
changelog that never ages out (a broker without retention) only makes
restores longer: decisions stay exact either way, because
worker.core.dedupe.decide treats an expired owner as absent whether or not
a sweep has deleted it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import replace

from worker.core import pending as entries
from worker.core.dead_letters import Original
from worker.core.dedupe import claims_by_partition, is_expired
from worker.core.expiry import DONE_TTL, PENDING_TTL
from worker.core.models import Position, Rejection
from worker.core.settings import Settings
from worker.core.shapes import prepared_from_json
from worker.core.wire import ClaimBatch, Tick
from worker.stream.handoff import Handoff
from worker.stream.ingest_stage import IngestStage
from worker.stream.stages import Topology
from worker.stream.topics_io import read_at

log = logging.getLogger("worker")

# Keys indexed between two pauses of a rebuild (a few milliseconds of work).
REBUILD_STEP = 5000
# Owners one sweep deletes at most (about 0.25 s at the 12 us each measured
# with RocksDB), so a backlog after downtime is worked off over a few ticks
# instead of holding the event loop, and heartbeats, for seconds.
SWEEP_LIMIT = 20_000


class Sweeps:
    def __init__(
        self,
        settings: Settings,
        topology: Topology,
        ingest: IngestStage,
        held: Callable[[str], set[int]] | None = None,
        handoff: Handoff | None = None,
    ) -> None:
        self.settings = settings
        self.topology = topology
        self.ingest = ingest
        self.handoff = handoff
        self.metrics = ingest.metrics
        # The partitions of a topic this replica holds as active.
        self.held = held or (lambda topic: set(range(settings.partitions)))
        self.claims_topic = f"{settings.app_id}-claims"
        self.verdicts_topic = f"{settings.app_id}-verdicts"
        self._last_expiry: dict[int, float] = {}
        self._last_pending: dict[int, float] = {}
        self._owners_built: set[int] = set()
        self._rebuild: asyncio.Task[None] | None = None
        self._pending_built = False
        self.repair_interval = max(settings.repair_after / 4, 0.5)

    # -- rebalances -------------------------------------------------------

    def on_rebalance(self) -> None:
        """Forget every index: the next tick rebuilds them from the local store
        of the partitions held then (recovery is over by the time a tick is
        processed)."""
        if self._rebuild is not None:
            self._rebuild.cancel()
            self._rebuild = None
        self.topology.pending.forget()
        if self.handoff is not None:
            self.handoff.forget()
        if self.topology.owners.indexes is not None:
            self.topology.owners.indexes.clear()
        self._owners_built.clear()
        self._pending_built = False
        self._last_expiry.clear()
        self._last_pending.clear()

    async def _rebuild_owners(self, partitions: set[int]) -> None:
        owners = self.topology.owners
        assert owners.indexes is not None
        started, count = time.monotonic(), 0
        for step, item in enumerate(owners.scan(partitions), 1):
            if item is not None:
                owners.indexes.note(*item)
                count += 1
            if step % REBUILD_STEP == 0:
                await asyncio.sleep(0)
        self._owners_built |= partitions
        log.info(
            "indexed %d paragraph owners of partitions %s in %.2fs",
            count,
            sorted(partitions),
            time.monotonic() - started,
        )

    def _rebuild_done(self, task: asyncio.Task[None]) -> None:
        if self._rebuild is task:
            self._rebuild = None
        if not task.cancelled() and task.exception() is not None:
            log.error("rebuilding the expiry index failed", exc_info=task.exception())

    # -- timers -----------------------------------------------------------

    async def send_expiry_ticks(self) -> None:
        # Only to the partitions held here: their owner processes each tick in
        # event context. During a rebalance two replicas may both send one;
        # the sweep skips a tick that comes within half an interval of the last.
        tick = Tick(time.time())
        publisher = self.ingest.publisher
        for partition in sorted(self.held(self.claims_topic)):
            await publisher.internal(self.topology.claims, None, tick, partition)
        for partition in sorted(self.held(self.verdicts_topic)):
            await publisher.internal(self.topology.verdicts, None, tick, partition)

    async def send_repair_ticks(self) -> None:
        await self.ingest.send_stale()
        tick = Tick(time.time(), repair=True)
        for partition in sorted(self.held(self.verdicts_topic)):
            await self.ingest.publisher.internal(self.topology.verdicts, None, tick, partition)

    # -- sweeps -----------------------------------------------------------

    def expire(self, partition: int, now: float) -> None:
        """Delete the owners of ``partition`` that expired by ``now``: those in
        the index buckets wholly older than the window, checked one by one."""
        window = self.settings.dedupe_window
        owners = self.topology.owners
        indexes = owners.indexes
        if window <= 0 or indexes is None:
            return
        if (
            now
            < self._last_expiry.get(partition, float("-inf")) + self.settings.expiry_interval / 2
        ):
            return
        held = self.held(self.claims_topic)
        if partition not in held:
            return
        self._last_expiry[partition] = now
        missing = held - self._owners_built
        if missing and self._rebuild is None:
            self._rebuild = asyncio.get_running_loop().create_task(self._rebuild_owners(missing))
            self._rebuild.add_done_callback(self._rebuild_done)
        index = indexes.of(partition)
        expired = 0
        for key in index.pop_due(now, window, SWEEP_LIMIT):
            owner = owners.get(key)
            if owner is not None and is_expired(owner, now, window):
                owners.drop_local(partition, key)
                expired += 1
        self.metrics.set_state_keys(partition, len(index))
        if expired:
            log.info("expired %d paragraph owners in partition %d", expired, partition)

    async def on_assembly_tick(self, partition: int, tick: Tick) -> None:
        """Act on this partition's pending entries that are due: the stale are
        dropped, and on a repair tick those waiting too long are repaired."""
        held = self.held(self.verdicts_topic)
        if partition not in held:
            return
        pending = self.topology.pending
        if not self._pending_built:
            pending.rebuild(held)
            self._pending_built = True
        interval = self.repair_interval if tick.repair else self.settings.expiry_interval
        last = self._last_pending.get(partition, float("-inf"))
        if not tick.repair and tick.at < last + interval / 2:
            return
        if not tick.repair:
            self._last_pending[partition] = tick.at
        await self.sweep_pending(partition, tick.at, repair=tick.repair)

    async def sweep_pending(self, partition: int, now: float, *, repair: bool) -> None:
        pending = self.topology.pending
        stale = 0
        for key in pending.due(partition, now):
            entry = pending.get(key)
            if entry is None:
                continue
            if entries.is_stale(entry, now, PENDING_TTL, DONE_TTL):
                pending.discard(key)
                stale += not entries.is_done(entry)
            elif repair and entries.needs_repair(entry, now, self.settings.repair_after):
                await self.repair(partition, key, entry, now)
            else:
                pending.keep(key, entry)  # not due for this kind of tick: back in the index
        if stale:
            log.warning("dropped %d stale pending entries", stale)

    async def repair(
        self, partition: int, key: str, entry: entries.PendingEntry, now: float
    ) -> None:
        """Re-send what an article waiting too long is missing.

        Every stage is idempotent, so re-sending is safe whatever was lost:
        missing claim batches are claimed again (the owner gets "owned", others
        the same "duplicate"), and a missing article is prepared again from its
        raw message, read back by offset.
        """
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
        self.topology.pending.put(key, replace(entry, repaired=now))

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
        await self.ingest.fan_out(outcome, message.timestamp)
        return "the prepared article and its claims"
