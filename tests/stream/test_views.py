"""The pending view: incomplete entries held in memory with their events'
offsets, done markers and over-budget entries in the table, every held event
let go exactly once or, at a rebalance, not at all."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.stream.test_sweeps import NoScanTable
from worker.core.group_log import is_group_key, markers
from worker.core.models import Owner
from worker.core.pending import PendingEntry, completed, with_article, with_verdicts
from worker.core.wire import ArticleMessage, VerdictBatch, decode_assembly
from worker.stream.pending_view import PendingView
from worker.stream.views import OwnersView

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=20,
)
raw = st.fixed_dictionaries(
    {
        "key_b64": st.none() | st.sampled_from(["", "a2V5", "AAEC"]),
        "key_size": st.none() | st.integers(0, 100),
        "size": st.none() | st.integers(0, 10**6),
        "sha256": st.none() | st.text("0123456789abcdef", min_size=64, max_size=64),
    }
)
articles = st.fixed_dictionaries(
    {
        "request": st.text(max_size=12),
        "article_id": st.text(min_size=1, max_size=12),
        "now": st.floats(0, 2e9),
        "expected": st.integers(0, 8),
        "raw": raw,
        "prepared": st.dictionaries(st.text(max_size=5), json_values, max_size=5),
    }
)
verdicts = st.fixed_dictionaries(
    {
        "request": st.text(max_size=12),
        "article_id": st.text(min_size=1, max_size=12),
        "batch": st.integers(0, 8),
        "results": st.lists(st.lists(json_leaves, max_size=6), max_size=4),
    }
)


def decoded(message: dict[str, Any]) -> ArticleMessage | VerdictBatch:
    [item] = decode_assembly(orjson.dumps(message))  # type: ignore[misc]
    assert isinstance(item, ArticleMessage | VerdictBatch)
    return item


class Counting:
    """Offsets that count holds and releases per event."""

    def __init__(self) -> None:
        self.holds: dict[str, int] = {}
        self.releases: dict[str, int] = {}
        self.clears = 0

    def hold(self, event: Any) -> None:
        self.holds[event] = self.holds.get(event, 0) + 1

    def release(self, event: Any) -> None:
        self.releases[event] = self.releases.get(event, 0) + 1
        assert self.releases[event] <= self.holds[event], "released more than held"

    def clear(self) -> None:
        self.clears += 1

    def outstanding(self) -> dict[str, int]:
        counts = {e: n - self.releases.get(e, 0) for e, n in self.holds.items()}
        return {e: n for e, n in counts.items() if n}


@given(articles, st.lists(verdicts, max_size=3), st.floats(0, 2e9))
def test_a_held_entry_is_served_from_memory_and_never_stored(
    article: dict[str, Any], parts: list[dict[str, Any]], seen: float
) -> None:
    message = decoded(article)
    assert isinstance(message, ArticleMessage)
    entry: PendingEntry | None = with_article(None, message, seen)
    for part in parts:
        batch = decoded(part)
        assert isinstance(batch, VerdictBatch)
        entry = with_verdicts(entry, batch, seen)
    table: dict[str, bytes] = {}
    offsets = Counting()
    view = PendingView(table, 4, offsets=offsets)
    assert entry is not None
    view.hold("k", entry, ["e1", "e2"], 10)
    assert view.get("k") is entry and table == {}
    # A rebalance: the parts are read again, so the events are not let go,
    # their holds are dropped.
    view.forget()
    assert view.get("k") is None and view.held_size == 0
    assert offsets.releases == {} and offsets.clears == 1


def test_completion_stores_the_marker_then_lets_every_event_go_once() -> None:
    table: dict[str, bytes] = {}
    offsets = Counting()
    view = PendingView(table, 4, offsets=offsets)
    entry = PendingEntry(created=1.0, article={"a": [1]}, expected=2)
    view.hold("t:0:1|a", entry, ["e1"], 100)
    # A second part; the same event twice (a group with two parts) is held once.
    more = dataclasses.replace(entry, verdicts={"0": []})
    view.hold("t:0:1|a", more, ["e2", "e2", "e1"], 100)
    # One event brings parts of two entries: held once for each.
    view.hold("t:0:2|b", PendingEntry(created=1.0, expected=1), ["e2"], 50)
    assert offsets.holds == {"e1": 1, "e2": 2}
    assert view.held() == 2 and view.held_size == 250
    marker = completed(more, 2.0)
    view.complete("t:0:1|a", marker)
    assert view.get("t:0:1|a") == marker and offsets.releases == {}
    view.put("t:0:1|a", marker)
    assert orjson.loads(table["t:0:1|a"]) == marker.to_json()
    assert offsets.outstanding() == {"e2": 1}
    view.discard("t:0:2|b")
    assert offsets.outstanding() == {} and view.held() == 0 and view.held_size == 0


def test_done_markers_are_stored_one_by_one_and_logged_as_one_group() -> None:
    table = NoScanTable()
    offsets = Counting()
    view = PendingView(table, 4, offsets=offsets, due=lambda e: e.done, writer="w")
    entry = PendingEntry(created=1.0, article={"a": [1]}, expected=2)
    view.hold("t:0:1|a", entry, ["e1"], 100)
    view.hold("t:0:2|b", entry, ["e1", "e2"], 100)
    done = {key: completed(entry, 2.0) for key in ("t:0:1|a", "t:0:2|b", "t:0:3|c")}
    view.mark_done(1, done)
    assert {key: view.get(key) for key in done} == done
    assert table.data.data == {key: orjson.dumps(m.to_json()) for key, m in done.items()}
    [(partition, key, value)] = table.changelog
    assert partition == 1 and is_group_key(key)
    assert markers(value) == [(key, m.to_json()) for key, m in done.items()]
    assert offsets.outstanding() == {} and view.held() == 0
    # Indexed for the sweep that drops them.
    assert sorted(key for p in range(4) for key in view.due(p, 1.5)) == []
    assert sorted(key for p in range(4) for key in view.due(p, 3.0)) == sorted(done)
    # The next group has a key of its own.
    view.mark_done(2, {"t:0:4|d": completed(entry, 3.0)})
    assert len({key for _, key, _ in table.changelog}) == 2
    # A stale marker leaves the store with no tombstone (its group ages out by
    # retention); a stale entry stored whole gets one.
    view.discard("t:0:1|a")
    view.put("t:0:9|z", entry)
    view.discard("t:0:9|z")
    assert view.get("t:0:1|a") is None and view.get("t:0:9|z") is None
    assert table.tombstones == ["t:0:9|z"] and "t:0:1|a" not in table.data.data


def test_past_its_budget_an_entry_is_stored_whole_and_its_events_not_held() -> None:
    table: dict[str, bytes] = {}
    offsets = Counting()
    view = PendingView(table, 4, offsets=offsets, held_bytes=100)
    first = PendingEntry(created=1.0, article={"a": [1]}, expected=2)
    view.hold("t:0:1|a", first, ["e1"], 80)
    second = PendingEntry(created=1.0, article={"b": [2]}, expected=2)
    view.hold("t:0:2|b", second, ["e2"], 80)
    assert offsets.holds == {"e1": 1} and list(table) == ["t:0:2|b"]
    view.forget()
    assert view.get("t:0:2|b") == second and view.get("t:0:1|a") is None
    # A later part of a stored entry may be held again: the table keeps the
    # older state, the held events bring the rest back after a crash.
    grown = dataclasses.replace(second, verdicts={"1": []})
    view.hold("t:0:2|b", grown, ["e3"], 10)
    assert view.get("t:0:2|b") == grown
    assert orjson.loads(table["t:0:2|b"]) == second.to_json()
    view.discard("t:0:2|b")
    # e1 was forgotten, not let go; e3 was let go with its entry.
    assert "t:0:2|b" not in table and offsets.outstanding() == {"e1": 1}


def test_an_entry_that_is_not_held_is_written_to_the_table() -> None:
    table: dict[str, bytes] = {}
    view = PendingView(table, 4)
    entry = PendingEntry(created=1.0, article={"a": [1]}, expected=1)
    view.put("k", entry)
    assert view.get("k") == entry
    marker = completed(entry, 2.0)
    view.put("k", marker)
    assert view.get("k") == marker
    view.put("t:0:2|j", entry)
    view.discard("t:0:2|j")
    assert view.get("t:0:2|j") is None


class Table(dict[str, bytes]):
    """A memory store as worker.stream.views.local_items reads it."""

    @property
    def data(self) -> SimpleNamespace:
        return SimpleNamespace(data=self)


def test_a_rebuild_indexes_held_and_stored_entries() -> None:
    table = Table()
    view = PendingView(table, 1, due=lambda e: e.created, width=1.0)
    view.put("t:0:1|a", PendingEntry(created=5.0, expected=1))
    view.hold("t:0:2|b", PendingEntry(created=7.0, expected=1), ["e"], 1)
    view.hold("t:0:1|a", PendingEntry(created=9.0, expected=2), ["f"], 1)
    assert view.rebuild([0]) == 2
    assert sorted(view.due(0, 100.0)) == ["t:0:1|a", "t:0:2|b"]


def test_after_a_rebalance_the_store_is_read_again() -> None:
    table: dict[str, bytes] = {}
    view = PendingView(table, 4)
    view.hold("t:0:1|a", PendingEntry(created=1.0, expected=2), ["e"], 1)
    # Another replica held the partition in between and stored the entry.
    elsewhere = PendingEntry(created=1.0, expected=2, verdicts={"0": [[1]]})
    table["t:0:1|a"] = orjson.dumps(elsewhere.to_json())
    assert view.get("t:0:1|a") != elsewhere
    view.forget()
    assert view.get("t:0:1|a") == elsewhere


class _MemoryStore:
    """Faust's memory store: a dict under ``data``."""

    def __init__(self) -> None:
        self.data: dict[str, bytes | None] = {}

    def __getitem__(self, key: str) -> bytes | None:
        return self.data[key]


class _OtherStore(dict[str, bytes | None]):
    """A store with no dict under ``data`` (RocksDB's reads a partition's db)."""


class _OwnersTable:
    def __init__(self, store: Any) -> None:
        self.data = store


@pytest.mark.parametrize("store", [_MemoryStore, _OtherStore])
def test_owners_get_answers_absent_present_and_tombstoned_keys(store: type[Any]) -> None:
    table = _OwnersTable(store())
    view = OwnersView(table)
    target = table.data.data if isinstance(table.data, _MemoryStore) else table.data
    target["present"] = orjson.dumps(["article", 3, 5.0])
    target["tombstone"] = None
    assert view.get("present") == Owner("article", 3, 5.0)
    assert view.get("absent") is None and view.get("tombstone") is None
    assert view.writes().get("present") == view["present"]
    assert "absent" not in view.writes() and "present" in view.writes()
