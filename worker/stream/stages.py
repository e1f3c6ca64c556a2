"""The three stages' agent bodies: ingest, claim, assemble.

Each event is handled where it happens: a rejected or failing input becomes
a dead letter, a failing claim batch is answered with its error, and
extraction failing costs the article its facts, never the article. Nothing
raises into Faust, which would acknowledge the message it held.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, TypeVar

from worker.core import pending as entries
from worker.core.assemble import Extractor, finish
from worker.core.codec import PROCESSING_ERROR, processing_error
from worker.core.dead_letters import Original
from worker.core.dedupe import claim_all, claims_by_partition
from worker.core.ingest import prepare
from worker.core.models import Claim, Position, PreparedArticle, Rejection
from worker.core.settings import Settings
from worker.core.shapes import prepared_from_json, results_from_json
from worker.core.wire import (
    ArticleMessage,
    ClaimBatch,
    Tick,
    article_message,
    decode_assembly,
    decode_claims,
    encode_article,
)
from worker.stream.metrics import Metrics
from worker.stream.publisher import Publisher
from worker.stream.views import OwnersView, PendingView

log = logging.getLogger("worker")

T = TypeVar("T")
Admitted = tuple[PreparedArticle, str, bytes, dict[int, list[Claim]]]


def _decoded(decode: Callable[[bytes], T], event: Any) -> T | None:
    """An internal message, or None for one no version of this worker wrote:
    logged and skipped, since nothing downstream can be done with it."""
    try:
        return decode(event.value)
    except Exception:
        where = event.message
        log.exception(
            "undecodable internal message at %s/%d/%d", where.topic, where.partition, where.offset
        )
        return None


@dataclass
class Topology:
    """The Faust channels and tables the stages use."""

    articles: Any
    claims: Any
    verdicts: Any
    owners: OwnersView
    pending: PendingView


class IngestStage:
    def __init__(self, settings: Settings, topology: Topology, publisher: Publisher) -> None:
        self.settings = settings
        self.topology = topology
        self.publisher = publisher
        self.metrics: Metrics = publisher.metrics

    async def run(self, stream: Any) -> None:
        async for event in stream.events():
            message = event.message
            position = Position(message.topic, message.partition, message.offset)
            # The message timestamp, not the wall clock, so a replay decides the same.
            now = float(message.timestamp or time.time())
            self.metrics.message_in(message.topic)
            original = Original.of(event.key, event.value)
            with self.metrics.timer("ingest"):
                await self.take(original, position, now)

    async def take(self, original: Original, position: Position, now: float) -> None:
        """Admit one raw message and send it on, or dead-letter it."""
        try:
            outcome = self.admit(original, position, now)
        except Exception as exc:  # a bug must not stop the replica
            log.exception("ingest failed at %s", position)
            outcome = processing_error(exc)
        if isinstance(outcome, Rejection):
            await self.publisher.dead_letter(outcome, original, position, now)
        else:
            await self.fan_out(*outcome, now)

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

    async def fan_out(
        self,
        prepared: PreparedArticle,
        request: str,
        encoded: bytes,
        batches: dict[int, list[Claim]],
        now: float,
    ) -> None:
        article_id = prepared.article.id
        await self.publisher.internal(self.topology.articles, article_id.encode(), encoded)
        for partition, claims in batches.items():
            await self.send_claims(ClaimBatch(request, article_id, partition, now, tuple(claims)))

    async def send_claims(self, batch: ClaimBatch) -> None:
        key = batch.article_id.encode()
        await self.publisher.internal(self.topology.claims, key, batch, partition=batch.batch)


class ClaimStage:
    """The dedupe decision: one writer per paragraph hash."""

    def __init__(
        self, settings: Settings, topology: Topology, publisher: Publisher, on_tick: Any
    ) -> None:
        self.settings = settings
        self.topology = topology
        self.publisher = publisher
        self.on_tick = on_tick

    async def run(self, stream: Any) -> None:
        async for event in stream.events():
            batch = _decoded(decode_claims, event)
            if batch is None:
                continue
            if isinstance(batch, Tick):
                try:
                    self.on_tick(event.message.partition, batch.at)
                except Exception:  # a sweep runs again at the next tick
                    log.exception("expiry sweep failed in partition %d", event.message.partition)
                continue
            with self.publisher.metrics.timer("claim"):
                try:
                    results = claim_all(
                        self.topology.owners,
                        batch.article_id,
                        batch.claims,
                        batch.now,
                        self.settings.dedupe_window,
                    )
                    answer = batch.answer(results)
                except Exception as exc:  # answered as an error: the article dead-letters
                    log.exception("claim failed", extra={"article_id": batch.article_id})
                    answer = batch.failure(f"{type(exc).__name__}: {exc}")
                key = batch.article_id.encode()
                await self.publisher.internal(self.topology.verdicts, key, answer)


class AssembleStage:
    """Articles meet their verdicts; complete ones are published."""

    def __init__(
        self,
        topology: Topology,
        publisher: Publisher,
        extractor: Extractor | None,
        executor: Executor,
        on_tick: Any,
    ) -> None:
        self.topology = topology
        self.publisher = publisher
        self.extractor = extractor
        self.executor = executor
        self.on_tick = on_tick

    async def run(self, stream: Any) -> None:
        pending = self.topology.pending
        async for event in stream.events():
            message = _decoded(decode_assembly, event)
            if message is None:
                continue
            if isinstance(message, Tick):
                try:
                    await self.on_tick(event.message.partition, message)
                except Exception:  # a sweep runs again at the next tick
                    log.exception("pending sweep failed in partition %d", event.message.partition)
                continue
            key = entries.entry_key(message.request, message.article_id)
            seen = time.time()
            try:
                if isinstance(message, ArticleMessage):
                    entry = entries.with_article(pending.get(key), message, seen)
                else:
                    entry = entries.with_verdicts(pending.get(key), message, seen)
            except Exception as exc:
                log.exception("assembly failed", extra={"article_id": message.article_id})
                entry = entries.failed(pending.get(key), f"{type(exc).__name__}: {exc}")
            if entries.is_complete(entry):
                pending.discard(key)
                await self.complete(message.request, entry)
            else:
                pending.put(key, entry)

    async def complete(self, request: str, entry: entries.PendingEntry) -> None:
        position = Position(*entries.parse_request(request))
        original = entry.raw.original() if entry.raw else Original(None, None)
        now = entry.now if entry.now is not None else time.time()
        with self.publisher.metrics.timer("assemble"):
            if entry.error is not None or entry.article is None:
                rejection = Rejection(PROCESSING_ERROR, entry.error or "no article")
                await self.publisher.dead_letter(rejection, original, position, now)
                return
            prepared = prepared_from_json(entry.article)
            results = results_from_json(entries.all_results(entry))
            outputs = self.publisher.outputs
            loop = asyncio.get_running_loop()
            try:
                with self.publisher.metrics.timer("extract"):
                    record, errors = await loop.run_in_executor(
                        self.executor, finish, prepared, results, self.extractor, outputs, now
                    )
            except Exception:  # extraction must never cost the article: publish it without facts
                log.exception("extraction failed", extra={"article_id": prepared.article.id})
                record, errors = finish(prepared, results, None, outputs, now)[0], 1
            if errors:
                self.publisher.metrics.extraction_errors(errors)
            await self.publisher.public(record, original, position)
