"""The three stages' agent bodies: ingest, claim, assemble, batch by batch.

Each stage takes a batch of events (worker.stream.batches) and groups what it
sends by destination partition (worker.core.groups): one articles record and
one claims record per partition per batch, one verdicts record per article
partition per batch, at load. Every message inside a group is the same as it
would be alone, so what is published does not depend on batch boundaries.

Each event is handled where it happens: a rejected or failing input becomes
a dead letter, a failing claim batch is answered with its error, and
extraction failing costs the article its facts, never the article. Nothing
raises into Faust, which would acknowledge the messages it held.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from worker.core.assemble import Finishing, finish, finish_all
from worker.core.codec import PROCESSING_ERROR, processing_error
from worker.core.dead_letters import Original
from worker.core.dedupe import claim_all, claims_by_partition
from worker.core.gather import Completed, Gathering
from worker.core.groups import Outbox
from worker.core.ingest import prepare
from worker.core.models import Claim, Position, PreparedArticle, Record, Rejection
from worker.core.pending import PendingEntry, all_results, article_of, is_done, parse_request
from worker.core.settings import Settings
from worker.core.shapes import prepared_from_json, results_from_json
from worker.core.wire import (
    ClaimBatch,
    Tick,
    VerdictBatch,
    article_message,
    decode_assembly,
    decode_claims,
    encode,
    encode_article,
)
from worker.stream.batches import batches, in_event
from worker.stream.extraction import ExtractionProcess
from worker.stream.metrics import Metrics
from worker.stream.publisher import Publisher
from worker.stream.views import OwnersView, OwnerWrites, PendingView, key_partition

log = logging.getLogger("worker")

T = TypeVar("T")
Admitted = tuple[PreparedArticle, str, bytes, dict[int, list[Claim]]]
# Groups stay below the size above which a send waits for the broker's answer
# (worker.stream.sending), so grouping never adds a wait; a larger message
# travels alone.
GROUP_BYTES = 512 * 1024
# Complete articles are extracted and published this many at a time, so a
# large batch with extraction on starts publishing early.
EXTRACT_CHUNK = 32


def _decoded(decode: Callable[[bytes], T], event: Any) -> T | None:
    """An internal record, or None for one no version of this worker wrote:
    logged and skipped, since nothing downstream can be done with it."""
    try:
        return decode(event.value)
    except Exception:
        where = event.message
        log.exception(
            "undecodable internal message at %s/%d/%d", where.topic, where.partition, where.offset
        )
        return None


def _split(
    events: Sequence[Any], decode: Callable[[bytes], list[T] | Tick]
) -> tuple[list[tuple[Any, list[T]]], list[tuple[Any, Tick]]]:
    """A batch's events as their decoded messages, and its ticks apart: ticks
    run after the batch's own writes, so a sweep sees them."""
    messages: list[tuple[Any, list[T]]] = []
    ticks: list[tuple[Any, Tick]] = []
    for event in events:
        decoded = _decoded(decode, event)
        if isinstance(decoded, Tick):
            ticks.append((event, decoded))
        elif decoded is not None:
            messages.append((event, decoded))
    return messages, ticks


async def _sweep(ticks: list[tuple[Any, Tick]], handle: Callable[[int, Tick], Any]) -> None:
    """Run each tick's sweep in its partition's event context."""
    for event, tick in ticks:
        partition = event.message.partition
        with in_event(event):
            try:
                done = handle(partition, tick)
                if inspect.isawaitable(done):
                    await done
            except Exception:  # a sweep runs again at the next tick
                log.exception("sweep failed in partition %d", partition)


@dataclass
class Topology:
    """The Faust channels and tables the stages use."""

    articles: Any
    claims: Any
    verdicts: Any
    owners: OwnersView
    pending: PendingView


class Internal:
    """Sends an outbox's groups through the topology's channels."""

    def __init__(self, topology: Topology, publisher: Publisher) -> None:
        self.publisher = publisher
        self.channels = {
            "articles": topology.articles,
            "claims": topology.claims,
            "verdicts": topology.verdicts,
        }

    async def send(self, outbox: Outbox) -> None:
        for name, partition, group in outbox.records():
            await self.publisher.internal(self.channels[name], None, group, partition)


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
                self.stage(outbox, *outcome, now)
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

    def stage(
        self,
        outbox: Outbox,
        prepared: PreparedArticle,
        request: str,
        encoded: bytes,
        batches: dict[int, list[Claim]],
        now: float,
    ) -> None:
        article_id = prepared.article.id
        home = key_partition(article_id.encode(), self.settings.partitions)
        outbox.add("articles", home, encoded)
        for partition, claims in batches.items():
            batch = ClaimBatch(request, article_id, partition, now, tuple(claims))
            outbox.add("claims", partition, encode(batch))

    async def fan_out(
        self,
        prepared: PreparedArticle,
        request: str,
        encoded: bytes,
        batches: dict[int, list[Claim]],
        now: float,
    ) -> None:
        outbox = Outbox(GROUP_BYTES)
        self.stage(outbox, prepared, request, encoded, batches, now)
        await self.internal.send(outbox)

    async def send_claims(self, batch: ClaimBatch) -> None:
        outbox = Outbox(GROUP_BYTES)
        outbox.add("claims", batch.batch, encode(batch))
        await self.internal.send(outbox)


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
        messages, ticks = _split(events, decode_claims)
        for event, claim_batches in messages:
            # Claims arrive on the partition of their hashes: that partition's
            # owners are read and written in its event's context, and its
            # changelog partition gets the event's owners as one group.
            with in_event(event):
                owners = self.topology.owners.writes()
                for batch in claim_batches:
                    home = key_partition(batch.article_id.encode(), self.settings.partitions)
                    outbox.add("verdicts", home, encode(self.answer(batch, owners)))
                self._log(owners, event.message.partition)
        await self.internal.send(outbox)
        await _sweep(ticks, lambda partition, tick: self.on_tick(partition, tick.at))

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


class AssembleStage:
    """Articles meet their verdicts; complete ones are published."""

    def __init__(
        self,
        settings: Settings,
        topology: Topology,
        publisher: Publisher,
        extraction: ExtractionProcess | None,
        on_tick: Any,
    ) -> None:
        self.settings = settings
        self.topology = topology
        self.publisher = publisher
        self.extraction = extraction
        self.on_tick = on_tick

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
            messages, ticks = _split(events, decode_assembly)
            for event, parts in messages:
                share = len(event.value) // max(len(parts), 1)
                with in_event(event):
                    for message in parts:
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
            self.publisher.metrics.set_in_flight(pending.held(), pending.held_size)
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
        await _sweep(ticks, self.on_tick)

    def _mark_done(self, markers: dict[str, PendingEntry], origin: dict[str, Any]) -> None:
        # Without its marker an entry is only open to a replayed part, which
        # at worst publishes the article again, identical.
        try:
            for key, entry in markers.items():
                with in_event(origin[key]):
                    self.topology.pending.put(key, entry)
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
