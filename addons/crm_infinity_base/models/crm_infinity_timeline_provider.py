from odoo import api, fields, models


class CrmInfinityTimelineProvider(models.AbstractModel):
    """Extension point of the *Scheda riepilogo* (B10): one chronological timeline per customer.

    Every addon ``_inherit``s this model in its own ``models/crm_infinity_timeline.py`` and
    extends both methods with ``super()``::

        class CrmInfinityTimelineProvider(models.AbstractModel):
            _inherit = 'crm.infinity.timeline.provider'

            @api.model
            def _crm_timeline_kinds(self):
                return super()._crm_timeline_kinds() + [('ticket', _('Tickets'))]

            @api.model
            def _crm_timeline_items(self, partner_ids, date_from=None, date_to=None,
                                    kinds=None, limit=None):
                items = super()._crm_timeline_items(
                    partner_ids, date_from=date_from, date_to=date_to, kinds=kinds, limit=limit)
                if self._crm_timeline_wants('ticket', kinds):
                    domain = [('partner_id', 'in', partner_ids)] + self._crm_timeline_date_domain(
                        'create_date', date_from, date_to)
                    for ticket in self.env['helpdesk.ticket'].search(
                            domain, order='create_date desc, id desc', limit=limit):
                        items.append({...})
                return items

    Contract of ``_crm_timeline_items`` (every provider must keep it):

    * it runs **as the viewer** (``self.env.user``): plain ``search`` / ``read`` so record rules
      apply; a provider whose model the viewer cannot read at all returns nothing for it (use
      ``self._crm_timeline_can_read(model)``), it never raises ``AccessError``;
    * ``partner_ids`` is a list of ``res.partner`` ids that already holds the company and all
      its contacts (the roll-up is the engine's job, ``crm.infinity.timeline``): providers match
      their records on *any* of them (``partner_id in partner_ids``, or the partner of the
      parent record, e.g. the ticket of an SLA event);
    * ``date_from`` / ``date_to`` are UTC datetimes (naive ``datetime`` or Odoo strings) or
      ``None``; both bounds are **inclusive** (``date >= date_from``, ``date <= date_to``:
      ``_crm_timeline_date_domain`` builds the domain);
    * ``kinds``: ``None`` (all) or a list of kind codes; a provider only returns the kinds asked
      (``_crm_timeline_wants(kind, kinds)``);
    * ``limit``: ``None`` or an int; then each query of a provider returns at most ``limit``
      items, **the newest** (order by date desc) — the engine merges, sorts and pages (keyset on
      the date), so the first page stays fast however long the history;
    * the result is a list of dicts with the keys:

      ``kind``      a code of ``_crm_timeline_kinds()``
      ``date``      UTC datetime (naive ``datetime`` or Odoo datetime string) the item happened;
                    for day-level records (an invoice date, a payment due date) a ``date`` or
                    Odoo date string is accepted: it is placed at 12:00 UTC of that day (filter
                    such fields with ``_crm_timeline_date_domain(field, ..., is_date=True)``)
      ``title``     short text, already translated (``_()``), e.g. "Offerta S00042 inviata"
      ``body``      plain text (no HTML) or ``''``; the engine shortens it
      ``res_model`` the source record, opened by the link of the item
      ``res_id``
      ``partner_id`` the ``res.partner`` id it belongs to (one of ``partner_ids``; drives the
                    "via contatto X" roll-up label)
      ``user_id``   ``res.users`` id of who did it / owns it, or ``False``

      optional: ``parent_model`` / ``parent_id`` (e.g. the ticket of an SLA event, shown as
      "via ticket #12"), ``amount`` (float, shown formatted), ``state`` (short translated text).
    """
    _name = 'crm.infinity.timeline.provider'
    _description = 'Summary card provider'

    @api.model
    def _crm_timeline_kinds(self):
        """Return the list of ``(code, label)`` of the kinds this addon contributes (labels
        translated, they are the filters of the card)."""
        return []

    @api.model
    def _crm_timeline_items(self, partner_ids, date_from=None, date_to=None, kinds=None,
                            limit=None):
        """Return the timeline items of ``partner_ids`` (see the class docstring)."""
        return []

    # Helpers for providers ------------------------------------------------------------------

    @api.model
    def _crm_timeline_wants(self, kind, kinds):
        return kinds is None or kind in kinds

    @api.model
    def _crm_timeline_can_read(self, model):
        """True when ``model`` is installed and the viewer has read access to it."""
        if model not in self.env:
            return False
        return self.env[model].check_access_rights('read', raise_exception=False)

    @api.model
    def _crm_timeline_read(self, model, domain, fields_, order, limit):
        """``search_read`` as the viewer of only the fields an item shows (reading records
        would prefetch every column of the model); many2one values as ids, their names in
        ``<field>_name``."""
        Model = self.env[model].with_context(active_test=False)
        rows = Model.search_read(domain, fields_, order=order, limit=limit)
        many2ones = [name for name in fields_ if Model._fields[name].type == 'many2one']
        for row in rows:
            for name in many2ones:
                value = row.get(name)
                row[name], row[name + '_name'] = (value[0], value[1]) if value else (False, '')
        return rows

    @api.model
    def _crm_timeline_memo(self, key, compute):
        """``compute()`` once per page of the card: providers share what several of them
        need (e.g. the ids of the deals of the partners, searched as the viewer)."""
        memo = self.env.context.get('crm_timeline_memo')
        if memo is None:
            return compute()
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    @api.model
    def _crm_timeline_date_domain(self, field, date_from=None, date_to=None, is_date=False):
        """Domain of ``date_from <= field <= date_to`` (UTC datetimes; for a Date field, pass
        ``is_date=True`` to compare on the days)."""
        domain = []
        if date_from:
            date_from = fields.Datetime.to_string(fields.Datetime.from_string(date_from))
            domain.append((field, '>=', date_from[:10] if is_date else date_from))
        if date_to:
            date_to = fields.Datetime.to_string(fields.Datetime.from_string(date_to))
            domain.append((field, '<=', date_to[:10] if is_date else date_to))
        return domain
