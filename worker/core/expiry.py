"""Expiry indexes: what can be due, found without looking at what is not.

A sweep must cost what expires, not what is held. Two indexes make that so,
one per dedupe partition:

- :class:`BucketIndex` keeps paragraph hashes by the time bucket of their
  ``first_seen_at``. A bucket whose end is a whole window in the past holds
  only expired owners, so a sweep takes the due buckets off the front and
  touches nothing else; with nothing expired it looks at one heap entry.
- :class:`DueIndex` keeps keys by the time they next need attention (a
  pending entry's repair or its staleness), each key in one place.

Both are hints, not the truth: the sweep checks every key it is handed
against the state before acting, so a hint that went stale (an owner that
expired and was claimed again, a pending entry that completed) costs one
read and nothing else. Decisions never depend on an index or on a sweep
having run: :func:`worker.core.dedupe.decide` treats an expired owner as
absent wherever it is read from.
"""

from __future__ import annotations

import heapq
import math

from worker.core import pending

# xxh3-128 hex: 32 characters, 16 bytes once packed.
_HEX_CHARS = 32
_DIGEST_BYTES = 16

# A pending entry whose other half has not come after this long is a replayed
# verdict for an article that was already published; keep it long enough
# that a slow rebalance never discards a live article.
PENDING_TTL = 3600.0
# How long a done marker (worker.core.pending) outlives its article. A part
# is replayed after completion when its partition moves before its offset is
# committed: within a rebalance and the new owner's table recovery, minutes at
# most. A part replayed later still cannot be lost; the article can only be
# published a second time.
DONE_TTL = 900.0
# How long the broker keeps the pending changelog's records. Done markers are
# written in groups with keys of their own (worker.core.group_log), which
# compaction never removes, so the changelog ages out by retention, as the
# owners changelog does, and expired markers need no tombstone each. Every
# entry is useless PENDING_TTL after its last write at most (a marker after
# DONE_TTL); the record's timestamp and the entry's times are both a
# replica's clock, so twice that leaves an hour for replicas' clocks to
# disagree and for one that lags.
PENDING_RETENTION = 2 * PENDING_TTL
# Its segments close at least this often, so retention can delete them: a
# restore then reads at most retention plus one segment of records.
PENDING_SEGMENT = PENDING_TTL


def bucket_of(at: float, width: float) -> int:
    """The bucket holding time ``at``: buckets are ``[n * width, (n + 1) * width)``."""
    return math.floor(at / width)


def _pack(key: str) -> bytes | None:
    if len(key) != _HEX_CHARS:
        return None
    try:
        return bytes.fromhex(key)
    except ValueError:
        return None


class BucketIndex:
    """Paragraph hashes of one partition by first-seen time bucket.

    A hash costs 16 bytes (packed into its bucket's bytearray); any other key
    is kept as it is. ``touched`` counts the keys handed out by
    :meth:`pop_due`, which is the whole cost of a sweep.
    """

    __slots__ = ("_heap", "_other", "_packed", "entries", "touched", "width")

    def __init__(self, width: float) -> None:
        if width <= 0:
            raise ValueError("bucket width must be positive")
        self.width = width
        self.entries = 0
        self.touched = 0
        self._packed: dict[int, bytearray] = {}
        self._other: dict[int, list[str]] = {}
        self._heap: list[int] = []

    def add(self, key: str, first_seen_at: float) -> None:
        bucket = bucket_of(first_seen_at, self.width)
        if bucket not in self._packed:
            self._packed[bucket] = bytearray()
            heapq.heappush(self._heap, bucket)
        packed = _pack(key)
        if packed is None:
            self._other.setdefault(bucket, []).append(key)
        else:
            self._packed[bucket] += packed
        self.entries += 1

    def next_due(self, window: float) -> float | None:
        """When the oldest bucket will hold only expired owners (None: empty)."""
        if not self._heap:
            return None
        return (self._heap[0] + 1) * self.width + window

    def pop_due(self, now: float, window: float, limit: int | None = None) -> list[str]:
        """Take out every bucket wholly older than ``window`` at ``now`` and
        return its keys; with ``limit``, stop after the bucket that reaches
        it (the rest stays for the next sweep). Every owner first seen in such a bucket has expired
        (``now - first_seen_at >= window``), unless it was claimed again, in
        which case the newer owner is in a newer bucket."""
        found: list[str] = []
        while self._heap and (self._heap[0] + 1) * self.width + window <= now:
            if limit is not None and len(found) >= limit:
                break
            bucket = heapq.heappop(self._heap)
            packed = self._packed.pop(bucket)
            view = memoryview(packed)
            found.extend(
                view[start : start + _DIGEST_BYTES].hex()
                for start in range(0, len(packed), _DIGEST_BYTES)
            )
            found.extend(self._other.pop(bucket, ()))
        self.entries -= len(found)
        self.touched += len(found)
        return found

    def __len__(self) -> int:
        return self.entries

    @property
    def buckets(self) -> int:
        return len(self._heap)


class DueIndex:
    """Keys by the time they are next due, each key in one place.

    Buckets of ``width`` seconds sit in a heap; :meth:`pop_due` takes the
    keys due by ``now`` from the front, so its cost is the due keys plus the
    one bucket that is only partly due.
    """

    __slots__ = ("_buckets", "_due", "_heap", "touched", "width")

    def __init__(self, width: float) -> None:
        if width <= 0:
            raise ValueError("bucket width must be positive")
        self.width = width
        self.touched = 0
        self._due: dict[str, float] = {}
        self._buckets: dict[int, set[str]] = {}
        self._heap: list[int] = []

    def set(self, key: str, due: float | None) -> None:
        """Record when ``key`` is next due; None forgets it."""
        self.discard(key)
        if due is None:
            return
        bucket = bucket_of(due, self.width)
        keys = self._buckets.get(bucket)
        if keys is None:
            keys = self._buckets[bucket] = set()
            heapq.heappush(self._heap, bucket)
        keys.add(key)
        self._due[key] = due

    def discard(self, key: str) -> None:
        due = self._due.pop(key, None)
        if due is None:
            return
        bucket = bucket_of(due, self.width)
        keys = self._buckets[bucket]
        keys.discard(key)
        # An emptied bucket stays in the heap until pop_due reaches it.

    def pop_due(self, now: float) -> list[str]:
        """Remove and return the keys due at ``now`` (earliest buckets first)."""
        found: list[str] = []
        while self._heap and self._heap[0] * self.width <= now:
            bucket = self._heap[0]
            keys = self._buckets[bucket]
            due = [key for key in keys if self._due[key] <= now]
            self.touched += len(keys)
            for key in due:
                keys.discard(key)
                del self._due[key]
            found.extend(sorted(due))
            if keys:
                break  # the bucket now running: the rest of it is not due yet
            heapq.heappop(self._heap)
            del self._buckets[bucket]
        return found

    def __len__(self) -> int:
        return len(self._due)

    def __contains__(self, key: object) -> bool:
        return key in self._due


def pending_due(
    entry: pending.PendingEntry, repair_after: float, ttl: float, done_ttl: float = DONE_TTL
) -> float:
    """When a pending entry next needs a sweep: its repair if it is incomplete,
    else (or if sooner) the time it goes stale."""
    if entry.done is not None:
        return entry.done + done_ttl
    stale_at = entry.created + ttl
    if pending.is_complete(entry):
        return stale_at
    return min(stale_at, (entry.repaired or entry.created) + repair_after)
