"""The story of the demo office, as plain data: who the customers are and what a year of deals,
tickets and invoices did with them.

Framework-free and deterministic: ``build(seed, today)`` returns the same ``Story`` for the same
seed and day (``random.Random(seed)``, every date relative to ``today``), so two installations on
the same day hold the same data and the unit tests can check its shape without a database. Each
addon turns its part into records in its demo function (``crm_infinity_base`` the customers,
``crm_infinity_sales`` deals and quotes, ``crm_infinity_support`` tickets, SLA and ratings,
``crm_infinity_einvoice`` invoices): a new addon adds a ``plan_*`` function here and its adapter.

People and products are named by keys (``'giulia'``, ``'consulenza'``): the adapters map them to
the demo records' XML ids.
"""
import datetime
import random
from collections import namedtuple

SEED = 2026

# -- people -------------------------------------------------------------------------------------

SALESPEOPLE = ('marco', 'giulia', 'luca', 'sara')
OPERATORS = ('elena', 'davide', 'francesca')

# -- customers ----------------------------------------------------------------------------------

Customer = namedtuple('Customer', [
    'key', 'name', 'kind', 'street', 'zip', 'city', 'province', 'country', 'vat', 'fiscalcode',
    'email', 'phone', 'owner', 'contact', 'contact_function', 'contact_email', 'sector',
    'xmlid'])

