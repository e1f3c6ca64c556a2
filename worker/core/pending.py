"""Articles waiting for their verdicts: pure updates of one pending entry.

An entry is keyed by request (one raw message) and article id, so two raw
messages with the same article id in flight at once never mix their
verdicts, and no table value holds more than one article (its size bound is
one article's). The article and its verdict batches may arrive in any order.

A completed entry is not deleted but replaced by a small *done* marker for
``DONE_TTL`` seconds. The article message and its verdicts are read from
different topic partitions, each committed on its own, so after a rebalance
one of them can be read again when the article was already published; the
marker makes that replay a no-op, where a fresh entry would wait for parts
that never come again and be "repaired" into a second publication.
"""

from __future__ import annotations

import dataclasses
import zlib
from dataclasses import dataclass, field
from typing import Any

from worker.core.wire import ArticleMessage, RawSummary, VerdictBatch

# Requests are ``topic:partition:offset`` and topic names have no "|".
_SEPARATOR = "|"
_ERROR_LIMIT = 500


@dataclass(frozen=True, slots=True)
class PendingEntry:
    created: float
    # The prepared article in its wire form; decoded once, when complete.
    article: dict[str, Any] | None = None
    expected: int | None = None
    now: float | None = None
    raw: RawSummary | None = None
    # Verdict results (wire form) by claim batch, i.e. by target partition.
    verdicts: dict[str, list[Any]] = field(default_factory=dict)
    error: str | None = None
    repaired: float | None = None
    # When the request completed: the entry is then only a marker.
    done: float | None = None

    def to_json(self) -> dict[str, Any]:
        # Field by field, not dataclasses.asdict: that deep-copies the article.
        # Fields at their default are left out (they decode to it), which keeps
        # a done marker to a few dozen bytes.
        data: dict[str, Any] = {}
        for name, default in _DEFAULTS.items():
            value = getattr(self, name)
            if name == "created" or value != default:
                data[name] = value.to_json() if isinstance(value, RawSummary) else value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingEntry:
        raw = data.get("raw")
        return cls(**{**data, "raw": None if raw is None else RawSummary.from_json(raw)})


_DEFAULTS: dict[str, Any] = {
    f.name: f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
    for f in dataclasses.fields(PendingEntry)
}


def assembly_partition(request: str, partitions: int) -> int:
    """The partition of ``<app>-articles`` and ``<app>-verdicts`` a request is
    assembled in: its raw message's partition (modulo the internal partition
    count). Faust assigns the same partition of topics with as many partitions to
    one replica, so when the raw topic has ``partitions`` partitions the replica
    that ingests an article also assembles it, and hands it over in memory
    (worker.stream.handoff); both versions of an article a crawler keys by id
    meet in one partition. A request no version of this worker wrote still gets a
    partition, the same every time."""
    try:
        return parse_request(request)[1] % partitions
    except ValueError:
        return zlib.crc32(request.encode("utf-8", "surrogatepass")) % partitions


def entry_key(request: str, article_id: str) -> str:
    return f"{request}{_SEPARATOR}{article_id}"


def request_of(key: str) -> str:
    return key.split(_SEPARATOR, 1)[0]


def article_of(key: str) -> str:
    return key.split(_SEPARATOR, 1)[1]


def with_article(entry: PendingEntry | None, message: ArticleMessage, seen: float) -> PendingEntry:
    """Record the prepared article and how many verdict batches to expect."""
    base = entry if entry is not None else PendingEntry(created=seen)
    return dataclasses.replace(
        base,
        article=message.prepared,
        expected=message.expected,
        now=message.now,
        raw=message.raw,
    )


def with_verdicts(entry: PendingEntry | None, batch: VerdictBatch, seen: float) -> PendingEntry:
    """Record one batch of verdicts (a replayed batch replaces its earlier copy),
    or the error a claim stage answered with."""
    base = entry if entry is not None else PendingEntry(created=seen)
    if batch.error is not None:
        return failed(base, batch.error)
    return dataclasses.replace(base, verdicts={**base.verdicts, str(batch.batch): batch.results})


def failed(entry: PendingEntry | None, error: str) -> PendingEntry:
    """A stage could not process this request: it completes as a dead letter."""
    base = entry if entry is not None else PendingEntry(created=0.0)
    return dataclasses.replace(base, error=error[:_ERROR_LIMIT])


def completed(entry: PendingEntry, at: float) -> PendingEntry:
    """The marker a complete entry leaves behind: it remembers only that the
    request was published, so parts replayed later are ignored."""
    return PendingEntry(created=entry.created, done=at)


def is_done(entry: PendingEntry | None) -> bool:
    return entry is not None and entry.done is not None


def is_complete(entry: PendingEntry) -> bool:
    if entry.done is not None or entry.error is not None:
        return True
    return (
        entry.article is not None
        and entry.expected is not None
        and len(entry.verdicts) >= entry.expected
    )


def all_results(entry: PendingEntry) -> list[Any]:
    return [r for batch in sorted(entry.verdicts) for r in entry.verdicts[batch]]


def is_stale(entry: PendingEntry, now: float, ttl: float, done_ttl: float) -> bool:
    """A done marker past ``done_ttl``, or an entry whose other half never came
    within ``ttl``."""
    if entry.done is not None:
        return now - entry.done >= done_ttl
    return now - entry.created >= ttl


def needs_repair(entry: PendingEntry, now: float, after: float) -> bool:
    """An incomplete entry that has waited ``after`` seconds since it was created
    or last repaired: one of its internal messages was lost or is stuck."""
    if is_complete(entry):
        return False
    last = entry.repaired or entry.created
    return now - last >= after


def missing_batches(entry: PendingEntry, expected: list[int]) -> list[int]:
    """Claim batches (by target partition) whose verdicts have not arrived."""
    return [batch for batch in expected if str(batch) not in entry.verdicts]


def parse_request(request: str) -> tuple[str, int, int]:
    """The raw message a request came from: ``topic:partition:offset``."""
    topic, partition, offset = request.rsplit(":", 2)
    return topic, int(partition), int(offset)
