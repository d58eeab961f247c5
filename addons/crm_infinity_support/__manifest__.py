# Copyright 2026 Infinity CRM for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'CRM Infinity - Support',
    'summary': 'Service centers, tickets with causali, SLA on working calendars, knowledge base, customer portal',
    'version': '11.0.1.0.0',
    'category': 'CRM Infinity',
    'website': 'https://github.com/crm-infinity/crm-infinity',
    'author': 'Infinity CRM for Odoo contributors',
    'license': 'LGPL-3',
    'installable': True,
    'depends': [
        'crm_infinity_base',
        'portal',
        'product',
        'rating',
        'resource',
        'sale',
        'website',
    ],
    'data': [
        'security/ir.model.access.csv',
        'security/crm_infinity_support_security.xml',
        'security/crm_infinity_kb_security.xml',
        'data/crm_infinity_ticket_data.xml',
        'views/crm_infinity_ticket_views.xml',
        'views/crm_infinity_service_center_views.xml',
        'views/menus.xml',
        'data/crm_infinity_ticket_rating_data.xml',
        'views/crm_infinity_kb_article_views.xml',
        'views/crm_infinity_ticket_portal_views.xml',
        'views/portal_templates.xml',
        'views/kb_templates.xml',
    ],
    'demo': [
        'demo/crm_infinity_support_demo.xml',
        'demo/crm_infinity_portal_demo.xml',
    ],
}
