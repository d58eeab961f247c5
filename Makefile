# The two commands of the README are `make run` and `make test`; the rest are extras.
SHELL := /bin/bash
PY := .venv/bin/python
DB ?= crm_infinity
# interface make run listens on: loopback unless opened on purpose (make run HOST=0.0.0.0)
HOST ?= 127.0.0.1

.PHONY: run test setup demo-db bench test-odoo i18n

## Set up everything on a fresh machine and serve the demo on http://localhost:8069 (admin/admin)
## (loopback only; HOST=0.0.0.0 to serve other machines, see README "Deploying for real")
run: setup
	$(PY) scripts/create_db.py $(DB) --log var/$(DB)-install.log
	@echo "Serving http://$(HOST):8069 (admin / admin; master password in var/odoo-local.conf)"
	bin/odoo -c odoo.conf -d $(DB) --db-filter '^$(DB)$$' --http-interface $(HOST)

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
