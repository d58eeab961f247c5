"""FatturaPA code tables (schema 1.2.2) as lists of ``(code, Italian label)``.

The lists are ordered as the technical specifications present them and are meant to feed Odoo
selection fields as they are, so the labels are short and in Italian.  Only the codes that may
still be used on invoices issued today are listed: the generic natures N2, N3 and N6 (still in the
XSD, refused by SdI since 1 January 2021) are kept apart in ``LEGACY_NATURE`` so that the
pre-flight checks can tell the user which sub-code replaces them.
"""

DOCUMENT_TYPES = [
    ('TD01', 'Fattura'),
    ('TD02', 'Acconto/anticipo su fattura'),
    ('TD03', 'Acconto/anticipo su parcella'),
    ('TD04', 'Nota di credito'),
    ('TD05', 'Nota di debito'),
    ('TD06', 'Parcella'),
    ('TD16', 'Integrazione fattura reverse charge interno'),
    ('TD17', "Integrazione/autofattura per acquisto servizi dall'estero"),
    ('TD18', 'Integrazione per acquisto di beni intracomunitari'),
    ('TD19', 'Integrazione/autofattura per acquisto di beni ex art. 17 c. 2 DPR 633/72'),
    ('TD20', 'Autofattura per regolarizzazione e integrazione delle fatture'),
    ('TD21', 'Autofattura per splafonamento'),
    ('TD22', 'Estrazione beni da Deposito IVA'),
    ('TD23', "Estrazione beni da Deposito IVA con versamento dell'IVA"),
    ('TD24', 'Fattura differita (art. 21 c. 4 lett. a DPR 633/72)'),
    ('TD25', 'Fattura differita (art. 21 c. 4 terzo periodo lett. b DPR 633/72)'),
    ('TD26', 'Cessione di beni ammortizzabili e passaggi interni (art. 36 DPR 633/72)'),
    ('TD27', 'Fattura per autoconsumo o cessioni gratuite senza rivalsa'),
    ('TD28', 'Acquisti da San Marino con IVA (fattura cartacea)'),
]

# RF03 was withdrawn long ago and is not in the 1.2.2 XSD; RF19 comes after RF18 in the XSD.
TAX_REGIMES = [
    ('RF01', 'Ordinario'),
    ('RF02', 'Contribuenti minimi (art. 1 c. 96-117 L. 244/07)'),
    ('RF04', 'Agricoltura e attività connesse e pesca (artt. 34 e 34-bis DPR 633/72)'),
    ('RF05', 'Vendita sali e tabacchi (art. 74 c. 1 DPR 633/72)'),
    ('RF06', 'Commercio fiammiferi (art. 74 c. 1 DPR 633/72)'),
    ('RF07', 'Editoria (art. 74 c. 1 DPR 633/72)'),
    ('RF08', 'Gestione servizi telefonia pubblica (art. 74 c. 1 DPR 633/72)'),
    ('RF09', 'Rivendita documenti di trasporto pubblico e di sosta (art. 74 c. 1 DPR 633/72)'),
    ('RF10', 'Intrattenimenti, giochi e altre attività (art. 74 c. 6 DPR 633/72)'),
    ('RF11', 'Agenzie viaggi e turismo (art. 74-ter DPR 633/72)'),
    ('RF12', 'Agriturismo (art. 5 c. 2 L. 413/91)'),
    ('RF13', 'Vendite a domicilio (art. 25-bis c. 6 DPR 600/73)'),
    ('RF14', "Rivendita beni usati, oggetti d'arte, d'antiquariato o da collezione (art. 36 DL 41/95)"),
    ('RF15', "Agenzie di vendite all'asta di oggetti d'arte, antiquariato o da collezione "
             "(art. 40-bis DL 41/95)"),
    ('RF16', 'IVA per cassa P.A. (art. 6 c. 5 DPR 633/72)'),
    ('RF17', 'IVA per cassa (art. 32-bis DL 83/2012)'),
    ('RF18', 'Altro'),
    ('RF19', 'Regime forfettario (art. 1 c. 54-89 L. 190/2014)'),
]

NATURE = [
    ('N1', 'Escluse ex art. 15 DPR 633/72'),
    ('N2.1', 'Non soggette ad IVA ai sensi degli artt. da 7 a 7-septies DPR 633/72'),
    ('N2.2', 'Non soggette - altri casi'),
    ('N3.1', 'Non imponibili - esportazioni'),
    ('N3.2', 'Non imponibili - cessioni intracomunitarie'),
    ('N3.3', 'Non imponibili - cessioni verso San Marino'),
    ('N3.4', "Non imponibili - operazioni assimilate alle cessioni all'esportazione"),
    ('N3.5', "Non imponibili - a seguito di dichiarazioni d'intento"),
    ('N3.6', 'Non imponibili - altre operazioni che non concorrono alla formazione del plafond'),
    ('N4', 'Esenti'),
    ('N5', 'Regime del margine / IVA non esposta in fattura'),
    ('N6.1', 'Inversione contabile - cessione di rottami e altri materiali di recupero'),
    ('N6.2', 'Inversione contabile - cessione di oro e argento puro'),
    ('N6.3', 'Inversione contabile - subappalto nel settore edile'),
    ('N6.4', 'Inversione contabile - cessione di fabbricati'),
    ('N6.5', 'Inversione contabile - cessione di telefoni cellulari'),
    ('N6.6', 'Inversione contabile - cessione di prodotti elettronici'),
    ('N6.7', 'Inversione contabile - prestazioni comparto edile e settori connessi'),
    ('N6.8', 'Inversione contabile - operazioni settore energetico'),
    ('N6.9', 'Inversione contabile - altri casi'),
    ('N7', 'IVA assolta in altro stato UE (vendite a distanza, servizi TTE)'),
]

