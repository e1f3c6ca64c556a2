"""The assemble stage: articles meet their verdicts; complete ones are
extracted and published, and their done markers follow the broker's acks."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any

from worker.core.assemble import Finishing, finish, finish_all
from worker.core.codec import PROCESSING_ERROR, processing_error
from worker.core.dead_letters import Original
from worker.core.gather import Completed, Gathering
from worker.core.models import Position, Record, Rejection
from worker.core.pending import (
    PendingEntry,
    all_results,
    article_of,
    entry_key,
    is_done,
    parse_request,
)
from worker.core.settings import Settings
from worker.core.shapes import prepared_from_json, results_from_json
from worker.core.wire import (
    decode_assembly,
)
from worker.stream.batches import batches, in_event
from worker.stream.extraction import ExtractionProcess
from worker.stream.handoff import Handed, Handoff
from worker.stream.publisher import Publisher
from worker.stream.stages import Topology, split, sweep

log = logging.getLogger("worker")
# Complete articles are extracted and published this many at a time, so a
# large batch with extraction on starts publishing early.
EXTRACT_CHUNK = 32


class AssembleStage:
    """Articles meet their verdicts; complete ones are published."""

    def __init__(
        self,
        settings: Settings,
        topology: Topology,
        publisher: Publisher,
        extraction: ExtractionProcess | None,
        on_tick: Any,
        handoff: Handoff | None = None,
    ) -> None:
        self.settings = settings
        self.topology = topology
        self.publisher = publisher
        self.extraction = extraction
        self.on_tick = on_tick
        self.handoff = handoff

    async def run(self, stream: Any) -> None:
        async for events in batches(stream, self.settings):
            await self.take(events)

    def _lookup(self, key: str) -> PendingEntry | None:
        try:
            return self.topology.pending.get(key)
        except Exception:  # an unreadable entry starts again; repair re-sends its parts
            log.exception("unreadable pending entry %s", key)
            return None

    async def take(self, events: Sequence[Any]) -> None:
        pending = self.topology.pending
        with self.publisher.metrics.timer("assemble"):
            gathering = Gathering(self._lookup, time.time())
            # Every key of an event is in that event's partition.
            origin: dict[str, Any] = {}
            # The events that brought each key's parts, with their share of bytes.
            brought: dict[str, list[tuple[Any, int]]] = {}
            messages, ticks = split(events, decode_assembly)
            # Articles ingest handed over (worker.stream.handoff), taken by the
            # first verdicts of their request, whose event is in their partition.
            taken: list[Handed] = []
            handoff = self.handoff
            for event, parts in messages:
                share = len(event.value) // max(len(parts), 1)
                with in_event(event):
                    for message in parts:
                        if handoff is not None and len(handoff):
                            handed = handoff.take(entry_key(message.request, message.article_id))
                            if handed is not None:
                                taken.append(handed)
                                key = gathering.apply(handed.message)
                                brought.setdefault(key, []).append((handed.event, handed.size))
                        key = gathering.apply(message)
                        origin[key] = event
                        brought.setdefault(key, []).append((event, share))
            markers: dict[str, PendingEntry] = {}
            for key, entry in gathering.writes().items():
                if is_done(entry):
                    markers[key] = entry
                    pending.complete(key, entry)
                    continue
                found = brought[key]
                with in_event(origin[key]):
                    pending.hold(key, entry, [e for e, _ in found], sum(n for _, n in found))
            waiting, size = pending.held(), pending.held_size
            if handoff is not None:
                waiting, size = waiting + len(handoff), size + handoff.size
            self.publisher.metrics.set_in_flight(waiting, size)
        # In raw order, so two versions of one article completing in the same
        # batch are published in the order they were crawled.
        completed = sorted(gathering.completed, key=lambda done: parse_request(done.request))
        delivered: list[Any] = []
        for start in range(0, len(completed), EXTRACT_CHUNK):
            await self.complete(completed[start : start + EXTRACT_CHUNK], delivered)
        # A done marker makes replayed parts no-ops, so it is written only once
        # the records it stands for are on the broker: a marker in the
        # changelog ahead of its article would lose the article to a kill -9.
        # The stage does not wait for that; the markers follow the acks. (A
        # failed delivery stops the replica: Sender._delivered.)
        if markers and delivered:
            acked = asyncio.gather(*delivered, return_exceptions=True)
            acked.add_done_callback(lambda _: self._mark_done(markers, origin))
        elif markers:
            self._mark_done(markers, origin)
        # The entries that took them hold their raw records now, or have been
        # published (the commit flushes the producer first) or stored.
        if handoff is not None:
            for handed in taken:
                handoff.done(handed)
        await sweep(ticks, self.on_tick)

    def _mark_done(self, markers: dict[str, PendingEntry], origin: dict[str, Any]) -> None:
        # Without its marker an entry is only open to a replayed part, which
        # at worst publishes the article again, identical.
        try:
            # Every key of an event is in that event's partition: one group each.
            by_partition: dict[int, tuple[Any, dict[str, PendingEntry]]] = {}
            for key, entry in markers.items():
                event = origin[key]
                by_partition.setdefault(event.message.partition, (event, {}))[1][key] = entry
            for partition, (event, group) in by_partition.items():
                with in_event(event):
                    self.topology.pending.mark_done(partition, group)
        except Exception:
            log.exception("writing %d done markers failed", len(markers))

    async def complete(self, completed: Sequence[Completed], delivered: list[Any]) -> None:
        ready: list[tuple[Finishing, Original, Position]] = []
        for done in completed:
            entry = done.entry
            position = Position(*parse_request(done.request))
            original = entry.raw.original() if entry.raw else Original(None, None)
            now = entry.now if entry.now is not None else time.time()
            if entry.error is not None or entry.article is None:
                rejection = Rejection(PROCESSING_ERROR, entry.error or "no article")
                await self.publisher.dead_letter(rejection, original, position, now, delivered)
                continue
            try:
                prepared = prepared_from_json(entry.article)
                results = results_from_json(all_results(entry))
            except Exception as exc:
                log.exception(
                    "unreadable pending entry", extra={"article_id": article_of(done.key)}
                )
                await self.publisher.dead_letter(
                    processing_error(exc), original, position, now, delivered
                )
                continue
            ready.append(((prepared, results, now), original, position))
        finished = await self._finish([item for item, _, _ in ready])
        for (outcome, errors), (item, original, position) in zip(finished, ready, strict=True):
            if errors:
                self.publisher.metrics.extraction_errors(errors)
            if isinstance(outcome, Rejection):
                await self.publisher.dead_letter(outcome, original, position, item[2], delivered)
            else:
                await self.publisher.public(outcome, original, position, delivered)

    async def _finish(self, items: list[Finishing]) -> list[tuple[Record | Rejection, int]]:
        if not items:
            return []
        if self.extraction is None:
            return self._built(items)
        try:
            with self.publisher.metrics.timer("extract"):
                done = await self.extraction.finish(items, self.publisher.outputs)
            return list(done)
        except Exception:  # extraction must never cost the article: publish it without facts
            log.exception("extraction failed for a batch of %d articles", len(items))
            return [(outcome, errors + 1) for outcome, errors in self._built(items)]

    def _built(self, items: list[Finishing]) -> list[tuple[Record | Rejection, int]]:
        """The records without facts; an article whose record cannot be built
        is a dead letter, and does not take its batch down."""
        outputs = self.publisher.outputs
        try:
            return list(finish_all(items, None, outputs))
        except Exception:
            log.exception("building a batch of %d records failed; one by one", len(items))
        out: list[tuple[Record | Rejection, int]] = []
        for prepared, results, now in items:
            try:
                out.append(finish(prepared, results, None, outputs, now))
            except Exception as exc:
                log.exception("building a record failed", extra={"article_id": prepared.article.id})
                out.append((processing_error(exc), 0))
        return out
