"""The pending view's decoded entries: equal to what the store would give,
bounded, and never served after the key changed or a rebalance."""

from __future__ import annotations

from typing import Any

import orjson
from hypothesis import given
from hypothesis import strategies as st

from worker.core.pending import PendingEntry, completed, with_article, with_verdicts
from worker.core.wire import ArticleMessage, VerdictBatch, decode_assembly
from worker.stream.views import PendingView, RecentEntries

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


@given(articles, st.lists(verdicts, max_size=3), st.floats(0, 2e9))
def test_a_decoded_entry_equals_what_its_stored_form_decodes_to(
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
    view = PendingView(table, 4)
    assert entry is not None
    view.put("k", entry)
    assert view.get("k") is entry
    view.forget()
    assert view.get("k") == entry


def test_markers_and_discards_are_read_from_the_store() -> None:
    table: dict[str, bytes] = {}
    view = PendingView(table, 4)
    entry = PendingEntry(created=1.0, article={"a": [1]}, expected=1)
    view.put("k", entry)
    marker = completed(entry, 2.0)
    view.put("k", marker)
    assert view.get("k") == marker
    view.put("t:0:2|j", entry)
    view.discard("t:0:2|j")
    assert view.get("t:0:2|j") is None


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, 50)), max_size=40))
def test_recent_entries_stay_within_their_bytes_and_keep_the_newest(
    puts: list[tuple[str, int]],
) -> None:
    recent = RecentEntries(100)
    last: dict[str, int] = {}
    for key, size in puts:
        recent.put(key, PendingEntry(created=float(size)), size)
        last[key] = size
        assert recent.size <= 100
        assert recent.size == sum(size for k, size in last.items() if recent.get(k) is not None)
        found = recent.get(key)
        assert found is not None and found.created == float(size)
    for key, size in last.items():
        found = recent.get(key)
        assert found is None or found.created == float(size)
    recent.clear()
    assert recent.size == 0 and all(recent.get(k) is None for k in last)


def test_after_a_rebalance_the_store_is_read_again() -> None:
    table: dict[str, bytes] = {}
    view = PendingView(table, 4)
    view.put("t:0:1|a", PendingEntry(created=1.0, expected=2))
    # Another replica held the partition in between and moved the entry on.
    elsewhere = PendingEntry(created=1.0, expected=2, verdicts={"0": [[1]]})
    table["t:0:1|a"] = orjson.dumps(elsewhere.to_json())
    view.forget()
    assert view.get("t:0:1|a") == elsewhere
