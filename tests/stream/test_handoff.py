"""Articles handed from ingest to assembly in memory (worker.stream.handoff).

The stages run here without a broker: their channels record what is sent,
and the claims are answered by the pure dedupe decision, so the two ways an
article reaches assembly (handed over, or through ``<app>-articles``) can be
compared record by record, and the raw record's hold followed through the
real HeldOffsets. The same comparison on a broker is in test_batching.py.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from typing import Any

import orjson
from faust.types import TP
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.stream.test_sweeps import NoScanTable
from worker.core.assemble import OutputTopics
from worker.core.dedupe import claim_all
from worker.core.group_log import markers
from worker.core.models import Owner
from worker.core.pending import assembly_partition, request_of
from worker.core.settings import Settings
from worker.core.wire import ArticleMessage, decode_assembly, decode_claims, encode
from worker.stream.assemble_stage import AssembleStage
from worker.stream.handoff import Handed, Handoff
from worker.stream.holds import HeldOffsets
from worker.stream.ingest_stage import IngestStage
from worker.stream.metrics import Metrics
from worker.stream.pending_view import PendingView
from worker.stream.publisher import Publisher
from worker.stream.sending import Sender
from worker.stream.stages import Topology
from worker.stream.views import OwnerIndexes, OwnersView

PARTITIONS = 2
RAW = "raw"


class Channel:
    """A channel's ``send``: records (partition, value) and delivers at once."""

    def __init__(self, name: str) -> None:
        self.topics = (name,)
        self.sent: list[tuple[int | None, bytes]] = []

    async def send(self, *, key: bytes | None, value: bytes, partition: int | None) -> Any:
        self.sent.append((partition, value))
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        future.set_result(None)
        return future

    def take(self) -> list[tuple[int | None, bytes]]:
        sent, self.sent = self.sent, []
        return sent


@dataclass
class Message:
    topic: str
    partition: int
    offset: int
    timestamp: float

    @property
    def tp(self) -> TP:
        return TP(self.topic, self.partition)


class Event:
    """What the stages read of a Faust event (weak-referenceable, as Faust's are)."""

    def __init__(self, topic: str, partition: int, offset: int, key: Any, value: bytes) -> None:
        self.message = Message(topic, partition, offset, 1_700_000_000.0 + offset)
        self.key = key
        self.value = value


class App:
    """The key HeldOffsets registers itself under."""


@dataclass
class Replica:
    ingest: IngestStage
    assemble: AssembleStage
    channels: dict[str, Channel]
    offsets: HeldOffsets
    handoff: Handoff | None
    owners: dict[str, Owner]


def replica(handoff: bool) -> Replica:
    s = Settings(partitions=PARTITIONS, extract=False, raw_topic=RAW)
    offsets = HeldOffsets(App())
    channels = {name: Channel(name) for name in ("articles", "claims", "verdicts")}
    outputs = OutputTopics(s.clean_topic, s.duplicates_topic, s.dead_letter_topic)
    for name in (outputs.clean, outputs.duplicates, outputs.dead_letter):
        channels[name] = Channel(name)
    topology = Topology(
        articles=channels["articles"],
        claims=channels["claims"],
        verdicts=channels["verdicts"],
        owners=OwnersView(NoScanTable(), OwnerIndexes(PARTITIONS, 0.0, 60.0)),
        pending=PendingView(NoScanTable(), PARTITIONS, offsets=offsets),
    )
    publisher = Publisher(Sender(s.limits.produce_bytes), channels, outputs, s.limits, Metrics())
    hand = Handoff(offsets) if handoff else None
    everywhere = set(range(PARTITIONS))
    ingest = IngestStage(s, topology, publisher, hand, assembled_here=lambda: everywhere)
    assemble = AssembleStage(s, topology, publisher, None, lambda *_: None, hand)
    return Replica(ingest, assemble, channels, offsets, hand, {})


async def settle() -> None:
    """Let the done markers follow the acks (callbacks of callbacks)."""
    for _ in range(5):
        await asyncio.sleep(0)


def raw_events(bodies: list[tuple[str, str]]) -> list[Event]:
    return [
        Event(RAW, 0, offset, article_id.encode(), orjson.dumps({"id": article_id, "body": body}))
        for offset, (article_id, body) in enumerate(bodies)
    ]


async def answer_claims(r: Replica, offset: int) -> list[Event]:
    """The claim stage's answers to what ingest sent, as verdicts events."""
    verdicts: list[Event] = []
    for _, value in r.channels["claims"].take():
        decoded = decode_claims(value)
        assert isinstance(decoded, list)
        for batch in decoded:
            results = claim_all(r.owners, batch.article_id, batch.claims, batch.now, 0.0)
            answer = encode(batch.answer(results))
            home = assembly_partition(batch.request, PARTITIONS)
            verdicts.append(Event("verdicts", home, offset, None, answer))
            offset += 1
    return verdicts


