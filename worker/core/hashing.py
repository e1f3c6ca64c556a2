"""Paragraph fingerprints: xxh3-128, hex.

xxh3 is non-cryptographic on purpose: the hashes only need to be collision
free across news text (2^-64 birthday bound at 128 bits is plenty) and fast,
since every paragraph of every message is hashed on the hot path.
"""

from __future__ import annotations

from collections.abc import Iterable

import xxhash


def fingerprint(normalized: str) -> str:
    """128-bit hex fingerprint of an already normalized paragraph."""
    return xxhash.xxh3_128_hexdigest(normalized.encode("utf-8", "surrogatepass"))


def combine(hashes: Iterable[str]) -> str:
    """One fingerprint for an ordered list of fingerprints (content_hash)."""
    return xxhash.xxh3_128_hexdigest("\n".join(hashes).encode("ascii"))


def partition_for(hash_hex: str, partitions: int) -> int:
    """The dedupe-state partition that owns a paragraph hash."""
    return int(hash_hex[:16], 16) % partitions
