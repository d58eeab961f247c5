from . import models
from . import controllers
from . import report
from . import wizards


def uninstall_hook(cr, registry):
    """The full-text index on mail_message outlives the module's own tables: drop it."""
    cr.execute('DROP INDEX IF EXISTS crm_infinity_ticket_message_fulltext_index')
