# OpenWFO — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8080
STAMP  := $(VENV)/.installed

.PHONY: demo test test-sqlite test-postgresql lint bench fuzz serve clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/openwfo demo --port $(PORT) --data-dir ./demo-data

serve: $(STAMP)
	$(BIN)/openwfo serve --port $(PORT) --data-dir ./data

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

# The whole suite runs twice: on the embedded default (SQLite) and on PostgreSQL.
test: lint test-sqlite test-postgresql

test-sqlite: $(STAMP)
	OPENWFO_TEST_DB=sqlite $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test-postgresql: $(STAMP)
	OPENWFO_TEST_DB=postgresql $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# Longer fuzzing than `make test` runs: schemathesis over a seeded demo tenant, and every operation.
fuzz: $(STAMP)
	OPENWFO_TEST_DB=sqlite OPENWFO_FUZZ_SECONDS=$${OPENWFO_FUZZ_SECONDS:-1200} OPENWFO_FUZZ_EXAMPLES=$${OPENWFO_FUZZ_EXAMPLES:-30} \
		$(BIN)/python -m pytest -p no:xdist tests/test_fuzz_stateful.py tests/test_fuzz_openapi.py

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data demo-data
