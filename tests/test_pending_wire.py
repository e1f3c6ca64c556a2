from __future__ import annotations

import orjson
from hypothesis import given
from hypothesis import strategies as st

from worker import pending
from worker.codec import Limits
from worker.dedupe import claim_all
from worker.ingest import prepare
from worker.models import Claim, Owner, PreparedArticle
from worker.wire import (
    prepared_from_json,
    prepared_to_json,
    results_from_json,
    results_to_json,
)

LIMITS = Limits(1 << 20, 1000)


def msg(prepared: object, expected: int, now: float) -> dict[str, object]:
    """An ``<app>-articles`` message body as the pending entry reads it."""
    return {"prepared": prepared, "expected": expected, "now": now, "raw": None}


def test_article_and_verdicts_complete_in_any_order() -> None:
    article = {"article": "..."}
    first = pending.with_verdicts(None, 3, [["h", 0]], seen=1.0)
    assert not pending.is_complete(first)
    second = pending.with_article(first, msg(article, 2, 5.0), seen=2.0)
    assert not pending.is_complete(second)
    third = pending.with_verdicts(second, 1, [["g", 1]], seen=3.0)
    assert pending.is_complete(third)
    assert pending.all_results(third) == [["g", 1], ["h", 0]]
    assert third["created"] == 1.0

    other_order = pending.with_article(None, msg(article, 2, 5.0), seen=1.0)
    other_order = pending.with_verdicts(other_order, 3, [["h", 0]], seen=2.0)
    other_order = pending.with_verdicts(other_order, 1, [["g", 1]], seen=3.0)
    assert pending.all_results(other_order) == pending.all_results(third)


def test_a_replayed_batch_replaces_its_copy() -> None:
    entry = pending.with_article(None, msg({}, 2, 0.0), seen=0.0)
    entry = pending.with_verdicts(entry, 1, [["a", 0]], seen=0.0)
    entry = pending.with_verdicts(entry, 1, [["a", 0]], seen=0.0)
    assert not pending.is_complete(entry)


def test_stale_entries() -> None:
    entry = pending.with_verdicts(None, 0, [], seen=100.0)
    assert not pending.is_stale(entry, 150.0, ttl=60.0)
    assert pending.is_stale(entry, 160.0, ttl=60.0)


@given(st.lists(st.text(max_size=80), min_size=1, max_size=12), st.sampled_from(["body", "html"]))
def test_prepared_article_round_trips_through_json(texts: list[str], field: str) -> None:
    raw = {"id": "a", "url": "https://x.example/1", field: "\n".join(texts), "tag": [1]}
    prepared = prepare(orjson.dumps(raw), LIMITS)
    if not isinstance(prepared, PreparedArticle):
        return
    wire = orjson.loads(orjson.dumps(prepared_to_json(prepared)))
    back = prepared_from_json(wire)
    assert back.paragraphs == prepared.paragraphs
    assert back.within == prepared.within
    assert back.article.id == prepared.article.id
    assert back.article.extra == prepared.article.extra
    assert back.article.source == prepared.article.source


def test_claim_results_round_trip() -> None:
    owners: dict[str, Owner] = {}
    results = claim_all(owners, "a", [Claim("h1", 0), Claim("h2", 3)], 1.5, 0.0)
    assert results_from_json(orjson.loads(orjson.dumps(results_to_json(results)))) == results


def test_repair_is_due_for_incomplete_entries_only_once_per_period() -> None:
    entry = pending.with_article(None, msg({}, 2, 0.0), seen=100.0)
    assert not pending.needs_repair(entry, 159.0, after=60.0)
    assert pending.needs_repair(entry, 160.0, after=60.0)
    repaired = {**entry, "repaired": 160.0}
    assert not pending.needs_repair(repaired, 200.0, after=60.0)
    assert pending.needs_repair(repaired, 220.0, after=60.0)
    done = pending.with_verdicts(pending.with_verdicts(entry, 0, [], 1.0), 1, [], 1.0)
    assert not pending.needs_repair(done, 1e9, after=60.0)
    assert pending.missing_batches(pending.with_verdicts(entry, 3, [], 1.0), [1, 3, 5]) == [1, 5]


def test_parse_request() -> None:
    assert pending.parse_request("articles.raw:3:1042") == ("articles.raw", 3, 1042)


def test_entry_keys_name_request_and_article() -> None:
    key = pending.entry_key("articles.raw:3:17", "id|with:odd chars")
    assert pending.request_of(key) == "articles.raw:3:17"
    assert pending.article_of(key) == "id|with:odd chars"


def test_a_failed_stage_completes_the_entry_as_an_error() -> None:
    entry = pending.with_article(None, msg({}, 3, 0.0), seen=0.0)
    assert not pending.is_complete(entry)
    failed = pending.failed(entry, "KeyError: 'x'")
    assert pending.is_complete(failed)
    assert failed["error"] == "KeyError: 'x'"
    assert pending.is_complete(pending.failed(None, "boom"))
