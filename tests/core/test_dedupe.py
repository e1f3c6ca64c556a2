from __future__ import annotations

import pytest

from worker.core.dedupe import (
    claim_all,
    claims_by_partition,
    decide,
    dedupe_within,
    expired_hashes,
    is_expired,
)
from worker.core.hashing import partition_for
from worker.core.models import Claim, Owner, Paragraph, Verdict

A = Owner("a", 2, first_seen_at=100.0)


@pytest.mark.parametrize(
    ("current", "article", "now", "window", "verdict", "owner"),
    [
        (None, "b", 150.0, 60.0, Verdict.NEW, Owner("b", 5, 150.0)),
        (A, "b", 150.0, 60.0, Verdict.DUPLICATE, A),
        (A, "a", 150.0, 60.0, Verdict.OWNED, A),
        (A, "b", 159.9, 60.0, Verdict.DUPLICATE, A),
        (A, "b", 160.0, 60.0, Verdict.NEW, Owner("b", 5, 160.0)),
        (A, "a", 500.0, 60.0, Verdict.NEW, Owner("a", 5, 500.0)),
        (A, "b", 1e12, 0.0, Verdict.DUPLICATE, A),
        (A, "a", 1e12, 0.0, Verdict.OWNED, A),
    ],
)
def test_decide(
    current: Owner | None,
    article: str,
    now: float,
    window: float,
    verdict: Verdict,
    owner: Owner,
) -> None:
    assert decide(current, article, 5, now, window) == (verdict, owner)


def test_is_expired_window_zero_means_forever() -> None:
    assert not is_expired(A, 1e15, 0)
    assert is_expired(A, 160.0, 60.0)


def test_within_first_occurrence_wins() -> None:
    paragraphs = [Paragraph(i, t, h) for i, (t, h) in enumerate(["xa", "yb", "xa", "zc", "yb"])]
    kept, dropped = dedupe_within("art", paragraphs)
    assert [p.index for p in kept] == [0, 1, 3]
    assert [(d.index, d.first_index, d.scope, d.first_article_id) for d in dropped] == [
        (2, 0, "within", "art"),
        (4, 1, "within", "art"),
    ]


def test_claim_all_first_seen_wins_and_replays_are_idempotent() -> None:
    owners: dict[str, Owner] = {}
    first = claim_all(owners, "a", [Claim("h1", 0), Claim("h2", 1)], 10.0, 100.0)
    assert [r.verdict for r in first] == [Verdict.NEW, Verdict.NEW]
    second = claim_all(owners, "b", [Claim("h2", 0), Claim("h3", 1)], 11.0, 100.0)
    assert [r.verdict for r in second] == [Verdict.DUPLICATE, Verdict.NEW]
    assert second[0].owner == Owner("a", 1, 10.0)
    snapshot = dict(owners)
    replay = claim_all(owners, "a", [Claim("h1", 0), Claim("h2", 1)], 12.0, 100.0)
    assert [r.verdict for r in replay] == [Verdict.OWNED, Verdict.OWNED]
    assert owners == snapshot


def test_claims_are_batched_by_target_partition() -> None:
    paragraphs = [Paragraph(i, "t", f"{i:032x}") for i in range(40)]
    batches = claims_by_partition(paragraphs, 4)
    assert sum(len(b) for b in batches.values()) == 40
    for partition, claims in batches.items():
        assert all(partition_for(c.hash, 4) == partition for c in claims)
    assert list(batches) == sorted(batches)


def test_expired_hashes() -> None:
    owners = {"old": Owner("a", 0, 0.0), "new": Owner("b", 0, 90.0)}
    assert expired_hashes(owners.items(), 100.0, 50.0) == ["old"]
    assert expired_hashes(owners.items(), 100.0, 0.0) == []
