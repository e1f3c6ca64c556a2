"""Internal messages grouped per destination partition.

Under load one internal record carries the messages of many articles bound
for the same partition (``{"items": [...]}``), so the per-record cost of
the broker and the client is paid once per group, not once per article.
Each item is an already-encoded message within its own bound, and a group
never exceeds ``limit`` unless a single item does (an item always travels,
alone if need be), so every group is within the bound of its largest item
or ``limit``, whichever is larger.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

_OPEN = b'{"items":['
_CLOSE = b"]}"
OVERHEAD = len(_OPEN) + len(_CLOSE)


def pack(items: list[bytes], limit: int) -> Iterator[bytes]:
    """The items, in order, as groups of at most ``limit`` bytes each."""
    chunk: list[bytes] = []
    size = OVERHEAD
    for item in items:
        extra = len(item) + (1 if chunk else 0)
        if chunk and size + extra > limit:
            yield _OPEN + b",".join(chunk) + _CLOSE
            chunk, size, extra = [], OVERHEAD, len(item)
        chunk.append(item)
        size += extra
    if chunk:
        yield _OPEN + b",".join(chunk) + _CLOSE


def items_of(data: object) -> list[object]:
    """The messages of a decoded record: a group's items, or the record itself
    (a single message, as a lone record is written by older replicas)."""
    if isinstance(data, dict) and "items" in data:
        items = data["items"]
        if not isinstance(items, list):
            raise ValueError("items must be a list")
        return items
    return [data]


@dataclass
class Outbox:
    """Encoded internal messages of one batch, by (channel, partition)."""

    limit: int
    _items: dict[tuple[str, int], list[bytes]] = field(default_factory=dict)

    def add(self, channel: str, partition: int, item: bytes) -> None:
        self._items.setdefault((channel, partition), []).append(item)

    def __len__(self) -> int:
        return sum(len(items) for items in self._items.values())

    def records(self) -> Iterator[tuple[str, int, bytes]]:
        """Grouped records, by channel and partition, items in the order added."""
        for (channel, partition), items in sorted(self._items.items()):
            for group in pack(items, self.limit):
                yield channel, partition, group
