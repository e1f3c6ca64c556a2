from __future__ import annotations

import dataclasses

import orjson
from hypothesis import given
from hypothesis import strategies as st

from worker.core import pending
from worker.core.codec import Limits
from worker.core.dead_letters import Original
from worker.core.dedupe import claim_all
from worker.core.groups import pack
from worker.core.ingest import prepare
from worker.core.models import Claim, Owner, PreparedArticle
from worker.core.pending import PendingEntry
from worker.core.shapes import (
    prepared_from_json,
    prepared_to_json,
    results_from_json,
    results_to_json,
)
from worker.core.wire import (
    ArticleMessage,
    ClaimBatch,
    RawSummary,
    Tick,
    VerdictBatch,
    decode_assembly,
    decode_claims,
    encode,
)

LIMITS = Limits(1 << 20, 1000)
RAW = RawSummary(b"key", 3, 10, "a" * 64)


def msg(expected: int, now: float = 5.0) -> ArticleMessage:
    return ArticleMessage("raw:0:1", "a", now, expected, RAW, {"article": "..."})


def verdicts(batch: int, results: list[object]) -> VerdictBatch:
    return VerdictBatch("raw:0:1", "a", batch, list(results))


def test_article_and_verdicts_complete_in_any_order() -> None:
    first = pending.with_verdicts(None, verdicts(3, [["h", 0]]), seen=1.0)
    assert not pending.is_complete(first)
    second = pending.with_article(first, msg(2), seen=2.0)
    assert not pending.is_complete(second)
    third = pending.with_verdicts(second, verdicts(1, [["g", 1]]), seen=3.0)
    assert pending.is_complete(third)
    assert pending.all_results(third) == [["g", 1], ["h", 0]]
    assert third.created == 1.0

    other_order = pending.with_article(None, msg(2), seen=1.0)
    other_order = pending.with_verdicts(other_order, verdicts(3, [["h", 0]]), seen=2.0)
    other_order = pending.with_verdicts(other_order, verdicts(1, [["g", 1]]), seen=3.0)
    assert pending.all_results(other_order) == pending.all_results(third)


def test_a_replayed_batch_replaces_its_copy() -> None:
    entry = pending.with_article(None, msg(2, now=0.0), seen=0.0)
    entry = pending.with_verdicts(entry, verdicts(1, [["a", 0]]), seen=0.0)
    entry = pending.with_verdicts(entry, verdicts(1, [["a", 0]]), seen=0.0)
    assert not pending.is_complete(entry)


def test_stale_entries() -> None:
    entry = pending.with_verdicts(None, verdicts(0, []), seen=100.0)
    assert not pending.is_stale(entry, 150.0, ttl=60.0, done_ttl=5.0)
    assert pending.is_stale(entry, 160.0, ttl=60.0, done_ttl=5.0)


def test_a_done_marker_is_small_ignores_late_parts_and_ages_by_its_own_ttl() -> None:
    entry = pending.with_verdicts(pending.with_article(None, msg(1), 1.0), verdicts(0, [1]), 2.0)
    assert pending.is_complete(entry) and not pending.is_done(entry)
    marker = pending.completed(entry, 50.0)
    assert pending.is_done(marker) and pending.is_complete(marker)
    assert not pending.needs_repair(marker, 1e9, after=1.0)
    assert len(orjson.dumps(marker.to_json())) < 40
    assert not pending.is_stale(marker, 54.0, ttl=1.0, done_ttl=5.0)
    assert pending.is_stale(marker, 55.0, ttl=1e9, done_ttl=5.0)


def test_entries_round_trip_through_json() -> None:
    entry = pending.with_verdicts(pending.with_article(None, msg(2), 1.0), verdicts(4, [1]), 2.0)
    entry = dataclasses.replace(entry, error="e", repaired=3.0, done=4.0)
    assert PendingEntry.from_json(orjson.loads(orjson.dumps(entry.to_json()))) == entry
    assert set(entry.to_json()) == {f.name for f in dataclasses.fields(PendingEntry)}
    bare = PendingEntry(created=1.0)
    assert bare.to_json() == {"created": 1.0}
    assert PendingEntry.from_json(bare.to_json()) == bare


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


