"""The owners table seen as a typed mapping with its expiry indexes, which
partition holds a key, and reading a table's local store (the pending table's
view is worker.stream.pending_view).

Table values are JSON, encoded here with orjson (the tables hold raw
bytes); these views keep the JSON forms in one place (worker.core.shapes,
worker.core.pending) so the stages handle records.
Every write goes through a view, which is how the indexes of
worker.core.expiry stay current without ever scanning a table; they are
rebuilt from the local store once after a rebalance (see worker.stream.sweeps).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any

import orjson

from worker.core.expiry import BucketIndex
from worker.core.group_log import group_key, group_values
from worker.core.hashing import partition_for
from worker.core.models import Owner
from worker.core.shapes import owner_from_json, owner_to_json

# Positions of an owner's fields in its JSON form (worker.core.shapes).
_FIRST_SEEN = 2


def _partition_db(store: Any, partition: int) -> Any | None:
    """The RocksDB database of one partition, or None for other stores."""
    if not hasattr(store, "_db_for_partition"):
        return None
    return store._db_for_partition(partition)


class GroupLog:
    """Sends a table's members to its changelog as group records
    (worker.core.group_log), each under a key of its own: the writer's token
    and a count (worker.stream.grouped_table restores them)."""

    def __init__(self, table: Any, writer: str) -> None:
        self._table = table
        self._writer = writer
        self._sequence = 0

    def send(self, partition: int, members: list[tuple[str, bytes]]) -> None:
        """``members`` (key, stored bytes) to changelog ``partition``; nothing for none."""
        for value in group_values(members):
            self._sequence += 1
            self._table.send_changelog(partition, group_key(self._writer, self._sequence), value)


def drop_local(table: Any, partition: int, key: str) -> None:
    """Delete ``key`` from ``table``'s local store only, with no tombstone:
    the changelog ages out by its own retention
    (worker.core.settings.Settings.topic_overrides), as Kafka Streams does
    for windowed stores. Must run in the event context of ``partition``."""
    store = table.data
    db = _partition_db(store, partition)
    if db is not None:
        db.delete(store._encode_key(key))
        return
    store.data.pop(key, None)
    key_partitions = getattr(store, "_key_partition", None)
    if key_partitions is not None:
        key_partitions.pop(key, None)


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
    them (worker.core.group_log).
    """

    def __init__(self, table: Any, indexes: OwnerIndexes | None = None, writer: str = "") -> None:
        self._table = table
        self.indexes = indexes
        self._groups = GroupLog(table, writer)

    def __getitem__(self, key: str) -> Owner:
        value = self._table.data[key]
        if value is None:
            raise KeyError(key)
        return owner_from_json(orjson.loads(value))

    def get(self, key: str, default: Any = None) -> Any:
        # Most claims find no owner: Mapping.get would raise and catch a
        # KeyError for each, through two layers of Faust's mapping classes.
        store = self._table.data
        inner = getattr(store, "data", None)
        if type(inner) is dict:  # Faust's memory store: a dict under ``data``
            value = inner.get(key)
        else:
            try:
                value = store[key]
            except KeyError:
                value = None
        return default if value is None else owner_from_json(orjson.loads(value))

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
        self._groups.send(partition, members)

    def __delitem__(self, key: str) -> None:
        del self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._table.keys()))

    def __len__(self) -> int:
        return len(self._table)

    def drop_local(self, partition: int, key: str) -> None:
        """Delete an expired owner from the local store only (:func:`drop_local`)."""
        drop_local(self._table, partition, key)

    def scan(self, partitions: Iterable[int]) -> Iterator[tuple[str, float] | None]:
        """(hash, first_seen_at) of every owner stored here in ``partitions``,
        with ``None`` now and then (see :func:`local_items`). For rebuilding
        the index once after a rebalance, never for a sweep."""
        count = self.indexes.partitions if self.indexes is not None else 1
        for item in local_items(self._table, partitions, lambda k: partition_for(k, count)):
            yield None if item is None else (item[0], float(item[1][_FIRST_SEEN]))


class OwnerWrites(MutableMapping[str, Owner]):
    """The owners a batch decides on one partition: in the local store at once
    (later claims read them there), in the changelog as groups by :meth:`log`."""

    def __init__(self, view: OwnersView) -> None:
        self._view = view
        self._members: list[tuple[str, bytes]] = []

    def __getitem__(self, key: str) -> Owner:
        return self._view[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._view.get(key, default)

    def __setitem__(self, key: str, owner: Owner) -> None:
        self._members.append((key, self._view.store_local(key, owner)))

    def __delitem__(self, key: str) -> None:
        raise TypeError("owners are never deleted through a claim")

    def __iter__(self) -> Iterator[str]:
        return iter(self._view)

    def __len__(self) -> int:
        return len(self._view)

    def log(self, partition: int) -> None:
        """Send what was written to changelog ``partition`` (its events')."""
        members, self._members = self._members, []
        self._view.log_group(partition, members)
