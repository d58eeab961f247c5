from datetime import date, datetime, time

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

GAP_DAYS_PARAM = 'crm_infinity_base.timeline_gap_days'
DEFAULT_GAP_DAYS = 30
PAGE = 40
MAX_PAGE = 200
BODY_CHARS = 280


class CrmInfinityTimeline(models.AbstractModel):
    """The *Scheda riepilogo* (B10): one chronological timeline of a company or a contact,
    merged from every installed addon's ``crm.infinity.timeline.provider``.

    The roll-up is done here: a company's timeline asks the providers for the company and all
    its contacts (a contact's, for the contact and the people under it), and the providers
    match their records on any of them (a ticket's SLA events through the ticket). Every
    provider searches as the viewer, so what he may not read is simply not there. Pages are
    cut on the date (keyset), so the first page asks each provider for a few newest items
    only, however long the history."""

    _name = 'crm.infinity.timeline'
    _description = 'Summary card'

    @api.model
    def crm_timeline_load(self, partner_id, kinds=None, cursor=None, limit=PAGE):
        """A page of the timeline of ``partner_id``, newest first.

        ``kinds``: list of kind codes (the filters), ``None`` for all; ``cursor``: the
        ``next`` of the previous page (``None`` for the first); returns ``{'partner',
        'kinds', 'items', 'next', 'gap_days'}``, ``next`` being ``False`` on the last page.
        Items are the providers' dicts with the display values added, and ``gap`` markers
        where nothing happened for ``gap_days`` days."""
        partner = self._crm_timeline_partner(partner_id)
        Provider = self.env['crm.infinity.timeline.provider']
        limit = min(max(int(limit or PAGE), 1), MAX_PAGE)
        all_kinds = Provider._crm_timeline_kinds()
        if kinds is not None:
            known = {code for code, _label in all_kinds}
            kinds = [kind for kind in kinds if kind in known]
        cursor = cursor or {}
        date_to, skip = cursor.get('date') or None, int(cursor.get('skip') or 0)
        partner_ids = self._crm_timeline_partner_ids(partner)
        Provider = Provider.with_context(crm_timeline_memo={})
        raw = Provider._crm_timeline_items(partner_ids, date_to=date_to, kinds=kinds,
                                           limit=limit + skip + 1) if kinds != [] else []
        items = sorted((self._crm_timeline_normalize(item) for item in raw),
                       key=lambda i: (i['date'], i['kind'], i['res_model'] or '', i['res_id'] or 0),
                       reverse=True)
        if date_to:
            date_to = fields.Datetime.to_string(fields.Datetime.from_string(date_to))
            items = [item for item in items if item['date'] <= date_to]
        items = items[skip:]
        page, more = items[:limit], len(items) > limit
        next_cursor = False
        if more and page:
            last = page[-1]['date']
            same = sum(1 for item in page if item['date'] == last)
            next_cursor = {'date': last, 'skip': same + (skip if last == date_to else 0)}
        self._crm_timeline_display(page, partner)
        gap_days = self._crm_timeline_gap_days()
        return {
            'partner': {'id': partner.id, 'name': partner.display_name,
                        'is_company': partner.is_company},
            'kinds': [{'code': code, 'name': label} for code, label in all_kinds],
            'items': self._crm_timeline_gaps(page, gap_days, first=not cursor,
                                             previous=date_to),
            'next': next_cursor,
            'gap_days': gap_days,
        }

    @api.model
    def crm_timeline_action(self, partner_id):
        """The client action of the card of ``partner_id`` (button of the partner form)."""
        partner = self._crm_timeline_partner(partner_id)
        return {
            'type': 'ir.actions.client',
            'tag': 'crm_infinity_timeline',
            'name': _('Summary card: %s') % partner.display_name,
            'params': {'partner_id': partner.id},
            'context': {'active_id': partner.id, 'active_model': 'res.partner'},
        }

    # -- engine ---------------------------------------------------------------------------------

    @api.model
    def _crm_timeline_partner(self, partner_id):
        try:
            partner = self.env['res.partner'].browse(int(partner_id))
        except (TypeError, ValueError):
            raise UserError(_('Choose a company or a contact.'))
        if not partner.exists():
            raise UserError(_('This company or contact no longer exists.'))
        partner.check_access_rights('read')
        partner.check_access_rule('read')
        return partner

    @api.model
    def _crm_timeline_partner_ids(self, partner):
        """The roll-up: a company with all its contacts, a contact with the people under it
        (ids only, found as superuser: each provider reads its records as the viewer)."""
        Partner = self.env['res.partner'].sudo().with_context(active_test=False)
        if partner.is_company or partner.commercial_partner_id == partner:
            ids = Partner.search([('commercial_partner_id', '=', partner.id)]).ids
        else:
            ids = Partner.search([('id', 'child_of', partner.id)]).ids
        return sorted(set(ids) | {partner.id})

    @api.model
    def _crm_timeline_gap_days(self):
        value = self.env['ir.config_parameter'].sudo().get_param(GAP_DAYS_PARAM)
        try:
            return max(int(value), 1) if value else DEFAULT_GAP_DAYS
        except ValueError:
            return DEFAULT_GAP_DAYS

    @api.model
    def _crm_timeline_normalize(self, item):
        item = {key: False if value is None else value for key, value in item.items()}
        moment = item.get('date')
        if isinstance(moment, datetime):
            moment = fields.Datetime.to_string(moment)
        elif isinstance(moment, date):
            moment = fields.Datetime.to_string(datetime.combine(moment, time(12)))
        elif isinstance(moment, str) and len(moment) == 10:
            moment = moment + ' 12:00:00'
        item['date'] = (moment or '')[:19]
        body = item.get('body') or ''
        if len(body) > BODY_CHARS:
            body = body[:BODY_CHARS - 1].rstrip() + '…'
        item['body'] = body
        return item

    @api.model
    def _crm_timeline_display(self, items, partner):
        """Add what the client shows: the kind label, the local date, who, and the roll-up
        ("via contatto X", "via ticket #12")."""
        kinds = dict(self.env['crm.infinity.timeline.provider']._crm_timeline_kinds())
        user_ids = {item['user_id'] for item in items if item.get('user_id')}
        users = {row['id']: row['name'] for row in self.env['res.users'].sudo().browse(
            list(user_ids)).read(['name'])}
        partner_ids = {item['partner_id'] for item in items
                       if item.get('partner_id') and item['partner_id'] != partner.id}
        # names of the contacts of items the viewer reads (the item shows them anyway)
        partners = {row['id']: row['name'] for row in self.env['res.partner'].sudo().browse(
            list(partner_ids)).read(['name'])}
        parents = {}
        for item in items:
            if item.get('parent_model') and item.get('parent_id'):
                parents.setdefault(item['parent_model'], set()).add(item['parent_id'])
        parent_names = {}
        for model, ids in parents.items():
            if not self.env['crm.infinity.timeline.provider']._crm_timeline_can_read(model):
                continue
            readable = self.env[model].search([('id', 'in', list(ids))])
            parent_names.update({(model, rid): name for rid, name in readable.name_get()})
        tz = self.env['crm.infinity.desk.provider']._crm_desk_tz(self.env.user)
        for item in items:
            local = pytz.utc.localize(fields.Datetime.from_string(item['date'])).astimezone(tz)
            item['date_display'] = local.strftime('%d/%m/%Y %H:%M')
            item['kind_name'] = kinds.get(item['kind'], item['kind'])
            item['user_name'] = users.get(item.get('user_id')) or ''
            via = []
            if item.get('partner_id') in partners:
                via.append(partners[item['partner_id']])
            parent = parent_names.get((item.get('parent_model'), item.get('parent_id')))
            if parent:
                via.append(parent)
            item['via'] = ', '.join(via)
            if isinstance(item.get('amount'), (int, float)) and item.get('amount') is not False:
                item['amount_display'] = self.env['crm.infinity.desk']._crm_desk_format(
                    item['amount'], 'monetary')

    @api.model
    def _crm_timeline_gaps(self, items, gap_days, first=True, previous=None):
        """The items with a ``gap`` marker wherever ``gap_days`` days or more passed without
        an item (also between now and the newest item, on the first page)."""
        result = []
        newer = fields.Datetime.now() if first else previous
        for item in items:
            if newer:
                days = (fields.Datetime.from_string(newer) -
                        fields.Datetime.from_string(item['date'])).days
                if days >= gap_days:
                    result.append({'kind': 'gap', 'days': days,
                                   'title': _('%d days without events') % days})
            result.append(item)
            newer = item['date']
        return result


