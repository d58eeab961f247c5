import datetime
import json
import time
from types import SimpleNamespace

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from ..lists import DomainError, diff, keys_of, parse_domain

# the records a list may hold, besides Odoo's own list contacts
LIST_MODELS = [
    ('crm.infinity.nominativo', 'Nominativi'),
    ('res.partner', 'Contacts and companies'),
    ('crm.lead', 'Deals'),
]
OUTCOMES = [
    ('clicked', 'Clicked a link of a message'),
    ('opened', 'Opened a message'),
    ('not_opened', 'Did not open a message'),
    ('bounced', 'Bounced'),
]
CONTACT_MODEL = 'mail.mass_mailing.contact'


class MailMassMailingList(models.Model):
    """A marketing list (SPEC M3): static (Odoo's list contacts plus the nominativi, contacts,
    companies or deals linked to it) or dynamic (a saved domain on one of those models, or the
    outcomes of an earlier message, evaluated when used, as the user who uses it).

    ``_crm_recipients()`` is what the send path reads (contract of wt-mkt-send): one dict per
    record, with no de-duplication, blacklist or consent (the send path does those)."""

    _inherit = 'mail.mass_mailing.list'

    crm_list_type = fields.Selection([('static', 'Static'), ('dynamic', 'Dynamic')],
                                     string='List type', required=True, default='static')
    crm_model = fields.Selection(LIST_MODELS, string='Recipients of', default='res.partner',
                                 help='What the dynamic list selects.')
    crm_domain = fields.Text('Filter', help='Who the dynamic list selects, evaluated when used.')
    crm_outcome = fields.Selection(OUTCOMES, string='Outcome of a message',
                                   help='Selects the recipients of an earlier message by what '
                                        'they did, instead of a filter.')
    crm_outcome_mailing_id = fields.Many2one('mail.mass_mailing', string='Message',
                                             ondelete='set null')
    crm_outcome_link_id = fields.Many2one('link.tracker', string='Link', ondelete='set null',
                                          help='Empty: any link of the message.')
    crm_user_id = fields.Many2one('res.users', string='Responsible', index=True,
                                  default=lambda self: self.env.user)
    crm_campaign_id = fields.Many2one('utm.campaign', string='Campaign', index=True,
                                      ondelete='set null')
    crm_member_ids = fields.One2many('crm.infinity.list.member', 'list_id', string='Members')
    crm_count = fields.Integer('Recipients', compute='_compute_crm_count',
                               help='Recipients now, counted as you (what you may see).')
    crm_error = fields.Char('Problem', compute='_compute_crm_count',
                            help='Why the list cannot be used now.')
    crm_frozen_from_id = fields.Many2one('mail.mass_mailing.list', string='Snapshot of',
                                         readonly=True, ondelete='set null')
    crm_frozen_date = fields.Datetime('Snapshot taken on', readonly=True)
    crm_seen_ids = fields.One2many('crm.infinity.list.seen', 'list_id', string='Looks')

    # -- computes ---------------------------------------------------------------------------------

    @api.multi
    def _compute_crm_count(self):
        for mlist in self:
            try:
                mlist.crm_count = mlist._crm_recipient_count()
                mlist.crm_error = False
            except UserError as exc:
                mlist.crm_count = 0
                mlist.crm_error = exc.name

    @api.constrains('crm_list_type', 'crm_model', 'crm_domain', 'crm_outcome',
                    'crm_outcome_mailing_id')
    def _check_crm_dynamic(self):
        for mlist in self.filtered(lambda l: l.crm_list_type == 'dynamic'):
            if mlist.crm_outcome:
                if not mlist.crm_outcome_mailing_id:
                    raise ValidationError(_('List "%s": choose the message whose outcomes '
                                            'select the recipients.') % mlist.name)
                continue
            mlist._crm_domain()

    # -- the recipients -----------------------------------------------------------------------

    @api.multi
    def _crm_domain(self):
        """The dynamic list's domain, checked: an empty or invalid filter is refused (never
        read as "everybody")."""
        self.ensure_one()
        if not self.crm_model:
            raise ValidationError(_('List "%s": choose what the list selects.') % self.name)
        if self.crm_model not in self.env:
            raise ValidationError(_('List "%s": the records it selects are not available.')
                                  % self.name)
        try:
            domain = parse_domain(self.crm_domain, self._crm_eval_domain)
        except DomainError as exc:
            if exc.code == 'empty':
                raise ValidationError(_(
                    'List "%s": the filter is empty. A dynamic list needs at least one '
                    'condition; it is never sent to everybody.') % self.name)
            raise ValidationError(_('List "%s": the filter cannot be read (%s).')
                                  % (self.name, exc.detail))
        Model = self.env[self.crm_model]
        try:
            expression.expression(domain, Model)
        except (ValueError, KeyError, AssertionError) as exc:
            raise ValidationError(_('List "%s": the filter is not valid: %s')
                                  % (self.name, exc))
        return domain

    @api.model
    def _crm_eval_domain(self, text):
        """A domain's text as the web client evaluates it: literals, the user, today's date.
        The text is a marketing operator's: ``user`` holds values only, never the record (its
        methods, ``user.sudo().write(...)``, ran as whoever evaluates the list)."""
        user = self.env.user
        values = SimpleNamespace(
            id=user.id, login=user.login, name=user.name,
            partner_id=SimpleNamespace(id=user.partner_id.id),
            company_id=SimpleNamespace(id=user.company_id.id),
            company_ids=SimpleNamespace(ids=user.company_ids.ids))
        return safe_eval(text, {
            'uid': self.env.uid, 'user': values, 'time': time, 'datetime': datetime,
            'relativedelta': relativedelta, 'context_today': lambda: fields.Date.from_string(
                fields.Date.context_today(self)),
            'current_date': time.strftime('%Y-%m-%d')})

    @api.multi
    def _crm_record_groups(self):
        """{model: ids} of this list's records that the current user may read, evaluated now.
        Raises UserError (in Italian) when a dynamic list cannot be evaluated."""
        self.ensure_one()
        groups = {}
        if self.crm_list_type == 'dynamic':
            if self.crm_outcome:
                for model, ids in self._crm_outcome_groups().items():
                    groups.setdefault(model, set()).update(ids)
            else:
                try:
                    domain = self._crm_domain()
                except ValidationError as exc:
                    raise UserError(exc.name)
                groups[self.crm_model] = set(self.env[self.crm_model].search(domain).ids)
            return groups
        if self.id:
            self.env.cr.execute("""
                SELECT r.contact_id FROM mail_mass_mailing_contact_list_rel r
                  JOIN mail_mass_mailing_contact c ON c.id = r.contact_id
                 WHERE r.list_id = %s AND c.opt_out IS NOT TRUE""", (self.id,))
            contact_ids = [row[0] for row in self.env.cr.fetchall()]
            if contact_ids:
                groups[CONTACT_MODEL] = set(
                    self.env[CONTACT_MODEL].search([('id', 'in', contact_ids)]).ids)
        for model, ids in self._crm_member_groups().items():
            if model in self.env:
                readable = self.env[model].search([('id', 'in', list(ids))]).ids
                groups.setdefault(model, set()).update(readable)
        return groups

    @api.multi
    def _crm_member_groups(self):
        self.env.cr.execute('SELECT res_model, res_id FROM crm_infinity_list_member '
                            'WHERE list_id = %s', (self.id,))
        groups = {}
        for model, res_id in self.env.cr.fetchall():
            groups.setdefault(model, set()).add(res_id)
        return groups

    @api.multi
    def _crm_outcome_groups(self):
        """{model: ids} of the recipients of the outcome list's message who did what the list
        asks, from the send ledger (mail.mail.statistics) and the clicks."""
        self.ensure_one()
        Stat = self.env['mail.mail.statistics']
        domain = [('mass_mailing_id', '=', self.crm_outcome_mailing_id.id),
                  ('res_id', '!=', False), ('model', '!=', False)]
        ledger = 'crm_state' in Stat._fields
        if self.crm_outcome == 'bounced':
            domain += [('crm_state', '=', 'bounced')] if ledger else [('bounced', '!=', False)]
        elif self.crm_outcome == 'opened':
            domain += [('crm_open_count', '>', 0)] if ledger else [('opened', '!=', False)]
        elif self.crm_outcome == 'not_opened':
            domain += ['|', ('crm_open_count', '=', 0), ('crm_open_count', '=', False),
                       ('crm_state', 'in', ('sent', 'delivered'))] \
                if ledger else [('opened', '=', False), ('sent', '!=', False),
                                ('bounced', '=', False)]
        elif self.crm_outcome == 'clicked':
            click_domain = [('mass_mailing_id', '=', self.crm_outcome_mailing_id.id),
                            ('mail_stat_id', '!=', False)]
            if self.crm_outcome_link_id:
                click_domain.append(('link_id', '=', self.crm_outcome_link_id.id))
            if 'crm_is_scanner' in self.env['link.tracker.click']._fields:
                click_domain.append(('crm_is_scanner', '=', False))
            clicks = self.env['link.tracker.click'].sudo().search(click_domain)
            domain.append(('id', 'in', clicks.mapped('mail_stat_id').ids))
        groups = {}
        for row in Stat.sudo().search_read(domain, ['model', 'res_id']):
            groups.setdefault(row['model'], set()).add(row['res_id'])
        # the records themselves as the current user: he reaches only those he may read
        return {model: set(self.env[model].search([('id', 'in', list(ids))]).ids)
                for model, ids in groups.items() if model in self.env}

    @api.multi
    def _crm_recipient_count(self):
        """Recipients of this list now, as the current user: for a dynamic filter one SQL
        count (ir.rules applied), the same number as ``len(self._crm_recipients())``."""
        self.ensure_one()
        if self.crm_list_type == 'dynamic' and not self.crm_outcome:
            try:
                domain = self._crm_domain()
            except ValidationError as exc:
                raise UserError(exc.name)
            return self._crm_sql_count(self.env[self.crm_model], domain)
        return sum(len(ids) for ids in self._crm_record_groups().values())

    @api.model
    def _crm_sql_count(self, Model, domain):
        """COUNT(*) of ``domain`` on ``Model`` with the user's record rules, in one query."""
        Model.check_access_rights('read')
        query = Model._where_calc(domain)
        Model._apply_ir_rules(query, 'read')
        from_clause, where_clause, params = query.get_sql()
        self.env.cr.execute('SELECT count(1) FROM %s%s' % (
            from_clause, where_clause and ' WHERE %s' % where_clause or ''), params)
        return self.env.cr.fetchone()[0]

    @api.multi
    def _crm_recipients(self):
        """One dict per record of these lists, as the current user (dynamic lists evaluated
        now): ``{'res_model', 'res_id', 'name', 'email', 'phone', 'partner_id'}``. A record in
        two lists comes once. Raises UserError when a dynamic list cannot be evaluated."""
        groups = {}
        for mlist in self:
            for model, ids in mlist._crm_record_groups().items():
                groups.setdefault(model, set()).update(ids)
        result = []
        for model in sorted(groups):
            records = self.env[model].browse(sorted(groups[model]))
            result.extend(_recipient_dicts(records))
        return result

    @api.multi
    def _crm_record_chunks(self, size=1000):
        """``_crm_recipients()`` in lists of at most ``size`` dicts, the cache emptied after
        each (the send ledger of 100,000 recipients holds only their ids)."""
        groups = {}
        for mlist in self:
            for model, ids in mlist._crm_record_groups().items():
                groups.setdefault(model, set()).update(ids)
        for model in sorted(groups):
            ids = sorted(groups.pop(model))
            for start in range(0, len(ids), size):
                records = self.env[model].browse(ids[start:start + size])
                yield _recipient_dicts(records)
                records.invalidate_cache()

    # -- last look and freeze ---------------------------------------------------------------------

    @api.multi
    def _crm_changes_since_seen(self):
        """(count now, added keys, removed keys, date of the last look or False) for the current
        user, against the snapshot he saw last (``_crm_mark_seen``)."""
        self.ensure_one()
        keys = keys_of(self._crm_recipients())
        seen = self._crm_last_seen()
        added, removed = diff(json.loads(seen.keys) if seen else None, keys)
        return len(keys), added, removed, seen.date if seen else False

    @api.multi
    def _crm_last_seen(self):
        self.ensure_one()
        return self.env['crm.infinity.list.seen'].sudo().search(
            [('list_id', '=', self.id), ('user_id', '=', self.env.uid)], limit=1,
            order='date desc, id desc')

    @api.multi
    def _crm_mark_seen(self, keys=None):
        """Remember what the current user saw of these lists now (the base of the next "what
        changed since you last looked")."""
        Seen = self.env['crm.infinity.list.seen'].sudo()
        for mlist in self:
            if keys is None:
                mkeys = keys_of(mlist._crm_recipients())
            else:
                mkeys = keys
            Seen.create({'list_id': mlist.id, 'user_id': self.env.uid,
                         'date': fields.Datetime.now(), 'keys': json.dumps(mkeys),
                         'count': len(mkeys)})
        return True

    @api.multi
    def action_crm_freeze(self):
        """Freeze a dynamic list into a static one: a dated snapshot of its recipients now."""
        self.ensure_one()
        self.check_access_rule('read')
        self.env['mail.mass_mailing.list'].check_access_rights('create')
        recipients = self._crm_recipients()
        now = fields.Datetime.now()
        date_text = fields.Datetime.context_timestamp(self, fields.Datetime.from_string(now)) \
            .strftime('%d/%m/%Y %H:%M')
        frozen = self.create({
            'name': _('%s (snapshot of %s)') % (self.name, date_text),
            'crm_list_type': 'static', 'crm_model': self.crm_model,
            'crm_campaign_id': self.crm_campaign_id.id, 'crm_frozen_from_id': self.id,
            'crm_frozen_date': now,
        })
        # Odoo's list contacts too are kept as members: the snapshot does not follow their lists
        self.env['crm.infinity.list.member'].sudo()._crm_bulk_add(frozen, recipients)
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': frozen.id,
                'view_mode': 'form', 'target': 'current', 'name': frozen.name}

    @api.multi
    def action_crm_open_recipients(self):
        """The records of the list now, on their own screen (one model) or as members."""
        self.ensure_one()
        groups = self._crm_record_groups()
        if len(groups) == 1:
            model, ids = next(iter(groups.items()))
            return {'type': 'ir.actions.act_window', 'res_model': model,
                    'view_mode': 'tree,form', 'views': [(False, 'tree'), (False, 'form')],
                    'domain': [('id', 'in', sorted(ids))], 'name': self.name,
                    'context': {'create': False}}
        return {'type': 'ir.actions.act_window', 'res_model': 'crm.infinity.list.member',
                'view_mode': 'tree', 'views': [(False, 'tree')], 'name': self.name,
                'domain': [('list_id', '=', self.id)], 'context': {'create': False}}

    @api.multi
    def action_crm_work(self):
        """Work on the list: deals, causali, activities, appointments, documents (SPEC M4)."""
        self.ensure_one()
        self.check_access_rule('read')
        return {'type': 'ir.actions.act_window', 'res_model': 'crm.infinity.list.work',
                'view_mode': 'form', 'target': 'new', 'name': _('Work on the list'),
                'context': {'active_model': self._name, 'active_id': self.id,
                            'active_ids': self.ids}}

    @api.multi
    def action_crm_mark_seen(self):
        self.check_access_rule('read')
        return self._crm_mark_seen()


