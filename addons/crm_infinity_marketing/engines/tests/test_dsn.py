import pytest

from .. import dsn
from .dsn_samples import QMAIL, dsn as sample


@pytest.mark.parametrize('category,state,code,hard,reason', [
    ('unknown_user', 'bounced', '5.1.1', True, 'Indirizzo inesistente'),
    ('mailbox_full', 'bounced', '5.2.2', False, 'Casella piena'),
    ('blocked', 'bounced', '5.7.1', False, 'blacklist'),
    ('deferred', 'deferred', '4.4.1', False, 'rinviata'),
    ('unknown_domain', 'bounced', '5.1.2', True, 'Dominio inesistente'),
])
def test_rfc3464_categories(category, state, code, hard, reason):
    report = dsn.parse(sample(category, 'Mario@Example.it', original_id='<abc@x>'))
    assert report.is_dsn
    assert report.original_message_id == '<abc@x>'
    [bounce] = report.bounces
    assert bounce.recipient == 'mario@example.it'
    assert (bounce.state, bounce.status, bounce.hard) == (state, code, hard)
    assert bounce.bounce_type == ('hard' if hard else 'soft')
    assert reason in bounce.reason
    assert bounce.remote_mta == 'mail.destinatario.it'


def test_bytes_and_crlf():
    raw = sample('unknown_user', 'a@b.it').replace('\n', '\r\n').encode()
    assert dsn.parse(raw).bounces[0].status == '5.1.1'


def test_generic_code_refined_by_the_diagnostic():
    assert dsn.classify('5.0.0', '550 5.0.0 mailbox unavailable: user unknown')[0] == \
        'unknown_user'
    assert dsn.classify('5.0.0', 'quota exceeded')[0] == 'mailbox_full'
    assert dsn.classify('5.0.0', 'something else')[0] == 'permanent'


def test_status_from_text():
    assert dsn.status_from_text('550 5.1.1 unknown') == '5.1.1'
    assert dsn.status_from_text('552 Requested action aborted') == '5.2.2'
    assert dsn.status_from_text('550 no such user here') == '5.1.1'
    assert dsn.status_from_text('hello') is None
    assert dsn.status_from_text(None) is None


def test_non_standard_bounce():
    report = dsn.parse(QMAIL)
    assert not report.is_dsn
    [bounce] = report.bounces
    assert bounce.recipient == 'mario.rossi@old.example.org'
    assert bounce.status == '5.1.1' and bounce.hard


def test_not_a_bounce():
    assert dsn.parse('From: a@b.it\nSubject: ciao\n\nrisposta').bounces == []


def test_soft_turns_hard_after_repeats():
    assert dsn.is_hard('hard', 1)
    assert not dsn.is_hard('soft', 2)
    assert dsn.is_hard('soft', 3)
    assert dsn.is_hard('soft', 2, threshold=2)
    assert not dsn.is_hard(None, 9)


def test_every_category_has_an_italian_reason():
    for status in ('5.1.1', '5.2.2', '5.7.1', '4.2.2', '4.7.0', '5.3.4', '5.5.0', '2.0.0',
                   '5.9.9', '4.9.9'):
        category, hard, reason = dsn.classify(status)
        assert reason and category
        assert not (hard and status[0] != '5')
