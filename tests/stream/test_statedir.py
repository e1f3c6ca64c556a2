"""State directories: one per replica, per app id, given back after a crash."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from worker.errors import StateDirError
from worker.stream import statedir


def test_replicas_in_one_directory_get_their_own_slots(tmp_path: Path) -> None:
    first = statedir.claim(tmp_path, "app")
    second = statedir.claim(tmp_path, "app")
    other_app = statedir.claim(tmp_path, "other")
    assert first.path == tmp_path / "app" / "replica-0"
    assert second.path == tmp_path / "app" / "replica-1"
    assert other_app.path == tmp_path / "other" / "replica-0"
    first.release()
    assert statedir.claim(tmp_path, "app").path == first.path


def test_a_killed_replica_gives_its_slot_back(tmp_path: Path) -> None:
    code = (
        "import sys, time; from worker.stream import statedir; "
        f"s = statedir.claim({str(tmp_path)!r}, 'app'); print(s.slot, flush=True); time.sleep(60)"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"0"
        assert statedir.claim(tmp_path, "app").slot == 1
    finally:
        child.kill()
        child.wait()
        assert child.stdout is not None
        child.stdout.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        claimed = statedir.claim(tmp_path, "app")
        if claimed.slot == 0:
            break
        claimed.release()
    assert claimed.slot == 0


def test_an_unusable_data_dir_names_the_setting(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StateDirError, match="WORKER_DATA_DIR"):
        statedir.claim(blocker, "app")
