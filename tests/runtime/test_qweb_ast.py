"""runtime.odoo_patches.fix_ast makes QWeb's hand-built (Python 3.5-era) ASTs compile on 3.11."""
import ast

from runtime.odoo_patches import fix_ast


def _old_style_module():
    # what QWeb builds: no type_ignores, no posonlyargs, Name('None'), no end positions
    args = ast.arguments(args=[ast.arg(arg='self', annotation=None)], vararg=None,
                         kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])
    body = [ast.Return(value=ast.Name(id='None', ctx=ast.Load()))]
    func = ast.FunctionDef(name='render', args=args, body=body, decorator_list=[], returns=None)
    mod = ast.Module(body=[func])
    return mod


def test_old_style_tree_compiles_and_runs():
    ns = {}
    exec(compile(fix_ast(_old_style_module()), '<template>', 'exec'), ns)
    assert ns['render'](object()) is None


def test_name_constants_become_constants_but_names_stay_names():
    tree = fix_ast(ast.Module(body=[ast.Expr(value=ast.Tuple(elts=[
        ast.Name(id='True', ctx=ast.Load()), ast.Name(id='values', ctx=ast.Load())],
        ctx=ast.Load()))], type_ignores=[]))
    first, second = tree.body[0].value.elts
    assert isinstance(first, ast.Constant) and first.value is True
    # QWeb relies on isinstance(node, ast.Name): the classes are untouched
    assert isinstance(second, ast.Name)


def test_invalid_position_ranges_are_repaired():
    expr = ast.parse('values.get("x")', mode='eval').body  # positions from its own text
    node = ast.Expr(value=expr, lineno=5, col_offset=40, end_lineno=1, end_col_offset=0)
    tree = ast.Module(body=[node], type_ignores=[])
    compile(fix_ast(tree), '<template>', 'exec')
    for n in ast.walk(tree):
        if 'lineno' in n._attributes:
            assert (n.end_lineno, n.end_col_offset) >= (n.lineno, n.col_offset)


def test_qweb_renders_through_the_patched_compile():
    from lxml import etree
    from odoo.addons.base.ir.ir_qweb.qweb import QWeb

    class Renderer(QWeb):
        def get_template(self, template, options):
            el = etree.fromstring(template)
            return el, None

    tpl = ('<t t-name="x"><p t-foreach="items" t-as="i" t-att-class="i_index % 2 and \'odd\' or None">'
           '<t t-esc="i"/></p><span t-if="flag is None">none</span></t>')
    html = Renderer().render(tpl, {'items': ['a', '<b>'], 'flag': None}).decode()
    assert html == '<p>a</p><p class="odd">&lt;b&gt;</p><span>none</span>'
