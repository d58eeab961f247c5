"""Marketing tracking endpoints seen from outside, over real HTTP (issue 15 items 7, 8): a
message sent by the real server to a loopback SMTP catcher, then its pixel, its signed click
links and its unsubscribe link (page + POST, and RFC 8058 one-click) requested as a mail client,
a security scanner and a forger would. Forged, expired and replayed tokens change nothing and
get the same answer."""
import os
import re
import uuid

import pytest
import requests

import odoo

from odoo.addons.crm_infinity_base.engines.chain import Keyring
from odoo.addons.crm_infinity_base.tests.servers import SmtpCatcher
from odoo.addons.crm_infinity_marketing.engines import tokens

CHROME = ('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
          'Chrome/120.0 Safari/537.36')
BROWSER = {'User-Agent': CHROME}


def _html(message):
    for part in message.walk():
        if part.get_content_type() == 'text/html':
            return part.get_payload(decode=True).decode()
    raise AssertionError('no HTML part')


@pytest.fixture(scope='module')
def sent(odoo_server, admin_rpc):
    """Two nominativi (one consented to tracking) and a message sent to them."""
    tag = uuid.uuid4().hex[:6]
    smtp = SmtpCatcher().start()
    server_id = admin_rpc('ir.mail_server', 'create', {
        'name': 'catcher %s' % tag, 'smtp_host': '127.0.0.1', 'smtp_port': smtp.port,
        'sequence': 0})
    admin_rpc('ir.config_parameter', 'set_param', 'web.base.url', odoo_server.url)
    people = {}
    for key, tracking in (('tina', True), ('paolo', False)):
        rid = admin_rpc('crm.infinity.nominativo', 'create', {
            'name': '%s %s' % (key.title(), tag), 'email': '%s.%s@example.it' % (key, tag)})
        for purpose, state in (('marketing', 'granted'),
                               ('tracking', 'granted' if tracking else 'revoked')):
            admin_rpc('crm.infinity.consent', 'create', {
                'nominativo_id': rid, 'purpose': purpose, 'channel': 'email', 'state': state,
                'origin': 'operator'})
        people[key] = rid
    model_id = admin_rpc('ir.model', 'search', [('model', '=', 'crm.infinity.nominativo')])[0]
    mailing = admin_rpc('mail.mass_mailing', 'create', {
        'name': 'Offerta %s' % tag, 'mailing_model_id': model_id,
        'mailing_domain': repr([('id', 'in', list(people.values()))]),
        'reply_to_mode': 'email', 'reply_to': 'mk@example.com', 'email_from': 'mk@example.com',
        'body_html': '<p>Ciao {{ recipient.first_name }}</p>'
                     '<a href="https://www.example.com/offerta">offerta</a>'
                     '<a href="/unsubscribe_from_list">Disiscriviti</a>'})
    try:
        admin_rpc('mail.mass_mailing', 'send_mail', [mailing])
        stats = admin_rpc('mail.mail.statistics', 'search_read',
                          [('mass_mailing_id', '=', mailing)], ['res_id', 'crm_state'])
        by_to = {m['to'][0]: m['message'] for m in smtp.messages}
        yield {'url': odoo_server.url, 'rpc': admin_rpc, 'people': people, 'tag': tag,
               'stats': {s['res_id']: s['id'] for s in stats}, 'mailing': mailing,
               'tina': by_to['tina.%s@example.it' % tag],
               'paolo': by_to['paolo.%s@example.it' % tag]}
    finally:
        admin_rpc('ir.mail_server', 'unlink', [server_id])
        smtp.stop()


def _stat(sent, who, *names):
    return sent['rpc']('mail.mail.statistics', 'read', [sent['stats'][sent['people'][who]]],
                       list(names))[0]


def _forge(token):
    kid, payload, signature = token.split('.')
    flipped = ('A' if signature[0] != 'A' else 'B') + signature[1:]
    return '.'.join([kid, payload, flipped])


def test_sent_once_each_with_unsubscribe_headers(sent):
    for who in ('tina', 'paolo'):
        msg = sent[who]
        assert msg['List-Unsubscribe-Post'] == 'List-Unsubscribe=One-Click'
        assert re.match(r'^<https?://.+/crm/mk/u/[^>@]+>$', msg['List-Unsubscribe'])
        assert _stat(sent, who, 'crm_state')['crm_state'] == 'sent'
    assert '/crm/mk/o/' not in _html(sent['paolo'])       # no consent: no pixel, plain links
    assert 'https://www.example.com/offerta' in _html(sent['paolo'])


