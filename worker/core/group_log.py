"""How owners and done markers are written to their changelogs: in groups,
not one record each.

A claims event decides a few owners for each of the dozens of articles it
carries. One changelog record per owner made the owners changelog the
worker's busiest producer (every record a Faust future, a producer call and
a broker append); a group holds every owner one claims event decided, in
records of at most ``limit`` bytes. The same holds for the done markers of
the articles one assemble batch completes (worker.core.pending): one record
each was a produce per article, and a standby replayed every one of them
through Faust's recovery loop (measured with two replicas: 1.18-1.63 ms of
CPU per article with one marker record each, 1.08-1.37 ms with groups).

A group's key starts with ``GROUP_MARK``, which no paragraph hash (hex) and
no pending key (a topic name first) does, and is unique: compaction never
merges two groups, and the broker's retention ages them out like the
records they replace (worker.core.settings). Records of one member each,
from before groups existed, are still read the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import orjson

GROUP_MARK = "~"
# A group record stays well under the produce limit and the size above which
# a send waits for the broker (worker.stream.sending).
GROUP_BYTES = 256 * 1024
OwnerJson = list[Any]
MarkerJson = dict[str, Any]
_NOT_MEMBERS = "not a list of [key, value] pairs"


def is_group_key(key: object) -> bool:
    return isinstance(key, str) and key.startswith(GROUP_MARK)


def group_key(writer: str, sequence: int) -> str:
    """A key no other group has: the writer's own token and its count."""
    return f"{GROUP_MARK}{writer}:{sequence}"


def group_values(members: Sequence[tuple[str, bytes]], limit: int = GROUP_BYTES) -> list[bytes]:
    """``members`` (key, the value's JSON bytes, as stored) as group values
    of at most ``limit`` bytes each (a member larger than that alone), in
    order; none for no members. An owner's and a done marker's size are
    bounded (worker.core.sizes), so is a group. Built from the stored bytes:
    the values are not encoded twice."""
    values: list[bytes] = []
    group: list[bytes] = []
    size = 2
    for key, stored in members:
        member = b"[" + orjson.dumps(key) + b"," + stored + b"]"
        if group and size + len(member) + 1 > limit:
            values.append(b"[" + b",".join(group) + b"]")
            group, size = [], 2
        group.append(member)
        size += len(member) + 1
    if group:
        values.append(b"[" + b",".join(group) + b"]")
    return values


def members(value: bytes | None) -> list[tuple[str, OwnerJson]]:
    """The (hash, owner JSON) pairs of an owners group value; ValueError for
    a value that is not a list of such pairs."""
    return _pairs(value, _is_owner)  # type: ignore[return-value]


def markers(value: bytes | None) -> list[tuple[str, MarkerJson]]:
    """The (pending key, done marker JSON) pairs of a markers group value;
    ValueError for a value that is not a list of such pairs."""
    return _pairs(value, _is_marker)  # type: ignore[return-value]


def _is_owner(value: object) -> bool:
    return type(value) is list and len(value) == 3


def _is_marker(value: object) -> bool:
    return type(value) is dict and value.get("done") is not None


def _pairs(value: bytes | None, valid: Callable[[object], bool]) -> list[tuple[str, object]]:
    if value is None:
        raise ValueError("a group without a value")
    decoded = orjson.loads(value)
    if not isinstance(decoded, list):
        raise ValueError(_NOT_MEMBERS)
    # One pass, checks inline: a standby expands every member a replica writes.
    out: list[tuple[str, object]] = []
    for item in decoded:
        if type(item) is not list or len(item) != 2:
            raise ValueError(_NOT_MEMBERS)
        key, member = item
        if type(key) is not str or is_group_key(key) or not valid(member):
            raise ValueError(_NOT_MEMBERS)
        out.append((key, member))
    return out
