"""The claim stage logs a batch's owners to each changelog partition as one group,
whichever events (and so whichever replicas' ingests) the claims came in."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import orjson

from tests.stream.test_sweeps import NoScanTable
from worker.core.group_log import is_group_key, members
from worker.core.hashing import fingerprint
from worker.core.models import Claim
from worker.core.settings import Settings
from worker.core.wire import ClaimBatch, decode_assembly, encode
from worker.stream.claim_stage import ClaimStage
from worker.stream.stages import Topology
from worker.stream.views import OwnerIndexes, OwnersView

NOW = 1_700_000_000.0


class Publisher:
    def __init__(self) -> None:
        self.sent: list[tuple[int, bytes]] = []
        self.metrics = SimpleNamespace()
        self.sender = SimpleNamespace(fatal=self._fatal)

    def _fatal(self, reason: str) -> None:
        raise AssertionError(reason)

    async def internal(self, channel: Any, key: Any, value: bytes, partition: int) -> None:
        self.sent.append((partition, value))


class Event:
    """What the stage reads of a Faust event (held by weak reference in its context)."""

    def __init__(self, value: bytes, message: Any) -> None:
        self.value = value
        self.message = message


def _event(partition: int, offset: int, *batches: ClaimBatch) -> Any:
    if len(batches) == 1:
        value = encode(batches[0])
    else:
        value = orjson.dumps({"items": [b.to_json() for b in batches]})
    message = SimpleNamespace(topic="claims", partition=partition, offset=offset)
    return Event(value, message)


def _claims(article: str, texts: list[str]) -> ClaimBatch:
    claims = tuple(Claim(fingerprint(t), i) for i, t in enumerate(texts))
    return ClaimBatch(f"req-{article}", article, 0, NOW, claims)


def _stage() -> tuple[ClaimStage, NoScanTable, Publisher]:
    settings = Settings(partitions=2)
    table = NoScanTable()
    topology = Topology(
        articles=None,
        claims=None,
        verdicts=None,
        owners=OwnersView(table, OwnerIndexes(2, settings.dedupe_window, 60.0)),
        pending=None,
    )
    publisher = Publisher()
    return ClaimStage(settings, topology, publisher, on_tick=None), table, publisher


async def test_a_batchs_owners_are_one_group_per_partition_whatever_its_events() -> None:
    stage, table, publisher = _stage()
    # Two events on partition 0 (as two replicas' ingests send them) and one on 1.
    first = _claims("a", ["alpha", "beta"])
    second = _claims("b", ["beta", "gamma"])
    third = _claims("c", ["delta"])
    events = [_event(0, 10, first), _event(0, 11, second), _event(1, 7, third)]
    await stage.take(events)

    groups = [(p, k, v) for p, k, v in table.changelog]
    assert all(is_group_key(k) for _, k, _ in groups)
    assert sorted(p for p, _, _ in groups) == [0, 1]
    logged = {p: [key for key, _ in members(v)] for p, _, v in groups}
    # "beta" is claimed by the first article; the second reads it as taken.
    assert logged[0] == [fingerprint(t) for t in ["alpha", "beta", "gamma"]]
    assert logged[1] == [fingerprint("delta")]
    for key in logged[0] + logged[1]:
        assert key in table.data.data

    answers = [m for _, value in publisher.sent for m in decode_assembly(value)]
    by_article = {m.article_id: m for m in answers}
    assert set(by_article) == {"a", "b", "c"}
    assert all(not getattr(m, "error", None) for m in answers)


async def test_the_same_claims_in_other_event_boundaries_log_the_same_owners() -> None:
    texts = {"a": ["one", "two"], "b": ["two", "three"], "c": ["three", "four"]}
    together, table_one, _ = _stage()
    await together.take([_event(0, 1, *(_claims(a, t) for a, t in texts.items()))])
    apart, table_two, _ = _stage()
    await apart.take([_event(0, i, _claims(a, t)) for i, (a, t) in enumerate(texts.items())])
    assert table_one.data.data == table_two.data.data
    assert [members(v) for _, _, v in table_one.changelog] == [
        members(v) for _, _, v in table_two.changelog
    ]
