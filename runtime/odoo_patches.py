"""Shims inside Odoo 11 itself, for behaviour that changed with CPython 3.8-3.11.

* ``safe_eval``: teaches the opcode whitelist the bytecode of CPython 3.11, admitting only
  opcodes that do what an opcode Odoo 11 already allowed did (see ``SAFE_EVAL_EQUIVALENTS``).
* QWeb: repairs the hand-built AST at compile time (``fix_ast``).
* prefork server (``--workers``): ``resource.setrlimit`` given the float limits Odoo computes
  (``ResourceLimits``).
* threaded server: no addon imports in HTTP threads while the registry loads
  (``no_addons_preload``).
"""
import ast
import builtins
import os
import resource
from opcode import opmap

from . import importhook

# New opcode -> the Odoo 11 (CPython 3.5-3.7) opcodes whose job it does. Only these are admitted;
# anything not listed stays forbidden, e.g. closures (LOAD_DEREF, MAKE_CELL, COPY_FREE_VARS,
# never allowed by Odoo 11), `with` (BEFORE_WITH), class/mapping patterns (MATCH_*; a `match`
# on literals compiles to comparisons and jumps, like if/elif, and is admitted), `assert`
# (LOAD_ASSERTION_ERROR), `yield from` (SEND), unpacking assignment with a star (UNPACK_EX),
# imports (IMPORT_*), attribute or global stores (STORE_ATTR, STORE_GLOBAL).
SAFE_EVAL_EQUIVALENTS = {
    # -- literal values (const_eval) --
    'RESUME': ('NOP-like marker at the start of every code object (3.11)', 'const'),
    'NOP': ('no operation; the 3.11 compiler leaves them for line numbers', 'const'),
    'COPY': ('DUP_TOP / DUP_TOP_TWO', 'const'),
    'SWAP': ('ROT_TWO / ROT_THREE / ROT_FOUR', 'const'),
    'LIST_EXTEND': ('BUILD_LIST: since 3.9 `[1, 2, 3]` is BUILD_LIST + LIST_EXTEND of a tuple', 'const'),
    'SET_UPDATE': ('BUILD_SET: since 3.9 `{1, 2, 3}` is BUILD_SET + SET_UPDATE of a frozenset', 'const'),
    # large displays (over 15 pairs / 30 items) are built item by item since 3.9-3.11, with the
    # opcodes comprehensions use: without them const_eval refuses a literal it used to accept
    'LIST_APPEND': ('BUILD_LIST of a large list display', 'const'),
    'SET_ADD': ('BUILD_SET of a large set display', 'const'),
    'MAP_ADD': ('BUILD_MAP / BUILD_CONST_KEY_MAP of a large dict display', 'const'),
    'DICT_UPDATE': ('BUILD_MAP: large dict displays, and dict displays with `**` entries', 'const'),
    'LIST_TO_TUPLE': ('BUILD_TUPLE of a large tuple display; CALL_FUNCTION_VAR for `f(x, *args)`',
                      'const'),
    # -- expressions (expr_eval) --
    'BINARY_OP': ('BINARY_* and INPLACE_* arithmetic, merged into one opcode in 3.11', 'expr'),
    'IS_OP': ('COMPARE_OP with `is` / `is not` (split out in 3.9)', 'expr'),
    'CONTAINS_OP': ('COMPARE_OP with `in` / `not in` (split out in 3.9)', 'expr'),
    'DICT_MERGE': ('CALL_FUNCTION_VAR_KW: `f(a=1, **kw)` merges keywords with DICT_MERGE', 'expr'),
    'FORMAT_VALUE': ('BINARY_MODULO: 3.11 compiles `"%s" % x` with a constant format string '
                     'into f-string bytecode (str()/repr() of the value)', 'expr'),
    'BUILD_STRING': ('BINARY_MODULO: joins the pieces of a compiled `"..." % (...)`', 'expr'),
    # -- statements and calls (safe_eval) --
    'PUSH_NULL': ('part of CALL_FUNCTION / CALL_METHOD, split in 3.11', 'safe'),
    'PRECALL': ('part of CALL_FUNCTION / CALL_METHOD, split in 3.11', 'safe'),
    'CALL': ('CALL_FUNCTION / CALL_METHOD', 'safe'),
    'KW_NAMES': ('CALL_FUNCTION_KW (keyword names of the call)', 'safe'),
    'JUMP_BACKWARD': ('JUMP_ABSOLUTE at the end of a loop body', 'safe'),
    'POP_JUMP_FORWARD_IF_FALSE': ('POP_JUMP_IF_FALSE', 'safe'),
    'POP_JUMP_FORWARD_IF_TRUE': ('POP_JUMP_IF_TRUE', 'safe'),
    'POP_JUMP_BACKWARD_IF_FALSE': ('POP_JUMP_IF_FALSE', 'safe'),
    'POP_JUMP_BACKWARD_IF_TRUE': ('POP_JUMP_IF_TRUE', 'safe'),
    'POP_JUMP_FORWARD_IF_NONE': ('COMPARE_OP `is None` + POP_JUMP_IF_TRUE', 'safe'),
    'POP_JUMP_BACKWARD_IF_NONE': ('COMPARE_OP `is None` + POP_JUMP_IF_TRUE', 'safe'),
    'POP_JUMP_FORWARD_IF_NOT_NONE': ('COMPARE_OP `is not None` + POP_JUMP_IF_TRUE', 'safe'),
    'POP_JUMP_BACKWARD_IF_NOT_NONE': ('COMPARE_OP `is not None` + POP_JUMP_IF_TRUE', 'safe'),
    'PUSH_EXC_INFO': ('SETUP_EXCEPT: entering an `except` handler (zero-cost exceptions, 3.11)', 'safe'),
    'CHECK_EXC_MATCH': ('COMPARE_OP exception-match in an `except X:` clause', 'safe'),
    'RERAISE': ('END_FINALLY re-raising the exception when no handler matched', 'safe'),
    'RETURN_GENERATOR': ('MAKE_FUNCTION + generator start of a generator expression', 'safe'),
}