# kind: 'pa' (public administration), 'company', 'professional', 'foreign'.
# The first five already exist in the demo XML (``xmlid``); the others are created by the base
# addon's demo function, with the XML id ``crm_infinity_base.partner_<key>_demo``.
CUSTOMERS = (
    Customer('rossi_impianti', 'Rossi Impianti S.r.l.', 'company', None, None, 'Milano', 'MI',
             'it', None, None, None, None, 'giulia', 'Mario Rossi', 'Titolare', None,
             'manufacturing', 'crm_infinity_base.partner_rossi_impianti_demo'),
    Customer('bianchi_costruzioni', 'Bianchi Costruzioni S.p.A.', 'company', None, None,
             'Torino', 'TO', 'it', None, None, None, None, 'luca', 'Anna Bianchi',
             'Responsabile amministrativa', None, 'construction',
             'crm_infinity_base.partner_bianchi_costruzioni_demo'),
    Customer('studio_verdi', 'Studio Legale Verdi', 'professional', None, None, 'Roma', 'RM',
             'it', None, None, None, None, 'sara', None, None, None, 'services',
             'crm_infinity_base.partner_studio_verdi_demo'),
    Customer('comune_bergamo', 'Comune di Bergamo', 'pa', None, None, 'Bergamo', 'BG', 'it',
             None, None, None, None, 'marco', None, None, None, 'public',
             'crm_infinity_base.partner_comune_demo'),
    Customer('mueller', 'Müller Maschinenbau GmbH', 'foreign', None, None, 'München', None, 'de',
             None, None, None, None, 'marco', None, None, None, 'manufacturing',
             'crm_infinity_base.partner_mueller_demo'),
    Customer('comune_monza', 'Comune di Monza', 'pa', 'Piazza Trento e Trieste 1', '20900',
             'Monza', 'MB', 'it', None, '02030880153', 'protocollo@comune.monza.example.it',
             '039 237 2111', 'marco', 'Giovanni Sala', 'Ufficio tecnico',
             'g.sala@comune.monza.example.it', 'public', None),
    Customer('asst_lariana', 'Azienda Socio Sanitaria Lariana', 'pa', 'Via Napoleona 60',
             '22100', 'Como', 'CO', 'it', 'IT03622110132', '03622110132',
             'acquisti@asst-lariana.example.it', '031 585 1111', 'luca', 'Federica Longhi',
             'Provveditorato', 'f.longhi@asst-lariana.example.it', 'public', None),
    Customer('brambilla', 'Officine Meccaniche Brambilla S.p.A.', 'company',
             'Via Industriale 14', '23900', 'Lecco', 'LC', 'it', 'IT01876540137', None,
             'info@brambilla-om.example.it', '0341 282 900', 'giulia', 'Stefano Brambilla',
             'Direttore di stabilimento', 's.brambilla@brambilla-om.example.it',
             'manufacturing', None),
    Customer('tessitura_ferrario', 'Tessitura Ferrario S.r.l.', 'company', 'Via per Cantù 33',
             '22100', 'Como', 'CO', 'it', 'IT02765430133', None,
             'amministrazione@tessituraferrario.example.it', '031 540 210', 'giulia',
             'Chiara Ferrario', 'Amministratrice', 'chiara@tessituraferrario.example.it',
             'manufacturing', None),
    Customer('caseificio_valpadana', 'Caseificio Valpadana S.r.l.', 'company',
             'Strada Provinciale 87 n. 5', '26100', 'Cremona', 'CR', 'it', 'IT01543260192',
             None, 'info@caseificiovalpadana.example.it', '0372 455 120', 'luca',
             'Giorgio Cattaneo', 'Responsabile qualità', 'g.cattaneo@caseificiovalpadana.example.it',
             'manufacturing', None),
    Customer('hotel_stresa', 'Hotel Lago Maggiore S.r.l.', 'company',
             'Corso Umberto I 50', '28838', 'Stresa', 'VB', 'it', 'IT02234560031', None,
             'direzione@hotellagomaggiore.example.it', '0323 301 555', 'sara', 'Valentina Pozzi',
             'Direttrice', 'v.pozzi@hotellagomaggiore.example.it', 'services', None),
    Customer('logistica_emiliana', 'Logistica Emiliana S.p.A.', 'company', 'Via del Lavoro 21',
             '40127', 'Bologna', 'BO', 'it', 'IT03456780372', None,
             'info@logisticaemiliana.example.it', '051 633 4400', 'sara', 'Matteo Zanetti',
             'Responsabile sicurezza (RSPP)', 'm.zanetti@logisticaemiliana.example.it',
             'services', None),
    Customer('cantina_berici', 'Cantina Colli Berici S.r.l.', 'company', 'Via dei Colli 8',
             '36100', 'Vicenza', 'VI', 'it', 'IT03987650243', None,
             'cantina@colliberici.example.it', '0444 550 780', 'luca', 'Francesco Dal Bello',
             'Enologo', 'f.dalbello@colliberici.example.it', 'manufacturing', None),
    Customer('tipografia_galli', 'Tipografia Galli & Figli S.r.l.', 'company',
             'Via Sacco 12', '21100', 'Varese', 'VA', 'it', 'IT02109870127', None,
             'ordini@tipografiagalli.example.it', '0332 281 300', 'marco', 'Roberto Galli',
             'Titolare', 'roberto@tipografiagalli.example.it', 'manufacturing', None),
    Customer('edil_sud', 'Edil Sud S.r.l.', 'company', 'Via Argine 310', '80147', 'Napoli', 'NA',
             'it', 'IT07654320634', None, 'info@edilsud.example.it', '081 559 2020', 'sara',
             'Salvatore Esposito', 'Direttore tecnico', 's.esposito@edilsud.example.it',
             'construction', None),
    Customer('autotrasporti_deluca', 'Autotrasporti De Luca S.r.l.', 'company',
             'Viale Europa 45', '70132', 'Bari', 'BA', 'it', 'IT06543210725', None,
             'amministrazione@autotrasportideluca.example.it', '080 534 8800', 'sara',
             'Antonio De Luca', 'Amministratore', 'antonio@autotrasportideluca.example.it',
             'services', None),
    Customer('studio_lombardi', 'Studio Tecnico Ing. Lombardi', 'professional',
             'Via Borgo Palazzo 41', '24125', 'Bergamo', 'BG', 'it', 'IT03312450160',
             'LMBPLA70C12A794U', 'studio@ing-lombardi.example.it', '035 240 115', 'giulia',
             None, None, None, 'services', None),
    Customer('laura_ferri', 'Dott.ssa Laura Ferri - Commercialista', 'professional',
             'Corso di Porta Romana 88', '20122', 'Milano', 'MI', 'it', 'IT09876540155',
             'FRRLRA78M52F205D', 'laura.ferri@studioferri.example.it', '02 5830 1190', 'marco',
             None, None, None, 'services', None),
    Customer('studio_marchetti', 'Studio Dentistico Marchetti', 'professional',
             'Via dei Servi 24', '50122', 'Firenze', 'FI', 'it', 'IT05123470485',
             'MRCGNN65H21D612M', 'segreteria@dentistamarchetti.example.it', '055 210 447',
             'sara', None, None, None, 'services', None),
    Customer('farmacia_moretti', 'Farmacia Moretti S.n.c.', 'company', 'Strada Nuova 61',
             '27100', 'Pavia', 'PV', 'it', 'IT02456780184', None,
             'farmacia.moretti@example.it', '0382 301 466', 'luca', 'Elisa Moretti',
             'Farmacista titolare', 'elisa@farmaciamoretti.example.it', 'services', None),
)

# -- deals --------------------------------------------------------------------------------------

