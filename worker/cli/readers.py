"""Raw articles from files or stdin, for ``process`` and ``produce``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import orjson

from worker.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# What a directory is searched for; any file named explicitly is read as JSONL
# unless its suffix says otherwise.
INPUT_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES


def iter_jsonl(stream: BinaryIO) -> Iterator[bytes]:
    """One raw message per non-blank line, bytes exactly as read (minus the newline)."""
    for line in stream:
        stripped = line.rstrip(b"\r\n")
        if stripped.strip():
            yield stripped


def iter_file(path: Path) -> Iterator[bytes]:
    """Raw messages in one file.

    ``.txt``/``.text``/``.md`` is one article body whose id is the file's name
    without its extension; ``.json`` is one article (or a JSON array of
    articles); anything else is JSONL.
    """
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            body = path.read_text(encoding="utf-8", errors="replace")
            yield orjson.dumps({"id": path.stem, "body": body})
        elif suffix in JSON_SUFFIXES:
            yield from _json_file(path.read_bytes())
        else:
            with path.open("rb") as stream:
                yield from iter_jsonl(stream)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _json_file(data: bytes) -> Iterator[bytes]:
    try:
        parsed = orjson.loads(data)
    except orjson.JSONDecodeError:
        yield data  # the worker dead-letters it with its original bytes
        return
    if isinstance(parsed, list):
        yield from (orjson.dumps(item) for item in parsed)
    else:
        yield data


def input_files(paths: Iterable[Path]) -> list[Path]:
    """The files to read: named files as given, directories searched (not
    recursively) for the documented suffixes; a missing path, or a directory
    with nothing to read, is an error rather than silence."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
            )
            if not found:
                suffixes = ", ".join(sorted(INPUT_SUFFIXES))
                raise InputError(f"{path} has no input files ({suffixes})")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    return files


def iter_paths(paths: Iterable[Path]) -> Iterator[bytes]:
    for path in input_files(paths):
        yield from iter_file(path)
