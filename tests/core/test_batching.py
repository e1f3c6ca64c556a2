"""Batches and groups: what is published does not depend on batch boundaries.

The three stages are run here from the pure core (ingest's admission, claim
decisions, assembly's gathering, record building) over per-partition
queues, once one message per batch and once with batch boundaries drawn by
hypothesis, including replays of raw messages and of whole internal records.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.core.assemble import OutputTopics, finish_all
from worker.core.dead_letters import Original
from worker.core.dedupe import claim_all, claims_by_partition
from worker.core.gather import Gathering
from worker.core.groups import OVERHEAD, Outbox, items_of, pack
from worker.core.ingest import prepare
from worker.core.models import Owner
from worker.core.pending import PendingEntry, all_results, parse_request
from worker.core.settings import Settings
from worker.core.shapes import prepared_from_json, results_from_json
from worker.core.wire import (
    ClaimBatch,
    article_message,
    decode_assembly,
    decode_claims,
    encode,
    encode_article,
)

PARTITIONS = 3
SETTINGS = Settings(partitions=PARTITIONS, dedupe_window=0.0)
TOPICS = OutputTopics("clean", "dupes", "dead")
POOL = [f"Shared paragraph number {i} about the markets and the weather." for i in range(12)]


def home(article_id: str) -> int:
    return zlib.crc32(article_id.encode()) % PARTITIONS


def split(items: list[bytes], cuts: Sequence[int]) -> list[list[bytes]]:
    """``items`` cut into consecutive batches at the given sizes (cycled)."""
    out, i, n = [], 0, 0
    while i < len(items):
        size = max(1, cuts[n % len(cuts)]) if cuts else 1
        out.append(items[i : i + size])
        i, n = i + size, n + 1
    return out


class Run:
    """One pass of the inputs through the three stages with given batch sizes."""

    def __init__(self, cuts: Sequence[int], group_bytes: int) -> None:
        self.cuts = cuts
        self.group_bytes = group_bytes
        self.owners: dict[str, Owner] = {}
        self.pending: dict[str, PendingEntry] = {}
        self.claims: dict[int, list[bytes]] = {p: [] for p in range(PARTITIONS)}
        self.assembly: dict[int, list[bytes]] = {p: [] for p in range(PARTITIONS)}
        self.published: list[bytes] = []

    def deliver(self, outbox: Outbox, replay_last: bool = False) -> None:
        for channel, partition, record in outbox.records():
            queue = self.claims if channel == "claims" else self.assembly
            queue[partition].append(record)
            if replay_last:  # the record is delivered twice (a retried send)
                queue[partition].append(record)

    def ingest(self, raws: list[bytes]) -> None:
        for batch in split(raws, self.cuts):
            outbox = Outbox(self.group_bytes)
            for value in batch:
                offset = raws.index(value)
                prepared = prepare(value, SETTINGS.limits)
                assert not isinstance(prepared, Exception) and hasattr(prepared, "article")
                request = f"raw:0:{offset}"
                claims = claims_by_partition(prepared.paragraphs, PARTITIONS)
                message = article_message(
                    prepared, request, 100.0 + offset, len(claims), Original.of(None, value)
                )
                encoded = encode_article(message, SETTINGS.limits)
                assert isinstance(encoded, bytes)
                outbox.add("articles", home(prepared.article.id), encoded)
                for partition, part in claims.items():
                    item = ClaimBatch(
                        request, prepared.article.id, partition, message.now, tuple(part)
                    )
                    outbox.add("claims", partition, encode(item))
            self.deliver(outbox)

    def claim(self) -> None:
        for partition in range(PARTITIONS):
            records, self.claims[partition] = self.claims[partition], []
            for batch in split(records, self.cuts):
                outbox = Outbox(self.group_bytes)
                for record in batch:
                    decoded = decode_claims(record)
                    assert isinstance(decoded, list)
                    for claim in decoded:
                        results = claim_all(
                            self.owners, claim.article_id, claim.claims, claim.now, 0.0
                        )
                        outbox.add(
                            "verdicts", home(claim.article_id), encode(claim.answer(results))
                        )
                self.deliver(outbox, replay_last=len(batch) % 2 == 1)

    def assemble(self) -> None:
        for partition in range(PARTITIONS):
            for batch in split(self.assembly[partition], self.cuts):
                gathering = Gathering(self.pending.get, 0.0)
                for record in batch:
                    decoded = decode_assembly(record)
                    assert isinstance(decoded, list)
                    for message in decoded:
                        gathering.apply(message)
                self.pending.update(gathering.writes())
                items = []
                for done in gathering.completed:
                    assert done.entry.article is not None and done.entry.now is not None
                    parse_request(done.request)
                    prepared = prepared_from_json(done.entry.article)
                    results = results_from_json(all_results(done.entry))
                    items.append((prepared, results, done.entry.now))
                for record, _ in finish_all(items, None, TOPICS):
                    self.published.append(
                        orjson.dumps([record.topic, record.key.decode(), record.value])
                    )

    def run(self, raws: list[bytes]) -> list[bytes]:
        self.ingest(raws)
        self.claim()
        self.assemble()
        return sorted(self.published)


articles = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e"]),
        st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=6),
    ),
    min_size=1,
    max_size=8,
)


def raws_of(drawn: list[tuple[str, list[int]]]) -> list[bytes]:
    # Equal (id, paragraphs) pairs are a replay of one raw message: kept once,
    # since a replay of the same offset is modelled by the duplicated records.
    values = [orjson.dumps({"id": i, "body": "\n\n".join(POOL[p] for p in ps)}) for i, ps in drawn]
    return list(dict.fromkeys(values))


@settings(max_examples=60, deadline=None)
@given(articles, st.lists(st.integers(1, 5), min_size=1, max_size=4), st.integers(200, 4000))
def test_published_records_do_not_depend_on_batch_boundaries(
    drawn: list[tuple[str, list[int]]], cuts: list[int], group_bytes: int
) -> None:
    raws = raws_of(drawn)
    one_by_one = Run([1], 1).run(raws)
    batched = Run(cuts, group_bytes).run(raws)
    assert batched == one_by_one
    assert len(one_by_one) == len(raws)


def test_a_batch_of_many_articles_sends_one_record_per_partition() -> None:
    raws = raws_of([(f"id{i}", [i % 12, (i + 3) % 12]) for i in range(5)])
    run = Run([len(raws)], 1 << 20)
    run.ingest(raws)
    assert all(len(records) <= 1 for records in run.claims.values())
    assert sum(len(records) for records in run.assembly.values()) <= PARTITIONS


@given(st.lists(st.binary(min_size=1, max_size=300), max_size=40), st.integers(1, 2000))
def test_groups_keep_order_and_stay_within_their_bound(items: list[bytes], limit: int) -> None:
    values = [orjson.dumps(item.hex()) for item in items]
    groups = list(pack(values, limit))
    decoded = [value for group in groups for value in items_of(orjson.loads(group))]
    assert decoded == [orjson.loads(value) for value in values]
    for group in groups:
        members = items_of(orjson.loads(group))
        # Over the bound only when a single item is.
        assert len(group) <= limit or len(members) == 1
        assert len(group) <= max(limit, max(len(v) for v in values) + OVERHEAD)


def test_a_lone_message_is_its_own_item() -> None:
    assert items_of({"tick": 1.0}) == [{"tick": 1.0}]
