from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..offers import merge

SECTIONS = [
    ('header', 'Header'),
    ('body', 'Body'),
    ('lines', 'Detail lines'),
    ('totals', 'Totals'),
    ('closing', 'Closing'),
]


class CrmInfinityOfferTemplate(models.Model):
    """A piece of a commercial offer (SPEC S7) the users write in the rich text editor, with
    variable fields such as ``{{ customer.vat }}`` merged by the sandboxed ``offers.merge``."""

    _name = 'crm.infinity.offer.template'
    _description = 'Offer template'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    section = fields.Selection(SECTIONS, required=True, default='body')
    body = fields.Html(sanitize_attributes=False,
                       help='Text of the offer with variable fields between double braces, '
                            'e.g. {{ customer.name }}. A table row using {{ line.product }} is '
                            'repeated for every line of the quote.')
    company_id = fields.Many2one('res.company', string='Company',
                                 default=lambda self: self.env.user.company_id)
    variables_help = fields.Text('Available fields', compute='_compute_variables_help')

    def _compute_variables_help(self):
        text = '\n'.join('{{ %s }}' % path for path in merge.variables())
        for template in self:
            template.variables_help = text

    @api.constrains('body')
    def _check_body(self):
        """Refuse to save a template that would not merge: unknown fields, bad tags."""
        for template in self:
            try:
                merge.check(merge.parse(merge.expand_rows(template.body or '')))
            except merge.TemplateError as error:
                raise ValidationError(template._error_message(error))

    @api.multi
    def _render(self, context):
        """The merged HTML of this template; a UserError naming the field and the template."""
        self.ensure_one()
        try:
            return merge.render(self.body or '', context)
        except merge.TemplateError as error:
            raise UserError(self._error_message(error))

    @api.multi
    def _error_message(self, error):
        """What went wrong with the template, for the user (never a traceback)."""
        self.ensure_one()
        name, line = self.name or '', error.line or 1
        if error.kind == 'unknown_field':
            return _('The template "%s" uses the unknown field "%s" (line %s). The available '
                     'fields are listed under the text of the template.') % (name, error.field, line)
        if error.kind == 'not_a_value':
            return _('In the template "%s", "%s" is a group of fields, not a field: use one of '
                     'its fields, e.g. {{ customer.name }} (line %s).') % (name, error.field, line)
        if error.kind == 'not_a_list':
            return _('In the template "%s", "%s" cannot be repeated: only the detail lines '
                     '(lines) can (line %s).') % (name, error.field, line)
        if error.kind == 'nested_loop':
            return _('The template "%s" repeats "%s" inside another repetition (line %s): '
                     'repetitions cannot be nested.') % (name, error.field, line)
        if error.kind == 'unclosed_loop':
            return _('The template "%s" starts repeating "%s" at line %s but never ends it with '
                     '{%% endfor %%}.') % (name, error.field, line)
        if error.kind == 'unexpected_endfor':
            return _('The template "%s" has an {%% endfor %%} without its {%% for %%} '
                     '(line %s).') % (name, line)
        if error.kind == 'too_large':
            return _('The template "%s" or the offer merged with it is too large.') % name
        return _('The template "%s" has a syntax error at line %s: %s') % (
            name, line, error.detail or '')
