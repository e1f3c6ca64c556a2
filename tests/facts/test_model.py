from __future__ import annotations

from pathlib import Path

import pytest

from worker.facts import ModelIntegrityError, load_model
from worker.facts.model import NER_WEIGHTS_SHA256, file_sha256, model_dir, verify_weights


def test_installed_weights_match_the_pinned_hash() -> None:
    assert file_sha256(model_dir() / "ner" / "model") == NER_WEIGHTS_SHA256


def test_wrong_hash_raises() -> None:
    with pytest.raises(ModelIntegrityError, match="sha256"):
        load_model(expected_sha256="0" * 64)


def test_changed_weights_raise(tmp_path: Path) -> None:
    (tmp_path / "ner").mkdir()
    (tmp_path / "ner" / "model").write_bytes(b"not the pinned weights")
    with pytest.raises(ModelIntegrityError, match="expected"):
        verify_weights(tmp_path)


def test_missing_weights_raise(tmp_path: Path) -> None:
    with pytest.raises(ModelIntegrityError, match="not found"):
        verify_weights(tmp_path)


def test_only_the_needed_components_run() -> None:
    nlp = load_model()
    assert nlp.pipe_names == ["ner"]


def test_blas_threads_are_capped_when_threadpoolctl_is_there() -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from worker.facts.model import limit_blas_threads

    with threadpoolctl.threadpool_limits(limits=None):
        assert limit_blas_threads(1)
        blas = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
        assert all(p["num_threads"] == 1 for p in blas)
