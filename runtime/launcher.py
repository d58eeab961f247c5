"""Entry point of ``bin/odoo``: apply the runtime shims, then hand over to Odoo's own CLI."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import runtime  # noqa: E402

runtime.apply()

import odoo  # noqa: E402

if __name__ == '__main__':
    odoo.cli.main()
