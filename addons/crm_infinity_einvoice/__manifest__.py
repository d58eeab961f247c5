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
        'fetchmail',
        'l10n_it',
        'sale',
    ],
    'external_dependencies': {'python': ['lxml', 'stdnum']},
    'data': [
        'security/crm_infinity_einvoice_security.xml',
        'security/ir.model.access.csv',
        'data/fatturapa_code_data.xml',
        'data/crm_infinity_einvoice_data.xml',
        'views/fiscal_data_views.xml',
        'views/account_invoice_views.xml',
        'views/crm_infinity_sdi_notification_views.xml',
        'views/menus.xml',
        'report/report_invoice.xml',
    ],
    'demo': [
        'demo/crm_infinity_einvoice_demo.xml',
    ],
}
