"""safe_eval is a security boundary: on 3.11 it must evaluate what Odoo 11 evaluated on 3.5-3.7,
and refuse everything Odoo 11 refused (imports, dunders, frames, code objects, exec/eval,
attribute stores, closures...)."""
import datetime
import importlib
import time
from opcode import opmap

import pytest

from odoo.tools.safe_eval import const_eval, expr_eval, safe_eval

from runtime.odoo_patches import SAFE_EVAL_EQUIVALENTS

se = importlib.import_module('odoo.tools.safe_eval')  # odoo.tools re-exports the function

# --- what Odoo code and data evaluate every day ----------------------------------------------


@pytest.mark.parametrize('expr, ctx, expected', [
    ("[('user_id', '=', uid), ('state', 'in', ['draft', 'open', 'paid'])]", {'uid': 7},
     [('user_id', '=', 7), ('state', 'in', ['draft', 'open', 'paid'])]),
    ("{'default_type': 'opportunity', 'search_default_assigned_to_me': 1}", {},
     {'default_type': 'opportunity', 'search_default_assigned_to_me': 1}),
    ("'/mail/view?model=%s&res_id=%s' % (model, res_id)", {'model': 'crm.lead', 'res_id': 3},
     '/mail/view?model=crm.lead&res_id=3'),
    ("(ctx.get('x') or 0) + 2 ** 3 - 10 // 3 % 2", {'ctx': {}}, 7),
    ("[x * 2 for x in range(4) if x is not None and x not in (1,)]", {}, [0, 4, 6]),
    ("{k: v for k, v in pairs}", {'pairs': [('a', 1)]}, {'a': 1}),
    ("sum(x for x in range(5))", {}, 10),
    ("sorted(items, key=lambda r: -r)[0]", {'items': [1, 3, 2], 'sorted': sorted}, 3),
    ("f(1, *rest, **kw)", {'f': lambda *a, **k: (a, k), 'rest': [2], 'kw': {'z': 1}},
     ((1, 2), {'z': 1})),
    ("'ok' if a is None else 'ko'", {'a': None}, 'ok'),
    ("items[1:3]", {'items': [0, 1, 2, 3]}, [1, 2]),
    ("{1, 2, 3} | {4}", {}, {1, 2, 3, 4}),
    ("(context_today() - relativedelta(days=1)).strftime('%Y-%m-%d')",
     {'context_today': lambda: datetime.date(2026, 1, 2),
      'relativedelta': lambda days: datetime.timedelta(days=days)}, '2026-01-01'),
    ("time.strftime('%Y')", {'time': time}, time.strftime('%Y')),
])
def test_everyday_expressions_evaluate(expr, ctx, expected):
    assert safe_eval(expr, ctx) == expected


def test_server_action_code_in_exec_mode():
    code = """
total = 0
for line in lines:
    if line['qty'] > 1:
        total += line['qty'] * line['price']
    elif line['qty'] == 1:
        continue
try:
    ratio = total / 0
except ZeroDivisionError:
    ratio = None
while total > 100:
    total -= 100
    break
records.append(total)
result = {'total': total, 'ratio': ratio}
"""
    records = []
    ctx = {'lines': [{'qty': 2, 'price': 60.0}, {'qty': 1, 'price': 5}], 'records': records,
           'ZeroDivisionError': ZeroDivisionError}
    safe_eval(code, ctx, mode='exec', nocopy=True)
    assert ctx['result'] == {'total': 20.0, 'ratio': None}
    assert records == [20.0]


def test_const_eval_accepts_literals_only():
    assert const_eval("[1, 2, (3, 4), {'a': 'b'}, {5, 6, 7}]") == [1, 2, (3, 4), {'a': 'b'}, {5, 6, 7}]
    with pytest.raises(ValueError):
        const_eval("1 + x")


def test_expr_eval_refuses_names():
    assert expr_eval("[1, 2] * 2") == [1, 2, 1, 2]
    with pytest.raises((ValueError, NameError)):
        expr_eval("__import__('os')")


# --- what must stay forbidden ----------------------------------------------------------------

