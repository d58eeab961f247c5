from ..ledger import plan


def r(address, consent=True, opt_out=False, res_id=1):
    return {'res_id': res_id, 'address': address, 'consent': consent, 'opt_out': opt_out}


def test_reasons_in_order():
    rows = plan([r('a@x.it', res_id=1), r('a@x.it', res_id=2), r(None, res_id=3),
                 r('b@x.it', res_id=4), r('c@x.it', res_id=5), r('d@x.it', res_id=6),
                 r('e@x.it', consent=False, res_id=7), r('f@x.it', opt_out=True, res_id=8),
                 r('old@x.it', res_id=9)],
                {'b@x.it': 'unsubscribed', 'c@x.it': 'hard_bounce', 'd@x.it': 'manual'},
                seen={'old@x.it'})
    assert [(x['res_id'], x['state'], x['reason']) for x in rows] == [
        (1, 'queued', None), (2, 'excluded', 'duplicate'), (3, 'excluded', 'no_address'),
        (4, 'excluded', 'unsubscribed'), (5, 'excluded', 'bounced_before'),
        (6, 'excluded', 'blacklisted'), (7, 'excluded', 'no_consent'),
        (8, 'excluded', 'unsubscribed'), (9, 'excluded', 'duplicate')]
    assert rows[1]['address'] is None and rows[1]['display_address'] == 'a@x.it'


def test_a_blacklisted_duplicate_is_a_duplicate():
    rows = plan([r('a@x.it'), r('a@x.it', res_id=2)], {'a@x.it': 'manual'})
    assert [x['reason'] for x in rows] == ['blacklisted', 'duplicate']
