"""The Faust app: topics, tables, agents and timers. The only module that does I/O.

Topology (one writer per paragraph hash)::

    articles.raw ──► ingest ──► <app>-articles  (key: article id)
                       │
                       └──────► <app>-claims    (partition: hash % N, one batch per partition)
    <app>-claims ──► claim    owners[hash] ──► <app>-verdicts (key: article id)
    <app>-articles + <app>-verdicts ──► assemble   pending[article id]
                       └──► articles.clean | articles.duplicates

Every stage is deterministic given its input message, so a replay after a
crash re-sends the same keys and values (at-least-once, no transactions).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import faust
from aiokafka.partitioner import murmur2

from worker import pending as pending_entries
from worker.assemble import Extractor, Original, OutputTopics, build_dead_letter, finish
from worker.codec import PROCESSING_ERROR, dumps, loads
from worker.dedupe import claim_all, claims_by_partition, expired_hashes
from worker.delivery import Sender
from worker.hashing import partition_for
from worker.ingest import prepare
from worker.logs import logging_config
from worker.metrics import Metrics
from worker.models import Claim, Owner, Position, PreparedArticle, Record, Rejection
from worker.profiles import faust_options
from worker.settings import SECRET_FIELDS, Settings
from worker.sizes import encode_bounded
from worker.wire import (
    TICK,
    claims_from_json,
    claims_message,
    encode_article,
    failed_verdicts,
    original_from_summary,
    owner_from_json,
    owner_to_json,
    prepared_from_json,
    raw_summary,
    results_from_json,
    verdicts_message,
)

log = logging.getLogger("worker")

# A pending entry whose other half has not come after this long is a replayed
# verdict for an article that was already published; keep it long enough
# that a slow rebalance never discards a live article.
PENDING_TTL = 3600.0
READY_POLL = 0.2


class OwnersView(MutableMapping[str, Owner]):
    """The owners table seen as a mapping of Owner records (JSON lists inside)."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def __getitem__(self, key: str) -> Owner:
        value = self._table[key]
        if value is None:
            raise KeyError(key)
        return owner_from_json(value)

    def __setitem__(self, key: str, owner: Owner) -> None:
        self._table[key] = owner_to_json(owner)

    def __delitem__(self, key: str) -> None:
        del self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._table.keys()))

    def __len__(self) -> int:
        return len(self._table)


def key_partition(key: bytes, partitions: int) -> int:
    """The partition Kafka's default partitioner picks for ``key``."""
    return int(murmur2(key) & 0x7FFFFFFF) % partitions


