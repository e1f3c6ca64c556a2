"""Pytest fixtures for tests that need a real Kafka-compatible broker.

Import the fixtures into ``tests/conftest.py`` so pytest registers them; the module itself
is deliberately not a conftest, so collecting a subdirectory never starts a second broker.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest

from worker.testing.broker import EmbeddedBroker

__all__ = ["broker", "broker_bootstrap", "fresh_name", "unique_name"]


def unique_name(prefix: str) -> str:
    """A topic/group/app id no other test uses.

    The broker lives for the whole session and cannot delete state reliably, so isolation
    between tests comes from never reusing names.
    """
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    """One in-memory broker per test session (start-up is cheap, but group state is not)."""
    # Under pytest's basetemp the log survives the run, which is where a failure is debugged.
    log_path = tmp_path_factory.mktemp("broker") / "tansu.log"
    embedded = EmbeddedBroker(log_path=log_path)
    embedded.start()
    try:
        yield embedded
    finally:
        embedded.stop()


@pytest.fixture(scope="session")
def broker_bootstrap(broker: EmbeddedBroker) -> str:
    return broker.bootstrap


@pytest.fixture
def fresh_name() -> Callable[[str], str]:
    """:func:`unique_name` as a fixture, for test modules that cannot import this module."""
    return unique_name
