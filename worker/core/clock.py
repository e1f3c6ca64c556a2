"""Timestamps as the records and logs write them."""

from __future__ import annotations

from datetime import UTC, datetime


def timestamp(now: float) -> str:
    """ISO-8601 UTC with milliseconds, e.g. 2024-11-08T10:05:01.123Z."""
    moment = datetime.fromtimestamp(now, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
