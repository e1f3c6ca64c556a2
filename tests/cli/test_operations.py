"""Operating a replica: metrics and health endpoints, bad settings, secrets."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from tests.helpers import ROOT, SEED_FILE
from worker.core.settings import Settings
from worker.testing.broker import EmbeddedBroker, free_port
from worker.testing.cluster import Cluster, Reader, app_settings, article, send_all

SECRET = "s3cr3t-Passw0rd-never-logged"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def metric(text: str, name: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith(f"news_worker_{name}"):
            total += float(line.rsplit(" ", 1)[1])
    return total


@pytest.mark.integration
async def test_metrics_move_and_readiness_follows_assignment(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str]
) -> None:
    app = fresh_name("ops")
    settings = app_settings(broker.bootstrap, app, 2)
    port = free_port()
    c = Cluster(
        settings,
        tmp_path,
        extra_env={
            "WORKER_METRICS_PORT": str(port),
            "KAFKA_SASL_PASSWORD": SECRET,
            "WORKER_LOG_LEVEL": "DEBUG",
        },
    )
    await c.create_topics()
    base = f"http://127.0.0.1:{port}"
    [replica] = c.start(1)
    try:
        statuses: list[int] = []
        while not statuses or statuses[-1] != 200:
            assert replica.proc is not None and replica.proc.poll() is None, replica.tail()
            status, _ = await asyncio.to_thread(fetch, f"{base}/readyz")
            if status:
                statuses.append(status)
            await asyncio.sleep(0.05)
        # Up before it was ready: the endpoint answered 503 until assignment.
        assert statuses[0] == 503, statuses[:5]
        assert "worker ready in" in replica.log_text()
        assert (await asyncio.to_thread(fetch, f"{base}/livez"))[0] == 200
        _, before = await asyncio.to_thread(fetch, f"{base}/metrics")
        s = c.settings
        messages = [article("m1", ["One.", "Two."]), article("m2", ["Two.", "Three."])]
        await send_all(s.bootstrap_servers, s.raw_topic, [*messages, (b"bad", b"{")])
        async with Reader(s.bootstrap_servers, c.outputs, s.partitions) as reader:
            await reader.until(3, within=60, settle=0.5)
        _, after = await asyncio.to_thread(fetch, f"{base}/metrics")
        assert metric(after, "messages_in_total") - metric(before, "messages_in_total") == 3
        assert metric(after, "messages_out_total") - metric(before, "messages_out_total") == 3
        assert metric(after, 'paragraphs_total{outcome="kept"}') == 3
        assert metric(after, 'paragraphs_total{outcome="across"}') == 1
        assert metric(after, 'dead_letters_total{reason="invalid_json"}') == 1
        assert metric(after, "processing_seconds_count") > 0
        assert metric(after, "rebalances_total") >= 1
        assert metric(after, "ready") == 1
    finally:
        assert replica.terminate() == 0
    assert SECRET not in replica.log_text()
    assert "DEBUG" in replica.log_text()


@pytest.mark.parametrize(
    ("var", "value"),
    [("WORKER_PARTITIONS", "zero"), ("WORKER_DEDUPE_WINDOW", "-5"), ("WORKER_STORE", "x://")],
)
def test_a_replica_with_a_bad_setting_exits_non_zero_naming_it(var: str, value: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "worker", "run"],
        env={"PATH": "/usr/bin:/bin", var: value},
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert proc.returncode != 0
    assert var in proc.stderr.decode()


def test_config_masks_secrets() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "worker", "config"],
        env={
            "PATH": "/usr/bin:/bin",
            "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256",
            "KAFKA_SASL_USERNAME": "svc",
            "KAFKA_SASL_PASSWORD": SECRET,
            "KAFKA_SSL_KEY_PASSWORD": SECRET + "2",
        },
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    out = proc.stdout.decode() + proc.stderr.decode()
    assert SECRET not in out
    assert '"sasl_password": "***"' in out
    assert '"sasl_username": "svc"' in out
    derived = orjson.loads(proc.stdout)["derived"]
    assert derived["produce_bytes"] == Settings().limits.produce_bytes
    assert derived["topic_configs"] == {"max.message.bytes": str(derived["produce_bytes"])}


def test_offline_process_never_logs_a_secret(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "worker", "process", "--no-extract", str(SEED_FILE)],
        env={"PATH": "/usr/bin:/bin", "KAFKA_SASL_PASSWORD": SECRET, "WORKER_LOG_LEVEL": "DEBUG"},
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert SECRET not in proc.stdout.decode() + proc.stderr.decode()


@pytest.mark.integration
async def test_redrive_of_a_fixed_dead_letter_comes_out_clean(
    broker: EmbeddedBroker, tmp_path: Path, fresh_name: Callable[[str], str]
) -> None:
    c = Cluster(app_settings(broker.bootstrap, fresh_name("redrive"), 2), tmp_path)
    await c.create_topics()
    s = c.settings
    [replica] = c.start(1)
    try:
        await c.wait_ready([replica])
        await send_all(s.bootstrap_servers, s.raw_topic, [(b"fixme", b'{"id": "fixme", "body": ')])
        async with Reader(s.bootstrap_servers, c.outputs, s.partitions) as reader:
            [letter] = await reader.until(1, within=60, settle=0)
            assert letter.topic == s.dead_letter_topic
            fixed = {"id": "fixme", "body": "Repaired by the operator."}
            fixes = tmp_path / "fixes.jsonl"
            fixes.write_bytes(
                orjson.dumps(
                    {
                        "partition": letter.value["partition"],
                        "offset": letter.value["offset"],
                        "value": fixed,
                    }
                )
            )
            proc = await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-m", "worker", "redrive", "--fixes", str(fixes)],
                env={**c.env(), "PATH": "/usr/bin:/bin"},
                capture_output=True,
                cwd=ROOT,
                timeout=120,
                check=False,
            )
            assert proc.returncode == 0, proc.stderr.decode()
            assert "re-sent 1 dead letters" in proc.stderr.decode()
            records = await reader.until(2, within=60)
        clean = [r for r in records if r.topic == s.clean_topic]
        assert [r.key for r in clean] == [b"fixme"]
        assert [p["text"] for p in clean[0].value["paragraphs"]] == ["Repaired by the operator."]
    finally:
        assert replica.terminate() == 0
