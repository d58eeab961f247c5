from odoo import _, api, fields, models


class CrmInfinityListMember(models.Model):
    """A record linked to a static list (a nominativo, contact, company or deal), besides
    Odoo's own list contacts; a frozen dynamic list keeps its snapshot here."""

    _name = 'crm.infinity.list.member'
    _description = 'Member of a list'
    _order = 'list_id, name, id'

    list_id = fields.Many2one('mail.mass_mailing.list', string='List', required=True,
                              ondelete='cascade', index=True)
    res_model = fields.Char('Model', required=True)
    res_id = fields.Integer('Record', required=True)
    name = fields.Char('Name')
    email = fields.Char('E-mail')
    date = fields.Datetime('Added on', default=fields.Datetime.now)

    _sql_constraints = [
        ('member_unique', 'unique(list_id, res_model, res_id)',
         'A record is in a list only once.'),
    ]

    @api.model
    def _crm_bulk_add(self, mlist, recipients):
        """Link the records of ``recipients`` (dicts of ``_crm_recipients``) to ``mlist`` in one
        statement; records already there are skipped. Returns the number added."""
        if not recipients:
            return 0
        rows = [(mlist.id, r['res_model'], r['res_id'], r.get('name') or '', r.get('email') or None,
                 self.env.uid) for r in recipients]
        values = ','.join(['(%s, %s, %s, %s, %s, now() at time zone \'utc\', %s, '
                           'now() at time zone \'utc\', %s, now() at time zone \'utc\')']
                          * len(rows))
        params = []
        for row in rows:
            params.extend(row + (row[-1],))
        self.env.cr.execute(
            'INSERT INTO crm_infinity_list_member (list_id, res_model, res_id, name, email, date, '
            'create_uid, create_date, write_uid, write_date) VALUES %s '
            'ON CONFLICT (list_id, res_model, res_id) DO NOTHING' % values, params)
        added = self.env.cr.rowcount
        self.invalidate_cache()
        mlist.invalidate_cache()
        return added


class CrmInfinityListSeen(models.Model):
    """What a user saw of a list last (its recipients' keys), so that before a message goes to
    a dynamic list he is told what changed since."""

    _name = 'crm.infinity.list.seen'
    _description = 'Last look at a list'
    _order = 'date desc, id desc'

    list_id = fields.Many2one('mail.mass_mailing.list', string='List', required=True,
                              ondelete='cascade', index=True)
    user_id = fields.Many2one('res.users', string='User', required=True, ondelete='cascade')
    date = fields.Datetime('Seen on', required=True)
    count = fields.Integer('Recipients')
    keys = fields.Text('Recipients seen')
