"""Two invoicing runs of the same commessa at once, in real committed transactions (REPEATABLE
READ, as every Odoo request): the second is refused while the first holds the lines, and no hour
is invoiced twice. The records are removed at the end."""
import threading

import odoo
from odoo.exceptions import UserError
from odoo.tests.common import BaseCase, get_db_name

from odoo.addons.crm_infinity_base.tests.concurrency import CommittedTransactionsMixin

NAME = 'Commessa concorrenza fatturazione'


class TestInvoicingConcurrency(CommittedTransactionsMixin, BaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo.registry(get_db_name())

    def setUp(self):
        super().setUp()
        with self._env() as env:
            partner = env['res.partner'].create({'name': 'Cliente concorrenza', 'is_company': True})
            self.rate_id = env['crm.infinity.hourly.rate'].create({
                'user_id': env.uid, 'date_from': '2001-01-01', 'date_to': '2001-12-31',
                'cost_rate': 40.0, 'sale_rate': 70.0}).id
            project = env['project.project'].create({'name': NAME, 'partner_id': partner.id})
            for day in ('2001-03-01', '2001-03-02'):
                env['account.analytic.line'].create({'name': 'Ore', 'date': day, 'unit_amount': 3,
                                                     'project_id': project.id, 'user_id': env.uid})
            self.project_id, self.partner_id = project.id, partner.id
        self.addCleanup(self._remove)

    def _remove(self):
        with self._env() as env:
            env['account.invoice'].search([('origin', '=', NAME)]).unlink()
            env['account.analytic.line'].search([('project_id', '=', self.project_id)]).unlink()
            project = env['project.project'].browse(self.project_id)
            account = project.analytic_account_id
            project.unlink()
            account.unlink()
            env['crm.infinity.hourly.rate'].browse(self.rate_id).unlink()
            env['res.partner'].browse(self.partner_id).unlink()

    def test_second_run_is_refused_while_the_first_holds_the_lines(self):
        locked, done = threading.Event(), threading.Event()
        outcome = {}

        def first():
            with self._env() as env:
                invoice = env['project.project'].browse(self.project_id)._crm_invoice_time()
                outcome['first'] = invoice.amount_untaxed
                locked.set()
                done.wait(30)

        def second():
            locked.wait(30)
            try:
                with self._env() as env:
                    env['project.project'].browse(self.project_id)._crm_invoice_time()
            except UserError as error:
                outcome['second'] = error.name
            finally:
                done.set()

        self._in_threads(first, second)
        self.assertEqual(outcome['first'], 420.0)
        self.assertIn('being invoiced by someone else', outcome['second'])
        with self._env() as env:
            self.assertFalse(env['project.project'].browse(self.project_id)._crm_invoice_time())
            invoices = env['account.invoice'].search([('origin', '=', NAME)])
            self.assertEqual(len(invoices), 1)
