# Two commands on a fresh machine: `make demo` (set up + run on the examples) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= onrecord.db

.PHONY: setup demo test lint eval bench bench-quick clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,chart]"
	touch $(STAMP)

demo: setup
	$(BIN)/onrecord ingest examples/seeds --db $(DB)
	$(BIN)/onrecord speakers --db $(DB)
	$(BIN)/onrecord quotes --db $(DB) --speaker "Sergei Ryabkov" --search NATO

test: setup
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

# Throughput against bare spaCy and textacy (README, Performance); textacy only in the bench env.
bench: setup
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/throughput.py

bench-quick: setup
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/throughput.py --quick

eval: setup
	$(BIN)/onrecord eval seeds

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .ruff_cache
