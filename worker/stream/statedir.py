"""Each replica's own state directory, claimed with a lock.

Replicas started in one working directory would otherwise open the same
RocksDB files and fail on RocksDB's own lock. Under ``WORKER_DATA_DIR`` every
app id has its own folder (a new app id starts from empty local state), and
in it each replica takes the first slot ``replica-N`` whose lock is free.
The lock is an ``flock`` held for the life of the process, so the kernel
releases it on any exit, kill -9 included, and a restarted replica takes its
slot, and the state in it, back.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

from worker.errors import StateDirError

# More replicas than this on one host share no useful amount of work.
MAX_SLOTS = 64


@dataclass(frozen=True)
class StateDir:
    path: Path
    slot: int
    lock_fd: int

    def release(self) -> None:
        os.close(self.lock_fd)


def claim(data_dir: str | Path, app_id: str) -> StateDir:
    """Lock and return the first free replica slot for ``app_id``."""
    root = Path(data_dir) / app_id
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StateDirError(f"WORKER_DATA_DIR={str(data_dir)!r} is not usable: {exc}") from None
    for slot in range(MAX_SLOTS):
        fd = os.open(root / f"replica-{slot}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        path = root / f"replica-{slot}"
        path.mkdir(exist_ok=True)
        return StateDir(path, slot, fd)
    raise StateDirError(
        f"all {MAX_SLOTS} state directories under {root} are in use by running replicas; "
        "give this replica its own WORKER_DATA_DIR"
    )
