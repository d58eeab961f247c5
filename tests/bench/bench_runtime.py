"""Cost of the runtime layer: what Odoo 11 pays on 3.11 for its sandbox and templates."""
import importlib

from tests.bench.framework import Benchmark

DOMAIN = ("[('user_id', '=', uid), ('stage_id.probability', '<', 100), "
          "('date_deadline', '<=', today), ('tag_ids', 'in', [1, 2, 3])]")


def benchmarks(env=None):
    se = importlib.import_module('odoo.tools.safe_eval')
    ctx = {'uid': 1, 'today': '2026-01-01'}

    from lxml import etree
    from odoo.addons.base.ir.ir_qweb.qweb import QWeb

    class Renderer(QWeb):
        def get_template(self, template, options):
            return etree.fromstring(template), None

    template = ('<t t-name="t"><table><tr t-foreach="rows" t-as="r"><td t-esc="r[0]"/>'
                '<td t-esc="r[1]"/></tr></table></t>')
    rows = [('riga %d' % i, i * 1.5) for i in range(200)]
    renderer = Renderer()
    renderer.render(template, {'rows': rows})

    def plain_rows():
        from html import escape
        return ''.join('<tr><td>%s</td><td>%s</td></tr>' % (escape(a), b) for a, b in rows)

    return [
        Benchmark('safe_eval of a domain (check + evaluate)', lambda: se.safe_eval(DOMAIN, ctx),
                  lambda: eval(compile(DOMAIN, '', 'eval'), dict(ctx)),
                  'compile + eval() without sandbox', number=200),
        Benchmark('QWeb compile + render of a 200-row table',
                  lambda: renderer.render(template, {'rows': rows}), plain_rows,
                  'Python string formatting of the same rows', number=20),
    ]
