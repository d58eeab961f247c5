"""Shared setup of the sending tests: a marketing operator, nominativi with and without the
consents, a mailing to them, and helpers to run the sending worker in a thread of its own
(``ir.mail_server`` sends for real there, to the loopback SMTP catcher)."""
import threading

from odoo import api

from odoo.addons.crm_infinity_base.tests.common import CrmInfinityCase
from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher

BODY = ('<p>Gentile {{ recipient.name }},</p><p>scopra le novità di {{ company.name }}: '
        '<a href="https://www.example.com/offerta">offerta</a>.</p>'
        '<p><a href="/unsubscribe_from_list">Disiscriviti</a></p>')


class MarketingSendCase(CrmInfinityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = cls._create_user('t_mkt_operator', 'group_crm_marketing_operator')
        cls.Nominativo = cls.env['crm.infinity.nominativo']
        cls.Consent = cls.env['crm.infinity.consent']
        ICP = cls.env['ir.config_parameter']
        ICP.set_param('web.base.url', 'http://crm.example.com')
        ICP.set_param('mail.bounce.alias', 'bounce')
        ICP.set_param('mail.catchall.domain', 'infinity.example')

    @classmethod
    def _nominativo(cls, name, email=None, consent=True, tracking=False, channel='email',
                    **values):
        record = cls.Nominativo.create(dict(name=name, email=email, **values))
        for purpose, granted in (('marketing', consent), ('tracking', tracking)):
            if granted is not None:
                cls.Consent._crm_record_consent(record, purpose, channel,
                                                'granted' if granted else 'revoked', 'operator')
        return record

    @classmethod
    def _mailing(cls, records, body=BODY, name='Novità di {{ recipient.first_name }}',
                 **values):
        model = cls.env['ir.model']._get(records._name)
        vals = {'name': name, 'body_html': body, 'mailing_model_id': model.id,
                'mailing_domain': repr([('id', 'in', records.ids)]),
                'reply_to_mode': 'email', 'reply_to': 'marketing@infinity.example',
                'email_from': 'Infinity <marketing@infinity.example>'}
        vals.update(values)
        return cls.env['mail.mass_mailing'].sudo(cls.operator).create(vals).sudo(cls.operator)

    def _ledger(self, mailing):
        stats = self.env['mail.mail.statistics'].search(
            [('mass_mailing_id', '=', mailing.id), ('crm_state', '!=', False)])
        return {(s.res_id if s.model != 'res.partner' else s.res_id): s for s in stats}

    def _send_in_thread(self, mailing, smtp=None, **kwargs):
        """Run the sending worker on the test's cursor in another thread (no commit): there
        Odoo's ir.mail_server really talks SMTP, as in a cron worker (to ``smtp``, or to a
        catcher of its own)."""
        if smtp is None and mailing.crm_channel in ('email', 'fax'):
            with SmtpCatcher() as catcher:
                self._mail_server(catcher)
                return self._send_in_thread(mailing, smtp=catcher, **kwargs)
        result, errors = [], []
        cr, uid = self.env.cr, self.env.uid

        def run():
            try:
                with api.Environment.manage():
                    env = api.Environment(cr, uid, {'crm_no_commit': True, 'lang': 'en_US'})
                    result.append(env['mail.mass_mailing'].browse(mailing.id)
                                  ._crm_send_queue(**kwargs))
            except Exception as error:  # reported in the test's thread
                errors.append(error)

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(120)
        if errors:
            raise errors[0]
        self.env['mail.mail.statistics'].invalidate_cache()
        self.env['mail.mass_mailing'].invalidate_cache()
        return result[0]

    def _mail_server(self, smtp):
        server = self.env['ir.mail_server'].search([('name', '=', 'loopback test')])
        if server:
            server.write({'smtp_port': smtp.port})
            return server
        return self.env['ir.mail_server'].create({'name': 'loopback test', 'sequence': 0,
                                                  'smtp_host': '127.0.0.1',
                                                  'smtp_port': smtp.port})
