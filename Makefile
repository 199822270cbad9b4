# OpenWFO — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8080
STAMP  := $(VENV)/.installed

.PHONY: demo test test-sqlite test-postgresql lint bench serve clean install

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

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data demo-data
