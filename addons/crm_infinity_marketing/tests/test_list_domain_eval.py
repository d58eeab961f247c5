"""The filter of a dynamic list is text typed by a marketing operator and evaluated on the
server (hostile review): it may name the user (``user.id``, ``uid``) and today's date, never
reach a record to call its methods (``user.sudo().write(...)`` gave him the administrator's
groups; evaluated as whoever opens the list, an administrator's own ``user.write(...)``)."""
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .campaign_common import MarketingCase


class TestListDomainEval(MarketingCase):

    def test_filter_cannot_call_the_user_record(self):
        system = self.env.ref('base.group_system')
        payloads = (
            "[('id', '!=', user.sudo().write({'groups_id': [(4, %d)]}) and 0)]" % system.id,
            "[('id', '!=', user.env.cr.execute('UPDATE res_users SET active = true') or 0)]",
            "[('name', '=', user.sudo().env['res.users'].browse(1).password_crypt)]",
        )
        for payload in payloads:
            with self.assertRaises(ValidationError, msg=payload), mute_logger('odoo.sql_db'):
                self._dynamic(self.silvia, payload)
            self.assertNotIn(system, self.silvia.groups_id, payload)

    def test_filter_names_the_user_and_the_date(self):
        for text in ("[('user_id', '=', user.id)]", "[('user_id', '=', uid)]",
                     "[('create_date', '<=', context_today().strftime('%Y-%m-%d'))]",
                     "[('create_date', '>=', (datetime.datetime.now() - "
                     "relativedelta(days=1)).strftime('%Y-%m-%d'))]",
                     "[('create_date', '<=', time.strftime('%Y-%m-%d 23:59:59'))]",
                     "[('user_id.partner_id', '=', user.partner_id.id), "
                     "('company_id', '=', user.company_id.id)]"):
            mlist = self._dynamic(self.silvia, text)
            self.assertFalse(mlist.crm_error, text)
