"""A short, deterministic pass of the fuzz target without atheris.

The same ``check`` as ``fuzz_ingest.py`` runs over the seed corpus, over
mutations of it, and over articles built from a seeded ``random.Random``
through the same recipe, so a failure here replays exactly: the message names
the seed and the input.
"""

from __future__ import annotations

import random

import pytest

from tests.fuzz.fuzz_ingest import CORPUS, RandomSource, build_input, check

SEED = 20_240_601
INPUTS = 6000
BATCHES = 6


def test_the_corpus_is_small_and_present() -> None:
    files = sorted(CORPUS.iterdir())
    assert len(files) >= 10
    assert sum(f.stat().st_size for f in files) < 64 * 1024


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_corpus_input(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    check(path.read_bytes())


def mutate(rng: random.Random, value: bytes) -> bytes:
    """What libFuzzer does most: flip, insert, erase, repeat or splice bytes."""
    data = bytearray(value)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(data))
        how = rng.randint(0, 4)
        if how == 0 and data:
            data[min(at, len(data) - 1)] ^= 1 << rng.randint(0, 7)
        elif how == 1:
            data[at:at] = rng.randbytes(rng.randint(1, 8))
        elif how == 2:
            del data[at : at + rng.randint(1, 16)]
        elif how == 3:
            data[at:at] = data[at : at + rng.randint(1, 8)] * rng.randint(2, 200)
        else:
            data[at:at] = rng.choice([b"<div>", b"&amp;", b'"', rb"\u0000", rb"\ud800", rb"\n"])
    return bytes(data)


def run(values: list[bytes], seed: int) -> None:
    for index, value in enumerate(values):
        try:
            check(value)
        except Exception as exc:  # pragma: no cover - the failure report
            raise AssertionError(f"seed {seed}, input {index}: {value[:300]!r}") from exc


@pytest.mark.timeout(120, method="thread")
@pytest.mark.parametrize("batch", range(BATCHES))
def test_random_articles(batch: int) -> None:
    rng = random.Random(SEED + batch)
    source = RandomSource(rng)
    run([build_input(source) for _ in range(INPUTS // BATCHES)], SEED + batch)


@pytest.mark.timeout(120, method="thread")
def test_mutated_corpus_and_random_bytes() -> None:
    rng = random.Random(SEED)
    seeds = [path.read_bytes() for path in sorted(CORPUS.iterdir())]
    values = [mutate(rng, rng.choice(seeds)) for _ in range(INPUTS // 2)]
    values += [rng.randbytes(rng.randint(0, 300)) for _ in range(INPUTS // 10)]
    run(values, SEED)
