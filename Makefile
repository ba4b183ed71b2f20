# One source of truth for the test command: README's Quickstart and .ci/run both call `make test`.
PYTHON ?= python3
VENV ?= .venv

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

.PHONY: install test
install: $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e ".[test]"

test: install
	$(VENV)/bin/python -m pytest -n 2 -q
