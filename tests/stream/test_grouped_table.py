"""Grouped tables restore groups exactly as they restore one record per key.

Real Faust tables and stores (memory and RocksDB), fed the changelog events
recovery and standbys hand them; the restart and kill -9 tests in
test_kafka_worker prove the whole path against the broker.
"""

from __future__ import annotations

import itertools
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faust
import orjson
import pytest
from faust.types import TP
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.core.group_log import group_key, group_values
from worker.stream.grouped_table import OwnersTable, PendingTable

TOPIC = "t-owners-changelog"
_apps = itertools.count()


@dataclass(frozen=True)
class Message:
    key: bytes
    value: bytes | None
    partition: int
    tp: TP
    offset: int
    topic: str = TOPIC


@dataclass(frozen=True)
class Event:
    key: str
    value: bytes | None
    message: Message


def changelog_event(key: str, value: bytes | None, partition: int, offset: int) -> Event:
    raw = Message(orjson.dumps(key), value, partition, TP(TOPIC, partition), offset)
    return Event(key, value, raw)


def owners_table(store: str, datadir: Path, kind: type[Any] = OwnersTable) -> Any:
    app = faust.App(f"owners-test-{next(_apps)}", store=store, datadir=str(datadir))
    table = kind(app, name="owners", default=None, partitions=2, key_type=str, value_type=bytes)
    table.value_serializer = "raw"
    return table


def contents(table: Any, partition: int) -> dict[str, bytes]:
    store = table.data
    if hasattr(store, "_db_for_partition"):
        db = store._db_for_partition(partition)
        return {
            orjson.loads(k): v for k, v in db.items() if k != store.offset_key and v is not None
        }
    return {k: v for k, v in store.data.items() if store._key_partition.get(k) == partition}


def one_per_owner(owners: list[tuple[str, list[Any]]], partition: int) -> list[Event]:
    return [
        changelog_event(key, orjson.dumps(owner), partition, offset)
        for offset, (key, owner) in enumerate(owners)
    ]


def grouped(owners: list[tuple[str, list[Any]]], partition: int, limit: int) -> list[Event]:
    values = group_values([(key, orjson.dumps(owner)) for key, owner in owners], limit)
    return [
        changelog_event(group_key("w", n), value, partition, n) for n, value in enumerate(values)
    ]


hashes = st.text("0123456789abcdef", min_size=32, max_size=32)
owner_lists = st.lists(
    st.tuples(
        hashes,
        st.tuples(st.sampled_from(["a", "b", "ç"]), st.integers(0, 50), st.floats(0, 2e9)).map(
            list
        ),
    ),
    max_size=40,
)


