import datetime

from odoo import api, fields, models

SOURCES = {
    'fiera': 'crm_infinity_sales.utm_source_trade_fair_demo',
    'web': 'crm_infinity_sales.utm_source_website_demo',
    'passaparola': 'crm_infinity_sales.utm_source_word_of_mouth_demo',
    'tele': 'crm_infinity_sales.utm_source_telemarketing_demo',
    'email': 'crm_infinity_sales.utm_source_email_campaign_demo',
    'segnalazione': 'crm_infinity_sales.utm_source_referral_demo',
}
OWNERS = {
    'giulia': 'crm_infinity_base.user_giulia_bianchi_demo',
    'luca': 'crm_infinity_base.user_luca_romano_demo',
    'marco': 'crm_infinity_base.user_marco_ferrari_demo',
}
# (key, name, company name (persons), function, e-mail, phone, street, zip, city, province,
#  VAT, source, owner, marketing consent by e-mail (granted/revoked/None), days ago)
# A few repeat companies of the demo office (Brambilla by VAT, Tessitura Ferrario by e-mail,
# Caseificio Valpadana by phone, Rossi Impianti by name): the promotion shows them as candidates.
NOMINATIVI = [
    ('carpenteria_bolognese', 'Carpenteria Bolognese S.r.l.', None, None,
     'info@carpenteriabolognese.example.it', '051 632 4410', 'Via dell\'Industria 21', '40138',
     'Bologna', 'BO', 'IT03188451206', 'fiera', 'luca', 'granted', 40),
    ('alessandro_gatti', 'Alessandro Gatti', 'Carpenteria Bolognese S.r.l.',
     'Responsabile acquisti', 'a.gatti@carpenteriabolognese.example.it', '335 712 4408', None,
     None, 'Bologna', 'BO', None, 'fiera', 'luca', 'granted', 40),
    ('ceramiche_sassuolo', 'Ceramiche Sassolesi S.p.A.', None, None,
     'commerciale@ceramichesassolesi.example.it', '0536 804 211', 'Via Radici in Piano 120',
     '41049', 'Sassuolo', 'MO', 'IT02277610364', 'fiera', 'luca', 'granted', 35),
    ('federica_montanari', 'Federica Montanari', 'Ceramiche Sassolesi S.p.A.',
     'Direttrice amministrativa', 'f.montanari@ceramichesassolesi.example.it', '0536 804 230',
     None, None, 'Sassuolo', 'MO', None, 'fiera', 'luca', 'revoked', 35),
    ('salumificio_langhirano', 'Salumificio Val Parma S.r.l.', None, None,
     'info@salumificiovalparma.example.it', '0521 861 045', 'Strada Pedemontana 8', '43013',
     'Langhirano', 'PR', 'IT01955380341', 'web', None, 'granted', 30),
    ('giovanni_ferrari_pr', 'Giovanni Ferraris', 'Salumificio Val Parma S.r.l.', 'Titolare',
     'giovanni@salumificiovalparma.example.it', '348 220 9911', None, None, 'Langhirano', 'PR',
     None, 'web', None, 'granted', 30),
    ('meccanica_reggiana', 'Meccanica Reggiana S.n.c.', None, None,
     'amministrazione@meccanicareggiana.example.it', '0522 552 017', 'Via Gramsci 54', '42124',
     'Reggio Emilia', 'RE', 'IT02511890353', 'tele', 'luca', None, 28),
    ('lucia_bertolini', 'Lucia Bertolini', 'Meccanica Reggiana S.n.c.', 'Ufficio tecnico',
     'l.bertolini@meccanicareggiana.example.it', '0522 552 019', None, None, 'Reggio Emilia',
     'RE', None, 'tele', 'luca', 'granted', 28),
    ('agricola_pianura', 'Società Agricola La Pianura S.s.', None, None,
     'info@agricolapianura.example.it', '0532 901 344', 'Via Ponte Assa 3', '44124', 'Ferrara',
     'FE', 'IT01788990387', 'passaparola', None, None, 26),
    ('trasporti_piacenza', 'Autotrasporti Piacentini S.r.l.', None, None,
     'logistica@autotrasportipiacentini.example.it', '0523 593 800', 'Strada Caorsana 71',
     '29122', 'Piacenza', 'PC', 'IT01433620333', 'segnalazione', 'marco', 'granted', 25),
    ('marco_zanetti', 'Marco Zanetti', 'Autotrasporti Piacentini S.r.l.', 'Direttore logistica',
     'm.zanetti@autotrasportipiacentini.example.it', '347 880 1270', None, None, 'Piacenza',
     'PC', None, 'segnalazione', 'marco', 'granted', 25),
    ('studio_rimini', 'Studio Commercialisti Associati Riviera', None, None,
     'segreteria@studioriviera.example.it', '0541 781 100', 'Corso d\'Augusto 98', '47921',
     'Rimini', 'RN', 'IT04012230402', 'web', None, 'granted', 22),
    ('oleodinamica_lodi', 'Oleodinamica Lodigiana S.r.l.', None, None,
     'info@oleodinamicalodigiana.example.it', '0371 430 912', 'Via Emilia 262', '26900', 'Lodi',
     'LO', 'IT05522310962', 'fiera', 'giulia', 'granted', 21),
    ('paola_rizzi', 'Paola Rizzi', 'Oleodinamica Lodigiana S.r.l.', 'Responsabile qualità',
     'p.rizzi@oleodinamicalodigiana.example.it', '0371 430 915', None, None, 'Lodi', 'LO', None,
     'fiera', 'giulia', 'granted', 21),
    ('plastiche_varese', 'Materie Plastiche Varesine S.p.A.', None, None,
     'vendite@plastichevaresine.example.it', '0332 287 500', 'Viale Belforte 311', '21100',
     'Varese', 'VA', 'IT01299870128', 'email', 'giulia', 'granted', 20),
    ('stefano_colombo_va', 'Stefano Colombo', 'Materie Plastiche Varesine S.p.A.',
     'Amministratore delegato', 's.colombo@plastichevaresine.example.it', '0332 287 501', None,
     None, 'Varese', 'VA', None, 'email', 'giulia', None, 20),
    ('cartiera_brescia', 'Cartiera Bresciana S.r.l.', None, None,
     'info@cartierabresciana.example.it', '030 354 8800', 'Via Triumplina 140', '25123',
     'Brescia', 'BS', 'IT03344550172', 'fiera', 'giulia', 'granted', 19),
    ('valentina_pasini', 'Valentina Pasini', 'Cartiera Bresciana S.r.l.', 'Responsabile IT',
     'v.pasini@cartierabresciana.example.it', '338 451 2290', None, None, 'Brescia', 'BS',
     None, 'fiera', 'giulia', 'granted', 19),
    ('vini_oltrepo', 'Cantina Colli dell\'Oltrepò S.c.a.r.l.', None, None,
     'cantina@collioltrepo.example.it', '0383 871 220', 'Via Sacchi 12', '27043', 'Broni', 'PV',
     'IT00299420185', 'passaparola', None, 'granted', 18),
    ('mantova_serramenti', 'Serramenti Mantovani S.r.l.', None, None,
     'info@serramentimantovani.example.it', '0376 368 540', 'Via Learco Guerra 9', '46100',
     'Mantova', 'MN', 'IT02211700201', 'tele', 'marco', None, 16),
    ('davide_superti', 'Davide Superti', 'Serramenti Mantovani S.r.l.', 'Titolare',
     'davide@serramentimantovani.example.it', '0376 368 541', None, None, 'Mantova', 'MN', None,
     'tele', 'marco', 'revoked', 16),
    ('bergamo_stampi', 'Stampi Orobici S.r.l.', None, None, 'info@stampiorobici.example.it',
     '035 460 7721', 'Via Zanica 44', '24126', 'Bergamo', 'BG', 'IT03877160164', 'fiera',
     'marco', 'granted', 15),
    ('ilaria_locatelli', 'Ilaria Locatelli', 'Stampi Orobici S.r.l.', 'Ufficio acquisti',
     'i.locatelli@stampiorobici.example.it', '035 460 7725', None, None, 'Bergamo', 'BG', None,
     'fiera', 'marco', 'granted', 15),
    ('sondrio_legnami', 'Legnami Valtellina S.n.c.', None, None,
     'legnami@valtellinalegno.example.it', '0342 212 600', 'Via Stelvio 18', '23100', 'Sondrio',
     'SO', 'IT00877650146', 'web', None, None, 14),
    ('farmacia_cremona', 'Farmacia San Luca', None, None, 'farmaciasanluca@pec.example.it',
     '0372 411 212', 'Corso Garibaldi 40', '26100', 'Cremona', 'CR', 'IT01622670196',
     'passaparola', None, 'granted', 12),
    ('roberta_galbiati', 'Roberta Galbiati', 'Studio Dentistico Galbiati', 'Titolare',
     'roberta@studiogalbiati.example.it', '039 232 1098', 'Via Italia 15', '20900', 'Monza',
     'MB', None, 'web', 'giulia', 'granted', 11),
    ('elettronica_pavia', 'Elettronica Ticino S.r.l.', None, None,
     'info@elettronicaticino.example.it', '0382 526 410', 'Viale Lodi 7', '27100', 'Pavia',
     'PV', 'IT02455880189', 'email', None, 'granted', 10),
    ('hotel_como', 'Hotel Lario Bellavista', None, None, 'booking@lariobellavista.example.it',
     '031 950 340', 'Lungo Lario Trento 8', '22100', 'Como', 'CO', 'IT03211840133', 'web', None,
     'granted', 9),
    ('francesco_riva', 'Francesco Riva', 'Hotel Lario Bellavista', 'Direttore',
     'f.riva@lariobellavista.example.it', '339 672 5501', None, None, 'Como', 'CO', None, 'web',
     None, 'granted', 9),
    ('forli_mobili', 'Mobilificio Romagnolo S.r.l.', None, None,
     'info@mobilificioromagnolo.example.it', '0543 796 300', 'Via Ravegnana 290', '47122',
     'Forlì', 'FC', 'IT03690210400', 'fiera', 'luca', None, 8),
    ('ravenna_porto', 'Servizi Portuali Ravennati S.p.A.', None, None,
     'commerciale@portoravenna-servizi.example.it', '0544 289 700', 'Via Baiona 180', '48123',
     'Ravenna', 'RA', 'IT02088150397', 'segnalazione', 'luca', 'granted', 7),
    ('chiara_fabbri', 'Chiara Fabbri', 'Servizi Portuali Ravennati S.p.A.', 'Responsabile HR',
     'c.fabbri@portoravenna-servizi.example.it', '0544 289 711', None, None, 'Ravenna', 'RA',
     None, 'segnalazione', 'luca', 'granted', 7),
    ('imola_automazione', 'Automazioni Imolesi S.r.l.', None, None,
     'info@automazioniimolesi.example.it', '0542 640 022', 'Via Selice 95', '40026', 'Imola',
     'BO', 'IT03312000373', 'tele', None, None, 6),
    ('nicola_benassi', 'Nicola Benassi', 'Automazioni Imolesi S.r.l.', 'Ufficio tecnico',
     'n.benassi@automazioniimolesi.example.it', '347 102 3345', None, None, 'Imola', 'BO', None,
     'tele', None, 'granted', 6),
    ('modena_software', 'Geminiani Software House S.r.l.', None, None,
     'hello@geminianisoftware.example.it', '059 343 220', 'Via Emilia Est 1010', '41122',
     'Modena', 'MO', 'IT03567880366', 'email', 'luca', 'granted', 5),
    ('lecco_viteria', 'Viteria Lariana S.r.l.', None, None, 'info@viterialariana.example.it',
     '0341 250 811', 'Corso Promessi Sposi 130', '23900', 'Lecco', 'LC', 'IT02900020134',
     'fiera', 'giulia', 'granted', 4),
    # repeats of companies of the demo office
    ('brambilla_dup', 'Officine Brambilla', None, None, 'acquisti@brambilla-om.example.it',
     '0341 282 905', 'Via Industriale 14', '23900', 'Lecco', 'LC', '01876540137', 'fiera',
     'giulia', 'granted', 3),
    ('ferrario_dup', 'Chiara Ferrario', 'Tessitura Ferrario', 'Amministratrice',
     'amministrazione@tessituraferrario.example.it', None, None, None, 'Como', 'CO', None,
     'email', 'giulia', 'granted', 3),
    ('valpadana_dup', 'Caseificio Val Padana', None, None, None, '0372 455120', None, '26100',
     'Cremona', 'CR', None, 'tele', 'luca', None, 2),
    ('rossi_dup', 'Rossi Impianti srl', None, None, 'commerciale@rossi-impianti.example.it',
     '02 5520 1888', None, '20100', 'Milano', 'MI', None, 'web', 'giulia', 'granted', 1),
]


