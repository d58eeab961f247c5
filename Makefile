# The two commands of the README are `make run` and `make test`; the rest are extras.
SHELL := /bin/bash
PY := .venv/bin/python
DB ?= crm_infinity

.PHONY: run test setup demo-db bench test-odoo i18n

## Set up everything on a fresh machine and serve the demo on http://localhost:8069 (admin/admin)
run: setup
	$(PY) scripts/create_db.py $(DB) --log var/$(DB)-install.log
	@echo "Serving http://localhost:8069 (admin / admin)"
	bin/odoo -c odoo.conf -d $(DB) --db-filter '^$(DB)$$'

## Set up everything on a fresh machine and run the whole test suite
test: setup
	$(PY) -m pytest

setup:
	@mkdir -p var
	@scripts/setup.sh

## Performance figures, each as a ratio against a baseline run in the same process
bench: setup
	$(PY) scripts/bench.py --write

## Odoo's own test suites of every Odoo module the addons depend on, on this runtime
test-odoo: setup
	$(PY) scripts/test_odoo.py

## Refresh the translation templates and merge them into it.po (needs the test database)
i18n: setup
	$(PY) scripts/i18n.py
