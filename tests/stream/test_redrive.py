from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from worker.core.dead_letters import parse_dead_letter
from worker.core.redrive_plan import Reinjection, load_fixes, redrive_plan, truncated_positions
from worker.core.settings import Settings
from worker.errors import NotADeadLetter, WorkerError
from worker.stream.admin import create_topics_async
from worker.stream.redrive import REDRIVE_HEADER, redrive
from worker.testing.broker import EmbeddedBroker


def dead_letter(
    value: bytes,
    key: bytes | None = b"k",
    reason: str = "invalid_json",
    partition: int | None = 0,
    offset: int | None = 0,
) -> dict[str, Any]:
    return {
        "schema": "dead_letter/1",
        "reason": reason,
        "detail": "test",
        "topic": "articles.raw",
        "partition": partition,
        "offset": offset,
        "key_b64": None if key is None else base64.b64encode(key).decode(),
        "value_b64": base64.b64encode(value).decode(),
        "received_at": "2024-11-08T10:06:00Z",
    }


# -- parse_dead_letter ---------------------------------------------------------


def test_parse_round_trip() -> None:
    record = dead_letter(b"not json", key=b"abc")
    key, value, parsed = parse_dead_letter(orjson.dumps(record))
    assert (key, value) == (b"abc", b"not json")
    assert parsed == record


def test_parse_null_key() -> None:
    key, value, _ = parse_dead_letter(orjson.dumps(dead_letter(b"", key=None)))
    assert key is None and value == b""


@given(key=st.one_of(st.none(), st.binary()), value=st.binary())
def test_parse_any_bytes(key: bytes | None, value: bytes) -> None:
    assert parse_dead_letter(orjson.dumps(dead_letter(value, key=key)))[:2] == (key, value)


def test_schema_example_parses() -> None:
    from worker.core.codec import load_schema

    whole, truncated = load_schema("dead_letter")["examples"]
    assert parse_dead_letter(orjson.dumps(whole))[:2] == (b"key", b"not json")
    assert truncated["truncated"] is True
    assert truncated_positions([whole, truncated]) == [("articles.raw", 3, 7)]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "empty"),
        (b"", "empty"),
        (b"{nope", "invalid JSON"),
        (b"[1, 2]", "top-level JSON is list"),
        (orjson.dumps({"schema": "clean_article/1"}), "schema is 'clean_article/1'"),
        (orjson.dumps({**dead_letter(b"x"), "reason": None}), "reason"),
        (orjson.dumps({**dead_letter(b"x"), "value_b64": "@@@"}), "value_b64 is not valid"),
        (orjson.dumps({**dead_letter(b"x"), "value_b64": None}), "value_b64 must be"),
        (orjson.dumps({**dead_letter(b"x"), "key_b64": 5}), "key_b64 must be"),
    ],
)
def test_not_a_dead_letter(value: bytes | None, message: str) -> None:
    with pytest.raises(NotADeadLetter, match=message) as info:
        parse_dead_letter(value)
    assert isinstance(info.value, WorkerError) and isinstance(info.value, ValueError)


# -- redrive_plan ----------------------------------------------------------------

RECORDS = [
    dead_letter(b"bad-1", key=b"a", reason="invalid_json", offset=1),
    dead_letter(b"bad-2", key=None, reason="schema", offset=2),
    dead_letter(b"bad-3", key=b"c", reason="processing_error", offset=3),
    # The same message dead-lettered again after a replay.
    dead_letter(b"bad-1", key=b"a", reason="invalid_json", offset=1),
    dead_letter(b"bad-4", key=b"d", reason="invalid_json", partition=5, offset=1),
]


def test_plan_everything_once_in_order() -> None:
    plan = redrive_plan(RECORDS)
    assert [(p.key, p.value) for p in plan] == [
        (b"a", b"bad-1"),
        (None, b"bad-2"),
        (b"c", b"bad-3"),
        (b"d", b"bad-4"),
    ]
    assert plan[0].origin == "articles.raw/0/1"
    assert plan[0] == Reinjection(b"a", b"bad-1", "articles.raw/0/1")


def test_plan_by_reason() -> None:
    plan = redrive_plan(RECORDS, reasons={"invalid_json"})
    assert [p.value for p in plan] == [b"bad-1", b"bad-4"]
    assert redrive_plan(RECORDS, reasons=set()) == []


def test_plan_with_fixes_sends_only_fixed() -> None:
    fixes = {(0, 2): b'{"url": "https://x.test/a", "body": "fixed"}', (9, 9): b"unused"}
    plan = redrive_plan(RECORDS, fixes=fixes)
    assert plan == [Reinjection(None, fixes[0, 2], "articles.raw/0/2")]


