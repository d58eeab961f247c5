"""Safe defaults (issue 12, section 2): pages and routes that a served CRM does not need.

- With ``list_db = False`` Odoo 11 still renders ``/web/database/manager`` (a "disabled" page
  carrying the hidden forms of the manager) and ``/web/database/selector``; every action behind
  them is refused, but the pages tell a scanner that the manager is there. They answer 404 unless
  ``list_db`` is on (then Odoo's pages, unchanged).
  These overrides apply to requests bound to a database (``--db-filter``/``-d`` naming it, as the
  README's deployment asks): a request without a database is served by Odoo's server-wide
  modules only.
- ``/longpolling/send`` (module ``bus``) lets anybody, unauthenticated, insert any message
  (any size) on any string bus channel: rows in ``bus_bus`` and a NOTIFY to every long-polling
  client, i.e. spoofed notifications and a cheap way to fill the database. Nothing installed
  posts there (the web client and the addons send from the server with ``bus.bus.sendone``),
  so the route is closed; polling (``/longpolling/poll``) is untouched.
"""
import werkzeug.exceptions

from odoo import http, tools
from odoo.addons.bus.controllers.main import BusController
from odoo.addons.web.controllers.main import Database


def _not_found():
    """A plain 404 response. Returned, not raised: a raised NotFound goes through ir.http's
    404 fallback, where ``website`` (installed) expects a website request and fails (HTTP 500)."""
    return werkzeug.exceptions.NotFound().get_response()


class SafeDatabase(Database):

    @http.route()
    def selector(self, **kw):
        if not tools.config['list_db']:
            return _not_found()
        return super(SafeDatabase, self).selector(**kw)

    @http.route()
    def manager(self, **kw):
        if not tools.config['list_db']:
            return _not_found()
        return super(SafeDatabase, self).manager(**kw)


class SafeBusController(BusController):

    def send(self, channel, message):
        """No ``@http.route`` here on purpose: Odoo registers a controller method as a route only
        if the most derived override carries routing (``odoo.http.routing_map``), so
        ``/longpolling/send`` is no longer a route at all: 404 like any unknown URL."""
        raise werkzeug.exceptions.NotFound()
