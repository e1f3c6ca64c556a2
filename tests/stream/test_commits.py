"""The commit offset Faust computes, with the holds and the hole check of
worker.stream.holds: it never passes an offset that is neither acknowledged
nor a known hole in the log, nor one that is held."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from intervaltree import IntervalTree

from worker.stream import holds

TP = ("raw", 0)


class App:
    """Stands for the Faust app the holds are registered under."""


def consumer(committed: int | None, acked: list[int], app: Any = None) -> Any:
    return SimpleNamespace(
        app=app if app is not None else App(),
        _acked=defaultdict(list, {TP: list(acked)}),
        _acked_index=defaultdict(set, {TP: set(acked)}),
        _committed_offset=defaultdict(lambda: None, {TP: committed}),
        _gap=defaultdict(IntervalTree),
    )


def event(offset: int) -> Any:
    return SimpleNamespace(message=SimpleNamespace(tp=TP, offset=offset))


def test_faust_alone_commits_past_a_hole_of_one_offset() -> None:
    assert holds._original_new_offset(consumer(5, [6, 7]), TP) == 8


def test_a_hole_after_the_last_commit_stops_it() -> None:
    assert holds._new_offset(consumer(5, [6, 7]), TP) is None
    assert holds._new_offset(consumer(5, [5, 6, 8]), TP) == 7


def test_a_gap_in_the_log_is_passed() -> None:
    c = consumer(5, [6, 7])
    c._gap[TP].addi(5, 6)
    assert holds._new_offset(c, TP) == 8


def test_a_held_offset_stops_the_commit_before_any_commit_and_at_zero() -> None:
    app = App()
    held = holds.HeldOffsets(app)
    held.hold(event(0))
    assert holds._new_offset(consumer(None, [0, 1, 2], app), TP) is None
    c = consumer(None, [0, 1, 2], app)
    held.release(event(0))
    assert holds._new_offset(c, TP) == 3


def test_offsets_past_a_hold_are_kept_for_later_commits() -> None:
    app = App()
    held = holds.HeldOffsets(app)
    held.hold(event(7))
    held.hold(event(7))
    c = consumer(5, [5, 6, 7, 8, 9], app)
    assert holds._new_offset(c, TP) == 7
    c._committed_offset[TP] = 7
    held.release(event(7))
    assert holds._new_offset(c, TP) is None  # still held once
    held.release(event(7))
    assert holds._new_offset(c, TP) == 10
    held.clear()
    assert held.floor(TP) is None


@given(
    st.lists(
        st.tuples(st.sampled_from(["ack", "hold", "release", "commit"]), st.integers(0, 15)),
        max_size=80,
    )
)
def test_the_commit_never_passes_an_unacknowledged_or_held_offset(
    steps: list[tuple[str, int]],
) -> None:
    app = App()
    held = holds.HeldOffsets(app)
    c = consumer(0, [], app)
    acked: set[int] = set()
    holding: dict[int, int] = {}
    committed = 0
    for action, offset in steps:
        if action == "ack" and offset >= committed and offset not in acked:
            acked.add(offset)
            c._acked[TP].append(offset)
            c._acked_index[TP].add(offset)
        elif action == "hold":
            held.hold(event(offset))
            holding[offset] = holding.get(offset, 0) + 1
        elif action == "release" and holding.get(offset):
            held.release(event(offset))
            holding[offset] -= 1
        elif action == "commit":
            new = holds._new_offset(c, TP)
            if new is not None:
                assert all(o in acked for o in range(committed, new))
                assert not any(n and committed <= o < new for o, n in holding.items())
                committed = new
                c._committed_offset[TP] = new
