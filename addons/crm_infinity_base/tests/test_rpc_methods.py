"""Every public method of our models is an XML-RPC endpoint (issue 12 §4, README "Developer
notes"): called by a user who may read a record but not change it, each one must refuse
(AccessError/UserError...) or change nothing. The methods are found by introspecting the
registry: every public function defined in a ``crm_infinity_*`` addon module, on every model
(ours and the Odoo models we extend). The call goes through Odoo's RPC dispatcher
(``odoo.service.model.execute_cr``), as ``execute_kw`` would."""
import inspect
import os

import odoo
from odoo.service import model as rpc_model
from odoo.tools import mute_logger

from .common import CrmInfinityCase

OUR_PREFIX = 'odoo.addons.crm_infinity_'
# the test-only model of tests/addons: not shipped
NOT_SHIPPED = ('odoo.addons.crm_infinity_test',)

# The ORM's own entry points, overridden by our models: their access is Odoo's ACL and record
# rules, tested per addon (tests/test_access.py, tests/blackbox/test_sales_visibility.py).
ORM_CRUD = {'create', 'write', 'unlink', 'read', 'search', 'copy', 'default_get', 'name_get',
            'name_search', 'get_values', 'set_values', 'read_group', 'search_read',
            'search_count', 'fields_get', 'fields_view_get', 'load_views', 'name_create',
            'onchange'}

# Methods that may return without refusing to a user who cannot write the record, because
# they change nothing and show nothing he cannot already read. Each one is reviewed: say why.
ALLOWED = {
    # Odoo's own method, memoised per page of the summary card only (context key)
    'domain_get': "ir.rule's own: the SQL of the caller's rules, as Odoo returns it",
    # window actions: a dict describing a view; the view itself applies the record rules
    'action_view_primanota': 'opens the primanota list (record rules of the primanota)',
    'action_open_record': 'opens the logged record (its own record rules)',
    'action_open_causale_wizard': 'opens the wizard; applying checks the causale',
    'action_explain_routing': 'opens the explain wizard, read-only',
    'action_view_routing_log': 'opens the routing log list',
    'action_view_logs': 'opens the routing log list',
    'action_view_communications': 'opens the communications list',
    'action_view_tickets': 'opens the tickets list',
    'action_view_children': 'opens the tickets list',
    'action_view_kb_articles': 'opens the articles list',
    'action_create_kb_article': 'opens an unsaved form prefilled with what the user reads',
    'action_view_sale_orders': 'opens the quotations list',
    'action_view_quotes': 'opens the quotations list',
    'action_view_visits': 'opens the calendar list',
    'action_view_converted_partner': 'opens the company form',
    'action_view_converted_leads': 'opens the deals list',
    'action_view_ticket_slas': 'opens the SLA list',
    'action_view_runs': 'opens the automatic rule runs list',
    'action_open': 'opens a list (dashboard tile, directory)',
    'action_open_kpi': 'opens the KPI report',
    'action_crm_card_open_deals': 'opens the deals list of the card',
    'action_crm_card_quotes': 'opens the quotations list of the card',
    'action_crm_card_invoices': 'opens the invoices list of the card (invoice ACLs apply)',
    'action_open_offer_wizard': 'opens the offer wizard; generating checks access',
    'action_open_convert_wizard': 'opens the conversion wizard; converting checks access',
    'action_register_visit': 'opens the visit form; nothing saved',
    'action_plan_visits': 'opens the planning wizard; planning checks access',
    # verification and computations that only read
    'action_verify_primanota': 'verifies the chain: reads, tells the result',
    'action_verify': 'verifies the chain: reads, tells the result',
    'verify_chain': 'verifies the chain: reads',
    'verify_all': 'verifies the chains: reads',
    'check_applicable': 'raises when the causale may not be applied; changes nothing',
    'check_inputs': 'raises when inputs are missing; changes nothing',
    'find_by_phone': 'search() as the user: his record rules',
    'search_fulltext': 'search() as the user: his record rules',
    'get_preview': 'reads the ticket as the user',
    'fatturapa_preflight': 'lists what blocks the export; reads',
    'crm_infinity_deadlines': 'reads the invoice deadlines as the user',
    'get_report_values': 'values of the printed offer; the report reads as the user',
    'get_alias_model_name': 'mail alias mixin: a model name',
    'get_alias_values': 'mail alias mixin: default values',
    'message_get_reply_to': 'mail.thread: reply-to addresses',
    'message_get_suggested_recipients': 'mail.thread: suggested recipients of the chatter',
    'message_post_with_view': "mail.thread: Odoo's posting rule (_mail_post_access) decides",
    'rating_url': 'a link the record readers may already open',
    'flush_visibility_inputs': 'clears caches only',
    'check': 'ir.attachment access check: raises or returns nothing',
    'action_create_contact': 'opens an unsaved contact form with the caller\'s number',
    'action_test_on_record': 'opens the explain wizard, read-only',
    'action_split': 'opens the split wizard; splitting checks write access on the ticket',
    'action_export_xlsx': 'the XLSX of the primanota lines he reads (see ALLOWED_CHANGES)',
    'action_write_third_party': 'opens the compose form; sending checks access',
    'message_update': 'mail gateway: writes as the user (his ACLs); nothing without changes',
    'action_plan': 'creates calendar events as the user (his ACLs) for the contacts he reads',
    'get_ics_file': 'calendar: the .ics of events the user reads',
    'get_interval': 'calendar: a date of the event formatted for the invitation mail',
    'get_display_time_tz': 'calendar: the time of the event formatted for the invitation mail',
    # marketing (issue 15): lists of the send ledger and clicks, read with their record rules
    'action_crm_monitor_ledger': 'opens the ledger list of the message (its record rules)',
    'action_crm_monitor_clicks': 'opens the clicks pivot of the message (its record rules)',
    'action_crm_monitor_bounces': 'opens the bounced ledger rows (their record rules)',
    'action_crm_monitor_excluded': 'opens the ledger rows not sent (their record rules)',
    'action_crm_work': 'opens the work-on-a-list wizard; running it checks access',
    'action_crm_open_recipients': 'opens the records of the list as the user (his rules)',
    'action_crm_open_monitor': 'opens the monitor of the campaign\'s messages',
    'action_crm_open_deals': 'opens the deals list of the campaign (deal rules)',
    # marketing: lists of the send ledger of a message he reads (ledger ACLs apply)
    'action_crm_recipients': 'opens the recipients (ledger) list of the message',
    'action_crm_monitor_ledger': 'opens the ledger list of the message',
    'action_crm_monitor_excluded': 'opens the ledger list of the message, not sent',
    'action_crm_monitor_bounces': 'opens the ledger list of the message, bounced',
    'action_crm_monitor_clicks': 'opens the clicks list of the message',
    'crm_desk_load': 'MyDesk: search_count/read_group as the user, his record rules',
    'crm_desk_open': 'MyDesk: the window action of a tile; the list applies the record rules',
    'crm_timeline_load': 'the summary card: each provider searches as the user',
    'crm_timeline_action': 'opens the summary card of a partner the user reads',
    'action_open_timeline': 'opens the summary card of the partner',
}

