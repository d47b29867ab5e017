# `make` sets up .venv from the pinned requirements and builds everything from data/.
# `make test` does the same set-up with the test tools, then runs the whole suite.
# Both also install the git filter that commits notebooks saved in JupyterLab as the build writes them.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed
# The clean filter named in .gitattributes; git runs it from the repository root.
NB_FILTER     := troopledger-notebook
NB_FILTER_CMD := $(PY) -m troopledger nbclean
# `make lab LAB_ARGS="--port 8890 --ip 0.0.0.0 --IdentityProvider.token=abc"`: options for JupyterLab, which
# override the bundle's Jupyter configuration in .jupyter/ (see the lab target).
LAB_ARGS ?=

.PHONY: all help build force check export test lab bench clean notebook-filter

all: notebook-filter build ## set up .venv, install the notebook filter, build figures/ and notebooks/ from data/

help: ## list these targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 24

# The pinned requirements, then the package itself, editable, with its `troopledger` command (pip builds it with
# flit_core, pinned in requirements.txt, so nothing is fetched for the build).
$(RUNTIME_STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	$(PY) -m pip install --disable-pip-version-check -q --no-build-isolation --no-deps -e .
	touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

# Skipped outside a git checkout (e.g. an unpacked archive), and silent when already installed.
notebook-filter: $(RUNTIME_STAMP) ## let git commit notebooks saved in JupyterLab exactly as the build writes them
	@if [ "$$(git rev-parse --show-toplevel 2>/dev/null)" != "$$(pwd -P)" ]; then \
		echo "notebook-filter: not a git checkout, nothing to install"; \
	elif [ "$$(git config --get filter.$(NB_FILTER).clean)" != "$(NB_FILTER_CMD)" ]; then \
		git config filter.$(NB_FILTER).clean "$(NB_FILTER_CMD)" \
		&& echo "notebook-filter: git now commits notebooks/*.ipynb as the build writes them (see .gitattributes)" \
		|| echo "notebook-filter: could not write the git config; notebooks saved in JupyterLab may look changed"; \
	fi

build: $(RUNTIME_STAMP) ## check data/, then rebuild figures/, notebooks/ and the codebook (unless nothing changed)
	$(PY) -m troopledger build

force: $(RUNTIME_STAMP) ## rebuild even when nothing changed
	$(PY) -m troopledger build --force

check: $(RUNTIME_STAMP) ## validate the ledger and list every problem
	$(PY) -m troopledger check

export: $(RUNTIME_STAMP) ## write figures/ from data/ without running the notebooks
	$(PY) -m troopledger export

test: $(DEV_STAMP) notebook-filter ## the same set-up with the test tools, then the whole test suite
	$(PY) -m pytest

# The bundle's Jupyter configuration, .jupyter/jupyter_server_config.py: the repository as root (data/ and
# figures/ reachable) with notebooks/ open, 127.0.0.1, --allow-root only for root, no news pop-up, and saves
# written as the build writes them. LAB_ARGS and the user's own ~/.jupyter take precedence.
lab: notebook-filter ## open JupyterLab at the repository root (LAB_ARGS for port, IP, token)
	JUPYTER_CONFIG_PATH="$(CURDIR)/.jupyter$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" $(PY) -m jupyterlab $(LAB_ARGS)

bench: $(DEV_STAMP) ## print the speed benchmark (bench/run.py)
	$(PY) bench/run.py

clean: ## remove .venv and every cache
	rm -rf $(VENV) .build-stamp .build-lock test-output .pytest_cache .hypothesis
