odoo.define('crm_infinity_base.timeline', function (require) {
"use strict";

/**
 * The Scheda riepilogo (client action "crm_infinity_timeline", params.partner_id): one
 * chronological timeline of a company or a contact, built by the server from every installed
 * addon (crm.infinity.timeline.crm_timeline_load), page by page, filtered by kind.
 */
var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var session = require('web.session');
var Widget = require('web.Widget');

var QWeb = core.qweb;

var Timeline = Widget.extend(ControlPanelMixin, {
    template: 'crm_infinity_base.Timeline',
    events: {
        'click .o_crm_timeline_more': '_onMore',
        'click .o_crm_timeline_link': '_onLink',
        'change .o_crm_timeline_kind input': '_onKindChange',
        'click .o_crm_timeline_partner': '_onPartner',
    },

    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action = action;
        this.action_manager = parent;
        var params = action.params || {};
        var context = action.context || {};
        this.partner_id = params.partner_id || context.active_id;
        this.kinds = null;  // all
        this.items = [];
        this.data = null;
    },

    willStart: function () {
        return $.when(this._super.apply(this, arguments), this._load());
    },

    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            self._render();
            self._updateControlPanel();
        });
    },

    do_show: function () {
        this._super.apply(this, arguments);
        this._updateControlPanel();
    },

    _load: function (cursor) {
        var self = this;
        return this._rpc({
            model: 'crm.infinity.timeline',
            method: 'crm_timeline_load',
            kwargs: {partner_id: this.partner_id, kinds: this.kinds, cursor: cursor || null,
                     context: session.user_context},
        }).then(function (data) {
            self.items = cursor ? self.items.concat(data.items) : data.items;
            self.data = data;
            // opened from its URL (a reload, a bookmark) the action has no name: the
            // breadcrumb would say "Unnamed"
            if (data.title) {
                self.set('title', data.title);
            }
        });
    },

    _render: function () {
        this.$el.html(QWeb.render('crm_infinity_base.TimelineContent', {
            data: this.data,
            items: this.items,
            kinds: this.kinds,
        }));
    },

    _updateControlPanel: function () {
        this.update_control_panel({
            breadcrumbs: this.action_manager.get_breadcrumbs(),
            cp_content: {},
        }, {clear: true});
    },

    _onMore: function (ev) {
        ev.preventDefault();
        var self = this;
        this._load(this.data.next).then(this._render.bind(this));
    },

    _onKindChange: function () {
        var checked = this.$('.o_crm_timeline_kind input:checked').map(function () {
            return $(this).data('kind');
        }).get();
        this.kinds = checked.length === this.data.kinds.length ? null : checked;
        this._load().then(this._render.bind(this));
    },

    _onLink: function (ev) {
        ev.preventDefault();
        var $link = $(ev.currentTarget);
        this.do_action({
            type: 'ir.actions.act_window',
            res_model: $link.data('model'),
            res_id: $link.data('id'),
            views: [[false, 'form']],
            target: 'current',
        });
    },

    _onPartner: function (ev) {
        ev.preventDefault();
        this.do_action({
            type: 'ir.actions.act_window',
            res_model: 'res.partner',
            res_id: this.data.partner.id,
            views: [[false, 'form']],
            target: 'current',
        });
    },
});

core.action_registry.add('crm_infinity_timeline', Timeline);

return Timeline;
});
