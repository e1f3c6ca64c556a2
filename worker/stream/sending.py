"""Sending one record: its size checked first, and a decision for every failure.

An exception escaping a Faust agent acknowledges the message it held, so no
send may raise into a stage. Each failure is one of three kinds:

- *retry*: the client says the error is transient (``retriable``): try again
  with backoff, a bounded number of times;
- *reject*: the record can never be sent (too large, not encodable): the
  caller publishes a dead letter with the reason instead;
- *fatal*: anything else, and retries run out. The replica stops at once,
  without committing, so the message is read again by the replica that
  takes over its partition; it is never acknowledged unprocessed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any, NoReturn

import orjson
from aiokafka.errors import (
    KafkaError,
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    RecordListTooLargeError,
    RecordTooLargeError,
)

from worker.core.models import Rejection
from worker.core.sizes import OUTPUT_TOO_LARGE, OUTPUT_UNSERIALIZABLE
from worker.errors import EXIT_SEND_FAILED

log = logging.getLogger(__name__)

# Transient errors get this many more attempts, with doubling backoff from
# RETRY_BACKOFF seconds: about half a minute in all, longer than a broker
# leader election.
RETRIES = 6
RETRY_BACKOFF = 0.5
# Records above this size wait for the broker's answer in the stage, so a
# broker whose own limit is lower turns the record into a dead letter instead
# of a failure after the offset has moved on. Kafka's default limit is ~1 MB.
AWAIT_DELIVERY_ABOVE = 900 * 1024


class Failure(Enum):
    RETRY = "retry"
    REJECT = "reject"
    FATAL = "fatal"


def classify(exc: BaseException) -> tuple[Failure, str | None]:
    """What to do about a failed send, and the dead-letter reason for a reject."""
    if isinstance(exc, MessageSizeTooLargeError | RecordTooLargeError | RecordListTooLargeError):
        return Failure.REJECT, OUTPUT_TOO_LARGE
    if isinstance(exc, orjson.JSONEncodeError | TypeError | UnicodeEncodeError):
        return Failure.REJECT, OUTPUT_UNSERIALIZABLE
    # aiokafka does not mark a timeout retriable, but a stalled broker is the
    # most transient failure there is.
    if isinstance(exc, KafkaTimeoutError) or (isinstance(exc, KafkaError) and exc.retriable):
        return Failure.RETRY, None
    return Failure.FATAL, None


def _stop(code: int) -> NoReturn:
    # os._exit, not SystemExit: Faust's shutdown would commit the offset of
    # the event being processed.
    sys.stderr.flush()
    os._exit(code)


class Sender:
    """Sends encoded records through Faust channels under the policy above."""

    def __init__(
        self,
        limit: int,
        *,
        retries: int = RETRIES,
        backoff: float = RETRY_BACKOFF,
        stop: Callable[[int], NoReturn] = _stop,
    ) -> None:
        self.limit = limit
        self.retries = retries
        self.backoff = backoff
        self._stop = stop

    async def send(
        self,
        channel: Any,
        *,
        key: bytes | None,
        value: bytes,
        partition: int | None = None,
        futures: list[Any] | None = None,
    ) -> Rejection | None:
        """Hand the record to the producer; a Rejection if it can never be sent.
        The delivery future is appended to ``futures`` when given, for a caller
        that must know the record is on the broker before it goes on (a record
        above AWAIT_DELIVERY_ABOVE is delivered before this returns)."""
        size = len(value) + len(key or b"")
        if size > self.limit:
            return Rejection(OUTPUT_TOO_LARGE, f"record of {size} bytes exceeds {self.limit}")
        attempt = 0
        while True:
            try:
                future = await channel.send(key=key, value=value, partition=partition)
                if size > AWAIT_DELIVERY_ABOVE:
                    await future
                else:
                    future.add_done_callback(self._delivered)
                    if futures is not None:
                        futures.append(future)
                return None
            except Exception as exc:
                kind, reason = classify(exc)
                if kind is Failure.REJECT and reason is not None:
                    return Rejection(reason, f"{type(exc).__name__}: {exc}"[:500])
                if kind is Failure.RETRY and attempt < self.retries:
                    delay = self.backoff * 2**attempt
                    attempt += 1
                    log.warning("send failed (%r); retry %d in %.1fs", exc, attempt, delay)
                    await asyncio.sleep(delay)
                    continue
                self.fatal(f"sending to {_name(channel)} failed: {exc!r}")

    def _delivered(self, future: Any) -> None:
        if future.cancelled():
            return
        exc = future.exception()
        if exc is not None:
            self.fatal(f"a record was not delivered: {exc!r}")

    def fatal(self, message: str) -> NoReturn:
        log.critical("%s; stopping this replica without committing", message)
        self._stop(EXIT_SEND_FAILED)


def _name(channel: Any) -> str:
    topics = getattr(channel, "topics", None)
    return ",".join(topics) if topics else repr(channel)
