#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine of this kind, and nothing by hand:
# Debian packages (wkhtmltopdf, chromium, fonts, poppler), PostgreSQL running with the `odoo`
# role, the Python venv with pinned requirements, lessc in node_modules. Idempotent and fast on
# a second run: each step first checks whether it is already done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[setup] %s\n' "$*" >&2; }

# --- Debian packages -------------------------------------------------------------------------
APT_PACKAGES=(wkhtmltopdf chromium chromium-driver fonts-dejavu-core poppler-utils)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # a fresh machine has empty package lists: update first
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" > /tmp/crm-infinity-apt.log 2>&1 \
        || { cat /tmp/crm-infinity-apt.log >&2; exit 1; }
fi

# --- PostgreSQL ------------------------------------------------------------------------------
if ! pg_isready -q -h localhost; then
    log "starting PostgreSQL"
    if command -v pg_ctlcluster >/dev/null; then
        cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
        # shellcheck disable=SC2086
        pg_ctlcluster $cluster start >&2 || service postgresql start >&2
    else
        service postgresql start >&2
    fi
    for _ in $(seq 1 30); do pg_isready -q -h localhost && break; sleep 1; done
fi
if ! su postgres -c "psql -tAc \"select 1 from pg_roles where rolname='odoo'\"" | grep -q 1; then
    log "creating PostgreSQL role odoo"
    su postgres -c "psql -q -c \"create role odoo login createdb password 'odoo'\"" >&2
fi

# --- Python ----------------------------------------------------------------------------------
stamp_of() { cat "$@" | sha256sum | cut -c1-16; }
PY_STAMP=$(stamp_of requirements.txt requirements-odoo.txt)
if [ ! -x .venv/bin/python ]; then
    log "creating .venv"
    python3 -m venv .venv
fi
if [ "$(cat .venv/.crm-infinity-stamp 2>/dev/null)" != "$PY_STAMP" ]; then
    log "installing Python requirements"
    .venv/bin/pip install -q --disable-pip-version-check --upgrade pip wheel 2>&1 | grep -v '^WARNING: Location' >&2 || true
    .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt 2>&1 | grep -v '^WARNING: Location' >&2 || true
    .venv/bin/pip install -q --disable-pip-version-check --no-deps -r requirements-odoo.txt 2>&1 | grep -v '^WARNING: Location' >&2 || true
    .venv/bin/python -c "import runtime; runtime.apply(); import odoo, lxml.html.clean, psycopg2, playwright" >&2
    echo "$PY_STAMP" > .venv/.crm-infinity-stamp
fi

# --- lessc -----------------------------------------------------------------------------------
NODE_STAMP=$(stamp_of package.json package-lock.json)
if [ ! -x node_modules/.bin/lessc ] || [ "$(cat node_modules/.crm-infinity-stamp 2>/dev/null)" != "$NODE_STAMP" ]; then
    log "installing lessc into node_modules"
    npm ci --no-audit --no-fund --loglevel=error >&2
    echo "$NODE_STAMP" > node_modules/.crm-infinity-stamp
fi

# --- local secrets ---------------------------------------------------------------------------
# the master password of the database manager: random, in var/odoo-local.conf (not in git)
if [ ! -f var/odoo-local.conf ]; then
    .venv/bin/python -c "from runtime import localconf; localconf.ensure()"
    log "master password generated in var/odoo-local.conf (not in git)"
fi
