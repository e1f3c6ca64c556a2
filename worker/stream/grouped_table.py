"""Faust tables whose changelogs hold groups of values: owners and done markers.

Owners are written to the local store one by one as claims are decided, and
to the changelog as groups (worker.core.group_log), one per claims event;
done markers likewise, one group per assemble batch and partition.
Recovery and standbys expand each group into the per-key records Faust's
stores apply, so every store (memory, RocksDB) restores exactly what a
changelog of one record per key would have restored; its persisted offset
(RocksDB) is the group's. Records of one key each keep their place between
the groups.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

import faust
from faust.stores.memory import Store as MemoryStore

from worker.core.group_log import is_group_key, markers, members
from worker.stream.views import compact

log = logging.getLogger(__name__)


_HEX = frozenset("0123456789abcdef")


class _MemberMessage:
    """A member's changelog message as a store reads it: the raw key (encoded
    only if read: RocksDB reads it, the memory store does not), the value,
    and the group's position."""

    __slots__ = ("_encode", "_key", "offset", "partition", "topic", "tp", "value")

    def __init__(self, key: str, encode: Callable[[str], bytes], value: bytes, group: Any) -> None:
        self._key = key
        self._encode = encode
        self.value = value
        self.partition = group.partition
        self.tp = group.tp
        self.offset = group.offset
        self.topic = group.topic

    @property
    def key(self) -> bytes:
        return self._encode(self._key)


class _Member:
    """One member of a group, shaped like the changelog event Faust's stores
    read (the decoded key and value, and the message with the raw ones)."""

    __slots__ = ("key", "message", "value")

    def __init__(self, key: str, value: bytes, message: _MemberMessage) -> None:
        self.key = key
        self.value = value
        self.message = message


class GroupedTable(faust.Table):  # type: ignore[type-arg]
    """A table whose changelog holds groups next to records of one key each."""

    # What a group's value holds; ValueError for a value it cannot read.
    read_members: Callable[[bytes | None], list[tuple[str, Any]]]

    def apply_changelog_batch(self, batch: Iterable[Any]) -> None:
        store = self.data
        if not isinstance(store, MemoryStore):
            super().apply_changelog_batch(
                [item for event in batch for item in self._expanded(event)]
            )
            return
        # The memory store is a dict of values and a dict of key partitions: a group's
        # members go straight into both, as its own apply would put them, without an
        # event object per member (a standby applies every owner and marker the
        # other replica writes). Other records keep their order around the groups.
        data, partitions = store.data, store._key_partition
        plain: list[Any] = []
        for event in batch:
            if not is_group_key(event.key):
                plain.append(event)
                continue
            if plain:
                super().apply_changelog_batch(plain)
                plain = []
            partition = event.message.partition
            for key, member in self._members(event):
                data[key] = compact(member)
                partitions[key] = partition
        if plain:
            super().apply_changelog_batch(plain)

    def _encode(self, key: str) -> bytes:
        # An owner's key, a paragraph hash (hex), encodes to itself in quotes with the table's
        # JSON key serializer (tests/stream/test_grouped_table.py); anything else
        # goes through the serializer.
        if _HEX.issuperset(key):
            return b'"' + key.encode() + b'"'
        return self.data._encode_key(key)  # type: ignore[attr-defined,no-any-return]

    def _members(self, event: Any) -> list[tuple[str, Any]]:
        message = event.message
        try:
            return type(self).read_members(message.value)
        except ValueError as exc:  # no version of this worker wrote it: skip, never stop recovery
            log.error(
                "unreadable %s group at %s/%d/%d: %s",
                self.name,
                message.topic,
                message.partition,
                message.offset,
                exc,
            )
            return []

    def _expanded(self, event: Any) -> list[Any]:
        if not is_group_key(event.key):
            return [event]
        message = event.message
        encode = self._encode
        out: list[Any] = []
        for key, member in self._members(event):
            value = compact(member)
            out.append(_Member(key, value, _MemberMessage(key, encode, value, message)))
        return out


class OwnersTable(GroupedTable):
    """Paragraph hash -> owner; groups written by worker.stream.views.OwnerWrites."""

    read_members = staticmethod(members)


class PendingTable(GroupedTable):
    """Pending key -> entry or done marker; marker groups written by
    worker.stream.pending_view.PendingView.mark_done."""

    read_members = staticmethod(markers)
