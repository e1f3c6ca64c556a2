"""The Faust tables seen as typed mappings, their expiry indexes, and which
partition holds a key.

Table values are JSON, encoded here with orjson (the tables hold raw
bytes); these views keep the JSON forms in one place (worker.core.shapes,
worker.core.pending) so the stages handle records.
Every write goes through a view, which is how the indexes of
worker.core.expiry stay current without ever scanning a table; they are
rebuilt from the local store once after a rebalance (see worker.stream.sweeps).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import orjson
from aiokafka.partitioner import murmur2

from worker.core import pending
from worker.core.expiry import BucketIndex, DueIndex
from worker.core.hashing import partition_for
from worker.core.models import Owner
from worker.core.owner_log import group_key, group_values
from worker.core.pending import PendingEntry
from worker.core.shapes import owner_from_json, owner_to_json

# Positions of an owner's fields in its JSON form (worker.core.shapes).
_FIRST_SEEN = 2


def key_partition(key: bytes, partitions: int) -> int:
    """The partition Kafka's default partitioner picks for ``key``."""
    return int(murmur2(key) & 0x7FFFFFFF) % partitions


def _partition_db(store: Any, partition: int) -> Any | None:
    """The RocksDB database of one partition, or None for other stores."""
    if not hasattr(store, "_db_for_partition"):
        return None
    return store._db_for_partition(partition)


def compact(value: object) -> bytes:
    """``value`` as JSON bytes of their own size. orjson's output keeps the
    memory of its write buffer (measured: ~4 KiB of RSS for a 28-byte owner),
    which a store holding millions of them cannot afford; a copy does not."""
    return memoryview(orjson.dumps(value)).tobytes()


def local_items(table: Any, partitions: Iterable[int], of: Callable[[Any], int]) -> Iterator[Any]:
    """(key, value) of the local store in ``partitions``, decoded, read
    directly from the store (no event context needed); ``of`` gives a key's
    partition. Yields ``None`` now and then for keys of other partitions, so
    a caller that pauses every N items also pauses while those are skipped."""
    store = table.data
    wanted = set(partitions)
    if hasattr(store, "_db_for_partition"):
        for partition in sorted(wanted):
            db = store._db_for_partition(partition)
            for raw_key, raw_value in db.items():
                if raw_key == store.offset_key or raw_value is None:
                    continue
                yield orjson.loads(raw_key), orjson.loads(raw_value)
        return
    data = store.data
    # A snapshot of the keys: the dict changes while a rebuild pauses.
    for key in list(data):
        value = data.get(key)
        if value is None or of(key) not in wanted:
            yield None
            continue
        yield key, orjson.loads(value) if isinstance(value, bytes) else value


class OwnerIndexes:
    """The first-seen bucket index of every dedupe partition held here."""

    def __init__(self, partitions: int, window: float, width: float) -> None:
        self.partitions = partitions
        self.window = window
        self.width = width
        self.by_partition: dict[int, BucketIndex] = {}

    def of(self, partition: int) -> BucketIndex:
        index = self.by_partition.get(partition)
        if index is None:
            index = self.by_partition[partition] = BucketIndex(self.width)
        return index

    def note(self, key: str, first_seen_at: float) -> None:
        if self.window > 0:  # a window of 0 keeps owners forever: nothing to index
            self.of(partition_for(key, self.partitions)).add(key, first_seen_at)

    def clear(self) -> None:
        self.by_partition.clear()


