"""The extraction process: the same records as extraction in the replica's own
process, a dead child costs one batch, and a child never outlives its parent."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import orjson
import pytest

from worker.core.assemble import Finishing, OutputTopics, finish_all
from worker.core.ingest import prepare
from worker.core.models import ClaimResult, Owner, PreparedArticle, Record, Verdict
from worker.core.settings import Settings
from worker.facts import Extractor
from worker.stream.extraction import ExtractionProcess
from worker.testing.processes import alive, children, cmdline

TOPICS = OutputTopics("clean", "duplicates", "dead-letter")
LIMITS = Settings().limits
BODIES = [
    "Shares of Ford fell 6% in New York on Tuesday.\n\n"
    '"We will fix it," chief executive Jim Farley said in Detroit.',
    "The European Central Bank held rates at 2% on 5 June 2025, President Christine "
    "Lagarde said in Frankfurt.",
    "Nothing to see here.",
]


def items() -> list[Finishing]:
    out: list[Finishing] = []
    for n, body in enumerate(BODIES):
        raw = {"id": f"a{n}", "url": f"https://example.com/{n}", "title": "T", "body": body}
        prepared = prepare(orjson.dumps(raw), LIMITS)
        assert isinstance(prepared, PreparedArticle)
        results = [
            ClaimResult(p.hash, p.index, Verdict.NEW, Owner(f"a{n}", p.index, 100.0))
            for p in prepared.paragraphs
        ]
        out.append((prepared, results, 100.0 + n))
    return out


@pytest.fixture(scope="module")
def process() -> Iterator[ExtractionProcess]:
    extraction = ExtractionProcess()
    extraction.start()
    yield extraction
    extraction.close()


def encoded(records: Sequence[tuple[Record, int]]) -> list[bytes]:
    return [orjson.dumps(r.value) for r, _ in records]


async def test_the_child_builds_the_records_the_replica_would(
    process: ExtractionProcess,
) -> None:
    batch = items()
    here = finish_all(batch, Extractor(), TOPICS)
    there = await process.finish(batch, TOPICS)
    assert encoded(there) == encoded(here)
    assert any(r.value["entities"] for r, _ in there)


def test_the_set_up_runs_in_the_child(tmp_path: Path) -> None:
    marker = tmp_path / "child-was-set-up"
    extraction = ExtractionProcess(functools.partial(Path.touch, marker))
    try:
        extraction.start()
        assert marker.exists()
    finally:
        extraction.close()


async def test_a_dead_child_fails_its_batch_and_the_next_batch_gets_a_new_one(
    process: ExtractionProcess,
) -> None:
    first = await process.finish(items(), TOPICS)
    assert process._pool is not None
    [child] = process._pool._processes  # the pool's one child, by pid
    os.kill(child, signal.SIGKILL)
    with pytest.raises(BrokenProcessPool):
        await process.finish(items(), TOPICS)
    again = await process.finish(items(), TOPICS)
    assert encoded(again) == encoded(first)
    assert _children(os.getpid()) and child not in _children(os.getpid())


PARENT = """
import sys, time
from worker.stream.extraction import ExtractionProcess
from worker.testing.processes import alive, children, cmdline
if __name__ == "__main__":
    e = ExtractionProcess()
    e.start()
    print("ready", flush=True)
    time.sleep(600)
"""


def test_the_child_exits_when_its_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE)
    kids: list[int] = []
    try:
        assert parent.stdout is not None and parent.stdout.readline() == b"ready\n"
        kids = _children(parent.pid)
        assert kids, "the parent has no extraction process"
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while any(alive(k) for k in kids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(k) for k in kids)
    finally:
        parent.kill()
        parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
        for k in kids:
            if alive(k):
                os.kill(k, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    """Live children that run Python (not the resource tracker's helpers)."""
    return [k for k in children(pid, recursive=False) if b"spawn_main" in cmdline(k)]
