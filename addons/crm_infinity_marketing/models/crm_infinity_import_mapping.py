import json

from odoo import api, fields, models

from ..engines import importer


class CrmInfinityImportMapping(models.Model):
    """The column mapping chosen for a file shape (its set of normalised headers), proposed again
    the next time a file of the same shape is imported (issue 15)."""

    _name = 'crm.infinity.import.mapping'
    _description = 'Remembered import mapping'
    _order = 'write_date desc, id desc'
    _rec_name = 'shape_key'

    shape_key = fields.Char('File shape', required=True, index=True)
    mapping = fields.Text('Mapping (JSON)', required=True,
                          help='Target field per normalised header.')
    filename = fields.Char('Last file')

    _sql_constraints = [
        ('shape_key_unique', 'UNIQUE(shape_key)', 'One mapping per file shape.'),
    ]

    @api.model
    def _crm_recall(self, headers):
        """The remembered targets per column of ``headers``, or None for a new shape."""
        record = self.search([('shape_key', '=', importer.shape_key(headers))], limit=1)
        if not record:
            return None
        saved = json.loads(record.mapping)
        return [saved.get(importer.normalize_header(h)) or None for h in headers]

    @api.model
    def _crm_remember(self, headers, mapping, filename=None):
        key = importer.shape_key(headers)
        value = json.dumps({importer.normalize_header(h): t for h, t in zip(headers, mapping)
                            if t and importer.normalize_header(h)}, sort_keys=True)
        record = self.search([('shape_key', '=', key)], limit=1)
        if record:
            record.write({'mapping': value, 'filename': filename})
        else:
            record = self.create({'shape_key': key, 'mapping': value, 'filename': filename})
        return record
