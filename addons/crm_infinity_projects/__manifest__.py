# Copyright 2026 Infinity CRM for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'CRM Infinity - Projects',
    'summary': 'Commesse with activities, hourly costing, events and Gantt',
    'version': '11.0.1.0.0',
    'category': 'CRM Infinity',
    'website': 'https://github.com/crm-infinity/crm-infinity',
    'author': 'Infinity CRM for Odoo contributors',
    'license': 'LGPL-3',
    'installable': True,
    'depends': [
        'crm_infinity_einvoice',
        'crm_infinity_sales',
        'hr_timesheet',
        'project',
    ],
    'data': [
        'security/crm_infinity_projects_security.xml',
        'security/ir.model.access.csv',
        'data/account_analytic_account_data.xml',
        'views/project_project_views.xml',
        'views/project_task_views.xml',
        'views/crm_infinity_task_notify_views.xml',
        'views/sale_order_views.xml',
        'views/menus.xml',
        'security/crm_infinity_projects_cost_security.xml',
        'data/crm_infinity_projects_cost_data.xml',
        'views/crm_infinity_cost_views.xml',
        'security/ir.model.access-gantt.csv',
        'security/crm_infinity_projects_report_security.xml',
        'report/gantt_report_templates.xml',
        'report/management_report_templates.xml',
        'views/gantt_views.xml',
        'views/report_views.xml',
    ],
    'qweb': [
        'static/src/xml/gantt.xml',
    ],
    'demo': [
        'demo/crm_infinity_projects_demo.xml',
        'demo/crm_infinity_projects_cost_demo.xml',
    ],
}
