"""The Faust tables seen as typed mappings, and which partition holds a key.

Table values are JSON, encoded here with orjson (the tables hold raw
bytes); these views keep the JSON forms in one place (worker.core.shapes,
worker.core.pending) so the stages handle records.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import orjson
from aiokafka.partitioner import murmur2

from worker.core import pending
from worker.core.hashing import partition_for
from worker.core.models import Owner
from worker.core.pending import PendingEntry
from worker.core.shapes import owner_from_json, owner_to_json


def key_partition(key: bytes, partitions: int) -> int:
    """The partition Kafka's default partitioner picks for ``key``."""
    return int(murmur2(key) & 0x7FFFFFFF) % partitions


class OwnersView(MutableMapping[str, Owner]):
    """The owners table as a mapping of paragraph hash to Owner."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def __getitem__(self, key: str) -> Owner:
        value = self._table[key]
        if value is None:
            raise KeyError(key)
        return owner_from_json(orjson.loads(value))

    def __setitem__(self, key: str, owner: Owner) -> None:
        self._table[key] = orjson.dumps(owner_to_json(owner))

    def __delitem__(self, key: str) -> None:
        del self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._table.keys()))

    def __len__(self) -> int:
        return len(self._table)

    def in_partition(self, partition: int, partitions: int) -> list[tuple[str, Owner]]:
        """The owners of one dedupe partition. Keys are filtered before any value
        is read: in event context a RocksDB table only reads the event's own
        partition, so reading another partition's key would raise KeyError."""
        found = []
        for key in list(self._table.keys()):
            if partition_for(key, partitions) == partition:
                value = self._table.get(key)
                if value is not None:
                    found.append((key, owner_from_json(orjson.loads(value))))
        return found


class PendingView:
    """The pending table as PendingEntry records keyed by request and article id."""

    def __init__(self, table: Any, partitions: int) -> None:
        self._table = table
        self._partitions = partitions

    def get(self, key: str) -> PendingEntry | None:
        value = self._table.get(key)
        return None if value is None else PendingEntry.from_json(orjson.loads(value))

    def put(self, key: str, entry: PendingEntry) -> None:
        self._table[key] = orjson.dumps(entry.to_json())

    def discard(self, key: str) -> None:
        if key in self._table:
            del self._table[key]

    def in_partition(self, partition: int) -> list[tuple[str, PendingEntry]]:
        """This partition's entries: writes go to the changelog partition of the
        event being processed, so a sweep must only touch its own keys."""
        found = []
        for key, value in list(self._table.items()):
            owner = key_partition(pending.article_of(key).encode(), self._partitions)
            if owner == partition and value is not None:
                found.append((key, PendingEntry.from_json(orjson.loads(value))))
        return found
