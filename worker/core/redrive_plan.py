"""Which dead letters to re-send, and with what: the pure half of ``redrive``.

Only worker.stream.redrive talks to Kafka; everything it decides is here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, NamedTuple

import orjson

from worker.core.dead_letters import check_record, origin_of
from worker.errors import FixesError

log = logging.getLogger(__name__)

# (partition, offset) of the original message on the raw topic: what a
# dead letter names and what a fixes file refers to.
Position = tuple[int, int]


class Reinjection(NamedTuple):
    """One message to send to the raw topic."""

    key: bytes | None
    value: bytes
    origin: str  # "topic/partition/offset" of the message that died


class RawMessage(NamedTuple):
    key: bytes | None
    value: bytes
    timestamp: float  # seconds


# (topic, partition, offset) of a raw message -> the message, for truncated
# dead letters whose original is read back from the raw topic.
Originals = Mapping[tuple[str, int, int], RawMessage]


def truncated_positions(records: Iterable[Mapping[str, Any]]) -> list[tuple[str, int, int]]:
    """Where the originals of truncated dead letters are, to be read back."""
    found: list[tuple[str, int, int]] = []
    for record in records:
        topic, partition, offset = origin_of(record)
        if record.get("truncated") and None not in (topic, partition, offset):
            found.append((topic, partition, offset))  # type: ignore[arg-type]
    return list(dict.fromkeys(found))


def check_original(record: Mapping[str, Any], value: bytes) -> bool:
    """A message read back at a dead letter's position is the one that died."""
    size, digest = record.get("value_size"), record.get("value_sha256")
    if size is not None and size != len(value):
        return False
    return digest is None or hashlib.sha256(value).hexdigest() == digest


def redrive_plan(
    records: Iterable[Mapping[str, Any]],
    *,
    reasons: Collection[str] | None = None,
    fixes: Mapping[Position, bytes] | None = None,
    fixer: Callable[[bytes], bytes | None] | None = None,
    limit: int | None = None,
    originals: Originals | None = None,
) -> list[Reinjection]:
    """Which dead letters to re-send, with which key and value, in topic order.

    * ``reasons``: only dead letters with one of these reasons (None: all).
    * ``fixes``: replacement values by the original (partition, offset); when
      given, only the dead letters it names are re-sent, since re-sending the
      others unchanged would only fail again.
    * ``fixer``: applied to each chosen value (after ``fixes``); None skips it.
    * ``limit``: at most this many.

    * ``originals``: the raw messages behind truncated dead letters, read back
      by position; a truncated letter whose original is not there (gone with
      the raw topic's retention, or another message at that offset) is skipped.

    A message that died twice (a replay after a crash) is re-sent once: dead
    letters naming the same original position count as one.
    """
    plan: list[Reinjection] = []
    seen: set[tuple[str, int, int]] = set()
    for record in records:
        if limit is not None and len(plan) >= limit:
            break
        key, value = check_record(record)
        if reasons is not None and record["reason"] not in reasons:
            continue
        topic, partition, offset = origin_of(record)
        if record.get("truncated"):
            found = None
            if topic is not None and partition is not None and offset is not None:
                found = (originals or {}).get((topic, partition, offset))
            if found is None or not check_original(record, found.value):
                log.warning(
                    "original of %s/%s/%s is not on the raw topic", topic, partition, offset
                )
                continue
            key, value = found.key, found.value
        if topic is not None and partition is not None and offset is not None:
            if (topic, partition, offset) in seen:
                continue
            seen.add((topic, partition, offset))
        if fixes is not None:
            if partition is None or offset is None or (partition, offset) not in fixes:
                continue
            value = fixes[partition, offset]
        if fixer is not None:
            fixed = fixer(value)
            if fixed is None:
                continue
            value = fixed
        plan.append(Reinjection(key, value, f"{topic}/{partition}/{offset}"))
    return plan


def load_fixes(lines: Iterable[bytes]) -> dict[Position, bytes]:
    """Parse a fixes file: JSON lines ``{"partition": P, "offset": O, "value": ...}``.

    ``partition`` and ``offset`` are those of the original message, as shown in
    the dead letter. ``value`` is the corrected raw article: a JSON object is
    re-encoded, a string is taken as the message text itself. ``value_b64``
    may be given instead for bytes that are not text.
    """
    fixes: dict[Position, bytes] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise FixesError(f"fixes line {number}: invalid JSON ({exc})") from None
        if not isinstance(entry, dict):
            raise FixesError(f"fixes line {number}: expected a JSON object")
        partition, offset = entry.get("partition"), entry.get("offset")
        if not (isinstance(partition, int) and isinstance(offset, int)):
            raise FixesError(f"fixes line {number}: partition and offset must be integers")
        if "value_b64" in entry:
            try:
                value = base64.b64decode(str(entry["value_b64"]), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise FixesError(f"fixes line {number}: value_b64: {exc}") from None
        elif isinstance(entry.get("value"), str):
            value = entry["value"].encode()
        elif "value" in entry:
            value = orjson.dumps(entry["value"])
        else:
            raise FixesError(f"fixes line {number}: needs value or value_b64")
        if (partition, offset) in fixes:
            raise FixesError(f"fixes line {number}: partition {partition} offset {offset} twice")
        fixes[partition, offset] = value
    return fixes
