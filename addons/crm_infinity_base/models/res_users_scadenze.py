import datetime
import hashlib
import hmac
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..engines.deadlines import ical

FEED_DAYS_BEFORE = 31
FEED_DAYS_AFTER = 366


def _hash(secret):
    return hashlib.sha256(secret.encode('utf-8')).hexdigest()


class ResUsers(models.Model):
    """The personal side of the Scadenze (SPEC B8): the daily digest opt-out and the private
    ``.ics`` feed URL. The feed's secret is shown once, when made, and stored hashed (SHA-256):
    a database dump or a reader of the user table does not get working URLs."""

    _inherit = 'res.users'

    crm_deadline_digest = fields.Boolean(
        'Daily digest of the deadlines', default=True,
        help='Receive each morning one e-mail with your deadlines of the next days.')
    crm_ics_token_hash = fields.Char('Calendar feed token (hash)', copy=False,
                                     groups='base.group_system')
    crm_ics_active = fields.Boolean('Calendar feed active', compute='_compute_crm_ics_active')

    def __init__(self, pool, cr):
        init_res = super().__init__(pool, cr)
        type(self).SELF_WRITEABLE_FIELDS = list(self.SELF_WRITEABLE_FIELDS) + [
            'crm_deadline_digest']
        type(self).SELF_READABLE_FIELDS = list(self.SELF_READABLE_FIELDS) + [
            'crm_deadline_digest', 'crm_ics_active']
        return init_res

    @api.depends('crm_ics_token_hash')
    def _compute_crm_ics_active(self):
        for user in self:
            user.crm_ics_active = bool(user.sudo().crm_ics_token_hash)

    @api.multi
    def _crm_check_own(self):
        """Only the user himself (or a system administrator) manages his feed."""
        if self.env.user.has_group('base.group_system'):
            return
        if any(user.id != self.env.uid for user in self):
            raise AccessError(_('You can only manage your own calendar feed.'))

    @api.multi
    def action_crm_ics_regenerate(self):
        """A new secret URL (the previous one stops working), shown once in a dialog."""
        self.ensure_one()
        self._crm_check_own()
        secret = secrets.token_urlsafe(32)
        self.sudo().write({'crm_ics_token_hash': _hash(secret)})
        base = self.env['ir.config_parameter'].sudo().get_param('web.base.url', '')
        url = '%s/crm_infinity/scadenze/%d-%s.ics' % (base, self.id, secret)
        link = self.env['crm.infinity.ics.link'].create({'url': url})
        return {'type': 'ir.actions.act_window', 'res_model': 'crm.infinity.ics.link',
                'res_id': link.id, 'view_mode': 'form', 'target': 'new',
                'name': _('Your calendar feed')}

    @api.multi
    def action_crm_ics_revoke(self):
        self._crm_check_own()
        self.sudo().write({'crm_ics_token_hash': False})
        return True

    @api.model
    def _crm_ics_user(self, token):
        """The active user whose feed token is ``token`` (``<user id>-<secret>``), else an empty
        recordset. The secret's hash is compared in constant time."""
        user_id, _sep, secret = (token or '').partition('-')
        if not user_id.isdigit() or not secret or len(secret) > 200:
            return self.browse()
        user = self.sudo().browse(int(user_id)).exists()
        stored = user.crm_ics_token_hash if user and user.active else None
        if not hmac.compare_digest(stored or '0' * 64, _hash(secret)) or not stored:
            return self.browse()
        return user

    @api.multi
    def _crm_ics_calendar(self):
        """The iCalendar text of the user's deadlines, computed as the environment's user (the
        feed controller runs it as the token's owner: his record rules apply)."""
        self.ensure_one()
        provider = self.env['crm.infinity.deadline.provider']
        today = fields.Date.from_string(fields.Date.context_today(self))
        deadlines = provider._crm_deadlines(today - datetime.timedelta(days=FEED_DAYS_BEFORE),
                                            today + datetime.timedelta(days=FEED_DAYS_AFTER))
        base = self.env['ir.config_parameter'].sudo().get_param('web.base.url', '')
        domain = base.split('://', 1)[-1].split('/', 1)[0].split(':', 1)[0] or 'crm-infinity'
        return ical(deadlines, datetime.datetime.utcnow().replace(microsecond=0),
                    '-//CRM Infinity//Scadenze//IT', _('CRM deadlines - %s') % self.name, domain,
                    labels=dict(provider._crm_deadline_kinds()),
                    url_of=self.env['crm.infinity.deadline.reminder']._crm_record_url)


class CrmInfinityIcsLink(models.TransientModel):
    """Shows the new feed URL once (only its hash is kept)."""

    _name = 'crm.infinity.ics.link'
    _description = 'Calendar feed URL'

    url = fields.Char('URL', readonly=True)