FORBIDDEN = [
    # imports
    ("__import__('os').system('true')", 'eval'),
    ("import os", 'exec'),
    ("from os import system", 'exec'),
    ("from os import *", 'exec'),
    # dunder escapes to object / subclasses / globals
    ("().__class__.__bases__[0].__subclasses__()", 'eval'),
    ("''.__class__.__mro__[-1].__subclasses__()", 'eval'),
    ("(lambda: 0).__globals__", 'eval'),
    ("(lambda: 0).__code__", 'eval'),
    ("[c for c in ().__class__.__base__.__subclasses__()]", 'eval'),
    ("x = 1\nx.__dict__", 'exec'),
    # frames, code objects, tracebacks
    ("(x for x in []).gi_frame.f_globals", 'eval'),
    ("(x for x in []).gi_code", 'eval'),
    ("(x for x in []).gi_frame.f_back", 'eval'),
    ("e.tb_frame.f_globals", 'eval'),
    ("f.f_code", 'eval'),
    ("g.cr_frame", 'eval'),
    ("g.ag_frame", 'eval'),
    ("func.func_globals", 'eval'),
    ("c.co_code", 'eval'),
    ("try:\n    1/0\nexcept Exception as e:\n    e.__traceback__.tb_frame", 'exec'),
    # attribute and global stores
    ("obj.attr = 1", 'exec'),
    ("del obj.attr", 'exec'),
    ("def f():\n    global x\n    x = 1", 'exec'),
    # closures (never allowed by Odoo 11)
    ("(lambda a: (lambda: a))(1)()", 'eval'),
    # with, class, assert, yield from, pattern matching, star-unpacking assignment
    ("with open('/etc/passwd') as f:\n    pass", 'exec'),
    ("class A:\n    pass", 'exec'),
    ("assert False", 'exec'),
    ("def g():\n    yield from [1]", 'exec'),
    ("match x:\n    case [a]:\n        pass", 'exec'),
    ("a, *b = [1, 2]", 'exec'),
    ("async def f():\n    await g()", 'exec'),
    ("async def f():\n    yield 1", 'exec'),
    ("try:\n    pass\nexcept* ValueError:\n    pass", 'exec'),
    ("match x:\n    case {'a': 1}:\n        pass", 'exec'),
    ("match x:\n    case Point(x=0):\n        pass", 'exec'),
]


@pytest.mark.parametrize('expr, mode', FORBIDDEN)
def test_forbidden_code_is_refused_before_running(expr, mode):
    with pytest.raises((ValueError, NameError, SyntaxError)):
        se.test_expr(expr, se._SAFE_OPCODES, mode=mode)


@pytest.mark.parametrize('expr', [
    "eval('1')", "exec('x = 1')", "open('/etc/passwd')", "getattr(1, 'real')", "compile('1', '', 'eval')",
    "globals()", "locals()", "vars()", "type(1)", "object", "setattr", "delattr", "input()",
    "breakpoint()", "memoryview(b'')",
])
def test_dangerous_builtins_are_not_reachable(expr):
    with pytest.raises(ValueError) as info:  # NameError wrapped by safe_eval
        safe_eval(expr, {})
    assert 'NameError' in str(info.value)


def test_code_objects_are_refused():
    with pytest.raises(TypeError):
        safe_eval(compile('1', '', 'eval'))


def test_import_of_allowed_module_still_limited():
    # Odoo 11 allows only time/math/_strptime through __import__, and IMPORT_NAME is not whitelisted
    with pytest.raises(ValueError):
        safe_eval("import math", {}, mode='exec')


def test_sandbox_globals_are_not_altered():
    ctx = {'a': 1}
    safe_eval("b = a + 1", ctx, mode='exec')
    assert 'b' not in ctx


def test_str_format_is_refused():
    """str.format follows dunder attributes written in the format string (read secrets)."""
    import datetime as dt
    with pytest.raises(NameError):
        safe_eval("'{0.__globals__[sys].modules[odoo].tools.config.options[admin_passwd]}'"
                  ".format(timezone)", {'timezone': dt.timezone})
    with pytest.raises(NameError):
        safe_eval("'{x.__class__}'.format_map(d)", {'d': {'x': 1}})
    # %-formatting, the Odoo 11 idiom, stays
    assert safe_eval("'%s-%s' % (a, b)", {'a': 1, 'b': 2}) == '1-2'


@pytest.mark.parametrize('expr', [
    "datetime.sys.modules['os'].getpid()",
    "dateutil.relativedelta.calendar.sys.modules['os']",
    "time.os",
    "x.builtins",
])
def test_module_hops_from_raw_modules_are_refused(expr):
    """Odoo 11 passes raw modules (datetime, dateutil) in eval contexts: no hop to sys/os."""
    import datetime as dt
    import dateutil.relativedelta
    import dateutil
    with pytest.raises(NameError):
        safe_eval(expr, {'datetime': dt, 'dateutil': dateutil, 'time': time, 'x': object()})