# (phase, status key, weight): every status of every phase appears
DEAL_OUTCOMES = (
    ('lead', 'lead_to_contact', 8), ('lead', 'lead_offer', 6), ('lead', 'lead_not_interested', 6),
    ('potential', 'potential_waiting', 6), ('potential', 'potential_first_contact', 8),
    ('potential', 'potential_suspended', 4), ('potential', 'potential_lost', 7),
    ('opportunity', 'opportunity_to_present', 7), ('opportunity', 'opportunity_offer_issued', 10),
    ('opportunity', 'opportunity_offer_revision', 6), ('opportunity', 'opportunity_suspended', 3),
    ('opportunity', 'opportunity_won', 22), ('opportunity', 'opportunity_lost', 10),
)
CLOSED_STATUSES = {'lead_not_interested': 'lost', 'potential_lost': 'lost',
                   'opportunity_lost': 'lost', 'opportunity_won': 'won'}
PHASES = ('lead', 'potential', 'opportunity')

DEAL_TOPICS = {
    'manufacturing': ('Rinnovo impianto di climatizzazione', 'Contratto di manutenzione annuale',
                      'Valutazione dei rischi del reparto produzione',
                      'Formazione sicurezza per i carrellisti', 'Audit energetico dello stabilimento'),
    'construction': ('Piano di sicurezza e coordinamento cantiere', 'Formazione preposti di cantiere',
                     'Consulenza per la gestione dei cantieri', 'Noleggio e manutenzione impianti'),
    'public': ('Manutenzione impianti delle scuole', 'Sportello al cittadino',
               'Aggiornamento DVR degli uffici comunali', 'Corso antincendio per i dipendenti'),
    'services': ('Documento di valutazione dei rischi', 'Corso primo soccorso',
                 'Archivio documentale', 'Contratto di assistenza', 'Adeguamento privacy (GDPR)'),
}
# product key: (unit price, typical quantities)
PRODUCTS = {
    'impianto': (18000.0, (1, 1, 2)),
    'manutenzione': (2400.0, (1, 2, 3, 5)),
    'consulenza': (650.0, (2, 4, 6, 10, 15)),
    'centralina': (1250.0, (1, 2, 4)),
    'installazione': (95.0, (8, 16, 24)),
}
LOST_REASONS = ('price', 'competitor', 'postponed', 'no_budget')
SOURCES = ('sito', 'fiera', 'passaparola', 'newsletter', 'telemarketing')
CAMPAIGNS = (None, None, 'fiera_milano', 'newsletter')

Deal = namedtuple('Deal', [
    'key', 'name', 'customer', 'owner', 'phase', 'status', 'outcome', 'priority', 'opened',
    'assigned_after_hours', 'closed', 'lost_reason', 'lines', 'source', 'campaign', 'path',
    'quote'])

# -- tickets ------------------------------------------------------------------------------------

TICKET_SUBJECTS = {
    'caldaie': ('Caldaia in blocco con codice E03', 'Caldaia rumorosa all\'accensione',
                'Pressione dell\'impianto troppo bassa', 'Acqua calda a temperatura instabile'),
    'climatizzazione': ('Climatizzatore: perdita di condensa', 'Split dell\'ufficio non raffredda',
                        'Telecomando del climatizzatore non risponde',
                        'Odore sgradevole dal climatizzatore'),
    'manutenzione': ('Programmazione della manutenzione annuale',
                     'Richiesta controllo fumi', 'Spostamento della visita di manutenzione'),
    'impianti': ('Richiesta sopralluogo per nuovo impianto', 'Ampliamento dell\'impianto esistente',
                 'Certificazione di conformità dell\'impianto'),
    'fatturazione': ('Fattura con aliquota IVA errata', 'Richiesta copia di una fattura',
                     'Scadenza di pagamento da rivedere', 'Codice destinatario da aggiornare'),
}
# the SLA story of a ticket: met, warned then met, breached, paused (waiting for the customer
# now), open and running, solved after a pause
TICKET_SCENARIOS = (('met', 34), ('warned', 10), ('breached', 14), ('paused', 6),
                    ('running', 10), ('pause_resumed', 6))
RATINGS = ((10, 70), (5, 20), (1, 10))
RATING_FEEDBACK = {10: ('Intervento rapido e risolutivo, grazie.', 'Tecnico molto competente.'),
                   5: ('Risolto, ma ci è voluto un po\'.',),
                   1: ('Tempi di intervento troppo lunghi.', 'Ho dovuto sollecitare più volte.')}

Ticket = namedtuple('Ticket', [
    'key', 'name', 'customer', 'center', 'category', 'priority', 'channel', 'operator',
    'opened', 'scenario', 'rating', 'feedback', 'quote'])

# -- invoices -----------------------------------------------------------------------------------