def test_plan_fixes_and_reasons_combine() -> None:
    fixes = {(0, 2): b"fixed-2", (0, 3): b"fixed-3"}
    plan = redrive_plan(RECORDS, reasons={"processing_error"}, fixes=fixes)
    assert [p.value for p in plan] == [b"fixed-3"]


def test_plan_fixer_and_limit() -> None:
    def fixer(value: bytes) -> bytes | None:
        return None if value == b"bad-2" else value.upper()

    assert [p.value for p in redrive_plan(RECORDS, fixer=fixer)] == [b"BAD-1", b"BAD-3", b"BAD-4"]
    assert [p.value for p in redrive_plan(RECORDS, limit=2)] == [b"bad-1", b"bad-2"]
    assert redrive_plan(RECORDS, limit=0) == []


def test_plan_without_origin_is_not_deduplicated() -> None:
    records = [dead_letter(b"x", partition=None, offset=None)] * 2
    assert len(redrive_plan(records)) == 2
    assert redrive_plan(records, fixes={(0, 0): b"y"}) == []


def test_plan_rejects_foreign_records() -> None:
    with pytest.raises(NotADeadLetter):
        redrive_plan([{"schema": "something"}])


# -- load_fixes ---------------------------------------------------------------------


def test_load_fixes_forms() -> None:
    lines = [
        b'{"partition": 0, "offset": 1, "value": {"url": "https://x.test", "body": "b"}}',
        b"",
        b'{"partition": 0, "offset": 2, "value": "{\\"body\\": \\"raw text\\"}"}',
        b'{"partition": 1, "offset": 1, "value_b64": "AAE="}',
    ]
    fixes = load_fixes(lines)
    assert orjson.loads(fixes[0, 1]) == {"url": "https://x.test", "body": "b"}
    assert fixes[0, 2] == b'{"body": "raw text"}'
    assert fixes[1, 1] == b"\x00\x01"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"{", "line 1: invalid JSON"),
        (b"[]", "expected a JSON object"),
        (b'{"partition": "0", "offset": 1, "value": {}}', "must be integers"),
        (b'{"partition": 0, "offset": 1}', "needs value"),
        (b'{"partition": 0, "offset": 1, "value_b64": "!"}', "value_b64"),
    ],
)
def test_load_fixes_errors(line: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_fixes([line])


def test_load_fixes_duplicate_position() -> None:
    line = b'{"partition": 0, "offset": 1, "value": {}}'
    with pytest.raises(ValueError, match="line 2: partition 0 offset 1 twice"):
        load_fixes([line, line])


# -- redrive against the embedded broker ----------------------------------------------


@pytest.mark.integration
async def test_redrive_end_to_end(
    broker: EmbeddedBroker,
    fresh_name: Callable[[str], str],
) -> None:
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    settings = Settings(
        bootstrap_servers=broker.bootstrap,
        app_id=fresh_name("redrive"),
        raw_topic=fresh_name("raw"),
        dead_letter_topic=fresh_name("dead"),
        broker_profile="embedded",
        partitions=2,
    )
    await create_topics_async(
        broker.bootstrap, {settings.raw_topic: 2, settings.dead_letter_topic: 2}
    )
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap)
    await producer.start()
    try:
        for record in RECORDS:
            await producer.send_and_wait(
                settings.dead_letter_topic, orjson.dumps(record), key=b"k", partition=0
            )
        await producer.send_and_wait(settings.dead_letter_topic, b"not a dead letter", partition=1)
    finally:
        await producer.stop()

    fixed = b'{"url": "https://x.test/fixed", "body": "fixed"}'
    assert await redrive(settings, reasons={"invalid_json"}, dry_run=True) == 2
    sent = await redrive(settings, reasons={"invalid_json", "schema"}, fixes={(0, 2): fixed})
    assert sent == 1
    sent = await redrive(settings, reasons={"invalid_json"}, limit=1)
    assert sent == 1

    consumer = AIOKafkaConsumer(
        settings.raw_topic,
        bootstrap_servers=broker.bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        got: list[Any] = []
        while True:
            batch = await consumer.getmany(timeout_ms=2000)
            if not batch:
                break
            got.extend(m for messages in batch.values() for m in messages)
    finally:
        await consumer.stop()
    by_value = {m.value: m for m in got}
    assert sorted(by_value) == sorted([fixed, b"bad-1"])
    assert by_value[fixed].key is None
    assert by_value[b"bad-1"].key == b"a"
    assert (REDRIVE_HEADER, b"articles.raw/0/1") in list(by_value[b"bad-1"].headers)
