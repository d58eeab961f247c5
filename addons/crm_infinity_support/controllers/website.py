from odoo import http
from odoo.http import request
from odoo.addons.website.controllers.main import Website


class SupportWebsite(Website):

    @http.route(website=True, auth='public')
    def web_login(self, redirect=None, *args, **kw):
        """A customer who logs in lands on his portal (/my: tickets, quotes, invoices), not on
        the website's home page (issue 13); employees still go to the web client."""
        response = super().web_login(redirect=redirect, *args, **kw)
        if not redirect and request.params.get('login_success') and request.uid \
                and not request.env['res.users'].browse(request.uid).has_group('base.group_user'):
            return http.redirect_with_hash('/my')
        return response
