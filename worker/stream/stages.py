"""What the three stages' agent bodies share (worker.stream.ingest_stage,
worker.stream.claim_stage, worker.stream.assemble_stage), batch by batch.

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

import inspect
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from worker.core.groups import Outbox
from worker.core.wire import Tick
from worker.stream.batches import in_event
from worker.stream.pending_view import PendingView
from worker.stream.publisher import Publisher
from worker.stream.views import OwnersView

log = logging.getLogger("worker")

T = TypeVar("T")
# Groups stay below the size above which a send waits for the broker's answer
# (worker.stream.sending), so grouping never adds a wait; a larger message
# travels alone.
GROUP_BYTES = 512 * 1024


def decode_event(decode: Callable[[bytes], T], event: Any) -> T | None:
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


def split(
    events: Sequence[Any], decode: Callable[[bytes], list[T] | Tick]
) -> tuple[list[tuple[Any, list[T]]], list[tuple[Any, Tick]]]:
    """A batch's events as their decoded messages, and its ticks apart: ticks
    run after the batch's own writes, so a sweep sees them."""
    messages: list[tuple[Any, list[T]]] = []
    ticks: list[tuple[Any, Tick]] = []
    for event in events:
        decoded = decode_event(decode, event)
        if isinstance(decoded, Tick):
            ticks.append((event, decoded))
        elif decoded is not None:
            messages.append((event, decoded))
    return messages, ticks


async def sweep(ticks: list[tuple[Any, Tick]], handle: Callable[[int, Tick], Any]) -> None:
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
