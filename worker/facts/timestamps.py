"""An article's reference date, from its timestamps: what relative dates
("yesterday", "last Tuesday") are counted from."""

from __future__ import annotations

from datetime import date, datetime
from email.utils import parsedate_to_datetime


def reference_date(published_at: str | None, fetched_at: str | None) -> date | None:
    """The article's date: published_at, else fetched_at, else None.

    ISO-8601 is the contract; RSS-style RFC 2822 dates ("Fri, 08 Nov 2024 10:00:00
    +0300") are accepted too, since that is what many feeds carry through.
    """
    for value in (published_at, fetched_at):
        if value and value.strip():
            parsed = _parse_timestamp(value.strip())
            if parsed is not None:
                return parsed
    return None


def _parse_timestamp(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None
