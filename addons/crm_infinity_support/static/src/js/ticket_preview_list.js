odoo.define('crm_infinity_support.ticket_preview_list', function (require) {
"use strict";
/**
 * Cockpit lists with a preview pane (SPEC T3): the list on the left, the selected ticket on the
 * right (header data, history, messages with the customer). A click on a row or the up/down
 * arrow keys move the selection and refresh the preview without leaving the list; a double
 * click, Enter or the "Open" button opens the form as usual.
 */
var core = require('web.core');
var ListController = require('web.ListController');
var ListRenderer = require('web.ListRenderer');
var ListView = require('web.ListView');
var viewRegistry = require('web.view_registry');

var _t = core._t;
var SELECTED = 'o_crm_infinity_preview_selected';

var TicketPreviewListRenderer = ListRenderer.extend({
    className: 'o_crm_infinity_preview_list',
    events: _.extend({}, ListRenderer.prototype.events, {
        'dblclick tbody tr.o_data_row': '_onRowDoubleClicked',
    }),

    /**
     * Mark the row of the record ``dataPointId`` as the selected one.
     *
     * @param {string|null} dataPointId
     * @returns {jQuery} the row (empty when the record is not shown)
     */
    highlightRow: function (dataPointId) {
        var $rows = this.$('tr.o_data_row').removeClass(SELECTED);
        var $row = $rows.filter(function () {
            return $(this).data('id') === dataPointId;
        });
        $row.addClass(SELECTED);
        return $row;
    },
    /**
     * @returns {string[]} the datapoint ids of the rows, top to bottom
     */
    rowIds: function () {
        return _.map(this.$('tr.o_data_row'), function (tr) {
            return $(tr).data('id');
        });
    },

    /**
     * A click previews the ticket instead of opening it.
     *
     * @override
     * @private
     */
    _onRowClicked: function (ev) {
        if ($(ev.target).prop('special_click')) {
            return;
        }
        var id = $(ev.currentTarget).data('id');
        if (id) {
            this.trigger_up('preview_record', {id: id});
        }
    },
    /**
     * @private
     * @param {MouseEvent} ev
     */
    _onRowDoubleClicked: function (ev) {
        var id = $(ev.currentTarget).data('id');
        if (id) {
            this.trigger_up('open_record', {id: id, target: ev.target});
        }
    },
});

var TicketPreviewListController = ListController.extend({
    custom_events: _.extend({}, ListController.prototype.custom_events, {
        preview_record: '_onPreviewRecord',
    }),

    init: function () {
        this._super.apply(this, arguments);
        this.previewId = null;  // datapoint id of the previewed record
        this._previewSeq = 0;
        this._onDocumentKeydown = this._onDocumentKeydown.bind(this);
    },
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            self.$el.addClass('o_crm_infinity_preview_split');
            self.$preview = $('<div>', {'class': 'o_crm_infinity_ticket_preview'}).appendTo(self.$el);
            self.$preview.on('click', '.o_crm_infinity_preview_open', function (ev) {
                ev.preventDefault();
                if (self.previewId) {
                    self.trigger_up('open_record', {id: self.previewId});
                }
            });
            return self._refreshSelection();
        });
    },
    on_attach_callback: function () {
        this._super.apply(this, arguments);
        $(document).on('keydown', this._onDocumentKeydown);
    },
    on_detach_callback: function () {
        $(document).off('keydown', this._onDocumentKeydown);
        this._super.apply(this, arguments);
    },
    destroy: function () {
        $(document).off('keydown', this._onDocumentKeydown);
        this._super.apply(this, arguments);
    },
    /**
     * After a search or a page change keep the selected ticket when it is still listed, else
     * preview the first one.
     *
     * @override
     */
    update: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            return self._refreshSelection();
        });
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    /**
     * @private
     * @returns {Deferred}
     */
    _refreshSelection: function () {
        if (!this.$preview) {
            return $.when();
        }
        var ids = this.renderer.rowIds();
        if (this.previewId && _.contains(ids, this.previewId)) {
            this.renderer.highlightRow(this.previewId);
            return $.when();
        }
        this.previewId = null;
        if (!ids.length) {
            this.$preview.empty().append($('<p>', {
                'class': 'text-muted o_crm_infinity_preview_empty',
                text: _t('No ticket selected.'),
            }));
            return $.when();
        }
        return this._preview(ids[0]);
    },
    /**
     * Select the record ``dataPointId`` and load its preview. Answers arriving late (the
     * operator kept moving) are dropped.
     *
     * @private
     * @param {string} dataPointId
     * @returns {Deferred}
     */
    _preview: function (dataPointId) {
        var self = this;
        var record = this.model.get(dataPointId, {raw: true});
        if (!record || !record.res_id) {
            return $.when();
        }
        this.previewId = dataPointId;
        var $row = this.renderer.highlightRow(dataPointId);
        if ($row.length && $row[0].scrollIntoView) {
            $row[0].scrollIntoView({block: 'nearest'});
        }
        var seq = ++this._previewSeq;
        this.$preview.addClass('o_crm_infinity_preview_loading');
        return this._rpc({
            model: this.modelName,
            method: 'get_preview',
            args: [[record.res_id]],
            context: record.getContext(),
        }).then(function (result) {
            if (seq !== self._previewSeq) {
                return;
            }
            var $open = $('<a>', {
                href: '#',
                'class': 'btn btn-sm btn-default pull-right o_crm_infinity_preview_open',
                text: _t('Open the ticket'),
            });
            self.$preview.removeClass('o_crm_infinity_preview_loading')
                .attr('data-res-id', result.id)
                .empty().append($open).append(result.html);
        }, function () {
            if (seq === self._previewSeq) {
                self.$preview.removeClass('o_crm_infinity_preview_loading');
            }
        });
    },
    /**
     * Up/down move the selection, Enter opens the selected ticket. Ignored while typing in a
     * field or when a dialog is open.
     *
     * @private
     * @param {KeyboardEvent} ev
     */
    _onDocumentKeydown: function (ev) {
        var key = ev.which;
        if (key !== $.ui.keyCode.UP && key !== $.ui.keyCode.DOWN && key !== $.ui.keyCode.ENTER) {
            return;
        }
        if ($(ev.target).is('input, textarea, select, [contenteditable="true"]') ||
                $('.modal:visible').length || !this.$el.is(':visible')) {
            return;
        }
        if (key === $.ui.keyCode.ENTER) {
            if (this.previewId) {
                ev.preventDefault();
                this.trigger_up('open_record', {id: this.previewId});
            }
            return;
        }
        var ids = this.renderer.rowIds();
        if (!ids.length) {
            return;
        }
        ev.preventDefault();
        var index = _.indexOf(ids, this.previewId);
        if (index === -1) {
            index = 0;
        } else if (key === $.ui.keyCode.DOWN) {
            index = Math.min(index + 1, ids.length - 1);
        } else {
            index = Math.max(index - 1, 0);
        }
        if (ids[index] !== this.previewId) {
            this._preview(ids[index]);
        }
    },
    /**
     * @private
     * @param {OdooEvent} ev
     */
    _onPreviewRecord: function (ev) {
        ev.stopPropagation();
        if (ev.data.id !== this.previewId) {
            this._preview(ev.data.id);
        }
    },
});

var TicketPreviewListView = ListView.extend({
    config: _.extend({}, ListView.prototype.config, {
        Controller: TicketPreviewListController,
        Renderer: TicketPreviewListRenderer,
    }),
});

viewRegistry.add('crm_infinity_ticket_preview_list', TicketPreviewListView);

return {
    Controller: TicketPreviewListController,
    Renderer: TicketPreviewListRenderer,
    View: TicketPreviewListView,
};
});
