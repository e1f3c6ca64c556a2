"""The send policy: every kind of produce failure, injected with aiokafka's own errors."""

from __future__ import annotations

import asyncio
from typing import Any, NoReturn

import orjson
import pytest
from aiokafka.errors import (
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    NotLeaderForPartitionError,
    RecordTooLargeError,
    TopicAuthorizationFailedError,
)

from worker.core.models import Rejection
from worker.stream.sending import AWAIT_DELIVERY_ABOVE, EXIT_SEND_FAILED, Failure, Sender, classify


class Stopped(Exception):
    pass


def stop(code: int) -> NoReturn:
    raise Stopped(code)


class Channel:
    """A Faust channel's ``send``: fails with the queued errors, then delivers."""

    topics = ("out",)

    def __init__(self, *errors: BaseException, delivery: BaseException | None = None) -> None:
        self.errors = list(errors)
        self.delivery = delivery
        self.sent: list[bytes] = []

    async def send(self, *, key: bytes | None, value: bytes, partition: int | None) -> Any:
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append(value)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.delivery is None:
            future.set_result(None)
        else:
            future.set_exception(self.delivery)
        return future


def sender() -> Sender:
    return Sender(1000, retries=3, backoff=0.001, stop=stop)


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (MessageSizeTooLargeError(), Failure.REJECT),
        (RecordTooLargeError(), Failure.REJECT),
        (orjson.JSONEncodeError("deep"), Failure.REJECT),
        (KafkaTimeoutError(), Failure.RETRY),
        (NotLeaderForPartitionError(), Failure.RETRY),
        (TopicAuthorizationFailedError(), Failure.FATAL),
        (RuntimeError("bug"), Failure.FATAL),
    ],
)
def test_classify(exc: BaseException, kind: Failure) -> None:
    assert classify(exc)[0] is kind


async def test_transient_errors_are_retried() -> None:
    channel = Channel(KafkaTimeoutError(), NotLeaderForPartitionError())
    assert await sender().send(channel, key=None, value=b"v") is None
    assert channel.sent == [b"v"]


async def test_a_transient_error_that_does_not_clear_stops_the_replica() -> None:
    channel = Channel(*[KafkaTimeoutError()] * 4)
    with pytest.raises(Stopped) as stopped:
        await sender().send(channel, key=None, value=b"v")
    assert stopped.value.args == (EXIT_SEND_FAILED,)
    assert channel.sent == []


async def test_a_record_the_broker_refuses_becomes_a_rejection() -> None:
    result = await sender().send(Channel(MessageSizeTooLargeError()), key=b"k", value=b"v")
    assert isinstance(result, Rejection) and result.reason == "output_too_large"


async def test_an_oversized_record_is_refused_before_it_is_sent() -> None:
    channel = Channel()
    result = await sender().send(channel, key=b"k", value=b"v" * 1000)
    assert isinstance(result, Rejection) and result.reason == "output_too_large"
    assert channel.sent == []


async def test_an_unknown_error_stops_the_replica() -> None:
    with pytest.raises(Stopped):
        await sender().send(Channel(TopicAuthorizationFailedError()), key=None, value=b"v")


async def test_a_failed_delivery_stops_the_replica() -> None:
    stopped: list[int] = []

    def record_stop(code: int) -> NoReturn:
        stopped.append(code)
        raise Stopped(code)

    s = Sender(1000, stop=record_stop)
    assert await s.send(Channel(delivery=KafkaTimeoutError()), key=None, value=b"v") is None
    # The delivery callback runs on the loop; its exception ends in the loop's handler.
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda _loop, _ctx: None)
    await asyncio.sleep(0)
    assert stopped == [EXIT_SEND_FAILED]


async def test_large_records_wait_for_the_broker_answer_in_the_stage() -> None:
    big = b"v" * (AWAIT_DELIVERY_ABOVE + 1)
    s = Sender(10 * AWAIT_DELIVERY_ABOVE, stop=stop)
    result = await s.send(Channel(delivery=MessageSizeTooLargeError()), key=None, value=big)
    assert isinstance(result, Rejection) and result.reason == "output_too_large"
