"""Article identity and provenance: id from url, source from url or text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from worker.core.hashing import fingerprint

# "Source: sputnik.by" style attribution lines that wire copies end with.
_ATTRIBUTION = re.compile(
    r"^\s*(?:source|sources|via|originally published (?:at|on|by))\s*[:\-\u2013\u2014]\s*"
    r"(?P<name>[^\s].{0,120}?)\s*\.?\s*$",
    re.IGNORECASE,
)
_ATTRIBUTION_TAIL = 3


def derive_id(url: str) -> str:
    """Deterministic id for an article that came without one: same url, same id."""
    return "url-" + fingerprint(url.strip())


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host or None


def attributed_source(paragraphs: Sequence[str]) -> str | None:
    """The source named by an attribution line near the end of the text."""
    for text in reversed(paragraphs[-_ATTRIBUTION_TAIL:]):
        match = _ATTRIBUTION.match(text)
        if match:
            return match.group("name")
    return None
