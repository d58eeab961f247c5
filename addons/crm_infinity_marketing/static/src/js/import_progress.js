odoo.define('crm_infinity_marketing.import_progress', function (require) {
"use strict";
/**
 * Progress of an import of nominativi (issue 15): while the wizard is open, its progress
 * (published by the server on a connection of its own) is read every second and a half and
 * shown as a bar, and also over the "loading" screen that covers the page while the import
 * request runs.
 */
var AbstractField = require('web.AbstractField');
var fieldRegistry = require('web.field_registry');

var ImportProgress = AbstractField.extend({
    supportedFieldTypes: ['integer'],

    start: function () {
        var self = this;
        this._timer = setInterval(function () { self._poll(); }, 1500);
        return this._super.apply(this, arguments);
    },

    destroy: function () {
        clearInterval(this._timer);
        this._super.apply(this, arguments);
    },

    _render: function () {
        this._show(this.value || 0, (this.value || 0) + '%');
    },

    _show: function (value, text) {
        var $bar = $('<div class="progress-bar" role="progressbar"/>')
            .css('width', value + '%').text(text);
        this.$el.empty().append($('<div class="progress" style="margin: 0;"/>').append($bar));
        var $block = $('.oe_blockui_spin_container');
        if ($block.length) {
            var $line = $block.find('.o_crm_import_progress');
            if (!$line.length) {
                $line = $('<div class="o_crm_import_progress" style="font-size: 16px;"/>')
                    .appendTo($block);
            }
            $line.text(text);
        }
    },

    _poll: function () {
        var self = this;
        if (!this.res_id || !$('.oe_blockui_spin_container').length) {
            return;  // nothing runs: no request needed
        }
        this._rpc({
            model: this.model,
            method: 'read',
            args: [[this.res_id], ['progress', 'progress_label']],
        }, {shadow: true}).then(function (rows) {
            if (rows && rows.length) {
                self._show(rows[0].progress, rows[0].progress_label);
            }
        });
    },
});

fieldRegistry.add('crm_import_progress', ImportProgress);

return ImportProgress;
});
