from odoo import SUPERUSER_ID, api, models


class MailActivity(models.Model):
    """Odoo 11 has no record rule on activities: every internal user read every activity of
    every document (the deals of other salespeople, their notes, the customers' names in
    ``res_name``), against B2. An activity is now visible to its assignee and to whoever may
    read its document, as in later Odoo versions."""

    _inherit = 'mail.activity'

    @api.model
    def _crm_visible_ids(self, ids):
        """The subset of ``ids`` the user may see (order kept)."""
        if not ids:
            return []
        self.env.cr.execute('SELECT id, res_model, res_id, user_id FROM mail_activity '
                            'WHERE id = ANY(%s)', (list(ids),))
        allowed, by_model = set(), {}
        for activity_id, res_model, res_id, user_id in self.env.cr.fetchall():
            if user_id == self._uid:
                allowed.add(activity_id)
            else:
                by_model.setdefault(res_model, {}).setdefault(res_id, []).append(activity_id)
        for res_model, docs in by_model.items():
            if res_model not in self.env:
                continue
            Document = self.env[res_model].with_context(active_test=False)
            if not Document.check_access_rights('read', raise_exception=False):
                continue
            for res_id in Document.search([('id', 'in', list(docs))]).ids:
                allowed.update(docs[res_id])
        return [activity_id for activity_id in ids if activity_id in allowed]

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False,
                access_rights_uid=None):
        if self._uid == SUPERUSER_ID:
            return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                                   access_rights_uid=access_rights_uid)
        ids = super()._search(args, offset=0, limit=None, order=order, count=False,
                              access_rights_uid=access_rights_uid)
        ids = self._crm_visible_ids(ids)
        if count:
            return len(ids)
        return ids[offset:offset + limit] if limit else ids[offset:]

    @api.multi
    def read(self, fields=None, load='_classic_read'):
        if self._uid != SUPERUSER_ID:  # Odoo's rule: read access to the document
            others = self.sudo().filtered(lambda activity: activity.user_id.id != self._uid)
            if others:
                self.browse(others.ids)._check_access('read')
        return super().read(fields=fields, load=load)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        if self._uid != SUPERUSER_ID:
            domain = [('id', 'in', self.search(domain or []).ids)]
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                  orderby=orderby, lazy=lazy)
