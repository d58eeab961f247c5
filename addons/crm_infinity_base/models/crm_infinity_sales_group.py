from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engines.hierarchy import CycleError, SalesGroup, find_cycle, visible_users


class CrmInfinitySalesGroup(models.Model):
    """A node of the sales-force hierarchy (SPEC B3): its responsible sees the records of its
    members and of every group below it."""

    _name = 'crm.infinity.sales.group'
    _description = 'Sales group'
    _parent_name = 'parent_id'
    _order = 'complete_name'
    _rec_name = 'complete_name'

    name = fields.Char(required=True, translate=False)
    complete_name = fields.Char(compute='_compute_complete_name', store=True, index=True)
    active = fields.Boolean(default=True)
    parent_id = fields.Many2one('crm.infinity.sales.group', string='Parent group', index=True,
                                ondelete='restrict')
    child_ids = fields.One2many('crm.infinity.sales.group', 'parent_id', string='Subgroups')
    responsible_id = fields.Many2one('res.users', string='Responsible', index=True,
                                     ondelete='restrict')
    member_ids = fields.Many2many('res.users', 'crm_infinity_sales_group_member_rel', 'group_id',
                                  'user_id', string='Members')
    note = fields.Text()

    @api.depends('name', 'parent_id.complete_name')
    def _compute_complete_name(self):
        for group in self:
            if group.parent_id:
                group.complete_name = '%s / %s' % (group.parent_id.complete_name, group.name)
            else:
                group.complete_name = group.name

    @api.constrains('parent_id')
    def _check_parent_id(self):
        self.env.cr.execute('SELECT id, parent_id FROM crm_infinity_sales_group')
        cycle = find_cycle(dict(self.env.cr.fetchall()))
        if cycle:
            names = self.browse(cycle[:-1]).mapped('name')
            raise ValidationError(_('A sales group cannot be placed below itself: %s.')
                                  % ' → '.join(names + names[:1]))

    @api.model
    def create(self, vals):
        group = super().create(vals)
        self._recompute_visibility()
        return group

    @api.multi
    def write(self, vals):
        res = super().write(vals)
        if {'parent_id', 'responsible_id', 'member_ids', 'active'} & set(vals):
            self._recompute_visibility()
        return res

    @api.multi
    def unlink(self):
        res = super().unlink()
        self._recompute_visibility()
        return res

    @api.model
    def _recompute_visibility(self):
        """Rewrite every user's "visible users" set from the whole tree, in SQL (one statement
        per table), then drop the record-rule cache so the new visibility applies at once."""
        cr = self.env.cr
        self.flush_visibility_inputs()
        cr.execute('SELECT id, parent_id, responsible_id FROM crm_infinity_sales_group WHERE active')
        rows = cr.fetchall()
        active_ids = {row[0] for row in rows}
        cr.execute('SELECT group_id, array_agg(user_id) FROM crm_infinity_sales_group_member_rel '
                   'GROUP BY group_id')
        members = dict(cr.fetchall())
        groups = [SalesGroup(gid, parent if parent in active_ids else None, resp,
                             members.get(gid) or []) for gid, parent, resp in rows]
        try:
            seen = visible_users(groups)
        except CycleError:  # refused by _check_parent_id with a readable message
            return
        pairs = [(user, other) for user, others in seen.items() for other in others if other != user]
        cr.execute('DELETE FROM crm_infinity_user_visible_rel')
        if pairs:
            values = ','.join(cr.mogrify('(%s,%s)', pair).decode() for pair in pairs)
            cr.execute('INSERT INTO crm_infinity_user_visible_rel (user_id, visible_user_id) '
                       'VALUES ' + values)
        self.env['res.users'].invalidate_cache(['crm_visible_user_ids'])
        self.env['ir.rule'].clear_caches()

    @api.model
    def flush_visibility_inputs(self):
        """Odoo 11 writes many2many rows immediately; nothing is pending (hook for 12+ ports)."""
        return True
