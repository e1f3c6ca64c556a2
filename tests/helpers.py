"""Helpers shared by the tests: schema validation and seed access."""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from worker.core.codec import load_schema

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_FILE = FIXTURES / "seed_article.txt"

SCHEMA_FOR_TOPIC = {
    "articles.clean": "clean_article",
    "articles.duplicates": "duplicate_article",
    "articles.dead-letter": "dead_letter",
}


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return]


def assert_valid(name: str, value: Any) -> None:
    errors = sorted(validator(name).iter_errors(value), key=str)
    assert not errors, [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors]


def build_wheel(source: Path, dist: Path) -> Path:
    """The wheel of the project at ``source``, built as the image builds it
    (no dependencies, no isolation), into ``dist``."""
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    done = subprocess.run(
        [*pip_wheel, "-q", "--wheel-dir", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [wheel] = dist.glob("*.whl")
    return wheel
