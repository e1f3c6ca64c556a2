"""Table store options: RocksDB with memory bounded per partition.

Faust's RocksDB defaults give every partition's database a 2 GiB block cache
and up to three 64 MiB memtables, so a replica's memory would grow with the
partitions it holds and the data it reads, up to gigabytes. The dedupe state
is read at random (each claim looks up one hash), so a big cache buys
little; these bounds keep a replica's RSS nearly flat as the state grows
(bench/bench_state.py measures it). A 10-bit bloom filter (1% false
positives, 1.25 bytes a key held in memory) keeps the lookups of new hashes,
most claims, from reading a block at all.
"""

from __future__ import annotations

from typing import Any

MIB = 1024 * 1024

ROCKSDB_OPTIONS: dict[str, Any] = {
    "block_cache_size": 16 * MIB,
    "write_buffer_size": 16 * MIB,
    "max_write_buffer_number": 2,
    "target_file_size_base": 64 * MIB,
    "bloom_filter_size": 10,
}


def table_options(store: str) -> dict[str, Any] | None:
    """Options for a table in ``store`` (a fresh dict: Faust consumes it)."""
    if store.startswith("rocksdb"):
        return dict(ROCKSDB_OPTIONS)
    return None
