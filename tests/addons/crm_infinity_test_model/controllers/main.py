"""Test-only routes for the black-box tests of Odoo's prefork server (tests/blackbox/
test_workers.py): which worker answered, a runaway request, a worker that grows. This addon is
installed in the test databases only, never in the demo or in production."""
import json
import mmap
import os
import time

import psutil

from odoo import http
from odoo.http import request

# address space reserved (not touched: no resident memory) by ``/crm_infinity_test/worker?grow=``
_RESERVED = []


def _json(values):
    return http.Response(json.dumps(values), content_type='application/json')


class WorkerProbe(http.Controller):

    @http.route('/crm_infinity_test/worker', type='http', auth='public')
    def worker(self, grow_mb=0, **kw):
        """The pid of the worker that serves the request; ``grow_mb`` reserves virtual memory in
        it (counted by ``limit_memory_soft``, without using resident memory)."""
        grow_mb = int(grow_mb)
        if grow_mb:
            _RESERVED.append(mmap.mmap(-1, grow_mb * 1024 * 1024))
        return _json({'pid': os.getpid(), 'vms': psutil.Process().memory_info().vms})

    @http.route('/crm_infinity_test/sleep', type='http', auth='public')
    def sleep(self, seconds=60, **kw):
        """A request that waits past ``limit_time_real``."""
        time.sleep(min(float(seconds), 120))
        return _json({'pid': os.getpid(), 'slept': float(seconds)})

    @http.route('/crm_infinity_test/spin', type='http', auth='public')
    def spin(self, seconds=60, **kw):
        """A request that burns CPU past ``limit_time_cpu`` (stops after ``seconds`` of wall
        clock anyway)."""
        deadline = time.time() + min(float(seconds), 120)
        count = 0
        while time.time() < deadline:
            count += 1
        return _json({'pid': os.getpid(), 'spun': count})

    @http.route('/crm_infinity_test/bus_send', type='json', auth='public')
    def bus_send(self, channel, message):
        """Sends ``message`` on the bus from the server, the way the addons notify (the public
        ``/longpolling/send`` is closed: crm_infinity_base/controllers/safe_defaults.py)."""
        request.env['bus.bus'].sudo().sendone(channel, message)
        return {'pid': os.getpid()}
