"""Records out: internal messages, public records, and dead letters for what
cannot be sent. Every send goes through worker.stream.sending's policy."""

from __future__ import annotations

import logging
import time
from typing import Any

from worker.core.assemble import OutputTopics
from worker.core.dead_letters import Original, build_dead_letter
from worker.core.models import Position, Record, Rejection
from worker.core.sizes import Limits, encode_bounded
from worker.core.wire import Message, encode
from worker.stream.metrics import Metrics
from worker.stream.sending import Sender

log = logging.getLogger("worker")


class Publisher:
    def __init__(
        self,
        sender: Sender,
        channels: dict[str, Any],
        outputs: OutputTopics,
        limits: Limits,
        metrics: Metrics,
    ) -> None:
        self.sender = sender
        self.channels = channels
        self.outputs = outputs
        self.limits = limits
        self.metrics = metrics

    async def internal(
        self,
        channel: Any,
        key: bytes | None,
        message: Message | bytes,
        partition: int | None = None,
    ) -> None:
        """An internal message; its bound is by construction, so a refusal is a bug."""
        value = message if isinstance(message, bytes) else encode(message)
        refused = await self.sender.send(channel, key=key, value=value, partition=partition)
        if refused is not None:
            self.sender.fatal(f"internal record refused: {refused.detail}")

    async def dead_letter(
        self,
        rejection: Rejection,
        original: Original,
        position: Position,
        now: float,
        futures: list[Any] | None = None,
    ) -> None:
        letter = build_dead_letter(
            rejection, original, position, self.outputs.dead_letter, now, self.limits.record_bytes
        )
        await self.public(letter, original, position, futures)

    async def public(
        self,
        record: Record,
        original: Original,
        position: Position,
        futures: list[Any] | None = None,
    ) -> None:
        """A public record, or its dead letter when it cannot be sent; delivery
        futures go to ``futures`` (see Sender.send)."""
        encoded = encode_bounded(record.value, self.limits.record_bytes)
        refused = (
            encoded
            if isinstance(encoded, Rejection)
            else await self.sender.send(
                self.channels[record.topic], key=record.key, value=encoded, futures=futures
            )
        )
        if refused is None:
            self._count(record, position)
        elif "reason" in record.value:
            self.sender.fatal(f"a dead letter could not be sent: {refused.detail}")
        else:
            log.warning(
                "output refused: %s", refused.detail, extra={"partition": position.partition}
            )
            await self.dead_letter(refused, original, position, time.time(), futures)

    def _count(self, record: Record, position: Position) -> None:
        self.metrics.message_out(record.topic)
        value = record.value
        where = {"topic": record.topic, "partition": position.partition}
        if "reason" in value:
            self.metrics.dead_letter(value["reason"])
            log.info("dead letter: %s", value["reason"], extra={**where, "offset": value["offset"]})
            return
        stats = value["stats"]
        self.metrics.paragraphs(stats["kept"], stats["dropped_within"], stats["dropped_across"])
        # A line per article costs more than the article's own dedupe at load;
        # the counts are in the metrics, the line is there for debugging.
        log.debug(
            "published %d of %d paragraphs",
            stats["kept"],
            stats["paragraphs_in"],
            extra={"article_id": value["id"], **where},
        )