def test_large_literals_still_const_evaluate():
    big_dict = "{%s}" % ','.join("'k%d': %d" % (i, i) for i in range(40))
    assert len(const_eval(big_dict)) == 40
    big_tuple = "(%s)" % ','.join('[%d]' % i for i in range(40))
    assert len(const_eval(big_tuple)) == 40
    assert len(expr_eval("(%s)" % ','.join('[%d]' % i for i in range(40)))) == 40
    assert len(const_eval("{%s}" % ','.join('(%d,)' % i for i in range(40)))) == 40


def test_more_server_action_constructs():
    code = """
out = []
for i in range(3):
    try:
        if i == 1:
            continue
        out.append(i)
    finally:
        out.append('f')
pairs = [(a, b) for a in range(2) for b in range(2) if a != b]
if (n := len(pairs)) == 2:
    out.append(n)
label = f"{n} coppie"
try:
    raise ValueError('x')
except ValueError as err:
    try:
        raise KeyError('y') from err
    except KeyError:
        out.append('chained')
match n:
    case 2:
        out.append('due')
    case _:
        out.append('altro')
"""
    ctx = {'ValueError': ValueError, 'KeyError': KeyError}
    safe_eval(code, ctx, mode='exec', nocopy=True)
    assert ctx['out'] == [0, 'f', 'f', 2, 'f', 2, 'chained', 'due']
    assert ctx['label'] == '2 coppie'


NEVER_ALLOWED = ['IMPORT_NAME', 'IMPORT_FROM', 'IMPORT_STAR', 'STORE_ATTR', 'DELETE_ATTR',
                 'STORE_GLOBAL', 'DELETE_GLOBAL', 'LOAD_DEREF', 'STORE_DEREF', 'LOAD_CLOSURE',
                 'MAKE_CELL', 'COPY_FREE_VARS', 'LOAD_CLASSDEREF', 'BEFORE_WITH',
                 'WITH_EXCEPT_START', 'LOAD_BUILD_CLASS', 'SETUP_ANNOTATIONS', 'PRINT_EXPR',
                 'LOAD_ASSERTION_ERROR', 'SEND', 'GET_YIELD_FROM_ITER', 'GET_AWAITABLE',
                 'MATCH_CLASS', 'MATCH_KEYS', 'MATCH_MAPPING', 'MATCH_SEQUENCE', 'GET_LEN',
                 'UNPACK_EX', 'DELETE_SUBSCR', 'DELETE_DEREF', 'CHECK_EG_MATCH',
                 'PREP_RERAISE_STAR', 'ASYNC_GEN_WRAP', 'BEFORE_ASYNC_WITH', 'GET_AITER',
                 'GET_ANEXT', 'JUMP_BACKWARD_NO_INTERRUPT', 'END_ASYNC_FOR']


@pytest.mark.parametrize('name', [n for n in NEVER_ALLOWED if n in opmap])
def test_dangerous_opcodes_stay_out_of_every_whitelist(name):
    op = opmap[name]
    assert op not in se._CONST_OPCODES
    assert op not in se._EXPR_OPCODES
    assert op not in se._SAFE_OPCODES


def test_whitelist_grew_only_by_documented_equivalents():
    documented = {opmap[n] for n in SAFE_EVAL_EQUIVALENTS if n in opmap}
    # every 3.11-only opcode admitted is documented with the Odoo 11 opcode it stands for
    python35_names = {
        'POP_TOP', 'LOAD_CONST', 'RETURN_VALUE', 'BUILD_LIST', 'BUILD_MAP', 'BUILD_TUPLE',
        'BUILD_SET', 'BUILD_CONST_KEY_MAP', 'UNARY_POSITIVE', 'UNARY_NEGATIVE', 'UNARY_NOT',
        'UNARY_INVERT', 'BINARY_SUBSCR', 'STORE_SUBSCR', 'BUILD_SLICE', 'LIST_APPEND',
        'MAP_ADD', 'SET_ADD', 'COMPARE_OP', 'POP_EXCEPT', 'MAKE_FUNCTION', 'EXTENDED_ARG',
        'CALL_FUNCTION_EX', 'LOAD_METHOD', 'GET_ITER', 'FOR_ITER', 'YIELD_VALUE',
        'JUMP_FORWARD', 'JUMP_IF_FALSE_OR_POP', 'JUMP_IF_TRUE_OR_POP', 'RAISE_VARARGS',
        'LOAD_NAME', 'STORE_NAME', 'DELETE_NAME', 'LOAD_ATTR', 'LOAD_FAST', 'STORE_FAST',
        'DELETE_FAST', 'UNPACK_SEQUENCE', 'LOAD_GLOBAL',
    }
    old = {opmap[n] for n in python35_names if n in opmap}
    assert se._SAFE_OPCODES - old <= documented
