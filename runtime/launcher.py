"""Entry point of ``bin/odoo``: apply the runtime shims, then hand over to Odoo's own CLI."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import runtime  # noqa: E402

runtime.apply()

import odoo  # noqa: E402
from runtime import localconf  # noqa: E402

# the master password (and any local setting) of var/odoo-local.conf, never in git
localconf.install(odoo.tools.config)

if os.environ.get('CRM_INFINITY_TEST_SUMMARY'):  # make test-odoo
    from runtime import testing
    testing.apply(os.environ.get('CRM_INFINITY_SKIP_TESTS'), os.environ['CRM_INFINITY_TEST_SUMMARY'])

if __name__ == '__main__':
    odoo.cli.main()
