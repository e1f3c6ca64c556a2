"""End offsets found by reading, for brokers that report them short.

The embedded broker answers ListOffsets(latest) with the first offset of the
partition's last record batch plus one, so whenever that batch held more
than one record the reported end is short. A fetch returns whole batches:
reading from the reported end minus one returns the last batch whole, and
the offset after its last record is the true end. Table recovery uses this
(worker.stream.patches) so that it never stops before the last write.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from aiokafka import TopicPartition

from worker.core.settings import Settings
from worker.stream.topics_io import make_consumer

# Reading a partition's last batch takes one fetch; a partition whose fetch
# has not answered in this long keeps its reported end (as before the probe).
PROBE_SECONDS = 10.0


async def true_ends(settings: Settings, reported: Mapping[Any, int]) -> dict[Any, int]:
    """``reported`` end offsets by partition (any object with ``topic`` and
    ``partition``), each replaced by the end found by reading."""
    ends = dict(reported)
    wanted = {TopicPartition(tp.topic, tp.partition): tp for tp, end in ends.items() if end > 0}
    if not wanted:
        return ends
    consumer = make_consumer(settings, fetch_max_wait_ms=50)
    await consumer.start()
    try:
        consumer.assign(list(wanted))
        for tp, key in wanted.items():
            consumer.seek(tp, ends[key] - 1)
        waiting = set(wanted)
        deadline = time.monotonic() + PROBE_SECONDS
        while waiting and time.monotonic() < deadline:
            fetched = await consumer.getmany(*waiting, timeout_ms=200)
            for tp, records in fetched.items():
                if not records:
                    continue
                key = wanted[tp]
                ends[key] = max(ends[key], records[-1].offset + 1)
            # A partition is done when a fetch from its end returns nothing more.
            for tp in list(waiting):
                if tp not in fetched or not fetched[tp]:
                    position = await consumer.position(tp)
                    if position >= ends[wanted[tp]]:
                        waiting.discard(tp)
    finally:
        await consumer.stop()
    return ends