INVOICE_LINES = (
    ('Consulenza sicurezza sul lavoro - giornate', 650.0, (1, 2, 3, 5)),
    ('Canone di manutenzione impianti - trimestre', 600.0, (1,)),
    ('Corso di formazione antincendio (8 ore)', 180.0, (4, 6, 10)),
    ('Sopralluogo tecnico', 150.0, (1, 2)),
    ('Aggiornamento documento di valutazione dei rischi', 1450.0, (1,)),
    ('Centralina di controllo climatizzazione', 1250.0, (1, 2)),
    ('Installazione e collaudo - ore', 95.0, (8, 16)),
)
INVOICE_STATES = (('paid', 55), ('open', 25), ('overdue', 20))

Invoice = namedtuple('Invoice', ['key', 'customer', 'date', 'due', 'state', 'lines', 'paid_on'])

Story = namedtuple('Story', ['seed', 'today', 'customers', 'deals', 'tickets', 'invoices'])


def _weighted(rng, pairs):
    """A value of ``pairs`` ((value, weight), ...) drawn with its weight."""
    total = sum(weight for _value, weight in pairs)
    pick = rng.uniform(0, total)
    for value, weight in pairs:
        pick -= weight
        if pick <= 0:
            return value
    return pairs[-1][0]


def _working_moment(rng, day):
    """A local office time on ``day`` or on the working day before it (Mon-Fri, 9:00-11:45)."""
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(9, 0)) + datetime.timedelta(
        minutes=15 * rng.randint(0, 11))


def _short(name):
    for suffix in (' S.r.l.', ' S.p.A.', ' S.n.c.', ' GmbH', ' & Figli'):
        name = name.replace(suffix, '')
    return name.split(' - ')[0]


def plan_deals(rng, today, customers, count=150):
    """``count`` deals over the last year, through every phase and status. Old deals are mostly
    closed, recent ones mostly open; about one in six belongs to a salesperson who does not own
    the customer (a colleague's company: the hierarchy and B2 rules show their worth)."""
    deals = []
    outcomes = [((phase, status), weight) for phase, status, weight in DEAL_OUTCOMES]
    for index in range(count):
        customer = customers[index % len(customers)] if index < len(customers) else rng.choice(
            customers)
        if index < len(DEAL_OUTCOMES):  # every status at least once
            phase, status = DEAL_OUTCOMES[index][:2]
        else:
            phase, status = _weighted(rng, outcomes)
        outcome = CLOSED_STATUSES.get(status, 'open')
        age = rng.randint(60, 365) if outcome != 'open' else rng.randint(0, 150)
        opened = today - datetime.timedelta(days=age)
        closed = None
        if outcome != 'open':
            closed = min(today - datetime.timedelta(days=1),
                         opened + datetime.timedelta(days=rng.randint(10, 90)))
        owner = customer.owner
        if rng.random() < 0.17:
            owner = rng.choice([s for s in SALESPEOPLE if s != customer.owner])
        topic = rng.choice(DEAL_TOPICS[customer.sector])
        lines = []
        for product in rng.sample(sorted(PRODUCTS), rng.randint(1, 3)):
            price, quantities = PRODUCTS[product]
            lines.append((product, rng.choice(quantities), price, rng.choice((0, 0, 5, 10))))
        path = PHASES[:PHASES.index(phase) + 1]
        # quotes: every offer issued, some revisions, a third of the won deals, a few lost
        quote = None
        draw = rng.random()
        if status == 'opportunity_offer_issued' or (
                status == 'opportunity_offer_revision' and draw < 0.5):
            quote = 'sent'
        elif status == 'opportunity_won' and draw < 0.35:
            quote = 'sale'
        elif status == 'opportunity_lost' and draw < 0.25:
            quote = 'cancel'
        deals.append(Deal(
            key='deal_%03d' % index, name='%s - %s' % (topic, _short(customer.name)),
            customer=customer.key, owner=owner if rng.random() > 0.04 or outcome != 'open' else None,
            phase=phase, status=status, outcome=outcome, priority=str(rng.choice((0, 1, 1, 2, 3))),
            opened=opened, assigned_after_hours=rng.choice((1, 2, 3, 5, 8, 20, 30, 48)),
            closed=closed,
            lost_reason=rng.choice(LOST_REASONS) if outcome == 'lost' else None,
            lines=tuple(lines), source=rng.choice(SOURCES), campaign=rng.choice(CAMPAIGNS),
            path=path, quote=quote))
    # a salesperson's deal on another salesperson's company, always there for the journeys
    # (Giulia on Bianchi Costruzioni, which Luca owns)
    first = deals[0]
    deals[0] = first._replace(customer='bianchi_costruzioni', owner='giulia',
                              name='Formazione preposti di cantiere - Bianchi Costruzioni')
    return deals


