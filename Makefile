# Every target bootstraps .venv from pyproject.toml; nothing else needs installing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv test lint format unit integration demo bench profile soak fuzz clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

lint: venv
	$(BIN)/ruff check worker tests bench examples
	$(BIN)/ruff format --check worker tests bench examples
	$(BIN)/mypy --strict worker
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff format worker tests bench examples
	$(BIN)/ruff check --fix worker tests bench examples

test: lint
	$(BIN)/python -m pytest -q

unit: venv
	$(BIN)/python -m pytest -q -m "not integration"

integration: venv
	$(BIN)/python -m pytest -q -m integration

demo: venv
	$(BIN)/python -m worker demo

bench: venv
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_stream.py --articles 15000
	$(BIN)/python bench/bench_state.py

# Where one replica's time goes under load (py-spy samples it; top functions printed).
profile: venv
	$(BIN)/python bench/profile_stream.py

# Coverage-guided fuzzing of ingest (codec, splitter, hashing): 100k inputs,
# new inputs kept outside the repository. `make test` runs a short smoke pass.
fuzz: venv
	$(BIN)/python tests/fuzz/fuzz_ingest.py -atheris_runs=100000 tests/fuzz/corpus

# Not part of `make test`: a bounded steady-rate run that shows RSS over time.
soak: venv
	$(BIN)/python bench/soak.py --seconds 300 --rate 100

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