class WorkerApp:
    """One replica: the Faust app wired to the pure core."""

    def __init__(
        self, settings: Settings, extractor: Extractor | None, datadir: str | None = None
    ) -> None:
        self.settings = settings
        self.extractor = extractor
        self.limits = settings.limits
        self.sender = Sender(self.limits.produce_bytes)
        self.outputs = OutputTopics(
            settings.clean_topic, settings.duplicates_topic, settings.dead_letter_topic
        )
        self.metrics = Metrics()
        self.ready = asyncio.Event()
        self.started_at = time.monotonic()
        # One thread: the NLP model is not shared across threads, and a thread
        # keeps heartbeats flowing while a long article is being analysed.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract")
        self.app = faust.App(settings.app_id, **faust_options(settings, datadir))
        self._declare()

    # -- topology ---------------------------------------------------------

    def _topic(self, *names: str) -> Any:
        return self.app.topic(
            *names,
            key_type=bytes,
            value_type=bytes,
            key_serializer="raw",
            value_serializer="raw",
            partitions=self.settings.partitions,
        )

    def _declare(self) -> None:
        s = self.settings
        self.raw = self._topic(s.raw_topic)
        self.articles = self._topic(f"{s.app_id}-articles")
        self.claims = self._topic(f"{s.app_id}-claims")
        self.verdicts = self._topic(f"{s.app_id}-verdicts")
        self.assembly = self._topic(f"{s.app_id}-articles", f"{s.app_id}-verdicts")
        self.out = {
            name: self._topic(name)
            for name in (s.clean_topic, s.duplicates_topic, s.dead_letter_topic)
        }
        self.owners = self.app.Table(
            "owners", default=None, partitions=s.partitions, key_type=str, value_type=None
        )
        self.pending = self.app.Table(
            "pending", default=None, partitions=s.partitions, key_type=str, value_type=None
        )
        self.app.agent(self.raw, name="ingest")(self._ingest)
        self.app.agent(self.claims, name="claim")(self._claim)
        self.app.agent(self.assembly, name="assemble")(self._assemble)
        self.app.timer(s.expiry_interval, name="expiry")(self._tick)
        self.app.timer(max(s.repair_after / 4, 0.5), name="repair")(self._repair_tick)
        self.app.task(self._watch_ready)
        self.app.on_partitions_assigned.connect(self._on_assigned)

    async def _on_assigned(self, sender: Any, /, *args: Any, signal: Any, **kwargs: Any) -> None:
        self.metrics.rebalance()

    # -- stages -----------------------------------------------------------

    async def _send(self, channel: Any, key: bytes | None, value: bytes, **kw: Any) -> None:
        """An internal record; its bound is by construction, so a refusal is a bug."""
        refused = await self.sender.send(channel, key=key, value=value, **kw)
        if refused is not None:
            self.sender.fatal(f"internal record refused: {refused.detail}")

    async def _publish(
        self, record: Record, partition: int, original: Original, position: Position
    ) -> None:
        """A public record, or its dead letter when it cannot be sent."""
        encoded = encode_bounded(record.value, self.limits.record_bytes)
        refused = (
            encoded
            if isinstance(encoded, Rejection)
            else await self.sender.send(self.out[record.topic], key=record.key, value=encoded)
        )
        if refused is not None:
            if "reason" in record.value:
                self.sender.fatal(f"a dead letter could not be sent: {refused.detail}")
            log.warning("output refused: %s", refused.detail, extra={"partition": partition})
            letter = build_dead_letter(
                refused,
                original,
                position,
                self.outputs.dead_letter,
                time.time(),
                self.limits.record_bytes,
            )
            await self._publish(letter, partition, original, position)
            return
        self._count(record, partition)

    def _count(self, record: Record, partition: int) -> None:
        self.metrics.message_out(record.topic)
        value = record.value
        if "reason" in value:
            self.metrics.dead_letter(value["reason"])
            log.info(
                "dead letter: %s",
                value["reason"],
                extra={"topic": record.topic, "partition": partition, "offset": value["offset"]},
            )
            return
        stats = value["stats"]
        self.metrics.paragraphs(stats["kept"], stats["dropped_within"], stats["dropped_across"])
        log.info(
            "published %d of %d paragraphs",
            stats["kept"],
            stats["paragraphs_in"],
            extra={"article_id": value["id"], "topic": record.topic, "partition": partition},
        )

    async def _ingest(self, stream: Any) -> None:
        async for event in stream.events():
            message = event.message
            position = Position(message.topic, message.partition, message.offset)
            # The message timestamp, not the wall clock, so a replay decides the same.
            now = float(message.timestamp or time.time())
            self.metrics.message_in(message.topic)
            original = Original.of(event.key, event.value)
            with self.metrics.timer("ingest"):
                try:
                    outcome = self._admit(event.value, original, position, now)
                except Exception as exc:  # a bug must not stop the replica
                    log.exception("ingest failed at %s", position)
                    outcome = Rejection(PROCESSING_ERROR, f"{type(exc).__name__}: {exc}"[:500])
                if isinstance(outcome, Rejection):
                    record = build_dead_letter(
                        outcome,
                        original,
                        position,
                        self.outputs.dead_letter,
                        now,
                        self.limits.record_bytes,
                    )
                    await self._publish(record, message.partition, original, position)
                    continue
                await self._fan_out(*outcome, now)

    def _admit(
        self, value: bytes | None, original: Original, position: Position, now: float
    ) -> Rejection | tuple[PreparedArticle, str, bytes, dict[int, list[Claim]]]:
        prepared = prepare(value, self.limits)
        if isinstance(prepared, Rejection):
            return prepared
        request = f"{position.topic}:{position.partition}:{position.offset}"
        batches = claims_by_partition(prepared.paragraphs, self.settings.partitions)
        encoded = encode_article(
            prepared, request, now, len(batches), raw_summary(original), self.limits
        )
        if isinstance(encoded, Rejection):
            return encoded
        return prepared, request, encoded, batches

    async def _fan_out(
        self,
        prepared: PreparedArticle,
        request: str,
        encoded: bytes,
        batches: dict[int, list[Claim]],
        now: float,
    ) -> None:
        article_id = prepared.article.id
        await self._send(self.articles, article_id.encode(), encoded)
        for partition, claims in batches.items():
            await self._send_claims(article_id, request, partition, claims, now)

    async def _send_claims(
        self, article_id: str, request: str, partition: int, claims: list[Claim], now: float
    ) -> None:
        value = dumps(claims_message(article_id, request, partition, now, claims))
        await self._send(self.claims, article_id.encode(), value, partition=partition)

    async def _claim(self, stream: Any) -> None:
        owners = OwnersView(self.owners)
        async for event in stream.events():
            body = loads(event.value)
            if TICK in body:
                self._expire(owners, event.message.partition, float(body[TICK]))
                continue
            with self.metrics.timer("claim"):
                try:
                    results = claim_all(
                        owners,
                        body["article_id"],
                        claims_from_json(body["claims"]),
                        float(body["now"]),
                        self.settings.dedupe_window,
                    )
                    answer = verdicts_message(
                        body["article_id"], body["request"], body["batch"], results
                    )
                except Exception as exc:  # answered as an error: the article dead-letters
                    log.exception("claim failed", extra={"article_id": body.get("article_id")})
                    answer = failed_verdicts(body, f"{type(exc).__name__}: {exc}")
                await self._send(self.verdicts, body["article_id"].encode(), dumps(answer))

    def _expire(self, owners: OwnersView, partition: int, now: float) -> None:
        # Only this partition's keys: a delete is written to the changelog
        # partition of the event being processed.
        mine = (
            (key, owner)
            for key, owner in owners.items()
            if partition_for(key, self.settings.partitions) == partition
        )
        expired = expired_hashes(mine, now, self.settings.dedupe_window)
        for key in expired:
            del owners[key]
        self.metrics.set_state_keys(len(owners))
        if expired:
            log.info("expired %d paragraph owners in partition %d", len(expired), partition)

    async def _assemble(self, stream: Any) -> None:
        async for event in stream.events():
            body = loads(event.value)
            partition = event.message.partition
            if TICK in body:
                if body.get("repair"):
                    await self._repair(partition, float(body[TICK]))
                else:
                    self._collect_stale(partition, float(body[TICK]))
                continue
            key = pending_entries.entry_key(body["request"], body["article_id"])
            try:
                entry = self._merge(key, body)
            except Exception as exc:
                log.exception("assembly failed", extra={"article_id": body.get("article_id")})
                entry = pending_entries.failed(
                    self.pending.get(key), f"{type(exc).__name__}: {exc}"
                )
            if pending_entries.is_complete(entry):
                if key in self.pending:
                    del self.pending[key]
                await self._complete(body["request"], entry, partition)
            else:
                self.pending[key] = entry

    def _merge(self, key: str, body: dict[str, Any]) -> pending_entries.Entry:
        entry = self.pending.get(key)
        seen = time.time()
        if "prepared" in body:
            return pending_entries.with_article(entry, body, seen)
        if "error" in body:
            return pending_entries.failed(entry, str(body["error"]))
        return pending_entries.with_verdicts(entry, body["batch"], body["results"], seen)

    async def _complete(self, request: str, entry: pending_entries.Entry, partition: int) -> None:
        topic, raw_partition, offset = pending_entries.parse_request(request)
        position = Position(topic, raw_partition, offset)
        original = original_from_summary(entry.get("raw"))
        with self.metrics.timer("assemble"):
            if entry.get("error") is not None:
                rejection = Rejection(PROCESSING_ERROR, str(entry["error"])[:500])
                record = build_dead_letter(
                    rejection,
                    original,
                    position,
                    self.outputs.dead_letter,
                    float(entry.get("now") or time.time()),
                    self.limits.record_bytes,
                )
                await self._publish(record, partition, original, position)
                return
            prepared = prepared_from_json(entry["article"])
            results = results_from_json(pending_entries.all_results(entry))
            now = float(entry["now"])
            loop = asyncio.get_running_loop()
            try:
                record, errors = await loop.run_in_executor(
                    self._executor, finish, prepared, results, self.extractor, self.outputs, now
                )
            except Exception:  # extraction must never cost the article: publish it without facts
                log.exception("extraction failed", extra={"article_id": prepared.article.id})
                record, errors = finish(prepared, results, None, self.outputs, now)[0], 1
            if errors:
                self.metrics.extraction_errors(errors)
            await self._publish(record, partition, original, position)

    def _pending_in(self, partition: int) -> list[tuple[str, pending_entries.Entry]]:
        """This partition's pending entries: writes go to the changelog partition
        of the event being processed, so a sweep must only touch its own keys."""
        return [
            (key, entry)
            for key, entry in list(self.pending.items())
            if key_partition(pending_entries.article_of(key).encode(), self.settings.partitions)
            == partition
        ]

    def _collect_stale(self, partition: int, now: float) -> None:
        stale = [
            key
            for key, entry in self._pending_in(partition)
            if pending_entries.is_stale(entry, now, PENDING_TTL)
        ]
        for key in stale:
            del self.pending[key]
        if stale:
            log.warning("dropped %d stale pending entries", len(stale))

    async def _repair(self, partition: int, now: float) -> None:
        """Re-send what an article waiting too long is missing.

        Every stage is idempotent, so re-sending is safe whatever was lost:
        missing claim batches are claimed again (the owner gets "owned", others
        the same "duplicate"), and a missing article is prepared again from its
        raw message, read back by offset.
        """
        for key, entry in self._pending_in(partition):
            if not pending_entries.needs_repair(entry, now, self.settings.repair_after):
                continue
            request = pending_entries.request_of(key)
            if entry["article"] is None:
                resent = await self._reingest(request)
            else:
                resent = await self._reclaim(request, entry)
            log.warning(
                "repair: re-sent %s for a request waiting since %.0fs",
                resent,
                now - float(entry["created"]),
                extra={"article_id": pending_entries.article_of(key), "partition": partition},
            )
            self.pending[key] = {**entry, "repaired": now}

    async def _reclaim(self, request: str, entry: pending_entries.Entry) -> str:
        prepared = prepared_from_json(entry["article"])
        batches = claims_by_partition(prepared.paragraphs, self.settings.partitions)
        missing = pending_entries.missing_batches(entry, list(batches))
        for batch in missing:
            await self._send_claims(
                prepared.article.id, request, batch, batches[batch], entry["now"]
            )
        return f"claim batches {missing}"

    async def _reingest(self, request: str) -> str:
        topic, partition, offset = pending_entries.parse_request(request)
        from worker.redrive import read_messages

        found = await read_messages(self.settings, [(topic, partition, offset)])
        if not found:
            return "nothing (raw message not readable)"
        [message] = found.values()
        position = Position(topic, partition, offset)
        now = message.timestamp
        original = Original.of(message.key, message.value)
        outcome = self._admit(message.value, original, position, now)
        if isinstance(outcome, Rejection):
            return "nothing (raw message rejected)"
        await self._fan_out(*outcome, now)
        return "the prepared article and its claims"

    async def _repair_tick(self) -> None:
        tick = dumps({TICK: time.time(), "repair": True})
        for partition in range(self.settings.partitions):
            await self.verdicts.send(value=tick, partition=partition)

    async def _tick(self) -> None:
        # Sent to every partition by every replica: duplicates are harmless,
        # and whoever owns a partition processes its tick in event context.
        tick = dumps({TICK: time.time()})
        for partition in range(self.settings.partitions):
            await self.claims.send(value=tick, partition=partition)
            await self.verdicts.send(value=tick, partition=partition)

    async def start_metrics(self) -> None:
        """Serve metrics and health from process start, so probes see "not ready" first."""
        if self.settings.metrics_port:
            await self.metrics.start_server(self.settings.metrics_host, self.settings.metrics_port)
            log.info(
                "metrics and health on http://%s:%d",
                self.settings.metrics_host,
                self.metrics.port,
            )

    async def _watch_ready(self) -> None:
        try:
            await self._poll_ready()
        finally:
            self.metrics.set_ready(False)
            await self.metrics.stop_server()

    async def _poll_ready(self) -> None:
        recovery = self.app.tables.recovery  # type: ignore[attr-defined]
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
            elif self.ready.is_set():
                self.ready.clear()
                self.metrics.set_ready(False)
                log.info("worker not ready: rebalancing")
            await asyncio.sleep(READY_POLL)


def run_worker(settings: Settings, extractor: Extractor | None) -> int:
    """Run one replica until SIGTERM/SIGINT; returns the process exit code."""
    from faust.worker import Worker

    from worker import faust_patches, statedir

    if settings.processing_guarantee == "at_least_once":
        faust_patches.apply()
    state = statedir.claim(settings.data_dir, settings.app_id)
    worker_app = WorkerApp(settings, extractor, str(state.path))
    faust_patches.on_state_reset = worker_app.metrics.state_reset
    log.info("state directory %s", state.path)
    secrets = [getattr(settings, name) for name in SECRET_FIELDS]
    worker = Worker(
        worker_app.app,
        loglevel=settings.log_level.lower(),
        quiet=True,
        redirect_stdouts=False,
        logging_config=logging_config(settings.log_level, settings.log_format, secrets=secrets),
    )
    worker.loop.run_until_complete(worker_app.start_metrics())
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        log.info("worker stopped")
        return exc.code if isinstance(exc.code, int) else 0
    return 0
