from . import controllers
from . import models
from . import report
from . import wizards


def uninstall_hook(cr, registry):
    """The index of the Scheda riepilogo is made in SQL (its tables, and triggers on Odoo's
    tables: mail_message, res_partner...), which the ORM does not remove: drop it all."""
    from .models.crm_infinity_timeline_index import drop_index
    drop_index(cr)