# Generic codes refused by SdI since 2021-01-01 -> the sub-codes that replace them.
LEGACY_NATURE = {
    'N2': ['N2.1', 'N2.2'],
    'N3': ['N3.1', 'N3.2', 'N3.3', 'N3.4', 'N3.5', 'N3.6'],
    'N6': ['N6.1', 'N6.2', 'N6.3', 'N6.4', 'N6.5', 'N6.6', 'N6.7', 'N6.8', 'N6.9'],
}

PAYMENT_TERMS = [
    ('TP01', 'Pagamento a rate'),
    ('TP02', 'Pagamento completo'),
    ('TP03', 'Anticipo'),
]

PAYMENT_METHODS = [
    ('MP01', 'Contanti'),
    ('MP02', 'Assegno'),
    ('MP03', 'Assegno circolare'),
    ('MP04', 'Contanti presso Tesoreria'),
    ('MP05', 'Bonifico'),
    ('MP06', 'Vaglia cambiario'),
    ('MP07', 'Bollettino bancario'),
    ('MP08', 'Carta di pagamento'),
    ('MP09', 'RID'),
    ('MP10', 'RID utenze'),
    ('MP11', 'RID veloce'),
    ('MP12', 'RIBA'),
    ('MP13', 'MAV'),
    ('MP14', 'Quietanza erario'),
    ('MP15', 'Giroconto su conti di contabilità speciale'),
    ('MP16', 'Domiciliazione bancaria'),
    ('MP17', 'Domiciliazione postale'),
    ('MP18', 'Bollettino di c/c postale'),
    ('MP19', 'SEPA Direct Debit'),
    ('MP20', 'SEPA Direct Debit CORE'),
    ('MP21', 'SEPA Direct Debit B2B'),
    ('MP22', 'Trattenuta su somme già riscosse'),
    ('MP23', 'PagoPA'),
]

VAT_PAYABILITY = [
    ('I', 'IVA ad esigibilità immediata'),
    ('D', 'IVA ad esigibilità differita'),
    ('S', 'Scissione dei pagamenti (split payment)'),
]

SOLE_SHAREHOLDER = [
    ('SU', 'Socio unico'),
    ('SM', 'Più soci'),
]

LIQUIDATION_STATUS = [
    ('LN', 'Non in liquidazione'),
    ('LS', 'In liquidazione'),
]

TRANSMISSION_FORMATS = [
    ('FPA12', 'Fattura verso PA'),
    ('FPR12', 'Fattura verso privati'),
]

NOTIFICATION_TYPES = [
    ('RC', 'Ricevuta di consegna'),
    ('MC', 'Notifica di mancata consegna'),
    ('NS', 'Notifica di scarto'),
    ('NE', 'Notifica esito committente'),
    ('DT', 'Notifica di decorrenza termini'),
    ('AT', 'Attestazione di avvenuta trasmissione con impossibilità di recapito'),
]

OUTCOMES = [
    ('EC01', 'Fattura accettata dal committente'),
    ('EC02', 'Fattura rifiutata dal committente'),
]

# Recipient codes with a special meaning (CodiceDestinatario).
RECIPIENT_CODE_NONE = '0000000'      # private recipient reached by PEC or in the reserved area
RECIPIENT_CODE_FOREIGN = 'XXXXXXX'   # recipient without an Italian tax position


def as_dict(codes):
    """``{code: label}`` of one of the lists above (handy for labels in messages)."""
    return dict(codes)

# Sigle of the Italian provinces and metropolitan cities (Provincia of an Italian address), with
# the Sardinian ones abolished since 2016 (CI, VS, OG, OT) that old registries still carry
PROVINCES = frozenset('''
AG AL AN AO AP AQ AR AT AV BA BG BI BL BN BO BR BS BT BZ CA CB CE CH CI CL CN CO CR CS CT CZ EN
FC FE FG FI FM FR GE GO GR IM IS KR LC LE LI LO LT LU MB MC ME MI MN MO MS MT NA NO NU OG OR OT
PA PC PD PE PG PI PN PO PR PT PU PV PZ RA RC RE RG RI RM RN RO SA SI SO SP SR SS SU SV TA TE TN
TO TP TR TS TV UD VA VB VC VE VI VR VS VT VV
'''.split())
