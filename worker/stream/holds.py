"""Offsets held uncommitted past their batch.

Assembly keeps an article in flight in memory only (worker.stream.
pending_view.PendingView); what makes that survive a crash or a rebalance is that the
records which brought its parts are not committed until it is published: the
partition is then read again from the oldest of them by whoever holds it.

Faust commits, per partition, the first run of consecutive acknowledged
offsets, and a batch's events are acknowledged when the agent asks for the
next batch. Its check for a hole before that run tolerates a hole of one
offset, and makes no check at all before the first commit of a partition (or
at offset 0), so an unacknowledged record alone does not stop the commit
(measured: a partition was committed at 2 past an article still waiting at 0;
and a chaos run lost exactly one raw record, which that hole of one would
explain). Here the commit stays put while the offset after the last commit is
neither acknowledged nor a known hole in the log (Faust's gaps), and the
acknowledged offsets at or above a partition's oldest held offset are left
out of the commit, so its committed offset never passes a held one.

The holds are cleared at a rebalance: every partition then starts again from
its committed offset (aiokafka makes a new assignment, positions included, at
each one), which is at or before the oldest held record.
"""

from __future__ import annotations

import weakref
from collections import Counter
from typing import Any

from faust.transport.consumer import Consumer

_original_new_offset = Consumer._new_offset
# The holds of each app's consumer.
_holds: weakref.WeakKeyDictionary[Any, HeldOffsets] = weakref.WeakKeyDictionary()


class HeldOffsets:
    """worker.stream.pending_view.Offsets for Faust events: per partition, how many
    times each offset is held."""

    def __init__(self, app: Any) -> None:
        self._held: dict[Any, Counter[int]] = {}
        _holds[app] = self
        install()

    def hold(self, event: Any) -> None:
        message = event.message
        self._held.setdefault(message.tp, Counter())[message.offset] += 1

    def release(self, event: Any) -> None:
        message = event.message
        counts = self._held.get(message.tp)
        if counts is None or message.offset not in counts:
            return  # held before a rebalance cleared the holds
        counts[message.offset] -= 1
        if counts[message.offset] <= 0:
            del counts[message.offset]
            if not counts:
                del self._held[message.tp]

    def clear(self) -> None:
        self._held.clear()

    def floor(self, tp: Any) -> int | None:
        """The oldest offset of ``tp`` held, if any."""
        counts = self._held.get(tp)
        return min(counts) if counts else None


def _new_offset(self: Any, tp: Any) -> int | None:
    acked: list[int] = self._acked[tp]
    committed = self._committed_offset[tp]
    # The next offset to commit is not acknowledged, and no gap (a hole in the
    # log itself) covers it: the commit stays where it is.
    if (
        acked
        and committed is not None
        and min(acked) > committed
        and not self._gap[tp].overlaps(committed)
    ):
        return None
    holds = _holds.get(self.app)
    floor = None if holds is None else holds.floor(tp)
    if floor is None:
        return _original_new_offset(self, tp)
    above = [offset for offset in acked if offset >= floor]
    if not above:
        return _original_new_offset(self, tp)
    acked[:] = [offset for offset in acked if offset < floor]
    try:
        return _original_new_offset(self, tp)
    finally:
        acked.extend(above)


def install() -> None:
    """Make Faust's commits respect the holds (idempotent)."""
    Consumer._new_offset = _new_offset  # type: ignore[method-assign]