def test_internal_messages_round_trip() -> None:
    article = msg(3)
    assert decode_assembly(encode(article)) == [article]
    batch = ClaimBatch("raw:0:1", "a", 2, 1.5, (Claim("h", 0),))
    assert decode_claims(encode(batch)) == [batch]
    answer = batch.answer(claim_all({}, "a", batch.claims, 1.5, 0.0))
    assert decode_assembly(encode(answer)) == [answer]
    failure = batch.failure("KeyError: 'x'")
    assert decode_assembly(encode(failure)) == [failure]
    [group] = pack([encode(article), encode(answer), encode(failure)], 1 << 20)
    assert decode_assembly(group) == [article, answer, failure]
    [claims] = pack([encode(batch), encode(batch)], 1 << 20)
    assert decode_claims(claims) == [batch, batch]
    assert decode_claims(encode(Tick(9.0))) == Tick(9.0)
    assert decode_assembly(encode(Tick(9.0, repair=True))) == Tick(9.0, repair=True)


def test_raw_summary_keeps_what_a_dead_letter_needs() -> None:
    summary = RawSummary.of(Original.of(b"k", b"value"))
    back = RawSummary.from_json(orjson.loads(orjson.dumps(summary.to_json())))
    assert back == summary
    assert back.original().size == 5 and back.original().value is None


def test_repair_is_due_for_incomplete_entries_only_once_per_period() -> None:
    entry = pending.with_article(None, msg(2, now=0.0), seen=100.0)
    assert not pending.needs_repair(entry, 159.0, after=60.0)
    assert pending.needs_repair(entry, 160.0, after=60.0)
    repaired = PendingEntry(**{**entry.to_json(), "raw": RAW, "repaired": 160.0})
    assert not pending.needs_repair(repaired, 200.0, after=60.0)
    assert pending.needs_repair(repaired, 220.0, after=60.0)
    done = pending.with_verdicts(
        pending.with_verdicts(entry, verdicts(0, []), 1.0), verdicts(1, []), 1.0
    )
    assert not pending.needs_repair(done, 1e9, after=60.0)
    some = pending.with_verdicts(entry, verdicts(3, []), 1.0)
    assert pending.missing_batches(some, [1, 3, 5]) == [1, 5]


def test_parse_request() -> None:
    assert pending.parse_request("articles.raw:3:1042") == ("articles.raw", 3, 1042)


def test_entry_keys_name_request_and_article() -> None:
    key = pending.entry_key("articles.raw:3:17", "id|with:odd chars")
    assert pending.request_of(key) == "articles.raw:3:17"
    assert pending.article_of(key) == "id|with:odd chars"


def test_a_failed_stage_completes_the_entry_as_an_error() -> None:
    entry = pending.with_article(None, msg(3, now=0.0), seen=0.0)
    assert not pending.is_complete(entry)
    failed = pending.with_verdicts(
        entry, ClaimBatch("raw:0:1", "a", 1, 0.0, ()).failure("boom"), 1.0
    )
    assert pending.is_complete(failed)
    assert failed.error == "boom"
    assert pending.is_complete(pending.failed(None, "boom"))


@given(
    topic=st.from_regex(r"[a-z.]{1,12}", fullmatch=True),
    partition=st.integers(0, 10_000),
    offset=st.integers(0, 2**40),
    partitions=st.integers(1, 64),
)
def test_a_request_is_assembled_in_its_raw_partition(
    topic: str, partition: int, offset: int, partitions: int
) -> None:
    request = f"{topic}:{partition}:{offset}"
    assert pending.assembly_partition(request, partitions) == partition % partitions


@given(request=st.text(), partitions=st.integers(1, 64))
def test_any_request_gets_a_partition_and_always_the_same(request: str, partitions: int) -> None:
    first = pending.assembly_partition(request, partitions)
    assert 0 <= first < partitions
    assert pending.assembly_partition(request, partitions) == first
