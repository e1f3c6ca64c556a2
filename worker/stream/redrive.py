"""``python -m worker redrive``: put dead letters back on the raw topic.

Redriving re-sends the original key with the original value (read back from
the raw topic by offset for a truncated letter), or with a fixed value from
a fixes file, so the worker processes the message again as if a crawler had
sent it. What to re-send is decided by worker.core.redrive_plan; this module
only reads and writes the topics.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from typing import Any

from worker.core.dead_letters import parse_dead_letter
from worker.core.redrive_plan import Position, RawMessage, redrive_plan, truncated_positions
from worker.core.settings import Settings
from worker.errors import NotADeadLetter, RedriveError
from worker.stream.topics_io import read_at, read_topic, send_all

__all__ = ["REDRIVE_HEADER", "RedriveError", "redrive"]

log = logging.getLogger(__name__)

# Names the dead letter a re-sent message came from, so its history can be
# followed when it fails again.
REDRIVE_HEADER = "redrive-of"
# The end of the dead-letter topic is recognised by silence (end offsets are
# not exact on every broker); 2 s covers a fetch round trip with margin.
DEFAULT_IDLE_TIMEOUT = 2.0


async def read_dead_letters(settings: Settings, idle_timeout: float) -> list[dict[str, Any]]:
    """Every dead letter on the topic, in partition order; other records skipped."""
    records: list[dict[str, Any]] = []
    skipped = 0
    topic = settings.dead_letter_topic
    try:
        async for message in read_topic(settings, topic, idle_timeout=idle_timeout):
            try:
                _, _, record = parse_dead_letter(message.value)
            except NotADeadLetter as exc:
                skipped += 1
                where = {"topic": topic, "partition": message.partition, "offset": message.offset}
                log.warning("skipping record: %s", exc, extra=where)
                continue
            records.append(record)
    except LookupError as exc:
        raise RedriveError(f"{exc}: check WORKER_DEAD_LETTER_TOPIC and the broker") from None
    if skipped:
        log.warning("%d records on %s were not dead letters", skipped, topic)
    return records


async def read_originals(
    settings: Settings, records: list[dict[str, Any]]
) -> dict[tuple[str, int, int], RawMessage]:
    found = await read_at(settings, truncated_positions(records))
    return {pos: RawMessage(m.key, m.value or b"", m.timestamp) for pos, m in found.items()}


async def redrive(
    settings: Settings,
    *,
    reasons: Collection[str] | None = None,
    fixes: Mapping[Position, bytes] | None = None,
    limit: int | None = None,
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
    dry_run: bool = False,
) -> int:
    """Re-send chosen dead letters to the raw topic; returns how many were sent.

    The whole dead-letter topic is read before anything is sent: a re-sent
    message that fails again lands on the same topic, and reading while
    sending could pick it up and loop.
    """
    records = await read_dead_letters(settings, idle_timeout)
    originals = await read_originals(settings, records)
    plan = redrive_plan(records, reasons=reasons, fixes=fixes, limit=limit, originals=originals)
    log.info(
        "%d dead letters read, %d chosen for %s",
        len(records),
        len(plan),
        settings.raw_topic,
        extra={"dry_run": dry_run},
    )
    if dry_run or not plan:
        return len(plan)
    return await send_all(
        settings,
        settings.raw_topic,
        [(item.key, item.value) for item in plan],
        headers=lambda n: [(REDRIVE_HEADER, plan[n].origin.encode())],
    )
