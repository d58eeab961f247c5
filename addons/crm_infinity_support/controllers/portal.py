"""The customer portal of the help desk (SPEC T16): thin routes that parse the request, check
that the requester may see the ticket (record rules, or the ticket's access token compared in
constant time) and call the ticket's portal methods."""
import base64

from werkzeug.exceptions import NotFound
from werkzeug.urls import url_quote

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import consteq, html2plaintext
from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

MAX_UPLOAD = 20 * 1024 * 1024  # bytes per file


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _uploaded_files(files):
    """(name, bytes) of the uploaded files, empty file inputs left out."""
    result = []
    for upload in files:
        if not getattr(upload, 'filename', None):
            continue
        data = upload.read()
        if len(data) > MAX_UPLOAD:
            raise ValidationError(_('The file %s is too large (20 MB at most).') % upload.filename)
        result.append((upload.filename, data))
    return result


class SupportCustomerPortal(CustomerPortal):

    # -- helpers ------------------------------------------------------------------------------

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values['ticket_count'] = request.env['crm.infinity.ticket'].search_count(
            self._ticket_domain())
        return values

    def _portal_page_values(self):
        """Layout values of a ticket page. Odoo 11 has every app add its /my/home counter to
        ``_prepare_portal_layout_values`` (quotations, orders, invoices, projects, tasks,
        tickets: about 45 queries through follower and child_of record rules), which only
        /my/home shows: the ticket pages take the layout values of ``portal`` itself."""
        return CustomerPortal._prepare_portal_layout_values(self)

    def _ticket_domain(self):
        """The tickets of the portal user: his own, and his company's when his contact is allowed
        to see them. Record rules say the same; this keeps internal users browsing the portal to
        their own tickets too."""
        partner = request.env.user.partner_id
        if partner.support_company_tickets:
            return ['|', ('partner_id', '=', partner.id),
                    ('commercial_partner_id', '=', partner.commercial_partner_id.id)]
        return [('partner_id', '=', partner.id)]

    def _ticket_check_access(self, ticket_id, access_token=None):
        """The ticket as superuser, once the requester is known to be allowed to see it; raises
        NotFound otherwise (no hint whether the ticket exists)."""
        ticket = request.env['crm.infinity.ticket'].browse(ticket_id)
        try:
            ticket.check_access_rights('read')
            ticket.check_access_rule('read')
            if not ticket.exists():
                raise MissingError(_('This ticket does not exist.'))
        except (AccessError, MissingError):
            ticket_sudo = ticket.sudo().exists()
            if not (access_token and ticket_sudo and ticket_sudo.access_token
                    and consteq(ticket_sudo.access_token, access_token)):
                raise NotFound()
            return ticket_sudo, True
        return ticket.sudo(), False

    def _ticket_user_env(self, ticket_sudo, by_token):
        """The ticket to act on and the author of what is written: as the customer when record
        rules let him in; as superuser only for an access-token holder (the token was checked),
        writing as himself when logged in, else as the ticket's contact."""
        if not by_token:
            return ticket_sudo.sudo(request.env.uid), request.env.user.partner_id
        user = request.env.user
        return ticket_sudo, (ticket_sudo.partner_id if user._is_public() else user.partner_id)

    def _ticket_url(self, ticket, access_token=None, anchor=''):
        url = '/my/tickets/%s' % ticket.id
        if access_token:
            url += '?access_token=%s' % access_token
        return url + anchor

    # -- list ---------------------------------------------------------------------------------

    @http.route(['/my/tickets', '/my/tickets/page/<int:page>'], type='http', auth='user',
                website=True)
    def portal_my_tickets(self, page=1, sortby=None, filterby=None, search=None, **kw):
        values = self._portal_page_values()
        Ticket = request.env['crm.infinity.ticket']
        searchbar_sortings = {
            'date': {'label': _('Newest'), 'order': 'create_date desc, id desc'},
            'number': {'label': _('Number'), 'order': 'number desc'},
            'name': {'label': _('Subject'), 'order': 'name'},
            'stage': {'label': _('Status'), 'order': 'stage_id, id desc'},
            'priority': {'label': _('Priority'), 'order': 'priority desc, id desc'},
        }
        searchbar_filters = {
            'all': {'label': _('All'), 'domain': []},
            'open': {'label': _('Open'), 'domain': [('state', 'not in', ('solved', 'closed'))]},
            'closed': {'label': _('Solved or closed'),
                       'domain': [('state', 'in', ('solved', 'closed'))]},
        }
        sortby = sortby if sortby in searchbar_sortings else 'date'
        filterby = filterby if filterby in searchbar_filters else 'all'
        domain = expression.AND([self._ticket_domain(), searchbar_filters[filterby]['domain']])
        # a NUL byte cannot reach PostgreSQL (it answered HTTP 500): it is no search text
        search = (search or '').replace('\x00', '').strip()
        if search:
            # what the customer types is text: "%" and "_" are no SQL wildcards
            text = search.replace('\\', '\\\\').replace('%', '\\%').replace('_', '\\_')
            domain = expression.AND([domain, ['|', '|', ('number', 'ilike', text),
                                              ('name', 'ilike', text),
                                              ('description', 'ilike', text)]])
        total = Ticket.search_count(domain)
        pager = portal_pager(url='/my/tickets', total=total, page=page, step=self._items_per_page,
                             url_args={'sortby': sortby, 'filterby': filterby, 'search': search})
        tickets = Ticket.search(domain, order=searchbar_sortings[sortby]['order'],
                                limit=self._items_per_page, offset=pager['offset'])
        values.update({
            'tickets': tickets.sudo(),
            'page_name': 'ticket',
            'pager': pager,
            'default_url': '/my/tickets',
            'searchbar_sortings': searchbar_sortings,
            'searchbar_filters': searchbar_filters,
            'sortby': sortby,
            'filterby': filterby,
            'search': search,
            'can_open': bool(Ticket._portal_centers(request.env.user.partner_id)),
        })
        return request.render('crm_infinity_support.portal_my_tickets', values)

    # -- one ticket ---------------------------------------------------------------------------

    @http.route(['/my/tickets/<int:ticket_id>'], type='http', auth='public', website=True)
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        ticket_sudo, by_token = self._ticket_check_access(ticket_id, access_token)
        values = self._portal_page_values() if not request.env.user._is_public() else {}
        rating_tokens = False
        if ticket_sudo.state in ('solved', 'closed') and ticket_sudo.partner_id and not any(
                ticket_sudo.rating_ids.mapped('consumed')):
            rating_tokens = ticket_sudo.rating_get_access_token()
        values.update({
            'ticket': ticket_sudo,
            'page_name': 'ticket',
            'access_token': access_token if by_token else None,
            'messages': ticket_sudo._portal_messages(),
            'rating_token': rating_tokens,
            'rating': ticket_sudo.rating_ids.filtered('consumed')[:1],
            'error': kw.get('error'),
            'no_breadcrumbs': by_token,
        })
        return request.render('crm_infinity_support.portal_ticket_page', values)

    @http.route(['/my/tickets/<int:ticket_id>/reply'], type='http', auth='public',
                methods=['POST'], website=True)
    def portal_ticket_reply(self, ticket_id, access_token=None, message='', **kw):
        ticket_sudo, by_token = self._ticket_check_access(ticket_id, access_token)
        ticket, author = self._ticket_user_env(ticket_sudo, by_token)
        try:
            with request.env.cr.savepoint():
                files = _uploaded_files(request.httprequest.files.getlist('attachments'))
                ticket._portal_reply(message, files, author=author)
        except (UserError, ValidationError) as error:
            url = self._ticket_url(ticket_sudo, access_token if by_token else None)
            sep = '&' if '?' in url else '?'
            return request.redirect('%s%serror=%s#reply' % (
                url, sep, url_quote(error.name)))
        return request.redirect(self._ticket_url(ticket_sudo, access_token if by_token else None,
                                                 '#history'))

    @http.route(['/my/tickets/<int:ticket_id>/close'], type='http', auth='public',
                methods=['POST'], website=True)
    def portal_ticket_close(self, ticket_id, access_token=None, **kw):
        ticket_sudo, by_token = self._ticket_check_access(ticket_id, access_token)
        ticket, author = self._ticket_user_env(ticket_sudo, by_token)
        ticket._portal_close(author=author)
        return request.redirect(self._ticket_url(ticket_sudo, access_token if by_token else None))

    @http.route(['/my/tickets/<int:ticket_id>/attachment/<int:attachment_id>'], type='http',
                auth='public', website=True)
    def portal_ticket_attachment(self, ticket_id, attachment_id, access_token=None, **kw):
        ticket_sudo, _by_token = self._ticket_check_access(ticket_id, access_token)
        attachment = ticket_sudo._portal_attachments().filtered(lambda a: a.id == attachment_id)
        if not attachment:
            raise NotFound()
        data = base64.b64decode(attachment.datas or b'')
        headers = [('Content-Type', attachment.mimetype or 'application/octet-stream'),
                   ('Content-Length', len(data)),
                   ('Content-Disposition', http.content_disposition(
                       attachment.datas_fname or attachment.name)),
                   ('X-Content-Type-Options', 'nosniff')]
        return request.make_response(data, headers)

    # -- new ticket ---------------------------------------------------------------------------

    @http.route(['/my/tickets/new'], type='http', auth='user', methods=['GET', 'POST'],
                website=True)
    def portal_ticket_new(self, **post):
        Ticket = request.env['crm.infinity.ticket']
        centers = Ticket._portal_centers(request.env.user.partner_id)
        error = None
        if request.httprequest.method == 'POST':
            values = {
                'center_id': _int(post.get('center_id')),
                'category_id': _int(post.get('category_id')),
                'product_id': _int(post.get('product_id')),
                'name': post.get('name'),
                'description': post.get('description'),
                'serial_number': post.get('serial_number'),
            }
            try:
                # all or nothing: a refused attachment leaves no ticket behind
                with request.env.cr.savepoint():
                    files = _uploaded_files(request.httprequest.files.getlist('attachments'))
                    ticket = Ticket._portal_create_ticket(values, files)
                return request.redirect('/my/tickets/%s' % ticket.id)
            except (UserError, ValidationError) as exc:
                error = exc.name
        values = self._prepare_portal_layout_values()
        values.update({
            'page_name': 'ticket_new',
            'centers': centers.sudo(),
            'categories': request.env['crm.infinity.ticket.category'].sudo().search(
                ['|', ('center_id', 'in', centers.ids), ('center_id', '=', False)]),
            'products': centers.sudo().mapped('product_ids'),
            'post': post,
            'error': error,
        })
        return request.render('crm_infinity_support.portal_ticket_new', values)
