odoo.define('crm_infinity_base.desk', function (require) {
"use strict";

/**
 * MyDesk (client action "crm_infinity_desk"): the home page of every CRM Infinity user.
 *
 * All the figures come from one RPC (crm.infinity.desk.crm_desk_load), computed on the server
 * as the viewer. A click on a tile asks the server for the action of that tile
 * (crm_desk_open): the same model and domain its figure was counted on, rebuilt at the moment
 * of the click, so "today" is always today in the user's time zone.
 */
var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var session = require('web.session');
var Widget = require('web.Widget');

var QWeb = core.qweb;

var MyDesk = Widget.extend(ControlPanelMixin, {
    template: 'crm_infinity_base.MyDesk',
    events: {
        'click .o_crm_desk_tile_open': '_onTileClick',
        'click .o_crm_desk_bar': '_onBarClick',
        'click .o_crm_desk_line': '_onLineClick',
        'click .o_crm_desk_tile_static': function (ev) { ev.preventDefault(); },
    },

    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action = action;
        this.action_manager = parent;
        this.scope = 'me';
        this.data = null;
        this._started = false;
    },

    willStart: function () {
        return $.when(this._super.apply(this, arguments), this._load());
    },

    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            self._render();
            self._updateControlPanel();
            self._started = true;
        });
    },

    /**
     * Back from a list opened by a tile (breadcrumb): the figures are computed again.
     */
    do_show: function () {
        this._super.apply(this, arguments);
        if (this.action_manager.do_push_state) {
            this.action_manager.do_push_state({action: this.action.id});
        }
        if (this._started) {
            this._reload();
        }
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    _load: function () {
        var self = this;
        return this._rpc({
            model: 'crm.infinity.desk',
            method: 'crm_desk_load',
            kwargs: {scope: this.scope, context: session.user_context},
        }).then(function (data) {
            self.data = data;
            self.scope = data.scope;
        });
    },

    _reload: function () {
        var self = this;
        return this._load().then(function () {
            self._render();
            self._updateControlPanel();
        });
    },

    _render: function () {
        this.$el.html(QWeb.render('crm_infinity_base.MyDeskContent', {
            widget: this,
            data: this.data,
            maxBar: function (tile) {
                return _.max(_.pluck(tile.bars, 'value').concat([1]));
            },
        }));
    },

    _updateControlPanel: function () {
        var $buttons = $(QWeb.render('crm_infinity_base.MyDeskButtons', {
            data: this.data,
            scope: this.scope,
        }));
        $buttons.on('click', '.o_crm_desk_scope', this._onScopeClick.bind(this));
        $buttons.on('click', '.o_crm_desk_refresh', this._reload.bind(this));
        this.update_control_panel({
            breadcrumbs: this.action_manager.get_breadcrumbs(),
            cp_content: {$buttons: $buttons},
        }, {clear: true});
    },

    _open: function (kwargs) {
        var self = this;
        return this._rpc({
            model: 'crm.infinity.desk',
            method: 'crm_desk_open',
            kwargs: _.extend({scope: this.scope, context: session.user_context}, kwargs),
        }).then(function (action) {
            // the web client names the list view 'list' (its /web/action/load does the same)
            action.views = _.map(action.views, function (view) {
                return [view[0], view[1] === 'tree' ? 'list' : view[1]];
            });
            return self.do_action(action);
        });
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    _onTileClick: function (ev) {
        ev.preventDefault();
        this._open({key: $(ev.currentTarget).closest('.o_crm_desk_tile').data('key')});
    },

    _onBarClick: function (ev) {
        ev.preventDefault();
        ev.stopPropagation();
        var $bar = $(ev.currentTarget);
        var tile = _.findWhere(_.flatten(_.pluck(this.data.sections, 'tiles')),
                               {key: $bar.closest('.o_crm_desk_tile').data('key')});
        var bar = tile.bars[$bar.data('index')];
        this._open({key: tile.key, bar: bar.bar});
    },

    _onLineClick: function (ev) {
        ev.preventDefault();
        ev.stopPropagation();
        var $line = $(ev.currentTarget);
        this.do_action({
            type: 'ir.actions.act_window',
            res_model: $line.data('model'),
            res_id: $line.data('id'),
            views: [[false, 'form']],
            target: 'current',
        });
    },

    _onScopeClick: function (ev) {
        ev.preventDefault();
        this.scope = $(ev.currentTarget).data('scope');
        this._reload();
    },
});

core.action_registry.add('crm_infinity_desk', MyDesk);

return MyDesk;
});
