"""Secrets of this installation, kept out of git: ``var/odoo-local.conf``.

Not a Python shim: the launcher's safe default. ``odoo.conf`` (in git) carries no master
password, and Odoo's built-in default for a missing ``admin_passwd`` is ``admin``: anybody who
reaches the server could then back up, restore or drop databases. So the first setup (or the
first ``bin/odoo`` run) generates a random master password into ``var/odoo-local.conf``
(``var/`` is git-ignored, mode 0600), and the launcher reads that file after ``odoo.conf``:

* ``[options]`` of the local file override ``odoo.conf`` (command-line options still win);
* ``config.save()`` (Odoo writes the configuration when the master password is changed from the
  database manager, or with ``--save``) never writes into the tracked ``odoo.conf``: the master
  password goes into the local file instead.

Only ``odoo.conf`` of this repository gets the local file; a production configuration given
with ``-c /etc/...`` is used as it is (it must set its own ``admin_passwd``).
"""
import configparser
import os
import secrets
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRACKED_CONF = os.path.join(ROOT, 'odoo.conf')
LOCAL_CONF = os.path.join(ROOT, 'var', 'odoo-local.conf')

_HEADER = """; Local settings of this checkout, read by bin/odoo after odoo.conf. Not in git (var/).
; admin_passwd: the master password of the database manager, generated at first setup.
"""


def ensure(path=LOCAL_CONF):
    """Create the local file with a random master password if it does not exist yet.

    Returns True when it was created. Safe when several processes start at once: the file is
    written aside and linked into place, the first one wins.
    """
    if os.path.exists(path):
        return False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix='.odoo-local-')
    try:
        with os.fdopen(fd, 'w') as handle:  # mkstemp: mode 0600
            handle.write(_HEADER)
            handle.write('[options]\nadmin_passwd = %s\n' % secrets.token_urlsafe(18))
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(tmp)


def read_options(path=LOCAL_CONF):
    """The ``[options]`` of the local file, as Odoo's ``config.load`` converts them."""
    parser = configparser.RawConfigParser()
    if not parser.read([path]) or not parser.has_section('options'):
        return {}
    booleans = {'True': True, 'true': True, 'False': False, 'false': False}
    return {name: booleans.get(value, value) for name, value in parser.items('options')}


def _write_option(name, value, path=LOCAL_CONF):
    parser = configparser.RawConfigParser()
    parser.read([path])
    if not parser.has_section('options'):
        parser.add_section('options')
    parser.set('options', name, str(value))
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix='.odoo-local-')
    with os.fdopen(fd, 'w') as handle:
        handle.write(_HEADER)
        parser.write(handle)
    os.replace(tmp, path)


def _is_tracked(rcfile):
    return bool(rcfile) and os.path.realpath(rcfile) == os.path.realpath(TRACKED_CONF)


def install(config, path=LOCAL_CONF):
    """Make Odoo's ``config`` (``odoo.tools.config``) read and save the local file."""
    if getattr(config, '_crm_infinity_localconf', False):
        return
    load, save = config.load, config.save

    def load_with_local():
        load()
        if _is_tracked(config.rcfile):
            ensure(path)
            config.options.update(read_options(path))

    def save_outside_git():
        if not _is_tracked(config.rcfile):
            return save()
        _write_option('admin_passwd', config.options['admin_passwd'], path)

    config.load = load_with_local
    config.save = save_outside_git
    config._crm_infinity_localconf = True
