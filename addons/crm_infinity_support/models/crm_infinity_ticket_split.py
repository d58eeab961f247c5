import logging

from odoo import _, api, models

from .crm_infinity_ticket_stage import DONE_STATES

_logger = logging.getLogger(__name__)


class CrmInfinityTicket(models.Model):
    """Split tickets (SPEC T9): derive tickets from one, and let the children's progress reach
    the parent through a scheduled action."""

    _inherit = 'crm.infinity.ticket'

    @api.multi
    def action_split(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Split the ticket'),
            'res_model': 'crm.infinity.ticket.split.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_ticket_id': self.id},
        }

    @api.multi
    def _split(self, lines):
        """Derive one ticket per line (dicts: name, center_id, category_id, user_id,
        description) from this one; both sides get a primanota line 'split'."""
        self.ensure_one()
        children = self.browse()
        for line in lines:
            children |= self.create(self._split_values(line))
        self._primanota_log([{
            'res_id': self.id, 'res_name': self.display_name, 'event_code': 'split',
            'channel': 'system',
            'note': _('Split into %s') % ', '.join(children.mapped('number')),
        }])
        children._primanota_log([{
            'res_id': child.id, 'res_name': child.display_name, 'event_code': 'split',
            'channel': 'system', 'note': _('Split from %s') % self.number,
        } for child in children])
        self.message_post(body=_('Split into: %s') % ', '.join(
            '<a href="#" data-oe-model="%s" data-oe-id="%d">%s</a>' % (child._name, child.id, child.number)
            for child in children), subtype='mail.mt_note', message_type='comment')
        return children

    def _split_values(self, line):
        values = {
            'parent_id': self.id,
            'name': line['name'],
            'center_id': line.get('center_id') or self.center_id.id,
            'category_id': line.get('category_id') or False,
            'user_id': line.get('user_id') or False,
            'description': line.get('description') or self.description,
            'partner_id': self.partner_id.id,
            'partner_name': self.partner_name,
            'partner_email': self.partner_email,
            'partner_phone': self.partner_phone,
            'product_id': self.product_id.id,
            'serial_number': self.serial_number,
            'priority': self.priority,
            'channel': self.channel,
        }
        if values['user_id']:
            values['stage_id'] = self._stage_for_state('open', values['center_id']).id
        return values

    @api.model
    def _cron_propagate_split_status(self):
        """A parent whose children are all solved or closed becomes solved itself."""
        parents = self.search([('child_ids', '!=', False), ('state', 'not in', DONE_STATES)])
        solved = parents.filtered(
            lambda parent: all(child.state in DONE_STATES
                               for child in parent.with_context(active_test=False).child_ids))
        for parent in solved:
            parent._set_state('solved')
            parent._primanota_log([{
                'res_id': parent.id, 'res_name': parent.display_name, 'event_code': 'split',
                'channel': 'system', 'note': _('All the split tickets are done: ticket solved'),
            }])
        if solved:
            _logger.info('Split tickets: %d parent tickets solved', len(solved))
        return solved
