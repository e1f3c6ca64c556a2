"""The consumer fix for records Faust fetches but does not deliver.

Faust's own getmany needs a running consumer; these tests drive the fix's
two halves with the state Faust hands them (the fetched records map and the
consumer generation) and check where each partition is sought. The kill -9
tests in test_kafka_worker prove it against the broker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from worker.stream import patches


@dataclass(frozen=True)
class TP:
    topic: str
    partition: int


@dataclass(frozen=True)
class Record:
    offset: int


@dataclass
class App:
    consumer_generation_id: int = 1


@dataclass
class Consumer:
    """The attributes of faust.transport.consumer.Consumer the fix uses."""

    assigned: set[TP]
    app: App = field(default_factory=App)
    sought: dict[TP, int] = field(default_factory=dict)

    def assignment(self) -> set[TP]:
        return self.assigned

    async def seek(self, tp: TP, offset: int) -> None:
        self.sought[tp] = offset


A, B, C = TP("t", 0), TP("t", 1), TP("u", 0)


def fetched(consumer: Consumer, records: dict[TP, list[Record]]) -> None:
    consumer.__dict__["_fetched"] = (records, consumer.app.consumer_generation_id)


async def test_partitions_are_sought_back_to_their_first_undelivered_record() -> None:
    consumer = Consumer({A, B, C})
    fetched(
        consumer,
        {
            A: [Record(0), Record(1), Record(2)],  # none delivered (not active yet)
            B: [Record(5), Record(6), Record(7)],  # the flow stopped after 5
            C: [Record(9)],  # all delivered
        },
    )
    await patches._seek_back_undelivered(consumer, {B: 5, C: 9})
    assert consumer.sought == {A: 0, B: 6}
    assert "_fetched" not in consumer.__dict__


async def test_nothing_is_sought_after_a_new_generation_or_for_a_revoked_partition() -> None:
    consumer = Consumer({B})
    fetched(consumer, {A: [Record(0)], B: [Record(3)]})
    consumer.app.consumer_generation_id = 2
    await patches._seek_back_undelivered(consumer, {})
    assert consumer.sought == {}
    fetched(consumer, {A: [Record(0)], B: [Record(3)]})
    await patches._seek_back_undelivered(consumer, {})
    assert consumer.sought == {B: 3}


async def test_a_fetch_that_returned_nothing_seeks_nothing() -> None:
    consumer = Consumer({A})
    await patches._seek_back_undelivered(consumer, {})
    fetched(consumer, {})
    await patches._seek_back_undelivered(consumer, {})
    assert consumer.sought == {}


@given(
    st.dictionaries(
        st.sampled_from([A, B, C]),
        st.tuples(st.integers(0, 1000), st.integers(1, 20), st.integers(-1, 25)),
    )
)
async def test_every_fetched_record_is_delivered_or_read_again(
    fetches: dict[TP, tuple[int, int, int]],
) -> None:
    consumer = Consumer({A, B, C})
    records: dict[TP, list[Record]] = {}
    delivered: dict[TP, int] = {}
    for tp, (start, count, cut) in fetches.items():
        records[tp] = [Record(start + i) for i in range(count)]
        if 0 <= cut < count:
            delivered[tp] = start + cut
    fetched(consumer, records)
    await patches._seek_back_undelivered(consumer, delivered)
    for tp, batch in records.items():
        last = delivered.get(tp, -1)
        again = consumer.sought.get(tp)
        for record in batch:
            assert record.offset <= last or (again is not None and record.offset >= again)
        assert again is None or again > last  # the delivered are not read again


async def test_the_fetch_is_remembered_with_its_generation() -> None:
    consumer: Any = Consumer({A})
    records = {A: [Record(4)]}

    async def original(self: Any, timeout: float) -> tuple[Any, Any]:  # noqa: ASYNC109
        return records, {A}

    saved = patches._original_wait_next_records
    patches._original_wait_next_records = original
    try:
        assert await patches._wait_next_records(consumer, 1.0) == (records, {A})
    finally:
        patches._original_wait_next_records = saved
    assert consumer.__dict__["_fetched"] == (records, 1)
