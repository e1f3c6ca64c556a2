"""The command line as a user meets it: one line and an exit code per failure,
exact consume options, summaries, no progress bar in a pipe."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from tests.helpers import ROOT, SEED_FILE
from worker.core.settings import load_settings
from worker.errors import ConfigError
from worker.stream.topics_io import send_all
from worker.testing.broker import EmbeddedBroker
from worker.testing.cluster import app_settings

pytestmark = pytest.mark.slow


def worker(
    *args: str, env: dict[str, str] | None = None, stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "worker", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=120,
        check=False,
    )


def one_line_error(proc: subprocess.CompletedProcess[bytes], code: int, text: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert text in err


def test_a_missing_input_file_is_one_line_and_exit_4(tmp_path: Path) -> None:
    one_line_error(worker("process", str(tmp_path / "nope.jsonl")), 4, "no such file")


def test_a_directory_is_searched_for_documented_inputs_only(tmp_path: Path) -> None:
    (tmp_path / "pip.log").write_text("Collecting something\n" * 50)
    one_line_error(worker("process", "--no-extract", str(tmp_path)), 4, "has no input files")
    (tmp_path / "seed.txt").write_text(SEED_FILE.read_text(encoding="utf-8"))
    proc = worker("process", "--no-extract", str(tmp_path))
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(proc.stdout.splitlines()) == 1  # the .txt only, not the log


def test_process_prints_a_summary_and_no_progress_bar_into_a_pipe() -> None:
    lines = b"\n".join(orjson.dumps({"id": f"a{i}", "body": f"Text {i}."}) for i in range(150))
    proc = worker("process", "--no-extract", stdin=lines + b"\n{bad\n")
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "processed 151 messages" in err
    assert "\r" not in err and "msg/s" not in err


def test_run_against_an_unreachable_broker_exits_3_without_a_traceback() -> None:
    one_line_error(
        worker("run", env={"KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"}), 3, "cannot reach Kafka"
    )


def test_redrive_refuses_an_unknown_reason_and_a_bad_fixes_file(tmp_path: Path) -> None:
    one_line_error(worker("redrive", "--reason", "bogus"), 2, "invalid choice")
    fixes = tmp_path / "fixes.jsonl"
    fixes.write_text('{"partition": 0}\n')
    one_line_error(worker("redrive", "--fixes", str(fixes)), 4, "fixes line 1")
    one_line_error(worker("redrive", "--fixes", str(tmp_path / "none")), 4, "cannot read")


def test_every_invalid_setting_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(
            {"WORKER_PARTITIONS": "zero", "WORKER_STORE": "s3://", "WORKER_EXTRACT": "maybe"}
        )
    message = str(caught.value)
    assert all(var in message for var in ("WORKER_PARTITIONS", "WORKER_STORE", "WORKER_EXTRACT"))


def test_config_names_the_variables_and_marks_defaults() -> None:
    proc = worker("config", env={"WORKER_PARTITIONS": "12"})
    assert proc.returncode == 0, proc.stderr.decode()
    environment = orjson.loads(proc.stdout)["environment"]
    assert environment["WORKER_PARTITIONS"] == {"value": 12, "default": False}
    assert environment["WORKER_APP_ID"] == {"value": "news-worker", "default": True}


@pytest.mark.integration
async def test_consume_options_are_exact(
    broker: EmbeddedBroker, fresh_name: Callable[[str], str]
) -> None:
    s = app_settings(broker.bootstrap, fresh_name("consume"), 2)
    from worker.stream.admin import create_topics_async

    topic = s.raw_topic
    await create_topics_async(broker.bootstrap, {topic: 2})
    messages = [(b"same-key", orjson.dumps({"n": i})) for i in range(6)]  # one partition
    await send_all(s, topic, messages, headers=lambda n: [("redrive-of", f"dl/0/{n}".encode())])
    env = {"KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap, "WORKER_BROKER_PROFILE": "embedded"}

    def consume(*args: str) -> list[dict[str, object]]:
        proc = worker("consume", topic, "--idle", "1", *args, env=env)
        assert proc.returncode == 0, proc.stderr.decode()
        return [orjson.loads(line) for line in proc.stdout.splitlines()]

    assert len(consume("--max", "2")) == 2
    everything = consume()
    assert [r["value"] for r in everything] == [{"n": i} for i in range(6)]
    [first] = consume("--max", "1")
    assert first["headers"] == {"redrive-of": "dl/0/0"}
    assert {"partition", "offset", "timestamp", "key"} <= set(first)
    partition = first["partition"]
    later = consume("--partition", str(partition), "--offset", "4")
    assert [r["offset"] for r in later] == [4, 5]
    assert consume("--partition", str(1 - partition)) == []


def test_the_demo_shows_a_recrawl_as_a_recrawl() -> None:
    from worker.cli.demo import describe

    value = {
        "schema": "clean_article/1",
        "id": "seed",
        "source": "sputnik.by",
        "stats": {"paragraphs_in": 2, "kept": 2, "dropped_within": 0, "dropped_across": 0},
        "paragraphs": [],
        "duplicates": [],
    }
    assert "re-crawl" not in describe("articles.clean", "seed", value)
    assert "re-crawl" in describe("articles.clean", "seed", value, recrawl=True)


@pytest.mark.integration
async def test_consume_follow_waits_for_records_until_max(
    broker: EmbeddedBroker, fresh_name: Callable[[str], str]
) -> None:
    import asyncio

    from worker.stream.admin import create_topics_async

    s = app_settings(broker.bootstrap, fresh_name("follow"), 1)
    await create_topics_async(broker.bootstrap, {s.raw_topic: 1})
    await send_all(s, s.raw_topic, [(None, b'{"n": 0}')])
    env = {"KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap, "WORKER_BROKER_PROFILE": "embedded"}
    follower = asyncio.create_task(
        asyncio.to_thread(
            worker, "consume", s.raw_topic, "--follow", "--max", "2", "--idle", "0.5", env=env
        )
    )
    await asyncio.sleep(4)  # well past --idle: without --follow it would have stopped
    assert not follower.done()
    await send_all(s, s.raw_topic, [(None, b'{"n": 1}')])
    proc = await asyncio.wait_for(follower, 60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert [orjson.loads(line)["value"] for line in proc.stdout.splitlines()] == [
        {"n": 0},
        {"n": 1},
    ]
