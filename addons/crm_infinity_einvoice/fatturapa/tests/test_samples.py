"""The builder against the official samples of the Agenzia delle Entrate.

An invoice carrying the data of IT01234567890_FPA01.xml / FPR01.xml (read from the samples) must
give the same elements in the same order.  Differences allowed, and asserted exactly:

* blocks the builder does not produce (purchase order, contract, agreement, receipt and
  transport data; the empty ContattiTrasmittente of FPR01) are absent from ours;
* ours has ImportoTotaleDocumento, optional in the XSD and absent from the samples;
* the samples' VAT number 01234567890 and fiscal code 09876543210 have wrong check digits
  (pre-flight refuses them), so valid numbers are used instead: only those values differ.
"""
import pytest

from .. import build, check_arithmetic, validate_xsd
from .common import element_paths, parse, sample

VALID_SUPPLIER_VAT = '01234567897'
VALID_CUSTOMER_CF = '09876543217'
NOT_BUILT = {
    'DatiOrdineAcquisto', 'DatiContratto', 'DatiConvenzione', 'DatiRicezione', 'DatiTrasporto',
    'ContattiTrasmittente',
}


def invoice_from_sample(root):
    """The invoice dict with the values of a sample (first body)."""
    def get(path):
        return root.findtext(path)

    header = 'FatturaElettronicaHeader/'
    body = root.find('FatturaElettronicaBody')
    customer_sede = header + 'CessionarioCommittente/Sede/'
    supplier_sede = header + 'CedentePrestatore/Sede/'
    payment = body.find('DatiPagamento')
    detail = payment.find('DettaglioPagamento')
    return {
        'transmission': {'sender_country': get(header + 'DatiTrasmissione/IdTrasmittente/IdPaese'),
                         'sender_code': VALID_SUPPLIER_VAT,
                         'progressive': get(header + 'DatiTrasmissione/ProgressivoInvio'),
                         'recipient_code': get(header + 'DatiTrasmissione/CodiceDestinatario')},
        'supplier': {'country': get(header + 'CedentePrestatore/DatiAnagrafici/IdFiscaleIVA/IdPaese'),
                     'vat': VALID_SUPPLIER_VAT,
                     'name': get(header + 'CedentePrestatore/DatiAnagrafici/Anagrafica/Denominazione'),
                     'tax_regime': get(header + 'CedentePrestatore/DatiAnagrafici/RegimeFiscale'),
                     'address': {'street': get(supplier_sede + 'Indirizzo'),
                                 'zip': get(supplier_sede + 'CAP'),
                                 'city': get(supplier_sede + 'Comune'),
                                 'province': get(supplier_sede + 'Provincia'),
                                 'country': get(supplier_sede + 'Nazione')}},
        'customer': {'country': get(customer_sede + 'Nazione'), 'vat': None,
                     'fiscal_code': VALID_CUSTOMER_CF,
                     'name': get(header + 'CessionarioCommittente/DatiAnagrafici/Anagrafica/Denominazione'),
                     'is_pa': root.get('versione') == 'FPA12',
                     'address': {'street': get(customer_sede + 'Indirizzo'),
                                 'zip': get(customer_sede + 'CAP'),
                                 'city': get(customer_sede + 'Comune'),
                                 'province': get(customer_sede + 'Provincia'),
                                 'country': get(customer_sede + 'Nazione')}},
        'document': {'type': body.findtext('DatiGenerali/DatiGeneraliDocumento/TipoDocumento'),
                     'currency': body.findtext('DatiGenerali/DatiGeneraliDocumento/Divisa'),
                     'date': body.findtext('DatiGenerali/DatiGeneraliDocumento/Data'),
                     'number': body.findtext('DatiGenerali/DatiGeneraliDocumento/Numero'),
                     'causale': ' '.join(c.text for c in body.iterfind(
                         'DatiGenerali/DatiGeneraliDocumento/Causale'))},
        'lines': [{'description': line.findtext('Descrizione'), 'quantity': line.findtext('Quantita'),
                   'unit_price': line.findtext('PrezzoUnitario'),
                   'vat_rate': line.findtext('AliquotaIVA'), 'natura': line.findtext('Natura')}
                  for line in body.iterfind('DatiBeniServizi/DettaglioLinee')],
        'payability': body.findtext('DatiBeniServizi/DatiRiepilogo/EsigibilitaIVA'),
        'payment': {'terms': payment.findtext('CondizioniPagamento'),
                    'method': detail.findtext('ModalitaPagamento'),
                    'installments': [{'due_date': detail.findtext('DataScadenzaPagamento'),
                                      'amount': detail.findtext('ImportoPagamento')}]},
    }


def leaves(root):
    """``{path: [stripped text, ...]}`` of the leaf elements, in document order."""
    result = {}
    elements = (e for e in root.iter() if e is not root and isinstance(e.tag, str))
    for path, element in zip(element_paths(root), elements):
        if len(element) == 0:
            result.setdefault(path, []).append((element.text or '').strip())
    return result


@pytest.mark.parametrize('name', ['IT01234567890_FPA01.xml', 'IT01234567890_FPR01.xml',
                                  'IT01234567890_FPA02.xml'])
def test_same_structure_as_the_official_sample(name):
    official = parse(sample(name))
    ours = parse(build(invoice_from_sample(official)))
    assert ours.get('versione') == official.get('versione')
    official_paths, our_paths = element_paths(official), element_paths(ours)
    missing = {p.split('/')[2] if p.startswith('FatturaElettronicaBody/DatiGenerali/') else p.split('/')[-1]
               for p in set(official_paths) - set(our_paths)}
    assert missing <= NOT_BUILT
    assert set(our_paths) - set(official_paths) == {
        'FatturaElettronicaBody/DatiGenerali/DatiGeneraliDocumento/ImportoTotaleDocumento'}
    common = set(official_paths) & set(our_paths)
    assert [p for p in our_paths if p in common] == [p for p in official_paths if p in common]
    # same values too, except the check-digit fixes
    official_leaves, our_leaves = leaves(official), leaves(ours)
    different = {path for path in common & set(our_leaves)
                 if official_leaves.get(path) != our_leaves[path]}
    assert {p.split('/')[-1] for p in different} <= {'IdCodice', 'CodiceFiscale'}


@pytest.mark.parametrize('name', ['IT01234567890_FPA01.xml', 'IT01234567890_FPA02.xml',
                                  'IT01234567890_FPA03.xml', 'IT01234567890_FPR01.xml',
                                  'IT01234567890_FPR02.xml', 'IT01234567890_FPR03.xml'])
def test_samples_validate(name):
    assert validate_xsd(sample(name)) == []


@pytest.mark.parametrize('name', ['IT01234567890_FPA01.xml', 'IT01234567890_FPA02.xml',
                                  'IT01234567890_FPA03.xml', 'IT01234567890_FPR01.xml'])
def test_coherent_samples_pass_the_arithmetic(name):
    assert check_arithmetic(sample(name)) == []


@pytest.mark.parametrize('name', ['IT01234567890_FPR02.xml', 'IT01234567890_FPR03.xml'])
def test_incoherent_samples_are_caught(name):
    """FPR02/FPR03: lines sum to 25.00, DatiRiepilogo says 27.00 (README of the samples)."""
    messages = check_arithmetic(sample(name))
    assert any(m.startswith('00422') and '27.00' in m and '25.00' in m for m in messages), messages