# Names that lead to frames, code objects, globals or the interpreter. Odoo 11 forbids the first
# six; CPython 3.11 exposes the same objects under these other names too (tracebacks,
# coroutines, async generators, frames). Besides:
# * Odoo 11 puts raw modules in eval contexts (``datetime`` in server actions, ``dateutil`` in
#   ir.model and base.automation); ``datetime.sys.modules['os']`` then reaches the OS. Later
#   Odoo wraps those modules; here module hops are refused by name (``sys``, ``os``, ...).
# * ``str.format``/``format_map`` follow dunder attributes written inside the format string
#   (``'{0.__globals__[sys]...}'.format(f)`` reads secrets); later Odoo forbids both names.
UNSAFE_ATTRIBUTES = [
    'f_builtins', 'f_globals', 'f_locals', 'gi_frame', 'co_code', 'func_globals',
    'gi_code', 'gi_yieldfrom', 'cr_frame', 'cr_code', 'cr_await', 'cr_origin', 'ag_frame',
    'ag_code', 'ag_await', 'tb_frame', 'tb_next', 'f_back', 'f_code', 'f_trace', 'mro',
    'format', 'format_map',
    'sys', 'os', 'builtins', 'importlib', 'subprocess', 'ctypes', 'gc', 'shutil', 'socket',
]


def _opcodes(kind):
    return {opmap[name] for name, (_why, k) in SAFE_EVAL_EQUIVALENTS.items()
            if k == kind and name in opmap}


def patch_safe_eval(module):
    """Extend the three whitelists in place (other modules hold references to them)."""
    const, expr, safe = _opcodes('const'), _opcodes('expr'), _opcodes('safe')
    module._CONST_OPCODES |= const
    module._EXPR_OPCODES |= const | expr
    module._SAFE_OPCODES |= const | expr | safe
    for name in UNSAFE_ATTRIBUTES:
        if name not in module._UNSAFE_ATTRIBUTES:
            module._UNSAFE_ATTRIBUTES.append(name)


_NAME_CONSTANTS = {'None': None, 'True': True, 'False': False}


class _AstFixer(ast.NodeTransformer):
    """Brings a Python 3.5-era hand-built AST up to what the 3.11 compiler accepts."""

    def visit_Name(self, node):
        # 3.8+: `None`/`True`/`False` are constants; compiling Name('None') is a ValueError
        if node.id in _NAME_CONSTANTS and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Constant(value=_NAME_CONSTANTS[node.id]), node)
        return node

    def visit_arguments(self, node):
        # 3.8 added positional-only arguments (PEP 570): the field must exist
        if not hasattr(node, 'posonlyargs') or node.posonlyargs is None:
            node.posonlyargs = []
        for field in ('kwonlyargs', 'kw_defaults', 'defaults'):
            if getattr(node, field, None) is None:
                setattr(node, field, [])
        self.generic_visit(node)
        return node

    def visit_Module(self, node):
        # 3.8 added Module.type_ignores
        if getattr(node, 'type_ignores', None) is None:
            node.type_ignores = []
        self.generic_visit(node)
        return node


