"""The test cluster gives every replica a data directory no live replica has: a
replacement for a killed replica removed from the list takes the killed one's."""

from __future__ import annotations

from pathlib import Path

from worker.testing.cluster import Cluster, app_settings
from worker.testing.replicas import Replica


def _replica(tmp: Path, n: int) -> Replica:
    return Replica({"WORKER_DATA_DIR": str(tmp / f"data-{n}")}, tmp / f"replica-{n}.log")


def test_data_directories_are_never_shared(tmp_path: Path) -> None:
    cluster = Cluster(app_settings("localhost:9092", "dirs", 4), tmp_path)
    assert cluster._free_data_dir() == str(tmp_path / "data-0")
    cluster.replicas = [_replica(tmp_path, n) for n in range(3)]
    assert cluster._free_data_dir() == str(tmp_path / "data-3")
    # A victim of a kill -9 test, removed: its replacement takes its directory, not
    # the directory of replica 2, which is still running.
    cluster.replicas.remove(cluster.replicas[0])
    assert cluster._free_data_dir() == str(tmp_path / "data-0")
