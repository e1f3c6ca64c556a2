from __future__ import annotations

import platform
from importlib.metadata import version
from types import SimpleNamespace

import aiohttp
import pytest
from aiokafka import TopicPartition
from aiokafka.errors import IllegalStateError

from worker.core.settings import Settings
from worker.stream.app import logged_timer
from worker.stream.metrics import Metrics
from worker.stream.readiness import Readiness


def sample(metrics: Metrics, name: str, labels: dict[str, str] | None = None) -> float:
    value = metrics.registry.get_sample_value(f"news_worker_{name}", labels or {})
    assert value is not None, f"{name}{labels} not exported"
    return value


def test_counters_move() -> None:
    m = Metrics()
    m.message_in("articles.raw")
    m.message_in("articles.raw", 2)
    m.message_out("articles.clean")
    m.paragraphs(kept=5, within=2, across=1)
    m.paragraphs(kept=1)
    m.dead_letter("invalid_json")
    m.extraction_errors(3)
    m.observe("ingest", 0.002)
    with m.timer("extract"):
        pass
    m.set_state_keys(3, 42)
    m.set_lag("articles.raw", 1, 7)
    m.set_in_flight(4, 1000)
    m.set_uncommitted("x-articles", 2, 9)
    m.rebalance()

    assert sample(m, "messages_in_total", {"topic": "articles.raw"}) == 3
    assert sample(m, "messages_out_total", {"topic": "articles.clean"}) == 1
    assert sample(m, "paragraphs_total", {"outcome": "kept"}) == 6
    assert sample(m, "paragraphs_total", {"outcome": "within"}) == 2
    assert sample(m, "paragraphs_total", {"outcome": "across"}) == 1
    assert sample(m, "dead_letters_total", {"reason": "invalid_json"}) == 1
    assert sample(m, "extraction_errors_total") == 3
    assert sample(m, "processing_seconds_count", {"stage": "ingest"}) == 1
    assert sample(m, "processing_seconds_count", {"stage": "extract"}) == 1
    assert sample(m, "dedupe_state_keys", {"partition": "3"}) == 42
    assert sample(m, "consumer_lag", {"topic": "articles.raw", "partition": "1"}) == 7
    assert sample(m, "articles_in_flight") == 4
    assert sample(m, "articles_in_flight_bytes") == 1000
    assert sample(m, "uncommitted_records", {"topic": "x-articles", "partition": "2"}) == 9
    m.forget_partitions()
    assert (
        m.registry.get_sample_value(
            "news_worker_consumer_lag", {"topic": "articles.raw", "partition": "1"}
        )
        is None
    )
    assert sample(m, "rebalances_total") == 1


def test_known_series_exist_before_first_event() -> None:
    m = Metrics()
    assert sample(m, "paragraphs_total", {"outcome": "across"}) == 0
    assert sample(m, "dead_letters_total", {"reason": "schema"}) == 0
    assert sample(m, "ready") == 0


def test_instances_do_not_share_state() -> None:
    a, b = Metrics(), Metrics()
    a.rebalance()
    assert sample(a, "rebalances_total") == 1
    assert sample(b, "rebalances_total") == 0


def test_ready_gauge_follows_set_ready() -> None:
    m = Metrics()
    m.set_ready(True)
    assert m.is_ready and sample(m, "ready") == 1
    m.set_ready(False)
    assert not m.is_ready and sample(m, "ready") == 0


async def test_http_endpoints() -> None:
    m = Metrics()
    m.message_in("articles.raw")
    await m.start_server("127.0.0.1", 0)
    try:
        assert m.port
        base = f"http://127.0.0.1:{m.port}"
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/livez") as resp:
                assert resp.status == 200
            async with http.get(f"{base}/readyz") as resp:
                assert resp.status == 503
            m.set_ready(True)
            async with http.get(f"{base}/readyz") as resp:
                assert resp.status == 200
            async with http.get(f"{base}/metrics") as resp:
                assert resp.status == 200
                assert resp.headers["Content-Type"].startswith("text/plain")
                text = await resp.text()
            async with http.get(f"{base}/nope") as resp:
                assert resp.status == 404
    finally:
        await m.stop_server()
    assert m.port is None
    assert 'messages_in_total{topic="articles.raw"} 1.0' in text
    assert "# TYPE news_worker_processing_seconds histogram" in text
    assert "ready 1.0" in text


async def test_server_cannot_start_twice() -> None:
    m = Metrics()
    await m.start_server("127.0.0.1", 0)
    try:
        with pytest.raises(RuntimeError):
            await m.start_server("127.0.0.1", 0)
    finally:
        await m.stop_server()
    await m.stop_server()  # idempotent


async def test_port_in_use_leaves_no_runner() -> None:
    first, second = Metrics(), Metrics()
    await first.start_server("127.0.0.1", 0)
    try:
        with pytest.raises(OSError):
            await second.start_server("127.0.0.1", first.port or 0)
        assert second.port is None
    finally:
        await first.stop_server()


def test_names_are_prefixed_with_build_info_and_no_created_series() -> None:
    from worker import __version__

    text = Metrics().render().decode()
    names = {
        line.split("{")[0].split(" ")[0] for line in text.splitlines() if line and line[0] != "#"
    }
    assert names and all(name.startswith("news_worker_") for name in names), names
    assert not any(name.endswith("_created") for name in names)
    assert f'version="{__version__}"' in text
    assert (
        sample(
            Metrics(),
            "build_info",
            {
                "version": __version__,
                "python": platform.python_version(),
                "faust": version("faust-streaming"),
            },
        )
        == 1
    )


class _RevokingConsumer:
    """A consumer whose assignment lists a partition a rebalance revokes before its
    position is read: what aiokafka raises then."""

    def __init__(self) -> None:
        self.kept = TopicPartition("articles.raw", 0)
        self.revoked = TopicPartition("articles.raw", 1)
        self._committed_offset = {self.kept: 5}

    def assignment(self) -> set[TopicPartition]:
        return {self.kept, self.revoked}

    def highwater(self, tp: TopicPartition) -> int:
        return 10

    async def position(self, tp: TopicPartition) -> int:
        if tp == self.revoked:
            raise IllegalStateError(f"Partition {tp} is not assigned")
        return 7


async def test_lag_report_skips_a_partition_revoked_while_it_runs() -> None:
    # The report runs as an app timer: an exception escaping it crashes the replica.
    m = Metrics()
    app = SimpleNamespace(consumer=_RevokingConsumer())
    await Readiness(app, Settings(), m).report_lag()
    assert sample(m, "consumer_lag", {"topic": "articles.raw", "partition": "0"}) == 3
    assert sample(m, "uncommitted_records", {"topic": "articles.raw", "partition": "0"}) == 2


async def test_a_timer_that_fails_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    calls = []

    async def tick() -> None:
        calls.append(1)
        raise IllegalStateError("Partition is not assigned")

    await logged_timer(tick)()
    await logged_timer(tick)()
    assert len(calls) == 2
    assert "timer tick failed" in caplog.text