@pytest.mark.parametrize("store", ["memory://", "rocksdb://"])
@settings(max_examples=25, deadline=None)
@given(owners=owner_lists, limit=st.integers(60, 2_000))
def test_groups_restore_the_same_state_as_one_record_per_owner(
    store: str, owners: list[tuple[str, list[Any]]], limit: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plain = owners_table(store, Path(tmp, "plain"))
        plain.apply_changelog_batch(one_per_owner(owners, 1))
        groups = owners_table(store, Path(tmp, "groups"))
        groups.apply_changelog_batch(grouped(owners, 1, limit))
        check_same(plain, groups, owners)


def check_same(plain: Any, groups: Any, owners: list[tuple[str, list[Any]]]) -> None:
    assert contents(groups, 1) == contents(plain, 1)
    assert contents(groups, 1) == {key: orjson.dumps(owner) for key, owner in owners}


@pytest.mark.parametrize("store", ["memory://", "rocksdb://"])
def test_records_apply_in_changelog_order_whatever_their_kind(tmp_path: Path, store: str) -> None:
    table = owners_table(store, tmp_path)
    first, second = ["a", 1, 1.0], ["b", 2, 2.0]
    events = [
        changelog_event("x" * 32, orjson.dumps(first), 0, 0),
        *[
            changelog_event(group_key("w", 1), value, 0, 1)
            for value in group_values(
                [("x" * 32, orjson.dumps(second)), ("y" * 32, orjson.dumps(first))]
            )
        ],
        changelog_event("y" * 32, orjson.dumps(second), 0, 2),
    ]
    table.apply_changelog_batch(events)
    assert contents(table, 0) == {"x" * 32: orjson.dumps(second), "y" * 32: orjson.dumps(second)}
    if store.startswith("rocksdb"):
        assert table.data.persisted_offset(TP(TOPIC, 0)) == 2


@pytest.mark.parametrize("store", ["memory://", "rocksdb://"])
def test_an_unreadable_group_is_skipped_and_the_rest_restored(
    tmp_path: Path, store: str, caplog: pytest.LogCaptureFixture
) -> None:
    table = owners_table(store, tmp_path)
    owner = ["a", 1, 1.0]
    events = [
        changelog_event(group_key("w", 1), b"not json", 0, 0),
        changelog_event(group_key("w", 2), None, 0, 1),
        *[
            changelog_event(group_key("w", 3), v, 0, 2)
            for v in group_values([("z" * 32, orjson.dumps(owner))])
        ],
    ]
    with caplog.at_level(logging.ERROR):
        table.apply_changelog_batch(events)
    assert contents(table, 0) == {"z" * 32: orjson.dumps(owner)}
    assert sum("unreadable owners group" in r.message for r in caplog.records) == 2


@settings(max_examples=200)
@given(
    st.text("0123456789abcdef", max_size=40)
    | st.text(max_size=12)
    | st.sampled_from(["ABC", "é", '"', "\\", "\x00", "a\nb"])
)
def test_member_keys_are_encoded_as_the_tables_serializer_does(key: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        table = owners_table("memory://", Path(tmp))
        assert table._encode(key) == table.data._encode_key(key)


pending_keys = st.builds(
    "{}:{}:{}|{}".format,
    st.sampled_from(["articles.raw", "raw-2"]),
    st.integers(0, 7),
    st.integers(0, 10**9),
    st.text(min_size=1, max_size=20),
)
marker_lists = st.lists(
    st.tuples(
        pending_keys,
        st.fixed_dictionaries({"created": st.floats(0, 2e9), "done": st.floats(0, 2e9)}),
    ),
    max_size=40,
)


@pytest.mark.parametrize("store", ["memory://", "rocksdb://"])
@settings(max_examples=25, deadline=None)
@given(markers=marker_lists, limit=st.integers(60, 2_000))
def test_marker_groups_restore_the_same_state_as_one_record_per_marker(
    store: str, markers: list[tuple[str, Any]], limit: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plain = owners_table(store, Path(tmp, "plain"), PendingTable)
        plain.apply_changelog_batch(one_per_owner(markers, 1))
        groups = owners_table(store, Path(tmp, "groups"), PendingTable)
        groups.apply_changelog_batch(grouped(markers, 1, limit))
        check_same(plain, groups, markers)


@pytest.mark.parametrize("store", ["memory://", "rocksdb://"])
def test_a_marker_group_overrides_the_stored_entry_and_a_later_tombstone_deletes(
    tmp_path: Path, store: str
) -> None:
    # An entry stored whole (past the memory budget), completed in a group,
    # then deleted by a sweep; another completed entry stays.
    table = owners_table(store, tmp_path, PendingTable)
    whole = {"created": 1.0, "article": {"a": [1]}, "expected": 2}
    done = {"created": 1.0, "done": 2.0}
    [value] = group_values([("r:0:1|a", orjson.dumps(done)), ("r:0:2|b", orjson.dumps(done))])
    table.apply_changelog_batch(
        [
            changelog_event("r:0:1|a", orjson.dumps(whole), 0, 0),
            changelog_event("r:0:2|b", orjson.dumps(whole), 0, 1),
            changelog_event(group_key("w", 1), value, 0, 2),
            changelog_event("r:0:2|b", None, 0, 3),
        ]
    )
    assert contents(table, 0) == {"r:0:1|a": orjson.dumps(done)}


def test_an_owners_group_is_no_marker_group_and_the_other_way_round(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        [owners] = group_values([("a" * 32, orjson.dumps(["x", 1, 1.0]))])
        [markers] = group_values([("r:0:1|a", orjson.dumps({"created": 1.0, "done": 2.0}))])
        pending = owners_table("memory://", Path(tmp, "p"), PendingTable)
        own = owners_table("memory://", Path(tmp, "o"))
        with caplog.at_level(logging.ERROR):
            pending.apply_changelog_batch([changelog_event(group_key("w", 1), owners, 0, 0)])
            own.apply_changelog_batch([changelog_event(group_key("w", 1), markers, 0, 0)])
        assert contents(pending, 0) == {} and contents(own, 0) == {}
        assert sum("unreadable" in r.message for r in caplog.records) == 2
