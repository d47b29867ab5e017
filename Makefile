# `make` sets up .venv from the pinned requirements and builds everything from data/.
# `make test` does the same set-up with the test tools, then runs the whole suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed

.PHONY: all build force check export test lab bench clean

all: build

$(RUNTIME_STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	# Put src/ on the venv's path (what an editable install does, without needing a build backend).
	$(PY) -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_path('purelib'), 'troopledger.pth').write_text(str(pathlib.Path('src').resolve()) + '\\n')"
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

build: $(RUNTIME_STAMP)
	$(PY) -m troopledger build

force: $(RUNTIME_STAMP)
	$(PY) -m troopledger build --force

check: $(RUNTIME_STAMP)
	$(PY) -m troopledger check

export: $(RUNTIME_STAMP)
	$(PY) -m troopledger export

test: $(DEV_STAMP)
	$(PY) -m pytest

lab: $(RUNTIME_STAMP)
	$(PY) -m jupyterlab notebooks/

bench: $(DEV_STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .build-stamp test-output .pytest_cache .hypothesis
