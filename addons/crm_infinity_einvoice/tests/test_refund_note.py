import re

from .common import EinvoiceCase


class TestRefundNoteItalian(EinvoiceCase):
    """Odoo's note on a credit note ("This customer invoices credit note has been created
    from: ...", the kind never translated) reads Italian, also from a call without language."""

    def test_refund_note_in_the_user_language(self):
        if not self.env['res.lang'].search([('code', '=', 'it_IT')]):
            self.skipTest('Italian is not installed in this database')
        accountant = self._create_user('t_refund_accountant', 'account.group_account_invoice',
                                       lang='it_IT')
        invoice = self._invoice(self.private, [('Canone', 1, 100.0, 0, self.tax22)])
        env = self.env(user=accountant.id, context={})  # no 'lang': RPC, demo, cron
        refund = env['account.invoice'].browse(invoice.id).refund(description='Storno')
        self.assertFalse(refund.env.context.get('crm_refund_note'))
        texts = [' '.join(re.sub('<[^>]+>', ' ', m.body or '').split())
                 for m in refund.message_ids]
        self.assertIn('Questa nota di credito è stata creata da: %s' % invoice.number, texts)
        self.assertFalse([t for t in texts if 'credit note' in t or 'created' in t], texts)
        note = refund.message_ids.filtered(lambda m: 'nota di credito' in (m.body or ''))
        self.assertIn('data-oe-model=account.invoice data-oe-id=%d' % invoice.id,
                      note.body.replace('"', ''))
