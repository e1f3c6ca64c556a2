"""Owner groups: the changelog records that hold many owners each."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker.core.group_log import GROUP_BYTES, group_key, group_values, is_group_key, members

hashes = st.text("0123456789abcdef", min_size=32, max_size=32)
owners = st.tuples(
    st.text(min_size=1, max_size=300),
    st.integers(min_value=0, max_value=10_000),
    st.floats(min_value=0, max_value=4e9, allow_nan=False),
).map(list)
member_lists = st.lists(st.tuples(hashes, owners), max_size=60)


@given(member_lists, st.integers(min_value=200, max_value=20_000))
def test_groups_hold_every_member_in_order_within_the_limit(
    given_members: list[tuple[str, list[Any]]], limit: int
) -> None:
    values = group_values([(key, orjson.dumps(owner)) for key, owner in given_members], limit)
    back = [pair for value in values for pair in members(value)]
    assert back == [(key, owner) for key, owner in given_members]
    # A member larger than the limit travels alone.
    assert all(len(value) <= limit or len(members(value)) == 1 for value in values)
    assert bool(values) == bool(given_members)


def test_a_crawl_batch_of_owners_is_one_record() -> None:
    batch = [
        (f"{i:032x}", orjson.dumps([f"article-{i // 20}", i % 20, 1.7e9])) for i in range(2_000)
    ]
    assert len(group_values(batch)) == 1
    assert len(group_values(batch, 20_000)) > 1
    assert all(len(v) <= GROUP_BYTES for v in group_values(batch * 30))


@given(hashes)
def test_hashes_are_never_group_keys(key: str) -> None:
    assert not is_group_key(key)
    assert is_group_key(group_key(key, 3))


def test_group_keys_of_one_writer_differ() -> None:
    assert len({group_key("w", n) for n in range(100)}) == 100
    assert group_key("w", 1) != group_key("v", 1)
    assert not is_group_key(b"~bytes") and not is_group_key(None)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


@given(json_values)
def test_a_value_is_read_as_members_or_refused_whole(value: Any) -> None:
    try:
        found = members(orjson.dumps(value))
    except ValueError:
        return
    assert all(len(owner) == 3 and not is_group_key(key) for key, owner in found)


@pytest.mark.parametrize(
    "value",
    [None, b"", b"{", b"{}", b'[["~x", [1, 2, 3]]]', b'[["a", [1, 2]]]', b"[1]", b'[["a"]]'],
)
def test_malformed_groups_are_refused(value: bytes | None) -> None:
    with pytest.raises(ValueError):
        members(value)
