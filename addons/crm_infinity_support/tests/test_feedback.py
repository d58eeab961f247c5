from types import SimpleNamespace
from unittest.mock import patch

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.addons.crm_infinity_support.controllers.rating import SupportRating

from .portal_common import SupportPortalCase


class TestFeedback(SupportPortalCase):

    def _rating_mails(self, ticket):
        template = self.env.ref('crm_infinity_support.mail_template_ticket_rating')
        return self.env['mail.mail'].search([('model', '=', ticket._name), ('res_id', '=', ticket.id),
                                             ('subject', 'like', ticket.number)]).filtered(
            lambda m: '/rating/' in (m.body_html or '')) if template else self.env['mail.mail']

    def test_closing_sends_one_satisfaction_request_to_the_customer_only(self):
        ticket = self._ticket(self.alfa_boss)
        ticket.message_subscribe_users(self.operator.ids)
        ticket.sudo(self.operator).action_take()
        self.assertFalse(self._rating_mails(ticket))
        ticket._set_state('solved')
        mails = self._rating_mails(ticket)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.alfa_boss)
        rating = ticket.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertIn('/rating/%s/10' % rating.access_token, mails.body_html)
        self.assertIn('/rating/%s/1' % rating.access_token, mails.body_html)
        # solved -> closed is the same closure: no second request
        ticket._set_state('closed')
        self.assertEqual(len(self._rating_mails(ticket)), 1)

    def test_no_request_when_the_center_sends_no_notifications(self):
        self.center_open.notify_enabled = False
        ticket = self._ticket(self.alfa_boss)
        ticket.action_close()
        self.assertFalse(self._rating_mails(ticket))
        self.assertFalse(ticket.rating_ids)

    def test_rating_is_recorded_once_and_feeds_the_kpis(self):
        ticket = self._ticket(self.alfa_boss, user_id=self.operator.id)
        ticket.action_close()
        token = ticket.sudo().rating_get_access_token()
        ticket.sudo().rating_apply(10, token=token)
        ticket.sudo().rating_apply(1, token=token)  # a second click changes nothing
        ticket.sudo().rating_apply(1, token=token, feedback='Tecnico gentilissimo')
        rating = ticket.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.rating, 10)
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.feedback, 'Tecnico gentilissimo')
        self.assertEqual(rating.partner_id, self.alfa_boss)
        self.assertEqual(rating.rated_partner_id, self.operator.partner_id)
        self.assertEqual(ticket.rating_last_value, 10)
        self.assertEqual(ticket.rating_count, 1)
        subtype = self.env.ref('crm_infinity_support.mt_ticket_rating')
        messages = ticket.message_ids.filtered(lambda m: m.subtype_id == subtype)
        self.assertEqual(len(messages), 2)  # the vote, then the comment
        self.assertFalse(ticket.date_first_response, 'a customer vote is no operator response')
        stored = self.env['crm.infinity.ticket'].search(
            [('id', '=', ticket.id), ('rating_last_value', '=', 10)])
        self.assertEqual(stored, ticket)

    def test_the_token_of_one_ticket_cannot_rate_another(self):
        ticket_a = self._ticket(self.alfa_boss)
        ticket_b = self._ticket(self.beta_contact)
        (ticket_a | ticket_b).action_close()
        token_a = ticket_a.sudo().rating_get_access_token()
        with self.assertRaises(AccessError):
            ticket_b.sudo().rating_apply(1, token=token_a)
        self.assertFalse(ticket_b.rating_ids.filtered('consumed'))
        self.assertFalse(ticket_a.rating_ids.filtered('consumed'))


class _Request:
    """The little of odoo.http.request the rating routes use, to call them in-process."""

    def __init__(self, env):
        self.env = env
        self.httprequest = SimpleNamespace(user_agent=SimpleNamespace(browser=None), environ={})
        self.endpoint = None

    def not_found(self):
        return NotFound()


class TestFeedbackLinks(SupportPortalCase):
    """The one-click links of the e-mail: Odoo's /rating/<token>/<score> route, as overridden
    for tickets (over real HTTP in tests/blackbox/test_support_portal.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._ticket(cls.alfa_boss)
        cls.ticket_b = cls._ticket(cls.beta_contact)
        (cls.ticket | cls.ticket_b).action_close()

    def _open(self, token, rate):
        public_env = self.env(user=self.env.ref('base.public_user'))
        http._request_stack.push(_Request(public_env))
        View = type(self.env['ir.ui.view'])
        # the page itself needs a whole website request: only what it is given is checked here
        page = lambda view, template, values, *a, **k: ('%s|%s' % (template, values['rate'])).encode()
        try:
            with patch.object(View, 'render_template', page):
                return SupportRating().open_rating(token, rate)
        finally:
            http._request_stack.pop()

    def test_one_click_link_records_the_vote_once(self):
        token = self.ticket.rating_get_access_token()
        response = self._open(token, 10)
        self.assertEqual(response.data, b'rating.rating_external_page_submit|10')
        response = self._open(token, 1)
        self.assertEqual(response.data, b'rating.rating_external_page_submit|10',
                         'a second click shows the recorded vote')
        self.ticket.invalidate_cache()
        rating = self.ticket.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.rating, 10)
        self.assertEqual(self.ticket.rating_last_value, 10)
        self.assertFalse(self.ticket_b.rating_ids.filtered('consumed'))

    def test_forged_scores_and_tokens_are_refused(self):
        token = self.ticket.rating_get_access_token()
        self.assertEqual(self._open(token, 7).status_code, 404)
        self.assertEqual(self._open('0' * 32, 10).status_code, 404)
        self.ticket.invalidate_cache()
        self.assertFalse(self.ticket.rating_ids.filtered('consumed'))
