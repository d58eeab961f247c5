# Copyright 2026 Infinity CRM for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'CRM Infinity - Sales',
    'summary': 'Trattative driven by causali, routing rules, Sicurweb leads, quotes, offers, dashboards',
    'version': '11.0.1.0.0',
    'category': 'CRM Infinity',
    'website': 'https://github.com/crm-infinity/crm-infinity',
    'author': 'Infinity CRM for Odoo contributors',
    'license': 'LGPL-3',
    'installable': True,
    'depends': [
        'crm',
        'crm_infinity_base',
        'sale',
        'sale_management',
    ],
    'data': [
        'security/ir.model.access.csv',
        'security/crm_infinity_sales_security.xml',
        'data/crm_infinity_deal_status_data.xml',
        'views/crm_infinity_deal_config_views.xml',
        'views/crm_lead_views.xml',
        'views/menus.xml',
        'security/dashboard_security.xml',
        'views/contact_pool_views.xml',
        'views/dashboard_views.xml',
        'views/customer_card_views.xml',
        'views/dashboard_menus.xml',
        'data/dashboard_tile_data.xml',
    ],
    'demo': [
        'demo/crm_infinity_sales_demo.xml',
        'demo/dashboard_demo.xml',
    ],
}
