"""Expiry indexes: a sweep costs what is due, and decisions never need one."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker.core.dedupe import claim_all, is_expired
from worker.core.expiry import (
    DONE_TTL,
    PENDING_RETENTION,
    PENDING_TTL,
    BucketIndex,
    DueIndex,
    bucket_of,
    pending_due,
)
from worker.core.hashing import fingerprint
from worker.core.models import Claim, Owner, Verdict
from worker.core.pending import PendingEntry
from worker.core.settings import Settings

WINDOW = 600.0


def hashes(n: int, seed: int = 0) -> list[str]:
    return [fingerprint(f"paragraph {seed} {i}") for i in range(n)]


@pytest.mark.parametrize(
    ("at", "width", "bucket"),
    [(0.0, 60.0, 0), (59.999, 60.0, 0), (60.0, 60.0, 1), (-0.5, 1.0, -1), (1.7e9, 60.0, 28333333)],
)
def test_bucket_of(at: float, width: float, bucket: int) -> None:
    assert bucket_of(at, width) == bucket


def test_a_hash_costs_sixteen_bytes_and_comes_back_as_it_went_in() -> None:
    index = BucketIndex(60.0)
    keys = hashes(1000)
    for i, key in enumerate(keys):
        index.add(key, 1000.0 + i * 0.01)
    assert len(index) == 1000
    assert sum(len(b) for b in index._packed.values()) == 16 * 1000
    assert sorted(index.pop_due(1e9, WINDOW)) == sorted(keys)
    assert len(index) == 0 and index.buckets == 0


def test_a_sweep_can_stop_after_a_limit_and_go_on_next_time() -> None:
    index = BucketIndex(10.0)
    keys = hashes(50)
    for i, key in enumerate(keys):
        index.add(key, float(i))  # ten keys a bucket
    first = index.pop_due(1e6, WINDOW, limit=12)
    assert len(first) == 20  # whole buckets: two of them
    assert sorted(first + index.pop_due(1e6, WINDOW)) == sorted(keys)


def test_keys_that_are_not_hashes_are_kept_too() -> None:
    index = BucketIndex(10.0)
    index.add("h1", 5.0)
    index.add(fingerprint("x"), 5.0)
    assert sorted(index.pop_due(100.0, 10.0)) == sorted(["h1", fingerprint("x")])


def test_only_buckets_wholly_past_the_window_are_due() -> None:
    index = BucketIndex(60.0)
    [early, late] = hashes(2)
    index.add(early, 0.0)  # bucket [0, 60)
    index.add(late, 59.0)  # same bucket: due only once 59 + window has passed
    assert index.next_due(WINDOW) == 60.0 + WINDOW
    # At 600 "early" has expired but the bucket still holds "late" (expires at 659):
    assert is_expired(Owner("a", 0, 0.0), 600.0, WINDOW)
    assert index.pop_due(659.0, WINDOW) == []
    assert sorted(index.pop_due(660.0, WINDOW)) == sorted([early, late])


@pytest.mark.parametrize("expired_share", [0.0, 0.01, 0.1])
def test_a_sweep_touches_what_expired_not_what_is_held(expired_share: float) -> None:
    """Hashes first seen over a window, a share of them older than it: the
    sweep touches at most that share plus one bucket, whatever is held."""
    width, held, now = 60.0, 50_000, 100_000.0
    index = BucketIndex(width)
    rng = random.Random(1)
    expired = int(held * expired_share)
    keys = hashes(held)
    for i, key in enumerate(keys):
        # The expired ones at least a bucket older than the window, the rest inside it.
        age = WINDOW + width + rng.uniform(0, 3000) if i < expired else rng.uniform(0, WINDOW - 1)
        index.add(key, now - age)
    found = index.pop_due(now, WINDOW)
    assert sorted(found) == sorted(keys[:expired])
    assert index.touched == expired
    assert len(index) == held - expired
    # A second sweep right after touches nothing.
    assert index.pop_due(now + 1, WINDOW) == []
    assert index.touched == expired


@given(
    st.lists(st.tuples(st.floats(0, 10_000), st.integers(0, 5)), max_size=60),
    st.floats(0, 20_000),
    st.floats(1, 500),
)
def test_pop_due_returns_only_expired_owners(
    seen: list[tuple[float, int]], now: float, width: float
) -> None:
    window = 1000.0
    index = BucketIndex(width)
    owners = {fingerprint(str(i)): Owner("a", k, at) for i, (at, k) in enumerate(seen)}
    for key, owner in owners.items():
        index.add(key, owner.first_seen_at)
    due = set(index.pop_due(now, window))
    # Only expired owners are due, and none stays behind for longer than one bucket.
    assert all(is_expired(owners[key], now, window) for key in due)
    assert {key for key, o in owners.items() if is_expired(o, now - width, window)} <= due


def test_an_expired_owner_is_never_honoured_even_if_no_sweep_ran() -> None:
    """The state still holds the old owner (no sweep, no index): a claim past
    the window gets NEW, and exactly at the window too."""
    owners: dict[str, Owner] = {"h": Owner("old", 0, 1000.0)}
    [result] = claim_all(owners, "new", [Claim("h", 3)], 1000.0 + WINDOW, WINDOW)
    assert result.verdict is Verdict.NEW
    assert owners["h"] == Owner("new", 3, 1000.0 + WINDOW)
    # Just inside the window the old owner holds.
    owners = {"h": Owner("old", 0, 1000.0)}
    [result] = claim_all(owners, "new", [Claim("h", 3)], 1000.0 + WINDOW - 0.001, WINDOW)
    assert result.verdict is Verdict.DUPLICATE
    # The old owner's own replay after the window is a new claim, not a stale "owned".
    owners = {"h": Owner("old", 0, 1000.0)}
    [result] = claim_all(owners, "old", [Claim("h", 0)], 1e9, WINDOW)
    assert result.verdict is Verdict.NEW and result.owner.first_seen_at == 1e9


def test_a_reclaimed_hash_is_not_due_with_its_old_bucket() -> None:
    """An owner expired and claimed again stays in its old bucket as a hint;
    the sweep checks the state and keeps the new owner."""
    index = BucketIndex(60.0)
    owners: dict[str, Owner] = {}
    [key] = hashes(1)
    claim_all(owners, "a", [Claim(key, 0)], 0.0, WINDOW)
    index.add(key, 0.0)
    claim_all(owners, "b", [Claim(key, 0)], WINDOW + 100.0, WINDOW)
    index.add(key, WINDOW + 100.0)
    due = index.pop_due(WINDOW + 120.0, WINDOW)
    assert due == [key]
    assert not is_expired(owners[key], WINDOW + 120.0, WINDOW)  # so the sweep keeps it


def test_due_index_returns_due_keys_once_and_costs_the_partly_due_bucket() -> None:
    index = DueIndex(10.0)
    for i in range(100):
        index.set(f"k{i}", float(i))
    assert index.pop_due(-1.0) == []
    assert index.touched == 0
    found = index.pop_due(25.0)
    assert sorted(found) == sorted(f"k{i}" for i in range(26))
    assert index.touched == 30  # buckets [0,10), [10,20) and all of [20,30)
    assert len(index) == 74
    assert index.pop_due(25.0) == []


def test_due_index_moves_and_forgets_keys() -> None:
    index = DueIndex(10.0)
    index.set("a", 5.0)
    index.set("a", 500.0)
    index.set("b", 5.0)
    index.discard("b")
    assert index.pop_due(100.0) == []
    assert "a" in index
    index.set("a", None)
    assert "a" not in index and index.pop_due(1e9) == []


def test_pending_due() -> None:
    waiting = PendingEntry(created=100.0, expected=2)
    assert pending_due(waiting, 60.0, PENDING_TTL) == 160.0
    assert pending_due(PendingEntry(created=100.0, repaired=150.0), 60.0, PENDING_TTL) == 210.0
    done = PendingEntry(created=100.0, article={}, expected=0)
    assert pending_due(done, 60.0, PENDING_TTL) == 100.0 + PENDING_TTL
    marker = PendingEntry(created=100.0, done=130.0)
    assert pending_due(marker, 60.0, PENDING_TTL) == 130.0 + DONE_TTL


def test_owners_changelog_ages_out_after_the_window_and_a_margin() -> None:
    s = Settings(dedupe_window=7 * 86400.0)
    owners = s.topic_overrides()[f"{s.app_id}-owners-changelog"]
    assert owners == {"cleanup.policy": "compact,delete", "retention.ms": str(8 * 86400 * 1000)}
    forever = Settings(dedupe_window=0.0).topic_overrides()
    assert forever[f"{s.app_id}-owners-changelog"] == {"cleanup.policy": "compact"}
    assert set(s.topic_overrides()) <= set(s.internal_topics())


@pytest.mark.parametrize("window", [0.0, 7 * 86400.0])
def test_pending_changelog_ages_out_after_every_entry_is_stale_whatever_the_window(
    window: float,
) -> None:
    s = Settings(dedupe_window=window)
    pending = s.topic_overrides()[f"{s.app_id}-pending-changelog"]
    assert pending["cleanup.policy"] == "compact,delete"
    retention = int(pending["retention.ms"]) / 1000
    assert retention == PENDING_RETENTION >= PENDING_TTL + 3600 > DONE_TTL
    # Segments close often enough for retention to act on them.
    assert int(pending["segment.ms"]) / 1000 <= PENDING_RETENTION / 2