def _recipient_dicts(records):
    """The recipient dicts of records of one model (the field names differ per model)."""
    model = records._name
    result = []
    if model == CONTACT_MODEL:
        for rec in records:
            result.append({'res_model': model, 'res_id': rec.id, 'name': rec.name or rec.email,
                           'email': rec.email or False, 'phone': False, 'partner_id': False})
    elif model == 'res.partner':
        for rec in records:
            result.append({'res_model': model, 'res_id': rec.id, 'name': rec.name,
                           'email': rec.email or False, 'phone': rec.mobile or rec.phone or False,
                           'partner_id': rec.id})
    elif model == 'crm.lead':
        for rec in records:
            result.append({'res_model': model, 'res_id': rec.id,
                           'name': rec.contact_name or rec.partner_name or rec.partner_id.name
                           or rec.name,
                           'email': rec.email_from or rec.partner_id.email or False,
                           'phone': rec.mobile or rec.phone or False,
                           'partner_id': rec.partner_id.id or False})
    else:  # nominativi and any model with the usual address fields
        fields_ = records._fields
        for rec in records:
            phone = False
            for name in ('mobile', 'phone'):
                if name in fields_ and rec[name]:
                    phone = rec[name]
                    break
            partner = rec.partner_id.id if 'partner_id' in fields_ and rec.partner_id else False
            result.append({'res_model': model, 'res_id': rec.id, 'name': rec.display_name,
                           'email': rec.email if 'email' in fields_ and rec.email else False,
                           'phone': phone, 'partner_id': partner})
    return result