class OwnersView(MutableMapping[str, Owner]):
    """The owners table as a mapping of paragraph hash to Owner.

    Reads go to the local store (the table's own read path only adds a
    statistics call). Writing through the mapping sends one changelog record
    per owner; a stage writes through :meth:`writes` instead, which groups
    them (worker.core.owner_log).
    """

    def __init__(self, table: Any, indexes: OwnerIndexes | None = None, writer: str = "") -> None:
        self._table = table
        self.indexes = indexes
        self._writer = writer
        self._sequence = 0

    def __getitem__(self, key: str) -> Owner:
        value = self._table.data[key]
        if value is None:
            raise KeyError(key)
        return owner_from_json(orjson.loads(value))

    def __setitem__(self, key: str, owner: Owner) -> None:
        self._table[key] = compact(owner_to_json(owner))
        if self.indexes is not None:
            self.indexes.note(key, owner.first_seen_at)

    def writes(self) -> OwnerWrites:
        """A mapping over this view whose writes reach the changelog only as
        groups, when :meth:`OwnerWrites.log` is called."""
        return OwnerWrites(self)

    def store_local(self, key: str, owner: Owner) -> bytes:
        """Write ``owner`` to the local store only; the bytes stored, for a group."""
        value = compact(owner_to_json(owner))
        self._table.data[key] = value
        if self.indexes is not None:
            self.indexes.note(key, owner.first_seen_at)
        return value

    def log_group(self, partition: int, members: list[tuple[str, bytes]]) -> None:
        """Send ``members`` to changelog ``partition`` as group records."""
        for value in group_values(members):
            self._sequence += 1
            self._table.send_changelog(partition, group_key(self._writer, self._sequence), value)

    def __delitem__(self, key: str) -> None:
        del self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._table.keys()))

    def __len__(self) -> int:
        return len(self._table)

    def drop_local(self, partition: int, key: str) -> None:
        """Delete an expired owner from the local store only, with no
        tombstone: the changelog ages out by its own retention
        (worker.core.settings.changelog_configs), as Kafka Streams does for
        windowed stores. Must run in the event context of ``partition``."""
        store = self._table.data
        db = _partition_db(store, partition)
        if db is not None:
            db.delete(store._encode_key(key))
            return
        store.data.pop(key, None)
        key_partitions = getattr(store, "_key_partition", None)
        if key_partitions is not None:
            key_partitions.pop(key, None)

    def scan(self, partitions: Iterable[int]) -> Iterator[tuple[str, float] | None]:
        """(hash, first_seen_at) of every owner stored here in ``partitions``,
        with ``None`` now and then (see :func:`local_items`). For rebuilding
        the index once after a rebalance, never for a sweep."""
        count = self.indexes.partitions if self.indexes is not None else 1
        for item in local_items(self._table, partitions, lambda k: partition_for(k, count)):
            yield None if item is None else (item[0], float(item[1][_FIRST_SEEN]))


class OwnerWrites(MutableMapping[str, Owner]):
    """The owners one event decides: in the local store at once (later claims
    of the event read them there), in the changelog as groups by :meth:`log`."""

    def __init__(self, view: OwnersView) -> None:
        self._view = view
        self._members: list[tuple[str, bytes]] = []

    def __getitem__(self, key: str) -> Owner:
        return self._view[key]

    def __setitem__(self, key: str, owner: Owner) -> None:
        self._members.append((key, self._view.store_local(key, owner)))

    def __delitem__(self, key: str) -> None:
        raise TypeError("owners are never deleted through a claim")

    def __iter__(self) -> Iterator[str]:
        return iter(self._view)

    def __len__(self) -> int:
        return len(self._view)

    def log(self, partition: int) -> None:
        """Send what was written to changelog ``partition`` (the event's)."""
        members, self._members = self._members, []
        self._view.log_group(partition, members)


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
    changelog, holds done markers, not articles: one write of ~40 bytes per
    article instead of the whole article, which every standby also replays.
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
    ) -> None:
        self._table = table
        self._partitions = partitions
        self._due = due
        self._width = width
        self._offsets: Offsets = offsets or _Unheld()
        self._held_bytes = held_bytes
        self._held: dict[str, _Held] = {}
        self.held_size = 0
        self.indexes: dict[int, DueIndex] = {}

    def partition_of(self, key: str) -> int:
        return key_partition(pending.article_of(key).encode(), self._partitions)

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
        self._let_go(key)
        if key in self._table:
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
