"""The secret key of the tracking links (open pixel, click, unsubscribe): a file outside the
database, kept like the primanota key (``crm_infinity_base``: created at first use with mode
0600, current key first, older keys after it still verify the links already sent)."""
import os

from odoo import tools

from odoo.addons.crm_infinity_base.models.crm_infinity_primanota import _keyring

KEY_FILE_ENV = 'CRM_INFINITY_TRACKING_KEY_FILE'
KEY_FILE_OPTION = 'crm_infinity_tracking_key_file'


def key_file_path():
    """The environment variable, else the odoo.conf option, else
    ``<data_dir>/crm_infinity/tracking.key``."""
    return (os.environ.get(KEY_FILE_ENV) or tools.config.get(KEY_FILE_OPTION)
            or os.path.join(tools.config['data_dir'], 'crm_infinity', 'tracking.key'))


def tracking_keys():
    """The keys, current first."""
    return _keyring(key_file_path()).keys
