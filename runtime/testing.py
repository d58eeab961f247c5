"""Instrumentation of Odoo's own test runner, for ``make test-odoo`` only.

* A skip list (one test id prefix per line, ``# reason`` after it) turns matching tests into
  skips that show in the counts, instead of silently dropping them.
* A JSON summary of every test module's counts is written at exit, so the totals do not depend
  on parsing the log.
Enabled by the launcher when CRM_INFINITY_TEST_SUMMARY is set.
"""
import atexit
import json
import types
import unittest

_results = {}


def load_skips(path):
    skips = {}
    if not path:
        return skips
    with open(path, encoding='utf-8') as f:
        for line in f:
            test_id, _sep, reason = line.partition('#')
            if test_id.strip():
                skips[test_id.strip()] = reason.strip() or 'in the skip list'
    return skips


def _skip_reason(test, skips):
    test_id = test.id()
    for prefix, reason in skips.items():
        if test_id == prefix or test_id.startswith(prefix + '.'):
            return reason
    return None


def _mark_skipped(test, reason):
    def skipped(*args, **kwargs):
        raise unittest.SkipTest(reason)
    # setUp would still run (and may be what fails): skip it too
    test.setUp = lambda: None
    setattr(test, test._testMethodName, skipped)


class _RecordingRunner(unittest.TextTestRunner):
    def run(self, test):
        result = super().run(test)
        logger = getattr(self.stream, 'logger', None)  # Odoo's TestStream, named after the module
        name = logger.name if logger else '?'
        entry = _results.setdefault(str(name), {'run': 0, 'failures': [], 'errors': [], 'skipped': 0})
        entry['run'] += result.testsRun
        entry['failures'] += [t.id() if hasattr(t, 'id') else str(t) for t, _tb in result.failures]
        entry['errors'] += [t.id() if hasattr(t, 'id') else str(t) for t, _tb in result.errors]
        entry['skipped'] += len(result.skipped)
        return result


def apply(skip_file, summary_file):
    import odoo.modules.module as module
    skips = load_skips(skip_file)
    original_unwrap = module.unwrap_suite

    def unwrap_suite(test):
        for case in original_unwrap(test):
            if isinstance(case, unittest.TestCase):
                reason = _skip_reason(case, skips)
                if reason:
                    _mark_skipped(case, reason)
            yield case
    module.unwrap_suite = unwrap_suite

    patched = types.ModuleType('unittest')
    patched.__dict__.update(unittest.__dict__)
    patched.TextTestRunner = _RecordingRunner
    module.unittest = patched

    def dump():
        with open(summary_file, 'w', encoding='utf-8') as f:
            json.dump(_results, f, indent=1, sort_keys=True)
    atexit.register(dump)
