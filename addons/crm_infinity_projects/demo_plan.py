"""The commesse of the demo office, as plain data (see ``crm_infinity_base.demo_builder``): an
Italian safety and quality consultancy's work for customers of the story — a DVR, a training
plan, an ISO 9001 audit that is late, an external RSPP service — with their activities,
dependencies and assignees. Dates are relative to ``today``; the adapter is
``CrmInfinityDemo._demo_build_commesse``.

People are keys of ``PEOPLE`` below (the demo users' XML ids are the adapter's business)."""
import datetime
from collections import namedtuple

Commessa = namedtuple('Commessa', [
    'key', 'name', 'customer', 'manager', 'team', 'state', 'start', 'planned_end',
    'doc_delivery', 'contract_expiry', 'budget_hours', 'budget_amount', 'activities'])
# start/end: days from today; depends: keys of activities of the same commessa
Activity = namedtuple('Activity', [
    'key', 'name', 'assignees', 'start', 'days', 'hours', 'state', 'depends', 'description'])
# an activity of a company, without commessa
CompanyActivity = namedtuple('CompanyActivity', [
    'key', 'name', 'customer', 'owner', 'assignees', 'start', 'days', 'hours', 'state'])

COMMESSE = (
    Commessa('dvr_brambilla', 'DVR - Officine Meccaniche Brambilla', 'brambilla', 'paolo',
             ('andrea', 'paolo'), 'open', -45, 25, 20, 320, 60.0, 4800.0, (
                 Activity('sopralluogo', 'Sopralluogo nello stabilimento', ('andrea',), -40, 1,
                          8.0, 'done', (), 'Visita dei reparti con il RSPP e il RLS.'),
                 Activity('valutazione', 'Valutazione dei rischi per reparto', ('andrea',), -35,
                          20, 20.0, 'in_progress', ('sopralluogo',),
                          'Rischi meccanici, chimici, ergonomici per mansione.'),
                 Activity('rumore', 'Misure di rumore e vibrazioni', ('paolo',), -30, 5, 8.0,
                          'done', ('sopralluogo',), 'Fonometria nei reparti torneria e presse.'),
                 Activity('stesura', 'Stesura del DVR', ('andrea',), -10, 20, 16.0, 'waiting',
                          ('valutazione', 'rumore'), 'Documento di valutazione dei rischi.'),
                 Activity('consegna', 'Consegna e firma del DVR', ('paolo',), 20, 1, 2.0,
                          'waiting', ('stesura',), 'Firma di datore di lavoro, RSPP, RLS e '
                                                  'medico competente.'),
             )),
    Commessa('formazione_emiliana', 'Piano formativo sicurezza - Logistica Emiliana',
             'logistica_emiliana', 'paolo', ('andrea',), 'open', -30, 75, 70, 335, 80.0,
             6400.0, (
                 Activity('fabbisogni', 'Analisi dei fabbisogni formativi', ('andrea',), -28, 5,
                          6.0, 'done', (), 'Mansioni, attestati in scadenza, neoassunti.'),
                 Activity('generale', 'Corso formazione generale lavoratori (4 ore)',
                          ('andrea',), -10, 15, 12.0, 'in_progress', ('fabbisogni',),
                          'Tre edizioni per turno.'),
                 Activity('preposti', 'Corso preposti (8 ore)', ('andrea', 'paolo'), 10, 10,
                          16.0, 'todo', ('fabbisogni',), 'Capireparto e capiturno.'),
                 Activity('carrelli', 'Abilitazione carrelli elevatori', ('paolo',), 25, 15,
                          24.0, 'todo', ('fabbisogni',), 'Teoria in aula e prova pratica.'),
                 Activity('registro', 'Registro della formazione e attestati', ('andrea',), 60,
                          10, 6.0, 'waiting', ('generale', 'preposti', 'carrelli'),
                          'Attestati nominativi e registro aggiornato.'),
             )),
    Commessa('iso_valpadana', 'Audit ISO 9001 - Caseificio Valpadana', 'caseificio_valpadana',
             'paolo', ('andrea',), 'open', -60, -8, -15, 300, 40.0, 3200.0, (
                 Activity('documentale', 'Audit documentale del sistema qualità', ('andrea',),
                          -55, 10, 10.0, 'done', (), 'Manuale, procedure, registrazioni.'),
                 Activity('campo', 'Audit in campo: produzione e magazzino', ('andrea',), -35,
                          15, 12.0, 'in_progress', ('documentale',),
                          'Interviste e verifiche di processo.'),
                 Activity('rapporto', 'Rapporto di audit e non conformità', ('paolo',), -15, 10,
                          8.0, 'waiting', ('campo',), 'Rapporto per la direzione.'),
                 Activity('azioni', 'Piano delle azioni correttive', ('andrea',), -5, 10, 6.0,
                          'waiting', ('rapporto',), 'Con il responsabile qualità.'),
             )),
    Commessa('rspp_rossi', 'Servizio RSPP esterno - Rossi Impianti', 'rossi_impianti',
             'chiara', ('andrea', 'chiara'), 'open', -200, 165, 140, 165, 120.0, 9600.0, (
                 Activity('riunione', 'Riunione periodica (art. 35 D.Lgs. 81/08)', ('chiara',),
                          -150, 1, 4.0, 'done', (), 'Verbale della riunione annuale.'),
                 Activity('aggiornamento', 'Aggiornamento del DVR per la nuova linea',
                          ('andrea',), -20, 40, 16.0, 'in_progress', ('riunione',),
                          'Nuova linea di assemblaggio quadri elettrici.'),
                 Activity('evacuazione', "Prova di evacuazione d'emergenza", ('chiara',), 30, 1,
                          4.0, 'todo', (), 'Con la squadra antincendio.'),
             )),
)

COMPANY_ACTIVITIES = (
    CompanyActivity('ferrario_scadenze', 'Verifica attestati in scadenza', 'tessitura_ferrario',
                    'paolo', ('andrea',), 3, 1, 1.0, 'todo'),
    CompanyActivity('brambilla_offerta', 'Sopralluogo per nuova offerta antincendio',
                    'brambilla', 'paolo', ('paolo',), -5, 1, 3.0, 'done'),
)


def day(today, offset):
    return today + datetime.timedelta(days=offset)


def check(commesse=COMMESSE):
    """Problems of the plan (empty when it is coherent): dependencies within the commessa and
    earlier, waiting activities behind unfinished ones, done activities behind done ones."""
    problems = []
    for commessa in commesse:
        acts = {a.key: a for a in commessa.activities}
        for act in commessa.activities:
            for dep in act.depends:
                if dep not in acts:
                    problems.append('%s/%s depends on unknown %s' % (commessa.key, act.key, dep))
                    continue
                if acts[dep].start > act.start:
                    problems.append('%s/%s starts before %s' % (commessa.key, act.key, dep))
            unfinished = [d for d in act.depends if acts.get(d) and acts[d].state != 'done']
            if act.state == 'waiting' and not unfinished:
                problems.append('%s/%s waits for nothing' % (commessa.key, act.key))
            if act.state in ('todo', 'in_progress', 'done') and unfinished:
                problems.append('%s/%s cannot be %s' % (commessa.key, act.key, act.state))
    return problems
