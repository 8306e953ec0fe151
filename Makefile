# Two commands: `make run` (set up and serve the demo) and `make test` (run the suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAGE ?= propagated


.PHONY: run test install migrate demo serve lint messages bench bench-evaluate bench-load clean

$(BIN)/dienhinh: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/dienhinh

install: $(BIN)/dienhinh

migrate: install
	DEBUG=$${DEBUG:-true} $(BIN)/dienhinh migrate --no-input

demo: migrate
	DEBUG=$${DEBUG:-true} $(BIN)/dienhinh demo $(if $(STAGE),--stage $(STAGE),)

run: demo
	DEBUG=$${DEBUG:-true} $(BIN)/dienhinh demo_logins
	@echo "Phục vụ tại http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"
	DEBUG=$${DEBUG:-true} $(BIN)/dienhinh serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

# The English catalogue: collect the Vietnamese source texts, then compile. Translate
# every new entry of src/dienhinh/locale/en/LC_MESSAGES/django.po before committing
# (tests/test_i18n.py fails on an empty or fuzzy one).
messages: install
	cd src/dienhinh && $(CURDIR)/$(BIN)/dienhinh makemessages -l en --no-obsolete --add-location file
	cd src/dienhinh && $(CURDIR)/$(BIN)/dienhinh compilemessages
	$(BIN)/python scripts/find_bilingual.py

bench: install
	$(BIN)/python bench/import.py

bench-evaluate: install
	$(BIN)/python bench/evaluate.py

bench-load: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) data