def plan_tickets(rng, today, customers, count=80):
    """``count`` tickets over the last ten months, each with its SLA story (met, warned, breached,
    paused), a rating for most closed ones and a few quotes."""
    tickets = []
    contracts = [c for c in customers if c.key in ('rossi_impianti', 'bianchi_costruzioni')]
    for index in range(count):
        scenario = _weighted(rng, TICKET_SCENARIOS)
        # open tickets were opened in the last working days (never later today: the demo may be
        # installed at dawn)
        if scenario in ('paused', 'running'):
            opened_day = today - datetime.timedelta(days=rng.randint(1, 5))
        else:
            opened_day = today - datetime.timedelta(days=rng.randint(8, 300))
        if index < 6:  # the portal customer Mario Rossi (Rossi Impianti) has a ticket of each kind
            customer = customers[0]
            scenario = ('met', 'paused', 'running', 'breached', 'warned', 'met')[index]
            if scenario in ('paused', 'running'):
                opened_day = today - datetime.timedelta(days=rng.randint(1, 3))
            elif (today - opened_day).days < 8:
                # a story that ends (closed, breached) needs its days in the past: drawn for
                # an open one, it ended in the future (no draw: the rest of the demo unchanged)
                opened_day = today - datetime.timedelta(days=8 + 7 * index)
        else:
            customer = rng.choice(customers)
        if customer in contracts and rng.random() < 0.25:
            center, category = 'amministrazione', 'fatturazione'
            operator = 'davide'
        else:
            center = 'assistenza'
            category = rng.choice(('caldaie', 'caldaie', 'climatizzazione', 'manutenzione',
                                   'impianti'))
            operator = rng.choice(OPERATORS[:2]) if rng.random() < 0.85 else 'francesca'
        if scenario == 'running' and rng.random() < 0.4:
            operator = None  # still to take in charge
        rating = feedback = None
        if scenario in ('met', 'warned', 'breached', 'pause_resumed') and rng.random() < 0.7:
            rating = _weighted(rng, RATINGS)
            if scenario == 'breached' and rating == 10:
                rating = 5
            if rng.random() < 0.6:
                feedback = rng.choice(RATING_FEEDBACK[rating])
        quote = None
        if category in ('impianti', 'manutenzione') and rng.random() < 0.5:
            quote = 'sent' if scenario in ('paused', 'running') else rng.choice(('sale', 'sent'))
        tickets.append(Ticket(
            key='ticket_%03d' % index, name=rng.choice(TICKET_SUBJECTS[category]),
            customer=customer.key, center=center, category=category,
            priority=str(_weighted(rng, ((0, 15), (1, 45), (2, 25), (3, 15)))),
            channel=rng.choice(('phone', 'email', 'email', 'portal', 'web')), operator=operator,
            opened=_working_moment(rng, opened_day), scenario=scenario, rating=rating,
            feedback=feedback, quote=quote))
    return tickets


def plan_invoices(rng, today, customers, count=40):
    """``count`` invoices of the last year: paid, open (not yet due) and overdue."""
    invoices = []
    for index in range(count):
        customer = customers[index % len(customers)] if index < len(customers) else rng.choice(
            customers)
        state = _weighted(rng, INVOICE_STATES)
        if state == 'paid':
            age = rng.randint(45, 360)
        elif state == 'open':
            age = rng.randint(0, 25)
        else:
            age = rng.randint(45, 200)
        date = today - datetime.timedelta(days=age)
        due = date + datetime.timedelta(days=30)
        lines = []
        for name, price, quantities in rng.sample(INVOICE_LINES, rng.randint(1, 3)):
            lines.append((name, rng.choice(quantities), price))
        paid_on = None
        if state == 'paid':
            paid_on = min(today, due + datetime.timedelta(days=rng.randint(-20, 15)))
        invoices.append(Invoice(key='invoice_%03d' % index, customer=customer.key, date=date,
                                due=due, state=state, lines=tuple(lines), paid_on=paid_on))
    return invoices


def build(seed=SEED, today=None):
    """The whole story. Each part draws from its own generator, so that adding a part (or an
    addon) does not change the others."""
    today = today or datetime.date.today()
    customers = list(CUSTOMERS)
    return Story(
        seed=seed, today=today, customers=customers,
        deals=plan_deals(random.Random('%s-deals' % seed), today, customers),
        tickets=plan_tickets(random.Random('%s-tickets' % seed), today, customers),
        invoices=plan_invoices(random.Random('%s-invoices' % seed), today, customers))
