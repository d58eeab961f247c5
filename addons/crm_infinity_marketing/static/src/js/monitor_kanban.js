odoo.define('crm_infinity_marketing.monitor_kanban', function (require) {
"use strict";
/**
 * The marketing monitor (SPEC M10) follows the messages as they go out: its kanban reloads
 * itself every few seconds while it is shown (not while the user is in a dialog or away).
 */
var KanbanController = require('web.KanbanController');
var KanbanView = require('web.KanbanView');
var viewRegistry = require('web.view_registry');

var REFRESH_MS = 10000;

var MonitorKanbanController = KanbanController.extend({
    start: function () {
        var self = this;
        this._crmTimer = setInterval(function () {
            if (self.isDestroyed() || document.hidden || $('.modal:visible').length) {
                return;
            }
            if (self.$el && self.$el.is(':visible')) {
                self.reload();
            }
        }, REFRESH_MS);
        return this._super.apply(this, arguments);
    },
    destroy: function () {
        clearInterval(this._crmTimer);
        return this._super.apply(this, arguments);
    },
});

var MonitorKanbanView = KanbanView.extend({
    config: _.extend({}, KanbanView.prototype.config, {
        Controller: MonitorKanbanController,
    }),
});

viewRegistry.add('crm_infinity_marketing_monitor_kanban', MonitorKanbanView);

return {MonitorKanbanController: MonitorKanbanController, MonitorKanbanView: MonitorKanbanView};
});
