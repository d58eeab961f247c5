"""var/odoo-local.conf: the generated master password, read by bin/odoo after odoo.conf and
never written into the tracked odoo.conf."""
import os

import pytest

import runtime
from runtime import localconf


@pytest.fixture
def local(tmp_path):
    return str(tmp_path / 'var' / 'odoo-local.conf')


def _config():
    runtime.apply()
    from odoo.tools.config import configmanager
    return configmanager()


def test_ensure_generates_a_random_private_master_password(local):
    assert localconf.ensure(local) is True
    first = localconf.read_options(local)['admin_passwd']
    assert first != 'admin' and len(first) >= 16
    assert os.stat(local).st_mode & 0o777 == 0o600
    assert localconf.ensure(local) is False            # kept, not regenerated
    assert localconf.read_options(local)['admin_passwd'] == first
    other = local + '.2'
    localconf.ensure(other)
    assert localconf.read_options(other)['admin_passwd'] != first


def test_tracked_conf_gets_the_local_password_and_the_command_line_still_wins(local):
    config = _config()
    localconf.install(config, path=local)
    config._parse_config(['-c', localconf.TRACKED_CONF, '--http-port', '18999'])
    assert config['admin_passwd'] == localconf.read_options(local)['admin_passwd']
    assert config['list_db'] is False
    assert config['http_port'] == 18999
    assert not config.verify_admin_password('admin')


def test_other_configuration_files_are_used_as_they_are(local, tmp_path):
    prod = tmp_path / 'prod.conf'
    prod.write_text('[options]\nadmin_passwd = from-prod\n')
    config = _config()
    localconf.install(config, path=local)
    config._parse_config(['-c', str(prod)])
    assert config['admin_passwd'] == 'from-prod'
    assert not os.path.exists(local)


def test_saving_never_writes_the_tracked_conf(local):
    with open(localconf.TRACKED_CONF) as handle:
        tracked = handle.read()
    config = _config()
    localconf.install(config, path=local)
    config._parse_config(['-c', localconf.TRACKED_CONF])
    config.set_admin_password('a-new-master-password')  # what the database manager does
    config.save()
    with open(localconf.TRACKED_CONF) as handle:
        assert handle.read() == tracked
    stored = localconf.read_options(local)['admin_passwd']
    assert stored.startswith('$pbkdf2')                   # Odoo stores the hash
    config2 = _config()
    localconf.install(config2, path=local)
    config2._parse_config(['-c', localconf.TRACKED_CONF])
    assert config2.verify_admin_password('a-new-master-password')
