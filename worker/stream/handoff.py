"""Articles handed from ingest to assembly inside one replica.

An article whose assembly partition (its raw message's partition in the
assembly topics, worker.core.pending.assembly_partition) this replica holds as
active does not need the ``<app>-articles``
round trip: ingest leaves the article message here, and the assemble stage
takes it when the first verdicts of its request arrive, in that verdicts
event's context, so it lands in the same pending entry, in the same
partition, as if it had come from the topic. What makes it survive a crash
or a rebalance is the raw record it came from: held uncommitted
(worker.stream.holds) from ingest until the entry that took the article is
published or stored, so whoever holds the raw partition next reads it again
and ingests it again (every stage is idempotent).

An article whose verdicts do not come within ``WORKER_REPAIR_AFTER`` (its
claims lost) is sent through the topic after all, where repair takes over;
past a memory budget, articles go through the topic from the start.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from worker.core.wire import ArticleMessage
from worker.stream.pending_view import Offsets

# Articles waiting here at most, by the size of their encoded message; past it
# ingest sends them through the topic, as without a handoff.
HANDOFF_BYTES = 64 * 1024 * 1024


@dataclass(slots=True)
class Handed:
    message: ArticleMessage
    # The raw record it came from, held until the article is taken and done.
    event: Any
    home: int
    size: int
    since: float


class Handoff:
    def __init__(self, offsets: Offsets, budget: int = HANDOFF_BYTES) -> None:
        self._offsets = offsets
        self._budget = budget
        self._waiting: dict[str, Handed] = {}
        self.size = 0

    def __len__(self) -> int:
        return len(self._waiting)

    def leave(self, key: str, handed: Handed) -> bool:
        """Leave an article for assembly, holding its raw record; False when
        the budget is spent (send it through the topic instead)."""
        if self.size + handed.size > self._budget:
            return False
        previous = self._waiting.pop(key, None)
        if previous is not None:
            self._drop(previous)
        self._offsets.hold(handed.event)
        self._waiting[key] = handed
        self.size += handed.size
        return True

    def take(self, key: str) -> Handed | None:
        """The article left under ``key``, if any; its raw record stays held
        until :meth:`done`."""
        handed = self._waiting.pop(key, None)
        if handed is not None:
            self.size -= handed.size
        return handed

    def done(self, handed: Handed) -> None:
        """Let the raw record of a taken article go: the entry that took it now
        holds it, or is complete, or is stored."""
        self._offsets.release(handed.event)

    def stale(self, older_than: float, now: float | None = None) -> list[tuple[str, Handed]]:
        """Take the articles that waited since before ``now - older_than``."""
        cutoff = (time.time() if now is None else now) - older_than
        keys = [key for key, handed in self._waiting.items() if handed.since < cutoff]
        return [(key, handed) for key in keys if (handed := self.take(key)) is not None]

    def forget(self) -> None:
        """Drop everything without letting the raw records go (at a rebalance,
        where every hold is cleared and each partition is read again from its
        committed offset, at or before the oldest raw record held here)."""
        self._waiting.clear()
        self.size = 0

    def _drop(self, handed: Handed) -> None:
        self.size -= handed.size
        self._offsets.release(handed.event)
