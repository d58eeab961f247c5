odoo.define('crm_infinity_base.calendar_i18n', function (require) {
"use strict";

/**
 * Odoo 11's calendar views (the Scadenze, the agenda) show English to Italian users in their
 * tooltips: the mini calendar of the sidebar keeps jQuery UI's English day names and "Prev" /
 * "Next", and the sidebar toggler's title is never translated (the renderer calls underscore's
 * ``_`` instead of ``_t``). Both get the user's language here.
 */
var CalendarRenderer = require('web.CalendarRenderer');
var core = require('web.core');

var _t = core._t;

CalendarRenderer.include({
    _initCalendarMini: function () {
        this._super.apply(this, arguments);
        this.$small_calendar.datepicker('option', {
            dayNames: moment.weekdays(),
            prevText: _t('Previous month'),
            nextText: _t('Next month'),
        });
    },
    _render: function () {
        var result = this._super.apply(this, arguments);
        this.$('.o_calendar_sidebar_toggler').attr(
            'title', this.state.fullWidth ? _t('Open the sidebar') : _t('Close the sidebar'));
        return result;
    },
});

});
