"""The demo office's records, built from the story of ``..demo_builder`` by the demo data of each
addon (``<function model="crm.infinity.demo" name="..."/>``: demo files run at install only).

Also hides Odoo's own English demo (Agrolait, "Plan to buy RedHat servers", Odoo's projects and
mass mailings...) from the CRM Infinity database: the records are archived, or deleted where
the model cannot be archived.
"""
import contextlib
import datetime
import logging

import pytz

from odoo import api, fields, models

from ..demo_builder import SEED, build

_logger = logging.getLogger(__name__)

# people of the story -> XML ids of the demo users
PEOPLE = {
    'marco': 'crm_infinity_base.user_marco_ferrari_demo',
    'giulia': 'crm_infinity_base.user_giulia_bianchi_demo',
    'luca': 'crm_infinity_base.user_luca_romano_demo',
    'sara': 'crm_infinity_base.user_sara_colombo_demo',
    'elena': 'crm_infinity_base.user_elena_marino_demo',
    'davide': 'crm_infinity_support.user_davide_conti_demo',
    'francesca': 'crm_infinity_support.user_francesca_galli_demo',
}
# the contacts of the customers that the XML demo already has
CONTACTS = {
    'rossi_impianti': 'crm_infinity_base.partner_rossi_mario_demo',
    'bianchi_costruzioni': 'crm_infinity_support.partner_bianchi_anna_demo',
}
OFFICE_TZ = pytz.timezone('Europe/Rome')
# records of Odoo modules that look like demo by their XML id but are the database's own
KEPT = {('hr', 'employee_root')}


class CrmInfinityDemo(models.AbstractModel):
    _name = 'crm.infinity.demo'
    _description = 'CRM Infinity demo builder'

    # -- the story --------------------------------------------------------------------------------

    @api.model
    def _demo_story(self):
        return build(SEED, fields.Date.from_string(fields.Date.context_today(self)))

    @api.model
    def _demo_italian_terms(self, module):
        """Load the Italian terms of ``module`` now: Odoo loads a module's translations once
        its data and demo are, so the texts its demo writes with ``_()`` (primanota notes,
        stored once) would be English even in an Italian context."""
        if self.env['res.lang'].search([('code', '=', 'it_IT')]):
            self.env['ir.translation'].load_module_terms([module], ['it_IT'])
            self.env['ir.translation'].clear_caches()
        return True

    @api.model
    def _demo_user(self, key):
        return self.env.ref(PEOPLE[key], raise_if_not_found=False) if key else None

    @api.model
    def _demo_customer(self, key):
        return self.env.ref('crm_infinity_base.partner_%s_demo' % key, raise_if_not_found=False) \
            or self.env.ref(next(c.xmlid for c in self._demo_story().customers if c.key == key))

    @api.model
    def _demo_contact(self, key):
        """The person who writes for the customer: its contact, or the customer itself."""
        xmlid = CONTACTS.get(key) or 'crm_infinity_base.partner_%s_contact_demo' % key
        return self.env.ref(xmlid, raise_if_not_found=False) or self._demo_customer(key)

    @api.model
    def _demo_utc(self, moment):
        """A naive local office datetime (or a date, at 10:00) as Odoo's naive UTC string."""
        if not isinstance(moment, datetime.datetime):
            moment = datetime.datetime.combine(moment, datetime.time(10, 0))
        local = OFFICE_TZ.localize(moment)
        return fields.Datetime.to_string(local.astimezone(pytz.utc).replace(tzinfo=None))

    @api.model
    def _demo_register(self, module, name, record):
        """Give a built record an XML id (noupdate, like the demo files' records)."""
        self.env['ir.model.data'].create({
            'module': module, 'name': name, 'model': record._name, 'res_id': record.id,
            'noupdate': True})

    @api.model
    def _demo_backdate(self, records, values):
        """Move the ORM's bookkeeping dates (create_date, write_date...) into the past: the story
        happened over a year, the records were created at install."""
        if not records:
            return
        columns = ', '.join('%s = %%s' % column for column in values)
        self.env.cr.execute('UPDATE "%s" SET %s WHERE id IN %%s' % (records._table, columns),
                            list(values.values()) + [tuple(records.ids)])
        records.invalidate_cache(list(values), records.ids)

    @api.model
    @contextlib.contextmanager
    def _demo_quiet(self):
        """While the past is built, nobody is notified of it (the notification rules are paused,
        the system events are still logged): a year of "ticket assigned" messages and e-mails
        dated today would only be noise, and slow the installation."""
        rules = self.env['crm.infinity.notification.rule'].sudo().search([('active', '=', True)])
        rules.write({'active': False})
        try:
            yield
        finally:
            rules.write({'active': True})

    # -- customers --------------------------------------------------------------------------------

    @api.model
    def _demo_build_customers(self):
        """The customers of the story that the demo XML does not have, with their contact."""
        Partner = self.env['res.partner']
        country = {'it': self.env.ref('base.it'), 'de': self.env.ref('base.de')}
        for customer in self._demo_story().customers:
            if customer.xmlid:
                continue
            state = self.env['res.country.state'].search([
                ('country_id', '=', country[customer.country].id),
                ('code', '=', customer.province)], limit=1)
            company = Partner.create({
                'name': customer.name, 'is_company': True, 'customer': True,
                'street': customer.street, 'zip': customer.zip, 'city': customer.city,
                'state_id': state.id, 'country_id': country[customer.country].id,
                'vat': customer.vat, 'email': customer.email, 'phone': customer.phone,
                'user_id': self._demo_user(customer.owner).id, 'lang': 'it_IT',
            })
            self._demo_register('crm_infinity_base', 'partner_%s_demo' % customer.key, company)
            if customer.contact:
                contact = Partner.create({
                    'name': customer.contact, 'parent_id': company.id,
                    'function': customer.contact_function, 'email': customer.contact_email,
                    'phone': customer.phone, 'lang': 'it_IT'})
                self._demo_register('crm_infinity_base', 'partner_%s_contact_demo' % customer.key,
                                    contact)
        return True

    # -- Odoo's English demo ----------------------------------------------------------------------

    @api.model
    def _demo_hide_odoo(self, spec):
        """Archive (or delete, where a model has no ``active``) the demo records of Odoo modules
        that a CRM Infinity screen would show. ``spec``: ``{module: [model, ...]}``; a model may
        be ``'model:prefix'`` to take only the XML ids starting with ``prefix``."""
        Data = self.env['ir.model.data']
        for module, model_names in spec.items():
            for entry in model_names:
                model, _sep, prefix = entry.partition(':')
                if model not in self.env:
                    continue
                domain = [('module', '=', module), ('model', '=', model)]
                if prefix:
                    domain.append(('name', '=like', prefix + '%'))
                ids = [data.res_id for data in Data.search(domain)
                       if (data.module, data.name) not in KEPT]
                records = self.env[model].with_context(active_test=False).browse(ids).exists()
                if not records:
                    continue
                if 'active' in records._fields:
                    records.write({'active': False})
                else:
                    records.unlink()
                _logger.info('demo: %d records of %s (%s) hidden', len(records), model, module)
        return True
