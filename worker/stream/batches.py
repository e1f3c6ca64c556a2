"""Batches of events, and the event context table operations need.

A stage takes events in batches bounded by count and time
(``WORKER_BATCH_SIZE``, ``WORKER_BATCH_TIME``); Faust acknowledges them only
after the batch body has returned, so everything a batch sends is handed to
the producer before its offsets can be committed, and the commit's flush
waits for it to be delivered.

A Faust table writes to the changelog partition of the event being
processed, and a RocksDB table reads only that partition: inside a batch,
each table operation runs in the context of the event whose partition holds
its keys.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

from faust.streams import _current_event

from worker.core.settings import Settings


@contextlib.contextmanager
def in_event(event: Any) -> Iterator[None]:
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


def batches(stream: Any, settings: Settings) -> AsyncIterator[Sequence[Any]]:
    """The stream's events, at most ``batch_size`` at a time; a lone event
    waits at most ``batch_time`` seconds."""
    events: AsyncIterator[Sequence[Any]] = stream.take_events(
        settings.batch_size, settings.batch_time
    )
    return events
