"""Reading raw articles from files for ``process`` and ``produce``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import orjson

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})


def iter_jsonl(stream: BinaryIO) -> Iterator[bytes]:
    """One raw message per non-blank line, bytes exactly as read (minus the newline)."""
    for line in stream:
        stripped = line.rstrip(b"\r\n")
        if stripped.strip():
            yield stripped


def iter_file(path: Path) -> Iterator[bytes]:
    """Raw messages in one file.

    ``.txt`` is one article body whose id is the file's name without its
    extension; ``.json`` is one article (or a JSON array of articles);
    anything else is JSONL.
    """
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        body = path.read_text(encoding="utf-8", errors="replace")
        yield orjson.dumps({"id": path.stem, "body": body})
    elif suffix == ".json":
        data = path.read_bytes()
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:
            yield data  # the worker dead-letters it with its original bytes
            return
        if isinstance(parsed, list):
            yield from (orjson.dumps(item) for item in parsed)
        else:
            yield data
    else:
        with path.open("rb") as stream:
            yield from iter_jsonl(stream)


def iter_paths(paths: Iterable[Path]) -> Iterator[bytes]:
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.iterdir() if p.is_file()):
                yield from iter_file(child)
        else:
            yield from iter_file(path)
