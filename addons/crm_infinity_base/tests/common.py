from odoo.tests.common import SavepointCase

B = 'crm_infinity_base.'


class CrmInfinityCase(SavepointCase):
    """Base of the addon tests: own users with exactly the profile under test, fixed dates,
    no reliance on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # messages asserted in English, whatever the language of the database's admin
        cls.env = cls.env(context=dict(cls.env.context, lang='en_US'))
        cls.Users = cls.env['res.users'].with_context(no_reset_password=True, tracking_disable=True)

    @classmethod
    def _create_user(cls, login, *group_xmlids, **values):
        groups = [cls.env.ref(xmlid if '.' in xmlid else B + xmlid).id for xmlid in group_xmlids]
        vals = {
            'name': login.replace('_', ' ').title(),
            'login': login,
            'email': '%s@example.com' % login,
            'groups_id': [(6, 0, groups)],
        }
        vals.update(values)
        return cls.Users.create(vals)


class CoreEngineCase(CrmInfinityCase):
    """A small sales force and the test model (tests/addons/crm_infinity_test_model).

    Direzione (boss) > Nord (north: anna, bruno) > Lombardia (lomb: carla)
                     > Sud (south: dario)
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mk = cls._create_user
        cls.admin = mk('t_crm_admin', 'group_crm_admin')
        cls.boss = mk('t_boss', 'group_crm_salesperson')
        cls.north = mk('t_north', 'group_crm_salesperson')
        cls.anna = mk('t_anna', 'group_crm_salesperson')
        cls.bruno = mk('t_bruno', 'group_crm_salesperson')
        cls.lomb = mk('t_lomb', 'group_crm_salesperson')
        cls.carla = mk('t_carla', 'group_crm_salesperson')
        cls.south = mk('t_south', 'group_crm_salesperson')
        cls.dario = mk('t_dario', 'group_crm_salesperson')
        cls.assignee = mk('t_assignee', 'group_crm_assignee')
        Group = cls.env['crm.infinity.sales.group']
        cls.g_dir = Group.create({'name': 'Direzione', 'responsible_id': cls.boss.id})
        cls.g_north = Group.create({'name': 'Nord', 'parent_id': cls.g_dir.id,
                                    'responsible_id': cls.north.id,
                                    'member_ids': [(6, 0, (cls.anna | cls.bruno).ids)]})
        cls.g_lomb = Group.create({'name': 'Lombardia', 'parent_id': cls.g_north.id,
                                   'responsible_id': cls.lomb.id,
                                   'member_ids': [(6, 0, cls.carla.ids)]})
        cls.g_south = Group.create({'name': 'Sud', 'parent_id': cls.g_dir.id,
                                    'responsible_id': cls.south.id,
                                    'member_ids': [(6, 0, cls.dario.ids)]})
        cls.Record = cls.env['crm.infinity.test.record']
        cls.customer = cls.env['res.partner'].create({'name': 'Cliente Test S.r.l.',
                                                      'is_company': True,
                                                      'user_id': cls.anna.id})

    @classmethod
    def _record(cls, owner, **values):
        vals = {'name': 'Pratica di %s' % owner.name, 'user_id': owner.id}
        vals.update(values)
        return cls.Record.sudo(owner).create(vals).sudo()  # created by the owner, used as admin

    def _causale(self, name, effects, models=('crm.infinity.test.record',), **values):
        model_ids = [self.env['ir.model']._get(m).id for m in models]
        vals = {'name': name, 'kind': 'crm', 'model_ids': [(6, 0, model_ids)],
                'effect_ids': [(0, 0, e) for e in effects]}
        vals.update(values)
        return self.env['crm.infinity.causale'].create(vals)

    def _field(self, model, name):
        return self.env['ir.model.fields'].search([('model', '=', model), ('name', '=', name)])


class TimelineIndexMixin:
    """Proof of the index of the Scheda riepilogo (``crm_infinity_timeline_index``): the card
    of a company read through its index equals the card made from the providers' sources, for
    the users given, page after page. Used by every addon on the sources it contributes."""

    def _card_pages(self, user, company, indexed, limit=7, kinds=None):
        """Every page of the card of ``company`` as ``user``: ``(key, id, date)`` rows, read
        through the index (``indexed``) or from the sources."""
        Timeline = self.env['crm.infinity.timeline'].sudo(user)
        partner_ids, _name, _is_company, company_id = Timeline._crm_timeline_rollup(company)
        self.assertEqual(company_id, company.id, 'not the card of a company')
        rows, cursor = [], None
        for _page in range(500):
            if indexed:
                selected = Timeline._crm_index_fetch(company.id, partner_ids, kinds,
                                                     Timeline._crm_timeline_cursor(cursor),
                                                     limit)
                self.assertIsNotNone(selected, 'the card was not read through the index')
            else:
                selected = Timeline._crm_timeline_select_page(
                    Timeline._crm_timeline_page_provider(partner_ids), partner_ids, kinds,
                    Timeline._crm_timeline_cursor(cursor), limit)
            _sources, window, more = selected
            page = window[:limit]
            rows += [tuple(row) for row in page]
            if not more or not page:
                return rows
            key, rid, moment = page[-1]
            cursor = {'date': str(moment), 'key': key, 'id': rid}
        self.fail('the card did not end')

    def assertCardIndexed(self, company, users, limit=7, kinds=None):
        """The card of ``company`` read through its index is the card made from the sources,
        for each of ``users`` (after the changes made since it was last read)."""
        for user in users:
            live = self._card_pages(user, company, False, limit=limit, kinds=kinds)
            indexed = self._card_pages(user, company, True, limit=limit, kinds=kinds)
            self.assertEqual(indexed, live, 'the index of %s differs for %s'
                             % (company.display_name, user.login))

    def _index_queued(self, company):
        """The source keys queued for ``company`` (its changes not yet in the index)."""
        self.env.cr.execute('SELECT DISTINCT key FROM crm_infinity_timeline_dirty '
                            'WHERE commercial_id = %s', [company.id])
        return {row[0] for row in self.env.cr.fetchall()}

    def _index_ids(self, company, key):
        """The record ids the index holds for ``company`` under the source ``key``."""
        self.env.cr.execute('SELECT res_id FROM crm_infinity_timeline_item '
                            'WHERE commercial_id = %s AND key = %s', [company.id, key])
        return {row[0] for row in self.env.cr.fetchall()}

    def _build(self, *companies):
        """Read the cards of ``companies`` as ``self.viewers`` (their index made or redone,
        equal to the sources) and check nothing is left queued for them."""
        for company in companies:
            self.assertCardIndexed(company, self.viewers)
            self.assertFalse(self._index_queued(company))

    def _index_keys(self, company):
        """``{key: count}`` of the items the index holds for ``company``."""
        self.env.cr.execute('SELECT key, count(*) FROM crm_infinity_timeline_item '
                            'WHERE commercial_id = %s GROUP BY key', [company.id])
        return dict(self.env.cr.fetchall())
