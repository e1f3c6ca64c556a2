"""The owners table: a Faust table whose changelog holds groups of owners.

Owners are written to the local store one by one as claims are decided, and
to the changelog as groups (worker.core.owner_log), one per claims event.
Recovery and standbys expand each group into the per-owner records Faust's
stores apply, so every store (memory, RocksDB) restores exactly what a
changelog of one record per owner would have restored; its persisted
offset (RocksDB) is the group's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import faust

from worker.core.owner_log import is_group_key, members
from worker.stream.views import compact

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _MemberMessage:
    key: bytes
    value: bytes
    partition: int
    tp: Any
    offset: int
    topic: str


@dataclass(frozen=True, slots=True)
class _Member:
    """One owner of a group, shaped like the changelog event Faust's stores
    read (the decoded key and value, and the message with the raw ones)."""

    key: str
    value: bytes
    message: _MemberMessage


class OwnersTable(faust.Table):  # type: ignore[type-arg]
    def apply_changelog_batch(self, batch: Iterable[Any]) -> None:
        super().apply_changelog_batch([item for event in batch for item in self._expanded(event)])

    def _expanded(self, event: Any) -> list[Any]:
        if not is_group_key(event.key):
            return [event]
        message = event.message
        try:
            found = members(message.value)
        except ValueError as exc:  # no version of this worker wrote it: skip, never stop recovery
            log.error(
                "unreadable owners group at %s/%d/%d: %s",
                message.topic,
                message.partition,
                message.offset,
                exc,
            )
            return []
        encode_key = self.data._encode_key  # type: ignore[attr-defined]
        out: list[Any] = []
        for key, owner in found:
            value = compact(owner)
            raw = _MemberMessage(
                encode_key(key), value, message.partition, message.tp, message.offset, message.topic
            )
            out.append(_Member(key, value, raw))
        return out
