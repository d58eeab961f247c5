# Copyright 2026 Infinity CRM for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'CRM Infinity - E-invoicing',
    'summary': 'FatturaPA 1.2.2 export with pre-flight checks, ZIP, PEC channel and SdI notifications',
    'version': '11.0.1.0.0',
    'category': 'CRM Infinity',
    'website': 'https://github.com/crm-infinity/crm-infinity',
    'author': 'Infinity CRM for Odoo contributors',
    'license': 'LGPL-3',
    'installable': True,
    'depends': [
        'account_invoicing',
        'base_iban',
        'crm_infinity_base',
        'l10n_it',
    ],
    'data': [
        'security/crm_infinity_einvoice_security.xml',
        'views/menus.xml',
    ],
}
