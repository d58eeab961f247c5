# Copyright 2026 Infinity CRM for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'CRM Infinity - Marketing',
    'summary': 'Nominativi, campaigns with budget and ROI, lists, tracked mailings, privacy links',
    'version': '11.0.1.0.0',
    'category': 'CRM Infinity',
    'website': 'https://github.com/crm-infinity/crm-infinity',
    'author': 'Infinity CRM for Odoo contributors',
    'license': 'LGPL-3',
    'installable': True,
    'depends': [
        'crm_infinity_sales',
        'link_tracker',
        'mass_mailing',
        'survey',
    ],
    'data': [
        'security/crm_infinity_marketing_security.xml',
        'security/ir.model.access.csv',
        'views/menus.xml',
    ],
    'demo': [
        'demo/crm_infinity_marketing_demo.xml',
    ],
}
