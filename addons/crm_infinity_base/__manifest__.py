# Copyright 2026 Infinity CRM for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'CRM Infinity - Base',
    'summary': 'Shared core of CRM Infinity: profiles, sales-force hierarchy, causali, '
               'primanota, events and notification rules',
    'version': '11.0.1.0.0',
    'category': 'CRM Infinity',
    'website': 'https://github.com/crm-infinity/crm-infinity',
    'author': 'Infinity CRM for Odoo contributors',
    'license': 'LGPL-3',
    'application': True,
    'installable': True,
    'depends': [
        'base_setup',
        'calendar',
        'contacts',
        'mail',
        'phone_validation',
        'portal',
        'resource',
        'sales_team',
        'utm',
    ],
    'external_dependencies': {'python': ['phonenumbers', 'xlsxwriter']},
    'data': [
        'security/crm_infinity_security.xml',
        'security/ir.model.access.csv',
        'data/crm_infinity_event_type_data.xml',
        'views/assets.xml',
        'views/crm_infinity_sales_group_views.xml',
        'views/crm_infinity_causale_views.xml',
        'views/crm_infinity_primanota_views.xml',
        'views/crm_infinity_event_views.xml',
        'views/crm_infinity_communication_views.xml',
        'views/res_partner_views.xml',
        'views/res_config_settings_views.xml',
        'views/menus.xml',
    ],
    'demo': [
        'demo/crm_infinity_base_demo.xml',
    ],
}
