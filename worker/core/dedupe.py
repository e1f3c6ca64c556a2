"""Dedupe decisions: within one message, and claims against the owners state.

The owners state maps a paragraph hash to the article that claimed it first.
It is passed in (a dict offline, a Faust table in the worker), so the rules
here are the same in both and are tested without a broker.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping, Sequence

from worker.core.hashing import partition_for
from worker.core.models import Claim, ClaimResult, Duplicate, Owner, Paragraph, Verdict


def dedupe_within(
    article_id: str, paragraphs: Sequence[Paragraph]
) -> tuple[tuple[Paragraph, ...], tuple[Duplicate, ...]]:
    """First occurrence of each hash wins; later copies are ``within`` duplicates."""
    first: dict[str, int] = {}
    kept: list[Paragraph] = []
    dropped: list[Duplicate] = []
    for paragraph in paragraphs:
        seen = first.get(paragraph.hash)
        if seen is None:
            first[paragraph.hash] = paragraph.index
            kept.append(paragraph)
        else:
            dropped.append(Duplicate(paragraph.index, paragraph.hash, "within", article_id, seen))
    return tuple(kept), tuple(dropped)


def is_expired(owner: Owner, now: float, window: float) -> bool:
    """A window of 0 keeps ownership forever."""
    return window > 0 and now - owner.first_seen_at >= window


def decide(
    current: Owner | None, article_id: str, index: int, now: float, window: float
) -> tuple[Verdict, Owner]:
    """The verdict on one claim and the owner the state should hold after it.

    Ownership is per article id, so a replay or re-crawl of the owner is
    answered OWNED and keeps its paragraph; its first_seen_at is not moved,
    which keeps replays idempotent and lets the window run from the first claim.
    """
    if current is None or is_expired(current, now, window):
        return Verdict.NEW, Owner(article_id, index, now)
    if current.article_id == article_id:
        return Verdict.OWNED, current
    return Verdict.DUPLICATE, current


def claim_all(
    owners: MutableMapping[str, Owner],
    article_id: str,
    claims: Iterable[Claim],
    now: float,
    window: float,
) -> list[ClaimResult]:
    """Apply a batch of claims to ``owners``; writes only when ownership changes."""
    results: list[ClaimResult] = []
    for claim in claims:
        current = owners.get(claim.hash)
        verdict, owner = decide(current, article_id, claim.index, now, window)
        if owner is not current:
            owners[claim.hash] = owner
        results.append(ClaimResult(claim.hash, claim.index, verdict, owner))
    return results


def claims_by_partition(paragraphs: Iterable[Paragraph], partitions: int) -> dict[int, list[Claim]]:
    """Claims grouped by the partition that owns each hash (one batch per partition)."""
    batches: dict[int, list[Claim]] = {}
    for paragraph in paragraphs:
        target = partition_for(paragraph.hash, partitions)
        batches.setdefault(target, []).append(Claim(paragraph.hash, paragraph.index))
    return dict(sorted(batches.items()))


def expired_hashes(owners: Iterable[tuple[str, Owner]], now: float, window: float) -> list[str]:
    """Hashes whose ownership has run out and may be deleted from the state."""
    return [key for key, owner in owners if is_expired(owner, now, window)]
