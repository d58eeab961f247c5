from . import sdi_notification_import
