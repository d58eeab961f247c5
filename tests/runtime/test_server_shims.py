"""The shims of Odoo 11's prefork server (``--workers``) on CPython 3.11."""
import resource

import pytest

import runtime
from runtime import odoo_patches


def test_setrlimit_refuses_floats_on_this_python():
    """The Python change the shim answers (bpo-37999): no implicit float -> int any more."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    with pytest.raises(TypeError):
        resource.setrlimit(resource.RLIMIT_CPU, (float(soft if soft >= 0 else 10 ** 6), hard))


def test_resource_limits_truncates_floats_like_python_3_9():
    calls = []

    class FakeResource:
        RLIMIT_CPU = resource.RLIMIT_CPU

        def setrlimit(self, which, limits):
            calls.append((which, limits))

    limits = odoo_patches.ResourceLimits(FakeResource())
    limits.setrlimit(limits.RLIMIT_CPU, (612.97, -1))
    assert calls == [(resource.RLIMIT_CPU, (612, -1))]
    assert all(type(v) is int for v in calls[0][1])


def test_resource_limits_really_sets_the_cpu_limit():
    """Odoo's worker sets RLIMIT_CPU to cpu time used + limit_time_cpu (a float)."""
    limits = odoo_patches.ResourceLimits()
    old = resource.getrlimit(resource.RLIMIT_CPU)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    try:
        limits.setrlimit(resource.RLIMIT_CPU, (usage.ru_utime + usage.ru_stime + 100000, old[1]))
        soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        assert soft == int(usage.ru_utime + usage.ru_stime + 100000) and hard == old[1]
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, old)


def test_resource_limits_passes_everything_else_through():
    limits = odoo_patches.ResourceLimits()
    assert limits.getrlimit(resource.RLIMIT_AS) == resource.getrlimit(resource.RLIMIT_AS)
    assert limits.RLIMIT_AS == resource.RLIMIT_AS
    assert limits.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0


def test_odoo_server_module_gets_the_shim_and_only_it():
    runtime.apply()
    from odoo.service import server
    assert isinstance(server.resource, odoo_patches.ResourceLimits)
    assert server.resource._module is resource
    assert not isinstance(resource, odoo_patches.ResourceLimits)  # the stdlib module untouched
    odoo_patches.patch_server(server)  # idempotent
    assert server.resource._module is resource
