"""Worker replicas as child processes, for the demo and the integration tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from worker.errors import ReplicaFailed

READY_MARK = b"worker ready in"


class Replica:
    """``python -m worker run`` in its own process, logging to a file."""

    def __init__(self, env: Mapping[str, str], log_path: Path) -> None:
        self.env = {**os.environ, **env}
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._started = 0.0

    def start(self) -> Replica:
        self._log = self.log_path.open("ab")
        self._started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "worker", "run"],
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        return self

    def log_text(self) -> str:
        return self.log_path.read_bytes().decode("utf-8", "replace")

    def wait_ready(self, timeout: float = 60.0) -> float:
        """Seconds from start to ready, as the replica reports it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise ReplicaFailed(f"replica exited with {self.proc.returncode}:\n{self.tail()}")
            if READY_MARK in self.log_path.read_bytes():
                return time.monotonic() - self._started
            time.sleep(0.1)
        raise ReplicaFailed(f"replica not ready after {timeout}s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM and wait: the replica finishes what it holds, commits, exits."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._close()
        return code

    def kill(self) -> None:
        """kill -9: no chance to commit or flush."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._close()

    def release(self) -> None:
        """Close the log of a replica that exited by itself (terminate and kill close
        it for the ones they stop)."""
        if self.proc is not None and self.proc.poll() is not None:
            self._close()

    def _close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