# Changes a reader may make, reviewed: method -> tables it may change.
ALLOWED_CHANGES = {
    # the XLSX download of the lines he reads (search as the user): an attachment of his own
    'crm.infinity.primanota.action_export_xlsx': ('ir_attachment',),
    # Odoo's chatter note from a view, on a model whose readers may post (hr.employee:
    # _mail_post_access = 'read'); our override only renders the view in the user's language
    'hr.employee.message_post_with_view': ('mail_message',),
}

# Arguments given to methods that take some, by parameter name: realistic RPC values.
def _arguments(case):
    causale = case.env['crm.infinity.causale'].search([], limit=1)
    layout = case.env['crm.infinity.offer.layout'].search([], limit=1) \
        if 'crm.infinity.offer.layout' in case.env else None
    return {
        'causale_id': causale.id, 'causale': causale.id, 'values': {}, 'records': [],
        'body': 'Prova', 'attachments': None, 'author': None, 'score': 10, 'rate': 10,
        'token': None, 'feedback': None, 'subtype': None, 'number': '+39 02 1234567',
        'code': 'test_rpc', 'to': '+393331234567', 'text': 'Prova', 'xml': '<Notifica/>',
        'name': 'notifica.xml', 'visit_date': '2026-01-02', 'layout': layout and layout.id,
        'output_format': 'pdf', 'partner': case.env.user.partner_id.id, 'res_model':
        'crm.lead', 'res_id': 0, 'domain': None, 'lines': [], 'origin': None, 'user': None,
        'taxes': None, 'vals': {}, 'res_ids': [], 'default': None, 'docids': [], 'data': None,
        'mode': 'read', 'msg_dict': {'subject': 'Prova RPC', 'from': 'rpc@example.com',
                                     'email_from': 'rpc@example.com', 'to': '', 'cc': '',
                                     'body': '<p>Prova</p>', 'message_id': '<rpc@example.com>',
                                     'attachments': [], 'date': '2026-01-02 10:00:00'},
        'custom_values': None, 'update_vals': None, 'message': None, 'message_dict': {},
        'model': None, 'thread_id': None, 'field_names': [], 'limit': 20, 'state': 'closed',
        'modules': ['crm_infinity_base'], 'langs': ['it_IT'],
        'interval': 'day',
        'key': 'base.activities_today', 'scope': 'me', 'bar': None, 'kinds': None,
        'cursor': None, 'partner_id': case.env.user.partner_id.id, 'model_name': 'res.partner',
        'cursor': None, 'partner_id': case.env.user.partner_id.id,
        'views_or_xmlid': 'mail.message_origin_link',
    }


