"""Child processes as Linux's /proc shows them: a replica's extraction process,
for the benchmarks' CPU figures and the tests that kill it."""

from __future__ import annotations

from pathlib import Path


def children(pid: int, recursive: bool = True) -> list[int]:
    """The live children of pid (and theirs, when recursive)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = [int(c) for c in task.read_text().split()]
        except OSError:
            continue
        for kid in kids:
            found += [kid, *children(kid)] if recursive else [kid]
    return [k for k in found if alive(k)]


def alive(pid: int) -> bool:
    """Running or sleeping: neither gone nor a zombie waiting for its parent."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
