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
        'security/crm_infinity_nominativo_security.xml',
        'views/utm_campaign_views.xml',
        'views/mail_mass_mailing_list_views.xml',
        'views/monitor_views.xml',
        'views/crm_infinity_list_work_views.xml',
        'views/menus.xml',
        'views/crm_infinity_consent_views.xml',
        'views/crm_infinity_nominativo_promote_views.xml',
        'views/crm_infinity_nominativo_views.xml',
        'views/crm_infinity_nominativo_import_views.xml',
        'views/crm_infinity_call_list_views.xml',
    ],
    'demo': [
        'demo/crm_infinity_marketing_demo.xml',
        'demo/crm_infinity_nominativo_demo.xml',
    ],
}
