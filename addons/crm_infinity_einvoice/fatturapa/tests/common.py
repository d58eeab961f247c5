"""Invoice data for the tests: a valid private invoice to derive the scenarios from."""
import copy
import os
from decimal import Decimal

from lxml import etree

from ..schema import schema_dir

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')
SUPPLIER_VAT = '01234567897'      # valid check digit (the samples' 01234567890 is not)
CUSTOMER_VAT = '12345678903'
PA_FISCAL_CODE = '09876543217'


def invoice(**sections):
    """A valid FPR12 invoice to a private Italian company; ``sections`` replace whole keys."""
    data = {
        'transmission': {'sender_country': 'IT', 'sender_code': SUPPLIER_VAT, 'progressive': '00001',
                         'recipient_code': 'ABC1234', 'recipient_pec': None,
                         'sender_phone': None, 'sender_email': None},
        'supplier': {'country': 'IT', 'vat': SUPPLIER_VAT, 'fiscal_code': None,
                     'name': 'Infinity Consulting S.r.l.', 'first_name': None, 'last_name': None,
                     'tax_regime': 'RF01',
                     'address': {'street': 'Via Giuseppe Verdi 12', 'zip': '20121', 'city': 'Milano',
                                 'province': 'MI', 'country': 'IT'},
                     'rea': {'office': 'MI', 'number': '1234567', 'capital': Decimal('10000'),
                             'sole_shareholder': 'SU', 'liquidation': 'LN'},
                     'phone': '02 1234567', 'email': 'amministrazione@infinity.example'},
        'customer': {'country': 'IT', 'vat': CUSTOMER_VAT, 'fiscal_code': None, 'name': 'Beta S.p.A.',
                     'first_name': None, 'last_name': None, 'is_pa': False,
                     'address': {'street': 'Corso Vittorio Emanuele 5', 'zip': '10121',
                                 'city': 'Torino', 'province': 'TO', 'country': 'IT'}},
        'document': {'type': 'TD01', 'currency': 'EUR', 'date': '2026-11-20',
                     'number': 'FATT/2026/0001', 'causale': None, 'stamp_duty': None, 'related': None},
        'lines': [
            {'code': 'SRV-01', 'description': 'Consulenza sistemistica', 'quantity': Decimal('2'),
             'unit': 'ore', 'unit_price': Decimal('60.00'), 'discount': Decimal('0'),
             'vat_rate': Decimal('22'), 'natura': None, 'legal_reference': None},
            {'code': None, 'description': 'Licenza annuale', 'quantity': Decimal('1'), 'unit': None,
             'unit_price': Decimal('99.90'), 'discount': Decimal('10'),
             'vat_rate': Decimal('22'), 'natura': None, 'legal_reference': None},
        ],
        'payability': 'I',
        'payment': {'terms': 'TP02', 'method': 'MP05', 'iban': 'IT60X0542811101000000123456',
                    'bank': 'Banca di Prova', 'installments': [{'due_date': '2026-12-31', 'amount': None}]},
        'attachments': [],
    }
    for key, value in sections.items():
        data[key] = value
    return data


def changed(base=None, **paths):
    """A deep copy of ``base`` (default ``invoice()``) with ``'a__b__0__c'``-style keys set."""
    data = copy.deepcopy(base if base is not None else invoice())
    for dotted, value in paths.items():
        keys = [int(k) if k.isdigit() else k for k in dotted.split('__')]
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return data


def parse(xml):
    return etree.fromstring(xml)


def text(xml_or_root, path):
    root = parse(xml_or_root) if isinstance(xml_or_root, bytes) else xml_or_root
    return [e.text for e in root.iterfind(path)]


def element_paths(root):
    """``['FatturaElettronicaHeader/DatiTrasmissione/IdTrasmittente', ...]`` in document order."""
    paths = []
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue
        names = [etree.QName(a).localname for a in reversed(list(element.iterancestors()))][1:]
        paths.append('/'.join(names + [etree.QName(element).localname]))
    return paths


def sample(name):
    """An official sample, from the ``examples`` folder next to the XSD folder."""
    path = os.path.join(os.path.dirname(schema_dir()), 'examples', name)
    with open(path, 'rb') as handle:
        return handle.read()
