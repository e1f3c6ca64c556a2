from __future__ import annotations

import pytest

from worker.facts import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()