def test_open_pixel_person_scanner_forged(sent):
    pixel = re.search(r'src="([^"]+/crm/mk/o/[^"]+)"', _html(sent['tina'])).group(1)
    assert '@' not in pixel
    first = requests.get(pixel, headers=BROWSER, timeout=30)
    assert first.status_code == 200 and first.headers['Content-Type'] == 'image/gif'
    proxy = requests.get(pixel, headers={'User-Agent': 'Mozilla/5.0 (via ggpht.com '
                                                       'GoogleImageProxy)'}, timeout=30)
    head, token = pixel.rsplit('/', 1)
    forged = requests.get('%s/%s' % (head, _forge(token[:-4]) + '.gif'), headers=BROWSER,
                          timeout=30)
    assert forged.status_code == 200 and forged.content == first.content == proxy.content
    stat = _stat(sent, 'tina', 'crm_open_count', 'crm_scanner_hits', 'crm_first_open')
    assert (stat['crm_open_count'], stat['crm_scanner_hits']) == (1, 1)
    assert stat['crm_first_open']


def test_click_scanner_then_person_forged(sent):
    link = re.search(r'href="([^"]+/crm/mk/c/[^"]+)"', _html(sent['tina'])).group(1)
    # a gateway's HEAD request: a scanner hit
    scan = requests.head(link, headers=BROWSER, allow_redirects=False, timeout=30)
    assert scan.status_code == 302
    stat_id = sent['stats'][sent['people']['tina']]
    sent['rpc']('mail.mail.statistics', 'write', [stat_id],
                {'sent': '2026-01-01 08:00:00'})  # long ago: no pre-fetch
    click = requests.get(link, headers=BROWSER, allow_redirects=False, timeout=30)
    assert click.status_code == 302
    assert click.headers['Location'] == 'https://www.example.com/offerta'
    head, token = link.rsplit('/', 1)
    forged = requests.get('%s/%s' % (head, _forge(token)), headers=BROWSER,
                          allow_redirects=False, timeout=30)
    assert forged.status_code == 302 and 'example.com/offerta' not in forged.headers['Location']
    stat = _stat(sent, 'tina', 'crm_click_count', 'crm_scanner_hits')
    assert stat['crm_click_count'] == 1 and stat['crm_scanner_hits'] >= 1


def _consents(sent, who):
    return sent['rpc']('crm.infinity.consent', 'search_count',
                       [('nominativo_id', '=', sent['people'][who]), ('state', '=', 'revoked'),
                        ('purpose', '=', 'marketing')])


def _blacklisted(sent, who):
    return sent['rpc']('crm.infinity.blacklist', 'search_count',
                       [('email_normalized', '=', '%s.%s@example.it' % (who, sent['tag']))])


def test_unsubscribe_get_changes_nothing_post_does_once(sent):
    url = re.search(r'href="([^"]+/crm/mk/u/[^"]+)"', _html(sent['tina'])).group(1)
    page = requests.get(url, headers=BROWSER, timeout=30)
    assert page.status_code == 200 and '<form method="post"' in page.text
    assert 'Unsubscribe' not in page.text and 'Disiscrizione' in page.text  # in Italian
    requests.get(url, headers={'User-Agent': 'Barracuda Sentinel'}, timeout=30)
    assert (_consents(sent, 'tina'), _blacklisted(sent, 'tina')) == (0, 0)
    # forged and expired tokens: the same confirmation, nothing recorded
    head, token = url.rsplit('/', 1)
    forged = requests.post('%s/%s' % (head, _forge(token)), data={'confirm': '1'},
                           headers=BROWSER, timeout=30)
    key_file = os.path.join(odoo.tools.config['data_dir'], 'crm_infinity', 'tracking.key')
    keys = Keyring.load(key_file, create=False).keys
    stat_id = sent['stats'][sent['people']['tina']]
    expired = tokens.make(keys, 'u', stat_id, ttl=-60)
    old = requests.post('%s/%s' % (head, expired), data={'confirm': '1'}, headers=BROWSER,
                        timeout=30)
    assert (_consents(sent, 'tina'), _blacklisted(sent, 'tina')) == (0, 0)
    done = requests.post(url, data={'confirm': '1'}, headers=BROWSER, timeout=30)
    assert done.status_code == 200
    assert forged.text == old.text == done.text
    assert (_consents(sent, 'tina'), _blacklisted(sent, 'tina')) == (1, 1)
    line = sent['rpc']('crm.infinity.consent', 'search_read',
                       [('nominativo_id', '=', sent['people']['tina']), ('state', '=', 'revoked')],
                       ['ip', 'user_agent', 'mailing_id', 'origin'])[0]
    assert line['ip'] == '127.0.0.1' and line['user_agent'] == CHROME
    assert line['mailing_id'][0] == sent['mailing'] and line['origin'] == 'link'
    replay = requests.post(url, data={'confirm': '1'}, headers=BROWSER, timeout=30)
    assert replay.text == done.text
    assert _consents(sent, 'tina') == 1


def test_one_click_unsubscribe_header(sent):
    url = sent['paolo']['List-Unsubscribe'].strip('<>')
    resp = requests.post(url, data={'List-Unsubscribe': 'One-Click'}, timeout=30)
    assert resp.status_code == 200
    assert (_consents(sent, 'paolo'), _blacklisted(sent, 'paolo')) == (1, 1)
