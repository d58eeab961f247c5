from odoo.exceptions import AccessError, ValidationError

from .common import SalesCase

QUOTE_ERRORS = (AccessError, ValidationError)


class QuoteCase(SalesCase):
    """Companies of anna and bruno (each with a contact), a company nobody is responsible for,
    a deal of each on their company, the management causale "Invia offerta"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env['res.partner']
        cls.comp_anna = Partner.create({'name': 'Azienda di Anna S.r.l.', 'is_company': True,
                                        'user_id': cls.anna.id})
        cls.contact_anna = Partner.create({'name': 'Referente di Anna',
                                           'parent_id': cls.comp_anna.id})
        cls.comp_bruno = Partner.create({'name': 'Azienda di Bruno S.p.A.', 'is_company': True,
                                         'user_id': cls.bruno.id})
        cls.contact_bruno = Partner.create({'name': 'Referente di Bruno',
                                            'parent_id': cls.comp_bruno.id})
        cls.comp_free = Partner.create({'name': 'Azienda senza commerciale', 'is_company': True})
        cls.team = cls.env['crm.team'].create({'name': 'Team preventivi'})
        cls.payment_term = cls.env['account.payment.term'].create({'name': '60 giorni DFFM'})
        cls.pricelist = cls.env['product.pricelist'].create({'name': 'Listino rivenditori'})
        cls.comp_anna.write({'property_payment_term_id': cls.payment_term.id,
                             'property_product_pricelist': cls.pricelist.id})
        cls.deal_anna = cls._deal(cls.anna, partner_id=cls.contact_anna.id, team_id=cls.team.id)
        cls.deal_bruno = cls._deal(cls.bruno, partner_id=cls.comp_bruno.id)
        cls.product = cls.env['product.product'].create({
            'name': 'Licenza annuale', 'type': 'service', 'list_price': 100.0})
        cls.product2 = cls.env['product.product'].create({
            'name': 'Giornata di consulenza', 'type': 'service', 'list_price': 600.0})
        model = cls.env['ir.model']._get('crm.lead')
        status_field = cls.env['ir.model.fields'].search([('model', '=', 'crm.lead'),
                                                          ('name', '=', 'deal_status_id')])
        phase_field = cls.env['ir.model.fields'].search([('model', '=', 'crm.lead'),
                                                         ('name', '=', 'deal_phase')])
        cls.causale_offer = cls.env['crm.infinity.causale'].create({
            'name': 'Invia offerta (test)', 'kind': 'management', 'channel': 'email',
            'model_ids': [(6, 0, model.ids)],
            'effect_ids': [
                (0, 0, {'sequence': 1, 'effect_type': 'method',
                        'method_name': 'causale_create_quotation'}),
                (0, 0, {'sequence': 2, 'effect_type': 'set_field', 'field_id': phase_field.id,
                        'value': 'opportunity'}),
                (0, 0, {'sequence': 3, 'effect_type': 'set_field', 'field_id': status_field.id,
                        'value': str(cls.st_offer_issued.id)}),
            ]})
        cls.causale_broken = cls.env['crm.infinity.causale'].create({
            'name': 'Offerta con errore (test)', 'kind': 'management',
            'model_ids': [(6, 0, model.ids)],
            'effect_ids': [
                (0, 0, {'sequence': 1, 'effect_type': 'method',
                        'method_name': 'causale_create_quotation'}),
                (0, 0, {'sequence': 2, 'effect_type': 'set_field', 'field_id': status_field.id,
                        'value': 'Stato che non esiste'}),
            ]})
        cls.Order = cls.env['sale.order'].with_context(tracking_disable=True)

    @classmethod
    def _quote(cls, user, partner, **values):
        vals = {'partner_id': partner.id, 'user_id': user.id}
        vals.update(values)
        return cls.Order.sudo(user).create(vals).sudo()

    def _primanota(self, record, **domain):
        search = [('res_model', '=', record._name), ('res_id', '=', record.id)]
        search += [(key, '=', value) for key, value in domain.items()]
        return self.env['crm.infinity.primanota'].search(search)

    def _events(self, code, record):
        return self.env['crm.infinity.event'].search([
            ('code', '=', code), ('res_model', '=', record._name), ('res_id', '=', record.id)])
