# The two commands of the README. Each sets up its own virtual environment on first use
# (Python 3.11+ and PyPI are all it needs) and reuses it after.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: report validation test clean setup

report: $(STAMP)  ## render a report for every article in seeds/ into reports/, the seeds compared, and the validation page
	$(BIN)/framing report seeds --out reports
	$(BIN)/framing comparison seeds --out reports
	$(BIN)/framing validation --out reports --quick

validation: $(STAMP)  ## the validation page with fully held-out loaded-language figures (about 10 minutes)
	$(BIN)/framing validation --out reports

test: $(STAMP)    ## run the test suite
	$(BIN)/python -m pytest -q

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q analysis   # bytecode an editable install does not write (start-up: issue 15)
	touch $@

clean:
	rm -rf $(VENV) reports build *.egg-info
