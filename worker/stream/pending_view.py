"""The pending table seen as held entries and done markers.

An incomplete entry lives in the replica's memory, with the records that
brought its parts held uncommitted (worker.stream.holds); the table, and its
changelog, holds done markers and, past a memory budget, whole entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import orjson

from worker.core import pending
from worker.core.expiry import DueIndex
from worker.core.pending import PendingEntry
from worker.stream.views import GroupLog, compact, drop_local, local_items

# Incomplete entries held in memory at most, by the size of their parts as
# they came; past it an entry is written to the table, as a durable copy.
HELD_BYTES = 256 * 1024 * 1024


class Offsets(Protocol):
    """Keeps the offset of an event's record from being committed past its
    batch (:meth:`hold`), until :meth:`release`; held once per entry.
    :meth:`clear` drops every hold (at a rebalance)."""

    def hold(self, event: Any) -> None: ...

    def release(self, event: Any) -> None: ...

    def clear(self) -> None: ...


class _Unheld:
    """For a view with no consumer behind it: nothing to hold."""

    def hold(self, event: Any) -> None:
        pass

    def release(self, event: Any) -> None:
        pass

    def clear(self) -> None:
        pass


@dataclass(slots=True)
class _Held:
    entry: PendingEntry
    events: list[Any]
    size: int


class PendingView:
    """The pending entries keyed by request and article id, with each
    partition's entries indexed by when a sweep next needs them.

    An incomplete entry lives in memory only, and the events that brought its
    parts stay uncommitted (:class:`Offsets`) until it is complete and its done
    marker is written, or it is dropped: after a crash or a rebalance,
    whoever holds the partition reads those parts again. So the table, and its
    changelog, holds done markers, not articles: ~40 bytes per article instead
    of the whole article, in one group record per assemble batch and
    partition (:meth:`mark_done`), which every standby also replays.
    Past ``held_bytes`` an entry is written to the table instead, whole, and
    its events are let go (the durable way, kept for bursts and stalls).
    """

    def __init__(
        self,
        table: Any,
        partitions: int,
        due: Callable[[PendingEntry], float | None] | None = None,
        width: float = 1.0,
        offsets: Offsets | None = None,
        held_bytes: int = HELD_BYTES,
        writer: str = "",
    ) -> None:
        self._table = table
        self._groups = GroupLog(table, writer)
        self._partitions = partitions
        self._due = due
        self._width = width
        self._offsets: Offsets = offsets or _Unheld()
        self._held_bytes = held_bytes
        self._held: dict[str, _Held] = {}
        self.held_size = 0
        self.indexes: dict[int, DueIndex] = {}

    def partition_of(self, key: str) -> int:
        return pending.assembly_partition(pending.request_of(key), self._partitions)

    def _index(self, partition: int) -> DueIndex:
        index = self.indexes.get(partition)
        if index is None:
            index = self.indexes[partition] = DueIndex(self._width)
        return index

    def get(self, key: str) -> PendingEntry | None:
        held = self._held.get(key)
        if held is not None:
            return held.entry
        value = self._table.get(key)
        return None if value is None else PendingEntry.from_json(orjson.loads(value))

    def held(self) -> int:
        """How many entries are held in memory."""
        return len(self._held)

    def hold(self, key: str, entry: PendingEntry, events: Sequence[Any], size: int) -> None:
        """Keep incomplete ``entry`` in memory, with the events that brought its
        parts (``size`` bytes of them) held uncommitted."""
        held = self._held.get(key)
        if held is None:
            if self.held_size + size > self._held_bytes:
                self._store(key, entry)
                return
            held = self._held[key] = _Held(entry, [], 0)
        held.entry = entry
        held.size += size
        self.held_size += size
        for event in events:
            if not any(event is e for e in held.events):
                self._offsets.hold(event)
                held.events.append(event)
        self._index_entry(key, entry)

    def complete(self, key: str, marker: PendingEntry) -> None:
        """An entry held here completed: parts replayed from now on find
        ``marker``; its events stay held until :meth:`put` writes the marker."""
        held = self._held.get(key)
        if held is not None:
            held.entry = marker

    def put(self, key: str, entry: PendingEntry) -> None:
        """Write ``entry`` to the table (a done marker, or an entry that is not
        held), or update the held one in memory."""
        held = self._held.get(key)
        if held is not None and entry.done is None:
            held.entry = entry
            self._index_entry(key, entry)
            return
        self._store(key, entry)
        self._let_go(key)

    def mark_done(self, partition: int, markers: Mapping[str, PendingEntry]) -> None:
        """Write the done markers of ``partition``'s keys: to the local store
        one by one, to the changelog as groups (worker.core.group_log), then
        let their entries' events go. Must run in the event context of
        ``partition`` (a RocksDB store writes to the event's partition)."""
        members: list[tuple[str, bytes]] = []
        store = self._table.data
        for key, marker in markers.items():
            value = compact(marker.to_json())
            store[key] = value
            self._index_entry(key, marker)
            members.append((key, value))
        self._groups.send(partition, members)
        for key in markers:
            self._let_go(key)

    def _store(self, key: str, entry: PendingEntry) -> None:
        self._table[key] = compact(entry.to_json())
        self._index_entry(key, entry)

    def _index_entry(self, key: str, entry: PendingEntry) -> None:
        if self._due is not None:
            self._index(self.partition_of(key)).set(key, self._due(entry))

    def _let_go(self, key: str) -> None:
        held = self._held.pop(key, None)
        if held is None:
            return
        self.held_size -= held.size
        for event in held.events:
            self._offsets.release(event)

    def forget(self) -> None:
        """Drop the held entries and their holds without letting their events
        go (at a rebalance: their offsets were not committed, so their parts
        are read again by whoever holds the partition now)."""
        self._held.clear()
        self.held_size = 0
        self._offsets.clear()

    def keep(self, key: str, entry: PendingEntry) -> None:
        """Put a key taken by :meth:`due` back in the index, unchanged."""
        self._index_entry(key, entry)

    def discard(self, key: str) -> None:
        """Drop an entry (a sweep found it stale). A done marker goes from the
        local store only: its group stays in the changelog until the broker's
        retention ages it out (worker.core.expiry.PENDING_RETENTION), and a
        tombstone each would be a record per article again. A stale entry
        stored whole gets its tombstone (rare: it outlived its repairs). Must
        run in the event context of the key's partition."""
        self._let_go(key)
        stored = self._table.get(key)
        if stored is not None:
            if orjson.loads(stored).get("done") is not None:
                drop_local(self._table, self.partition_of(key), key)
            else:
                del self._table[key]
        index = self.indexes.get(self.partition_of(key))
        if index is not None:
            index.discard(key)

    def due(self, partition: int, now: float) -> list[str]:
        """Keys of this partition that a sweep at ``now`` may act on (taken
        out of the index: put them back with :meth:`put` if they stay)."""
        index = self.indexes.get(partition)
        return [] if index is None else index.pop_due(now)

    def rebuild(self, partitions: Iterable[int]) -> int:
        """Index the entries of ``partitions``, stored and held (once after a
        rebalance)."""
        self.indexes.clear()
        if self._due is None:
            return 0
        wanted = set(partitions)
        count = 0
        for item in local_items(self._table, wanted, self.partition_of):
            if item is None or item[0] in self._held:
                continue
            key, value = item
            self._index(self.partition_of(key)).set(key, self._due(PendingEntry.from_json(value)))
            count += 1
        for key, held in self._held.items():
            if self.partition_of(key) in wanted:
                self._index_entry(key, held.entry)
                count += 1
        return count