def _fix_positions(tree):
    """3.11 refuses nodes whose (line, column) range ends before it starts.

    QWeb grafts sub-trees parsed from template expressions (positions from their own text)
    under hand-built nodes positioned by ``fix_missing_locations``; make every range valid.
    """
    for node in ast.walk(tree):
        if 'lineno' not in node._attributes:
            continue
        lineno = getattr(node, 'lineno', None) or 1
        col = getattr(node, 'col_offset', None) or 0
        end_lineno = getattr(node, 'end_lineno', None) or lineno
        end_col = getattr(node, 'end_col_offset', None)
        if end_col is None:
            end_col = col
        if end_lineno < lineno:
            end_lineno = lineno
        if end_lineno == lineno and end_col < col:
            end_col = col
        node.lineno, node.col_offset = lineno, col
        node.end_lineno, node.end_col_offset = end_lineno, end_col


def fix_ast(tree):
    """Return ``tree`` made compilable by CPython 3.11 (mutated in place)."""
    tree = _AstFixer().visit(tree)
    ast.fix_missing_locations(tree)
    _fix_positions(tree)
    return tree


def _compile(source, filename, mode, *args, **kwargs):
    if isinstance(source, ast.AST):
        source = fix_ast(source)
    return builtins.compile(source, filename, mode, *args, **kwargs)


def patch_qweb(module):
    """QWeb calls the builtin ``compile`` on its AST: shadow it in that module only."""
    module.compile = _compile


class ResourceLimits:
    """``resource`` as Odoo 11's prefork server needs it: ``setrlimit`` truncating float limits.

    Python 3.10 stopped converting floats to integers through ``__int__`` in C integer
    arguments (bpo-37999; deprecated since 3.8), so ``resource.setrlimit`` refuses a float.
    ``odoo/service/server.py`` ``Worker.process_limit`` sets ``RLIMIT_CPU`` to
    ``ru_utime + ru_stime + limit_time_cpu`` (a float): on 3.11 every HTTP and cron worker dies
    with ``TypeError`` before serving anything. Limits are truncated as Python <= 3.9 did
    (``int()``); everything else is the ``resource`` module itself.
    """

    def __init__(self, module=resource):
        self._module = module

    def __getattr__(self, name):
        return getattr(self._module, name)

    def setrlimit(self, which, limits):
        soft, hard = limits
        return self._module.setrlimit(which, (_as_limit(soft), _as_limit(hard)))


def _as_limit(value):
    return int(value) if isinstance(value, float) else value


def patch_server(module):
    """Give ``odoo.service.server`` (only) the float-tolerant ``resource``."""
    if not isinstance(module.resource, ResourceLimits):
        module.resource = ResourceLimits(module.resource)


def no_addons_preload(environ=os.environ):
    """Keep the HTTP threads of the threaded server from importing addons (``ODOO_PRELOAD_ADDONS``).

    Odoo 11's ``http.Root.load_addons`` (first request of a threaded server) imports every addon
    of the addons path, in the HTTP thread, while the main thread may be importing the same
    addons to load the registry (``preload_registries`` runs after the HTTP thread listens).
    Python 3's import system does not make a thread wait for a parent package that another
    thread is still initialising (and accepts a partially initialised module on a concurrent
    circular import), so the HTTP thread can run, say, ``odoo.addons.base.res.res_users`` (via
    ``auth_crypt``) while the main thread is between ``res_lang`` and ``res_partner``:
    ``MetaModel.module_to_models['base']`` then lists ``res.users`` before ``res.partner`` for
    the life of the process, and every registry build of it fails with ``KeyError:
    'res.partner'`` (or misses the models of an addon imported half-way). Odoo 11 ships this
    switch for that bug (see the comment in ``load_addons``; later Odoo never preloads): the
    addons are imported only by the registry loading, under the registry lock. Only the
    default changes: an explicit ``ODOO_PRELOAD_ADDONS`` in the environment is kept.
    """
    environ.setdefault('ODOO_PRELOAD_ADDONS', 'no')


def apply():
    no_addons_preload()
    importhook.after_import('odoo.service.server', patch_server)
    importhook.after_import('odoo.tools.safe_eval', patch_safe_eval)
    importhook.after_import('odoo.addons.base.ir.ir_qweb.qweb', patch_qweb)
