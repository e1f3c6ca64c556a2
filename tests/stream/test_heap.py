"""The collector's settings a replica and its extraction child run with."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from worker.stream import heap


@pytest.fixture
def restored() -> Iterator[None]:
    thresholds = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_settle_freezes_what_start_up_built_and_widens_the_young_generation(
    restored: None,
) -> None:
    kept = [_Node()]
    heap.settle()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (heap.YOUNG_THRESHOLD, *heap.OLDER_THRESHOLDS)
    # Frozen: no generation a collection walks holds it any more.
    assert not any(o is kept for o in gc.get_objects())


def test_cycles_made_after_settling_are_still_freed(restored: None) -> None:
    heap.settle()
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    gc.collect()
    assert gone() is None
