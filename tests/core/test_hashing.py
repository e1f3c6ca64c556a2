"""Kafka's key partitioning, computed here as its default partitioner does."""

from __future__ import annotations

import pytest
from aiokafka.partitioner import DefaultPartitioner
from aiokafka.partitioner import murmur2 as aiokafka_murmur2
from hypothesis import given
from hypothesis import strategies as st

from worker.core.hashing import kafka_partition, murmur2


def _signed(value: int) -> int:
    return value - (1 << 32) if value >= 1 << 31 else value


# Kafka's own test vectors (UtilsTest.testMurmur2), as Java's signed ints.
@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (b"21", -973932308),
        (b"foobar", -790332482),
        (b"a-little-bit-long-string", -985981536),
        (b"a-little-bit-longer-string", -1486304829),
        (b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971),
        (b"abc", 479470107),
    ],
)
def test_murmur2_matches_kafkas_vectors(key: bytes, expected: int) -> None:
    assert _signed(murmur2(key)) == expected


@given(st.binary(max_size=300))
def test_murmur2_matches_aiokafka_on_any_bytes(data: bytes) -> None:
    assert murmur2(data) == aiokafka_murmur2(data)


@given(st.binary(max_size=120), st.integers(min_value=1, max_value=256))
def test_partition_is_the_default_partitioners_choice(key: bytes, partitions: int) -> None:
    everything = list(range(partitions))
    assert kafka_partition(key, partitions) == DefaultPartitioner()(key, everything, everything)