async def run(r: Replica, raws: list[Event], per_batch: int) -> list[bytes]:
    """Ingest ``raws`` ``per_batch`` at a time, answer the claims, assemble
    (articles that went through the topic first), and return what was published."""
    offset = 0
    for start in range(0, len(raws), per_batch):
        await r.ingest.take(raws[start : start + per_batch])
        articles = [
            Event("articles", p or 0, offset + i, None, value)
            for i, (p, value) in enumerate(r.channels["articles"].take())
        ]
        offset += len(articles)
        verdicts = await answer_claims(r, offset)
        offset += len(verdicts)
        await r.assemble.take(articles + verdicts)
        await settle()
    out = []
    for name in ("clean", "duplicates", "dead-letter"):
        out += [value for _, value in r.channels[f"articles.{name}"].take()]
    return out


def corpus(seed: int, count: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    pool = [f"Shared paragraph {i} about the council budget and its roads." for i in range(12)]
    out = []
    for i in range(count):
        picks = rng.sample(pool, rng.randint(1, 5))
        picks += [f"Own paragraph of article {i}."] * rng.randint(0, 2)
        out.append((f"a{rng.randint(0, count // 2)}", "\n\n".join(picks)))
    return out


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), count=st.integers(1, 12), per_batch=st.integers(1, 12))
def test_handed_over_articles_publish_the_same_records_as_the_topic(
    seed: int, count: int, per_batch: int
) -> None:
    bodies = corpus(seed, count)

    async def both() -> tuple[list[bytes], list[bytes], Replica]:
        via_topic = await run(replica(handoff=False), raw_events(bodies), per_batch)
        handed = replica(handoff=True)
        in_memory = await run(handed, raw_events(bodies), per_batch)
        return via_topic, in_memory, handed

    via_topic, in_memory, handed = asyncio.run(both())
    assert in_memory == via_topic
    assert len(in_memory) == count
    # Nothing went through the topic, and nothing is left held.
    assert handed.handoff is not None and len(handed.handoff) == 0
    assert handed.offsets.floor(TP(RAW, 0)) is None
    # Every article's done marker reached the changelog once, in a group of its
    # partition; one group per partition and batch at most.
    changelog = handed.assemble.topology.pending._table.changelog
    marked = [
        (partition, assembly_partition(request_of(key), PARTITIONS), key)
        for partition, _, value in changelog
        for key, _ in markers(value)
    ]
    assert sorted(key for _, _, key in marked) == sorted(
        f"{RAW}:0:{n}|{a}" for n, (a, _) in enumerate(bodies)
    )
    assert all(sent == home for sent, home, _ in marked)
    batches = -(-count // per_batch)
    assert len(changelog) <= batches * PARTITIONS


async def test_the_raw_record_stays_held_until_its_article_is_published() -> None:
    r = replica(handoff=True)
    raws = raw_events([("a", "First paragraph.\n\nSecond paragraph.")])
    await r.ingest.take(raws)
    assert r.channels["articles"].sent == []
    assert r.offsets.floor(TP(RAW, 0)) == 0
    verdicts = await answer_claims(r, 0)
    assert verdicts
    # One verdicts batch of several: the entry is incomplete, held, and so is the raw record.
    await r.assemble.take(verdicts[:1])
    if len(verdicts) > 1:
        assert r.offsets.floor(TP(RAW, 0)) == 0
        await r.assemble.take(verdicts[1:])
    await settle()
    assert r.offsets.floor(TP(RAW, 0)) is None
    assert len(r.channels["articles.clean"].sent) == 1


async def test_articles_whose_verdicts_do_not_come_go_through_the_topic() -> None:
    r = replica(handoff=True)
    await r.ingest.take(raw_events([("a", "Lonely paragraph.")]))
    assert r.handoff is not None and len(r.handoff) == 1
    await r.ingest.send_stale()  # not yet stale
    assert r.channels["articles"].sent == []
    r.ingest.settings = Settings(partitions=PARTITIONS, repair_after=1e-9, raw_topic=RAW)
    await asyncio.sleep(0.01)
    await r.ingest.send_stale()
    [(partition, value)] = r.channels["articles"].sent
    assert partition == assembly_partition(f"{RAW}:0:0", PARTITIONS)
    [message] = decode_assembly(value)  # type: ignore[misc]
    assert isinstance(message, ArticleMessage) and message.article_id == "a"
    assert len(r.handoff) == 0
    assert r.offsets.floor(TP(RAW, 0)) is None


def test_the_budget_sends_the_rest_through_the_topic_and_a_rebalance_keeps_holds_to_the_clear() -> (
    None
):
    offsets = HeldOffsets(App())
    handoff = Handoff(offsets, budget=100)
    message: Any = None
    first = Event(RAW, 3, 7, None, b"")
    assert handoff.leave("k1", Handed(message, first, 0, 60, 0.0))
    assert not handoff.leave("k2", Handed(message, Event(RAW, 3, 8, None, b""), 0, 60, 0.0))
    assert offsets.floor(TP(RAW, 3)) == 7
    taken = handoff.take("k1")
    assert taken is not None and handoff.size == 0
    assert offsets.floor(TP(RAW, 3)) == 7  # held until done
    handoff.done(taken)
    assert offsets.floor(TP(RAW, 3)) is None
    assert handoff.leave("k3", Handed(message, first, 0, 60, 0.0))
    handoff.forget()
    # Forgetting lets nothing go: the rebalance clears every hold at once.
    assert len(handoff) == 0 and offsets.floor(TP(RAW, 3)) == 7
    offsets.clear()
    assert offsets.floor(TP(RAW, 3)) is None
