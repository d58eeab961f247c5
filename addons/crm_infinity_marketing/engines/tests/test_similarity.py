from odoo.addons.crm_infinity_marketing.engines import similarity


def test_similar_names():
    assert similarity.similar_names('Ferri Meccanica S.p.A.', 'FERRI MECCANICA SPA')
    assert similarity.similar_names('Ferri', 'Ferri Meccanica S.p.A.')
    assert similarity.similar_names('Rossi Mario', 'Mario Rossi')
    assert not similarity.similar_names('Re', 'Re Mobili')
    assert not similarity.similar_names('Bianchi Srl', 'Verdi Srl')
    assert not similarity.similar_names('', 'Verdi')


def test_reasons_and_score():
    subject = {'names': ['Officine Bassi', 'Luca Bassi'], 'vat': 'IT01234567890',
               'email': 'Info@Bassi.it', 'phones': ['+39051111111', None]}
    candidate = {'names': ['Officine Bassi S.r.l.'], 'vat': '01234567890',
                 'email': 'info@bassi.it ', 'phones': ['+39051111111']}
    kinds = similarity.reasons(subject, candidate)
    assert kinds == ['name', 'vat', 'email', 'phone']
    assert similarity.score(kinds) == 15
    assert similarity.reasons(subject, {'names': ['Altro'], 'phones': []}) == []


def test_search_patterns():
    assert similarity.search_patterns('Officine Bassi S.r.l.', None, 'Al') == ['%officine%']