def _our_public_methods(model):
    """{name: function} of the public methods our addons define on ``model``'s class chain."""
    methods = {}
    for cls in type(model).__mro__:
        module = getattr(cls, '__module__', '') or ''
        if not module.startswith(OUR_PREFIX) or module.startswith(NOT_SHIPPED):
            continue
        for name, member in vars(cls).items():
            if name.startswith('_') or name in ORM_CRUD or not inspect.isfunction(member):
                continue
            methods.setdefault(name, member)
    return methods


class TestRpcMethods(CrmInfinityCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a salesperson and support operator's colleague: an internal user with read access on
        # most documents (tickets, deals of others he sees) and write access on none of them
        cls.reader = cls._create_user('t_rpc_reader', 'group_crm_salesperson')
        cls.fixtures = _arguments(cls)
        # he follows the customers of open tickets: he reads those tickets (and may not change
        # them), as a salesperson reads the tickets of his customers
        if 'crm.infinity.ticket' in cls.env:
            tickets = cls.env['crm.infinity.ticket'].search(
                [('state', 'not in', ('solved', 'closed')), ('partner_id', '!=', False)])
            tickets.mapped('commercial_partner_id').write({'user_id': cls.reader.id})
            cls.open_ticket = tickets[:1]

    @classmethod
    def _wizard_values(cls, model):
        """What the reader fills in a wizard over RPC: records he may not change."""
        env = cls.env
        ticket = getattr(cls, 'open_ticket', None)
        lead = env['crm.lead'].search([('user_id', 'not in', (False, cls.reader.id))], limit=1) \
            if 'crm.lead' in env else None
        order = env['sale.order'].search([('user_id', '!=', cls.reader.id)], limit=1) \
            if 'sale.order' in env else None
        causale = env['crm.infinity.causale'].search([], limit=1)
        return {
            'crm.infinity.causale.apply.wizard': ticket and {
                'res_model': ticket._name, 'res_ids': str(ticket.id), 'causale_id': causale.id,
                'note': 'Prova'},
            'crm.infinity.ticket.split.wizard': ticket and {
                'ticket_id': ticket.id, 'line_ids': [(0, 0, {
                    'name': 'Derivato', 'center_id': ticket.center_id.id})]},
            'crm.infinity.offer.generate.wizard': order and {'order_id': order.id},
            'crm.infinity.lead.convert.wizard': lead and {'lead_id': lead.id},
        }.get(model) or {}

    def _fingerprint(self, tables):
        """A digest of the rows of ``tables``: any insert, update or delete changes it."""
        cr = self.env.cr
        digest = {}
        for table in tables:
            cr.execute('SELECT md5(string_agg(md5(t::text), \'\' ORDER BY t.id)), count(*) '
                       'FROM "%s" t' % table)
            digest[table] = cr.fetchone()
        return digest

    def _tables(self):
        tables = {'mail_message', 'mail_followers', 'mail_mail', 'mail_activity', 'ir_attachment',
                  'calendar_event', 'rating_rating', 'res_partner', 'crm_lead', 'sale_order',
                  'sale_order_line', 'account_invoice', 'account_invoice_line', 'res_users'}
        for model in self.env.registry.values():
            if model._module and model._module.startswith('crm_infinity_') and model._auto \
                    and not model._abstract and model._table and not model._transient:
                tables.add(model._table)
        self.env.cr.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND relname IN %s",
                            (tuple(tables),))
        return sorted(row[0] for row in self.env.cr.fetchall())

    def _target(self, model):
        """Ids of a record the reader reads but may not write, else of one he may not read; []
        when the model has none (the method is then called on no record)."""
        Model = self.env[model]
        if Model._abstract or not Model._auto:
            return []
        if Model._transient:
            # wizards: one the reader fills himself, as over RPC (defaults)
            try:
                with self.env.cr.savepoint():
                    return Model.sudo(self.reader).create(self._wizard_values(model)).ids
            except Exception:
                return []
        mine = Model.sudo(self.reader)
        readable = mine.search([], limit=50) \
            if mine.check_access_rights('read', raise_exception=False) else Model.browse()
        for record in readable:
            try:
                record.check_access_rights('write')
                record.check_access_rule('write')
            except Exception:
                return record.ids
        others = Model.search([('id', 'not in', readable.ids)], limit=1)
        return others.ids

    def _call(self, model, name, func, ids):
        params = list(inspect.signature(func).parameters.values())[1:]
        args, missing = [], []
        for param in params:
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            if param.default is not param.empty:
                break
            if param.name not in self.fixtures:
                missing.append(param.name)
            args.append(self.fixtures.get(param.name))
        self.assertFalse(missing, '%s.%s takes %s: add a realistic value to _arguments()'
                         % (model, name, missing))
        rpc_model.check_method_name(name)
        if not _model_level(func):
            args = [ids] + args
        return rpc_model.execute_cr(self.env.cr, self.reader.id, model, name, *args)

    @mute_logger('odoo.sql_db', 'odoo.models', 'odoo.addons.mail.models.mail_mail',
                 'odoo.addons.crm_infinity_base.models.crm_infinity_event')
    def test_public_methods_refuse_or_change_nothing(self):
        tables = self._tables()
        failures, walked = [], 0
        for model_name in sorted(self.env.registry):
            model = self.env[model_name]
            methods = _our_public_methods(model)
            if not methods or model._abstract:
                continue  # a mixin's methods are walked on the models inheriting it
            ids = self._target(model_name)
            for name, func in sorted(methods.items()):
                if not ids and not _model_level(func):
                    continue  # no record of the model to act on
                walked += 1
                before = self._fingerprint(tables)
                outcome = None
                try:
                    with self.env.cr.savepoint():
                        self._call(model_name, name, func, ids)
                        after = self._fingerprint(tables)
                        changed = [t for t in tables if before[t] != after[t]]
                        raise _Rollback(changed)
                except _Rollback as done:
                    allowed = ALLOWED_CHANGES.get('%s.%s' % (model_name, name), ())
                    done.changed = [t for t in done.changed if t not in allowed]
                    if done.changed:
                        outcome = 'changed %s' % ', '.join(done.changed)
                    elif name not in ALLOWED:
                        outcome = 'returned without refusing (not in ALLOWED)'
                except AssertionError:
                    raise
                except Exception as error:
                    if os.environ.get('RPC_DEBUG'):  # RPC_DEBUG=1 pytest -s: what refused what
                        print('REFUSED %s.%s(%s): %r' % (model_name, name, ids, error))
                    # refused: the savepoint rolled back whatever was done
                finally:
                    self.env.clear()
                if outcome:
                    failures.append('%s.%s(%s): %s' % (model_name, name, ids, outcome))
        self.assertGreater(walked, 100)
        self.assertFalse(failures, '\n'.join(failures))


    def test_engine_methods_not_callable_over_rpc(self):
        """The causale management methods and the portal actions run only behind their checks
        (the causale engine; the portal routes): over RPC they are refused."""
        ticket = getattr(self, 'open_ticket', None)
        if not ticket:
            self.skipTest('no help desk installed')
        calls = [('_causale_reply_customer', [ticket.ids, self.fixtures['causale_id'],
                                               {'note': 'Intrusione'}]),
                 ('causale_reply_customer', [ticket.ids, self.fixtures['causale_id'],
                                             {'note': 'Intrusione'}]),
                 ('portal_close', [ticket.ids]), ('_portal_close', [ticket.ids]),
                 ('portal_reply', [ticket.ids, 'Intrusione'])]
        for name, args in calls:
            with self.assertRaises(Exception), self.env.cr.savepoint():
                rpc_model.check_method_name(name)
                rpc_model.execute_cr(self.env.cr, self.reader.id, ticket._name, name, *args)
        self.assertNotIn(ticket.state, ('solved', 'closed'))


def _model_level(func):
    return getattr(func, '_api', None) in ('model', 'model_cr', 'model_create')


class _Rollback(Exception):
    def __init__(self, changed):
        super().__init__()
        self.changed = changed
