"""The worker's internal messages, built and read here only.

``<app>-articles`` carries prepared articles with how many claim batches
to expect; ``<app>-claims`` batches of claims, one per article, for one
dedupe partition; ``<app>-verdicts`` the answers to such batches (or the
error that stopped one). Records carry one message or a group of them
(worker.core.groups);
both carry ticks, the timers' way to run a sweep in a partition's event
context. Each message carries everything the next stage needs, so no stage
reads another stage's state.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from worker.core.dead_letters import Original
from worker.core.groups import items_of
from worker.core.models import Claim, ClaimResult, PreparedArticle, Rejection
from worker.core.shapes import claims_from_json, claims_to_json, prepared_to_json, results_to_json
from worker.core.sizes import MAX_KEY_BYTES, OUTPUT_TOO_LARGE, TOO_LARGE, Limits, encode_bounded

TICK = "tick"
_ERROR_LIMIT = 500


@dataclass(frozen=True, slots=True)
class RawSummary:
    """What assembly needs to dead-letter an article: the original key (up to
    the dead-letter key limit), the value's size and sha256, not its bytes."""

    key: bytes | None
    key_size: int | None
    size: int | None
    sha256: str | None

    @classmethod
    def of(cls, original: Original) -> RawSummary:
        key = original.key
        return cls(
            None if key is None else key[:MAX_KEY_BYTES],
            None if key is None else len(key),
            original.size,
            original.sha256,
        )

    def original(self) -> Original:
        return Original(self.key, None, self.size, self.sha256)

    def to_json(self) -> dict[str, Any]:
        key = None if self.key is None else base64.b64encode(self.key).decode("ascii")
        return {"key_b64": key, "key_size": self.key_size, "size": self.size, "sha256": self.sha256}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RawSummary:
        key = data.get("key_b64")
        return cls(
            None if key is None else base64.b64decode(key),
            data.get("key_size"),
            data.get("size"),
            data.get("sha256"),
        )


@dataclass(frozen=True, slots=True)
class ArticleMessage:
    request: str
    article_id: str
    now: float
    expected: int
    raw: RawSummary
    # The prepared article in its wire form (worker.core.shapes): assembly keeps
    # it as it came and decodes it once, when the article is complete.
    prepared: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "request": self.request,
            "article_id": self.article_id,
            "now": self.now,
            "expected": self.expected,
            "raw": self.raw.to_json(),
            "prepared": self.prepared,
        }


@dataclass(frozen=True, slots=True)
class ClaimBatch:
    request: str
    article_id: str
    batch: int  # the dedupe partition all its claims belong to
    now: float
    claims: tuple[Claim, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "request": self.request,
            "article_id": self.article_id,
            "batch": self.batch,
            "now": self.now,
            "claims": claims_to_json(self.claims),
        }

    def answer(self, results: Sequence[ClaimResult]) -> VerdictBatch:
        return VerdictBatch(self.request, self.article_id, self.batch, results_to_json(results))

    def failure(self, error: str) -> VerdictBatch:
        return VerdictBatch(self.request, self.article_id, self.batch, [], error[:_ERROR_LIMIT])


@dataclass(frozen=True, slots=True)
class VerdictBatch:
    request: str
    article_id: str
    batch: int
    results: list[Any]  # wire form (worker.core.shapes.results_to_json)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "request": self.request,
            "article_id": self.article_id,
            "batch": self.batch,
            "results": self.results,
        }
        if self.error is not None:
            body["error"] = self.error
        return body


@dataclass(frozen=True, slots=True)
class Tick:
    at: float
    repair: bool = False

    def to_json(self) -> dict[str, Any]:
        return {TICK: self.at, "repair": self.repair}


Message = ArticleMessage | ClaimBatch | VerdictBatch | Tick


def encode(message: Message) -> bytes:
    return orjson.dumps(message.to_json())


def _tick(data: Any) -> Tick | None:
    if isinstance(data, dict) and TICK in data:
        return Tick(float(data[TICK]), bool(data.get("repair")))
    return None


def _claim_batch(data: Any) -> ClaimBatch:
    return ClaimBatch(
        data["request"],
        data["article_id"],
        int(data["batch"]),
        float(data["now"]),
        tuple(claims_from_json(data["claims"])),
    )


def _assembly(data: Any) -> ArticleMessage | VerdictBatch:
    if "prepared" in data:
        return ArticleMessage(
            data["request"],
            data["article_id"],
            float(data["now"]),
            int(data["expected"]),
            RawSummary.from_json(data["raw"]),
            data["prepared"],
        )
    return VerdictBatch(
        data["request"], data["article_id"], int(data["batch"]), data["results"], data.get("error")
    )


def decode_claims(value: bytes) -> list[ClaimBatch] | Tick:
    """A record of the claims topic: a tick, or its claim batches (one or a group)."""
    data = orjson.loads(value)
    tick = _tick(data)
    return tick if tick is not None else [_claim_batch(item) for item in items_of(data)]


def decode_assembly(value: bytes) -> list[ArticleMessage | VerdictBatch] | Tick:
    """A record of the assembly stage's topics: a tick, or articles and verdicts."""
    data = orjson.loads(value)
    tick = _tick(data)
    return tick if tick is not None else [_assembly(item) for item in items_of(data)]


def article_message(
    prepared: PreparedArticle, request: str, now: float, expected: int, original: Original
) -> ArticleMessage:
    return ArticleMessage(
        request,
        prepared.article.id,
        now,
        expected,
        RawSummary.of(original),
        prepared_to_json(prepared),
    )


def encode_article(message: ArticleMessage, limits: Limits) -> bytes | Rejection:
    """The encoded ``<app>-articles`` message, or why the input cannot go through.

    This is where an input's size is admitted: an article whose message
    exceeds ``limits.article_bytes`` is rejected as too large, so everything
    built from it later stays within ``limits.record_bytes``.
    """
    encoded = encode_bounded(message.to_json(), limits.article_bytes)
    if isinstance(encoded, Rejection) and encoded.reason == OUTPUT_TOO_LARGE:
        return Rejection(TOO_LARGE, f"the article is too large to process ({encoded.detail})")
    return encoded
