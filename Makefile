# One source of truth for the test command: README's Quickstart and .ci/run both call `make test`.
PYTHON ?= python3
VENV ?= .venv

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

.PHONY: install test pdfua
install: $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e ".[test]"

# Python's own default is to cache compiled modules (__pycache__); some shells and containers switch that off with
# PYTHONDONTWRITEBYTECODE, and then every test worker and every process a test starts compiles reporter and the
# tests again (and pytest rewrites every test module's asserts again): about 10 CPU-seconds of the suite.
test: install
	env -u PYTHONDONTWRITEBYTECODE $(VENV)/bin/python -m pytest -n 2 -q

# The outside PDF/UA-1 checker on the sample reports and the overview, in a venv of its own: pdfua brings lxml,
# which would switch openpyxl to another XML parser in the test environment (docs/templates.md, "Accessibility").
# pdfua is an alpha; its rules may change between minor versions, hence the cap.
pdfua: install
	$(PYTHON) -m venv .venv-pdfua
	.venv-pdfua/bin/python -m pip install --quiet "pdfua>=0.1.3,<0.2"
	rm -rf build/pdfua
	$(VENV)/bin/reporter build sample_inputs --out build/pdfua --quiet
	$(VENV)/bin/reporter build sample_inputs --out build/pdfua --quarter 2026-Q3 --quiet
	$(VENV)/bin/reporter build sample_inputs/dachdecker.xlsx --out build/pdfua --year 2025 --quiet
	.venv-pdfua/bin/pdfua check build/pdfua/*/*.pdf
