"""Articles waiting for their verdicts: pure updates of one pending entry.

An entry is keyed by request (one raw message) and article id, so two raw
messages with the same article id in flight at once never mix their
verdicts, and no table value holds more than one article (its size bound is
one article's). The article and its verdict batches may arrive in any order.
"""

from __future__ import annotations

from typing import Any

Entry = dict[str, Any]


# Requests are ``topic:partition:offset`` and topic names have no "|".
_SEPARATOR = "|"


def entry_key(request: str, article_id: str) -> str:
    return f"{request}{_SEPARATOR}{article_id}"


def request_of(key: str) -> str:
    return key.split(_SEPARATOR, 1)[0]


def article_of(key: str) -> str:
    return key.split(_SEPARATOR, 1)[1]


def empty(now: float) -> Entry:
    return {"created": now, "article": None, "expected": None, "now": None, "verdicts": {}}


def with_article(entry: Entry | None, message: dict[str, Any], seen: float) -> Entry:
    """Record the prepared article of an ``<app>-articles`` message and how many
    verdict batches to expect."""
    base = entry if entry is not None else empty(seen)
    return {
        **base,
        "article": message["prepared"],
        "expected": message["expected"],
        "now": message["now"],
        "raw": message.get("raw"),
    }


def failed(entry: Entry | None, error: str) -> Entry:
    """A stage could not process this request: it completes as a dead letter."""
    base = entry if entry is not None else empty(0.0)
    return {**base, "error": error[:500]}


def with_verdicts(entry: Entry | None, batch: int, results: list[Any], seen: float) -> Entry:
    """Record one batch of verdicts; a replayed batch replaces its earlier copy."""
    base = entry if entry is not None else empty(seen)
    return {**base, "verdicts": {**base["verdicts"], str(batch): results}}


def is_complete(entry: Entry) -> bool:
    if entry.get("error") is not None:
        return True
    return entry["article"] is not None and len(entry["verdicts"]) >= entry["expected"]


def all_results(entry: Entry) -> list[Any]:
    return [r for batch in sorted(entry["verdicts"]) for r in entry["verdicts"][batch]]


def is_stale(entry: Entry, now: float, ttl: float) -> bool:
    """An entry whose other half never came (a replayed verdict after completion)."""
    return now - float(entry["created"]) >= ttl


def needs_repair(entry: Entry, now: float, after: float) -> bool:
    """An incomplete entry that has waited ``after`` seconds since it was created
    or last repaired: one of its internal messages was lost or is stuck."""
    if is_complete(entry):
        return False
    last = float(entry.get("repaired") or entry["created"])
    return now - last >= after


def missing_batches(entry: Entry, expected: list[int]) -> list[int]:
    """Claim batches (by target partition) whose verdicts have not arrived."""
    return [batch for batch in expected if str(batch) not in entry["verdicts"]]


def parse_request(request: str) -> tuple[str, int, int]:
    """The raw message a request came from: ``topic:partition:offset``."""
    topic, partition, offset = request.rsplit(":", 2)
    return topic, int(partition), int(offset)