class CrmInfinityDemo(models.AbstractModel):
    _inherit = 'crm.infinity.demo'

    @api.model
    def _demo_build_nominativi(self):
        """About forty Lombard and Emilian nominativi with their sources, owners and consents
        (each with its proof), some of them repeating companies of the demo office."""
        ref = self.env.ref
        if ref('crm_infinity_marketing.nominativo_%s_demo' % NOMINATIVI[0][0],
               raise_if_not_found=False):
            return False  # built already (demo files run again when the addon is updated)
        Nominativo = self.env['crm.infinity.nominativo'].with_context(
            tracking_disable=True, mail_create_nolog=True)
        Consent = self.env['crm.infinity.consent'].with_context(crm_consent_keep_date=True)
        states = {s.code: s.id for s in self.env['res.country.state'].search(
            [('country_id', '=', ref('base.it').id)])}
        today = fields.Date.from_string(fields.Date.context_today(self))
        for (key, name, company, function, email, phone, street, zip_code, city, province, vat,
             source, owner, consent, days) in NOMINATIVI:
            source_record = ref(SOURCES[source], raise_if_not_found=False)
            user = ref(OWNERS[owner], raise_if_not_found=False) if owner else None
            record = Nominativo.create({
                'name': name, 'is_company': company is None and function is None,
                'company_name': company, 'function': function, 'email': email,
                'phone': phone, 'street': street, 'zip': zip_code, 'city': city,
                'state_id': states.get(province), 'vat': vat,
                'source_id': source_record.id if source_record else False,
                'user_id': user.id if user else False,
                'lawful_basis': 'consent' if consent else 'legitimate_interest',
                'retention_until': fields.Date.to_string(today + datetime.timedelta(days=730)),
            })
            self._demo_register('crm_infinity_marketing', 'nominativo_%s_demo' % key, record)
            if consent:
                moment = self._demo_utc(today - datetime.timedelta(days=days))
                Consent.create({
                    'nominativo_id': record.id, 'purpose': 'marketing', 'channel': 'email',
                    'state': 'granted', 'date': moment, 'origin': 'form',
                    'proof': 'Modulo privacy firmato (%s)' % (source_record.name
                                                             if source_record else source),
                    'ip': '93.44.%d.%d' % (days, len(name))})
                if consent == 'revoked':
                    Consent.create({
                        'nominativo_id': record.id, 'purpose': 'marketing', 'channel': 'email',
                        'state': 'revoked',
                        'date': self._demo_utc(today - datetime.timedelta(days=max(days - 5, 0))),
                        'origin': 'link', 'proof': 'Link di disiscrizione nella newsletter',
                        'ip': '151.38.12.%d' % days})
        return True
