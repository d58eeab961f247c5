"""Issue 13: the B2 read rule of res.partner (a noupdate record) now also lets a salesperson read
the customers of his deals. Odoo never reloads an existing noupdate record: drop it, the upgrade
recreates it from security/crm_infinity_b2_security.xml."""

RELOADED = ('res_partner_rule_b2_read',)


def migrate(cr, version):
    cr.execute("SELECT res_id FROM ir_model_data WHERE module = 'crm_infinity_sales' "
               "AND model = 'ir.rule' AND name IN %s", (RELOADED,))
    rule_ids = tuple(row[0] for row in cr.fetchall())
    if rule_ids:
        cr.execute("DELETE FROM ir_rule WHERE id IN %s", (rule_ids,))
    cr.execute("DELETE FROM ir_model_data WHERE module = 'crm_infinity_sales' "
               "AND model = 'ir.rule' AND name IN %s", (RELOADED,))