class CrmInfinityTimelineProvider(models.AbstractModel):
    """The items of base on the card: the chatter messages of the company and its contacts
    (and the e-mails they sent on any document), the communications (calls, SMS, e-mails)
    logged with them, and the primanota lines of their records."""

    _inherit = 'crm.infinity.timeline.provider'

    @api.model
    def _crm_timeline_kinds(self):
        return super()._crm_timeline_kinds() + [
            ('message', _('Messages')),
            ('communication', _('Communications')),
            ('primanota', _('Primanota')),
        ]

    @api.model
    def _crm_timeline_items(self, partner_ids, date_from=None, date_to=None, kinds=None,
                            limit=None):
        items = super()._crm_timeline_items(partner_ids, date_from=date_from, date_to=date_to,
                                            kinds=kinds, limit=limit)
        if self._crm_timeline_wants('message', kinds):
            items += self._crm_timeline_messages(partner_ids, date_from, date_to, limit)
        if self._crm_timeline_wants('communication', kinds) and \
                self._crm_timeline_can_read('crm.infinity.communication'):
            items += self._crm_timeline_communications(partner_ids, date_from, date_to, limit)
        if self._crm_timeline_wants('primanota', kinds) and \
                self._crm_timeline_can_read('crm.infinity.primanota'):
            items += self._crm_timeline_primanota(partner_ids, date_from, date_to, limit)
        return items

    @api.model
    def _crm_timeline_primanota_records(self, partner_ids):
        """``{model: ids}`` of the records whose primanota lines show on the card; addons add
        theirs (deals, tickets) with ``super()``, searched as the viewer."""
        return {'res.partner': list(partner_ids)}

    @api.model
    def _crm_timeline_messages(self, partner_ids, date_from, date_to, limit):
        dates = self._crm_timeline_date_domain('date', date_from, date_to)
        fields_ = ['date', 'subject', 'message_type', 'body', 'model', 'res_id', 'author_id']
        order = 'date desc, id desc'
        # two queries on their own indexes rather than one OR of both
        rows = self._crm_timeline_read('mail.message', [
            ('model', '=', 'res.partner'), ('res_id', 'in', partner_ids),
            ('message_type', 'in', ('comment', 'email'))] + dates, fields_, order, limit)
        rows += self._crm_timeline_read('mail.message', [
            ('author_id', 'in', partner_ids), ('message_type', '=', 'email'),
            ('model', '!=', 'res.partner')] + dates, fields_, order, limit)
        items = []
        for row in rows:
            on_partner = row['model'] == 'res.partner'
            items.append({
                'kind': 'message', 'date': row['date'],
                'title': row['subject'] or (_('E-mail') if row['message_type'] == 'email'
                                            else _('Note')),
                'body': html2plaintext(row['body'] or '').strip(),
                'res_model': row['model'] or 'res.partner',
                'res_id': row['res_id'] or row['author_id'],
                'partner_id': row['res_id'] if on_partner else row['author_id'],
                'user_id': False, 'author': row['author_id_name'],
            })
        return items

    @api.model
    def _crm_timeline_communications(self, partner_ids, date_from, date_to, limit):
        Communication = self.env['crm.infinity.communication']
        kinds = dict(Communication._fields['kind']._description_selection(self.env))
        rows = self._crm_timeline_read(
            Communication._name, [('partner_id', 'in', partner_ids)] +
            self._crm_timeline_date_domain('date', date_from, date_to),
            ['date', 'kind', 'subject', 'note', 'partner_id', 'user_id'],
            'date desc, id desc', limit)
        return [{
            'kind': 'communication', 'date': row['date'],
            'title': '%s: %s' % (kinds.get(row['kind'], row['kind']), row['subject']),
            'body': row['note'] or '', 'res_model': Communication._name, 'res_id': row['id'],
            'partner_id': row['partner_id'], 'user_id': row['user_id'],
        } for row in rows]

    @api.model
    def _crm_timeline_primanota(self, partner_ids, date_from, date_to, limit):
        records = self._crm_timeline_primanota_records(partner_ids)
        clauses = [['&', ('res_model', '=', model), ('res_id', 'in', ids)]
                   for model, ids in records.items() if ids]
        if not clauses:
            return []
        domain = ['|'] * (len(clauses) - 1) + [term for clause in clauses for term in clause]
        domain += self._crm_timeline_date_domain('date', date_from, date_to)
        rows = self._crm_timeline_read(
            'crm.infinity.primanota', domain,
            ['date', 'event_label', 'event_code', 'res_name', 'note', 'res_model', 'res_id',
             'user_id'], 'date desc, id desc', limit)
        return [{
            'kind': 'primanota', 'date': row['date'],
            'title': '%s: %s' % (row['event_label'] or row['event_code'] or '',
                                 row['res_name'] or ''),
            'body': row['note'] or '', 'res_model': 'crm.infinity.primanota',
            'res_id': row['id'],
            'partner_id': row['res_id'] if row['res_model'] == 'res.partner' else False,
            'user_id': row['user_id'],
        } for row in rows]
