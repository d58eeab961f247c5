odoo.define('crm_infinity_projects.gantt', function (require) {
"use strict";
/**
 * Gantt of the commesse (SPEC C6), client action "crm_infinity_gantt".
 *
 * params.project_ids: one commessa → its activities, one row per assignee (an activity with
 * several people on each of their rows); several or none (menu) → one row per commessa.
 *
 * Everything is computed on the server (project.project.crm_gantt_data: bars, critical path,
 * links, baseline, markers); this widget only draws it: one HTML column of labels and one SVG
 * for the bars, arrows, today line and markers, built as a single string (2,000 activities draw
 * in one pass). The zoom, the arrows toggle and the scroll position are kept by the widget, so
 * a drag-reschedule redraws the new data at the same scale and place.
 */
var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var Widget = require('web.Widget');

var QWeb = core.qweb;
var _t = core._t;

var DAY_MS = 86400000;
var ROW_H = 26;
var WINDOW_MARGIN = 40;  // lines drawn above and below the view
var ZOOMS = ['day', 'week', 'month', 'quarter'];
var PX_PER_DAY = {day: 32, week: 12, month: 4, quarter: 1.5};
var UPPER = {day: 'month', week: 'month', month: 'year', quarter: 'year'};

/** Day number (days since 1970-01-01) of an ISO date, with no time zone involved. */
function dayNum(iso) {
    var p = iso.split('-');
    return Math.round(Date.UTC(+p[0], +p[1] - 1, +p[2]) / DAY_MS);
}
function isoOf(num) {
    return new Date(num * DAY_MS).toISOString().slice(0, 10);
}
function utcDate(num) {
    return new Date(num * DAY_MS);
}

/**
 * Columns of the time axis from ``from`` to ``to`` (day numbers, both included), cut at the
 * range's ends (same rule as engines/schedule.py scale()).
 */
function scale(from, to, unit) {
    var cols = [];
    var day = from;
    while (day <= to) {
        var d = utcDate(day);
        var next;
        if (unit === 'day') {
            next = day + 1;
        } else if (unit === 'week') {
            next = day + (7 - ((d.getUTCDay() + 6) % 7));
        } else if (unit === 'month') {
            next = Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS);
        } else if (unit === 'quarter') {
            var q = Math.floor(d.getUTCMonth() / 3);
            next = Math.round(Date.UTC(d.getUTCFullYear(), q * 3 + 3, 1) / DAY_MS);
        } else {
            next = Math.round(Date.UTC(d.getUTCFullYear() + 1, 0, 1) / DAY_MS);
        }
        var end = Math.min(next - 1, to);
        cols.push({start: day, end: end, label: columnLabel(day, unit)});
        day = next;
    }
    return cols;
}

function columnLabel(day, unit) {
    var m = moment.utc(utcDate(day));
    if (unit === 'day') {
        return m.format('D');
    }
    if (unit === 'week') {
        return _.str.sprintf(_t('W%s'), m.isoWeek());
    }
    if (unit === 'month') {
        return m.format('MMM YYYY');
    }
    if (unit === 'quarter') {
        return _.str.sprintf(_t('Q%s %s'), Math.floor(m.month() / 3) + 1, m.year());
    }
    return String(m.year());
}

function esc(text) {
    return _.escape(text === undefined || text === null ? '' : String(text));
}

var GanttAction = Widget.extend(ControlPanelMixin, {
    template: 'crm_infinity_projects.GanttAction',
    events: {
        'click .o_gantt_zoom button': '_onZoom',
        'change .o_gantt_arrows_toggle': '_onToggleArrows',
        'click .o_gantt_print': '_onPrint',
        'click .o_gantt_save_baseline': '_onSaveBaseline',
        'click .o_gantt_today': '_onToday',
        'change .o_gantt_range input': '_onRange',
        'mousedown .o_gantt_item': '_onItemMouseDown',
    },

    /**
     * @override
     */
    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action = action;
        // a bookmarked URL gives no name for the breadcrumb
        action.name = action.name || _t('Gantt');
        action.display_name = action.display_name || action.name;
        this.action_manager = parent;
        var params = action.params || {};
        var context = action.context || {};
        // from the commessa's button (project_ids), the menu (none: every commessa) or a
        // bookmarked URL (#action=crm_infinity_gantt&active_id=N: strings)
        this.projectIds = params.project_ids || (context.active_model === 'project.project' &&
            context.active_ids) || (params.active_id ? [parseInt(params.active_id, 10)] : null);
        this.zoom = params.zoom || 'week';
        this.showArrows = true;
        this.dateFrom = null;
        this.dateTo = null;
        this.data = null;
        this.scroll = null;
        this.lastRenderMs = null;
    },
    /**
     * @override
     */
    willStart: function () {
        return $.when(this._super.apply(this, arguments), this._load());
    },
    /**
     * @override
     */
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            self._render();
            self._updateControlPanel();
        });
    },
    /**
     * @override
     */
    do_show: function () {
        this._super.apply(this, arguments);
        this._updateControlPanel();
    },
    /**
     * @override
     */
    destroy: function () {
        $(document).off('.crm_gantt');
        this._super.apply(this, arguments);
    },

    //--------------------------------------------------------------------------
    // Data
    //--------------------------------------------------------------------------

    /**
     * Fetch the Gantt data of the commesse (all the readable ones when none was given).
     *
     * @private
     * @returns {Deferred}
     */
    _load: function () {
        var self = this;
        var ids = this.projectIds ? $.when(this.projectIds) : this._rpc({
            model: 'project.project',
            method: 'search',
            args: [[]],
        });
        return ids.then(function (projectIds) {
            self.projectIds = projectIds;
            if (!projectIds.length) {
                self.data = {rows: [], bars: [], links: [], markers: [], mode: 'commesse',
                             today: moment().format('YYYY-MM-DD')};
                return;
            }
            return self._rpc({
                model: 'project.project',
                method: 'crm_gantt_data',
                args: [projectIds],
                kwargs: {date_from: self.dateFrom, date_to: self.dateTo},
            }).then(function (data) {
                self.data = data;
            });
        });
    },
    /**
     * Reload the data and redraw at the same zoom and scroll position.
     *
     * @private
     */
    _reload: function () {
        var self = this;
        this._keepScroll();
        return this._load().then(function () {
            self._render();
        });
    },
    _keepScroll: function () {
        var $body = this.$('.o_gantt_body');
        if ($body.length) {
            this.scroll = {left: $body.scrollLeft(), top: $body.scrollTop()};
        }
    },

    //--------------------------------------------------------------------------
    // Rendering
    //--------------------------------------------------------------------------

    _updateControlPanel: function () {
        this.update_control_panel({
            breadcrumbs: this.action_manager.get_breadcrumbs(),
            cp_content: {},
        }, {clear: true});
    },
    /**
     * Lines of the chart: in the activities mode a header line per assignee followed by one
     * line per activity; in the commesse mode one line per commessa.
     *
     * @private
     */
    _lines: function () {
        var byId = {};
        _.each(this.data.bars, function (bar) {
            byId[bar.id] = bar;
        });
        var lines = [];
        var grouped = this.data.mode === 'activities';
        _.each(this.data.rows, function (row) {
            if (grouped) {
                lines.push({group: true, label: row.label, key: row.key});
            }
            _.each(row.bar_ids, function (id) {
                lines.push({group: false, bar: byId[id], key: row.key,
                            label: grouped ? byId[id].name : row.label});
            });
        });
        return lines;
    },
    _render: function () {
        var t0 = window.performance.now();
        var data = this.data;
        this.$('.o_gantt_zoom button').removeClass('active')
            .filter('[data-zoom="' + this.zoom + '"]').addClass('active');
        this.$('.o_gantt_arrows_toggle').prop('checked', this.showArrows);
        this.$('.o_gantt_range input[name="date_from"]').val(data.date_from || '');
        this.$('.o_gantt_range input[name="date_to"]').val(data.date_to || '');
        this.$('.o_gantt_save_baseline').toggleClass('o_hidden', data.mode !== 'activities');
        this.$('.o_gantt_error').toggleClass('o_hidden', !data.error).text(data.error || '');
        var $baseline = this.$('.o_gantt_baseline_info');
        $baseline.text(data.baseline ? _.str.sprintf(_t('Baseline: %s (%s)'), data.baseline.name,
                                                     data.baseline.user) : '');
        if (!data.bars.length) {
            this.$('.o_gantt_labels, .o_gantt_header, .o_gantt_body').empty();
            this.$('.o_gantt_empty').removeClass('o_hidden');
            return;
        }
        this.$('.o_gantt_empty').addClass('o_hidden');
        var from = dayNum(data.date_from);
        var to = dayNum(data.date_to);
        var px = PX_PER_DAY[this.zoom];
        var width = Math.max(Math.ceil((to - from + 1) * px), 1);
        var lines = this._lines();
        this.lines = lines;
        this.geometry = {from: from, to: to, px: px};
        var height = lines.length * ROW_H;

        // labels
        var labels = [];
        _.each(lines, function (line) {
            labels.push('<div class="o_gantt_label' + (line.group ? ' o_gantt_group' : '') +
                        '" title="' + esc(line.label) + '">' + esc(line.label) + '</div>');
        });
        this.$('.o_gantt_labels').html('<div class="o_gantt_labels_inner">' + labels.join('') +
                                       '</div>');

        // header: coarse band and columns
        var header = ['<svg class="o_gantt_header_svg" width="' + width + '" height="40">'];
        _.each(scale(from, to, UPPER[this.zoom]), function (col) {
            var x = (col.start - from) * px;
            header.push('<g class="o_gantt_upper"><rect x="' + x + '" y="0" width="' +
                        (col.end - col.start + 1) * px + '" height="20"/><text x="' + (x + 4) +
                        '" y="14">' + esc(col.label) + '</text></g>');
        });
        var cols = scale(from, to, this.zoom);
        _.each(cols, function (col) {
            var x = (col.start - from) * px;
            var w = (col.end - col.start + 1) * px;
            header.push('<g class="o_gantt_column" data-start="' + isoOf(col.start) + '"><rect x="' +
                        x + '" y="20" width="' + w + '" height="20"/>' +
                        (w >= 14 ? '<text x="' + (x + 3) + '" y="34">' + esc(col.label) +
                         '</text>' : '') + '</g>');
        });
        header.push('</svg>');
        this.$('.o_gantt_header').html(header.join(''));

        // body: grid, bars, arrows, markers, today
        var svg = ['<svg class="o_gantt_svg" width="' + width + '" height="' + height + '">'];
        svg.push('<defs><marker id="o_gantt_arrowhead" viewBox="0 0 6 6" refX="6" refY="3" ' +
                 'markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L6,3 L0,6 z"/>' +
                 '</marker></defs>');
        svg.push('<g class="o_gantt_grid">');
        _.each(cols, function (col) {
            var x = (col.start - from) * px;
            svg.push('<line x1="' + x + '" y1="0" x2="' + x + '" y2="' + height + '"/>');
        });
        _.each(lines, function (line, i) {
            if (line.group) {
                svg.push('<rect class="o_gantt_group_band" x="0" y="' + i * ROW_H + '" width="' +
                         width + '" height="' + ROW_H + '"/>');
            }
        });
        svg.push('</g>');

        // bars and arrows: only the lines in view (and a margin) are in the DOM, redrawn
        // while scrolling (_drawWindow), so that thousands of activities stay interactive
        var position = {};  // first line of each bar, for the arrows
        _.each(lines, function (line, i) {
            if (!line.group && !(line.bar.id in position)) {
                position[line.bar.id] = i;
            }
        });
        this.position = position;
        this.barsById = _.indexBy(data.bars, 'id');
        this.lineSvg = {};
        this.window = null;
        // hidden by a class of the (HTML) root: jQuery's class helpers do not reach SVG nodes
        this.$el.toggleClass('o_gantt_no_arrows', !this.showArrows);
        svg.push('<g class="o_gantt_items"></g><g class="o_gantt_arrows"></g>');

        _.each(data.markers, function (marker) {
            var day = dayNum(marker.date);
            if (day < from || day > to) {
                return;
            }
            var x = (day - from + 0.5) * px;
            svg.push('<g class="o_gantt_marker o_gantt_marker_' + esc(marker.kind) +
                     '" data-date="' + esc(marker.date) + '"><title>' + esc(marker.name) + ' (' +
                     esc(moment(marker.date).format('L')) + ')</title><line x1="' + x +
                     '" y1="0" x2="' + x + '" y2="' + height + '"/><path d="M' + (x - 5) +
                     ',0 L' + x + ',7 L' + (x + 5) + ',0 z"/></g>');
        });
        var today = dayNum(data.today);
        if (today >= from && today <= to) {
            var tx = (today - from + 0.5) * px;
            svg.push('<line class="o_gantt_today_line" x1="' + tx + '" y1="0" x2="' + tx +
                     '" y2="' + height + '"><title>' + esc(_t('Today')) + '</title></line>');
        }
        svg.push('</svg>');
        var $body = this.$('.o_gantt_body');
        $body.html(svg.join(''));
        if (this.scroll) {
            $body.scrollLeft(this.scroll.left).scrollTop(this.scroll.top);
        }
        this._bindScroll();
        this._drawWindow(true);
        this.lastRenderMs = window.performance.now() - t0;
        this.$el.attr('data-render-ms', Math.round(this.lastRenderMs));
        this.$el.attr('data-zoom', this.zoom);
        this.$el.attr('data-line-count', lines.length);
        this.$el.attr('data-bar-count', _.filter(lines, function (l) {
            return !l.group;
        }).length);
    },
    /**
     * Draw the bars and arrows of the lines in view, with a margin of WINDOW_MARGIN lines
     * above and below; nothing is redrawn while the view stays inside the drawn part.
     *
     * @private
     * @param {boolean} force redraw even when the view is inside the drawn part
     */
    _drawWindow: function (force) {
        var $body = this.$('.o_gantt_body');
        if (!this.lines || !$body.length) {
            return;
        }
        var top = Math.floor($body.scrollTop() / ROW_H);
        var visible = Math.ceil(($body.height() || 800) / ROW_H) + 1;
        var win = this.window;
        if (!force && win && top >= win.first && top + visible <= win.last) {
            return;
        }
        var first = Math.max(top - WINDOW_MARGIN, 0);
        var last = Math.min(top + visible + WINDOW_MARGIN, this.lines.length);
        this.window = {first: first, last: last};
        var g = this.geometry;
        var today = dayNum(this.data.today);
        var items = [];
        for (var i = first; i < last; i++) {
            var line = this.lines[i];
            if (line.group) {
                continue;
            }
            if (!(i in this.lineSvg)) {
                this.lineSvg[i] = this._barSvg(line.bar, i, i * ROW_H, g.from, g.to, g.px,
                                               today);
            }
            items.push(this.lineSvg[i]);
        }
        this.$('.o_gantt_items')[0].innerHTML = items.join('');
        var arrows = [];
        var position = this.position;
        var barsById = this.barsById;
        _.each(this.data.links, function (link) {
            var a = barsById[link[0]];
            var b = barsById[link[1]];
            if (!a || !b || !a.end || !b.start || !(a.id in position) || !(b.id in position)) {
                return;
            }
            var ya = position[a.id];
            var yb = position[b.id];
            if (Math.max(ya, yb) < first || Math.min(ya, yb) >= last) {
                return;  // both ends out of the drawn part (a long arrow across it is kept)
            }
            var x1 = (dayNum(a.end) + 1 - g.from) * g.px;
            var x2 = (dayNum(b.start) - g.from) * g.px;
            var critical = a.critical && b.critical ? ' o_gantt_link_critical' : '';
            arrows.push('<path class="o_gantt_link' + critical + '" data-from="' + a.id +
                        '" data-to="' + b.id + '" d="M' + x1 + ',' + (ya * ROW_H + 11) +
                        ' h4 V' + (yb * ROW_H + 11) + ' H' + x2 +
                        '" marker-end="url(#o_gantt_arrowhead)"/>');
        });
        this.$('.o_gantt_arrows')[0].innerHTML = arrows.join('');
    },
    /**
     * SVG of one bar: planned (with its progress), actual below it, baseline at the bottom.
     *
     * @private
     */
    _barSvg: function (bar, line, y, from, to, px, today) {
        var out = [];
        var classes = ['o_gantt_item'];
        if (bar.can_move) {
            classes.push('o_gantt_movable');
        }
        var title = esc(bar.name);
        if (bar.start) {
            title += '\n' + esc(_t('Planned')) + ': ' + esc(moment(bar.start).format('L')) +
                ' - ' + esc(moment(bar.end).format('L'));
        }
        if (bar.actual_start) {
            title += '\n' + esc(_t('Actual')) + ': ' + esc(moment(bar.actual_start).format('L')) +
                ' - ' + (bar.actual_end ? esc(moment(bar.actual_end).format('L')) : '…');
        }
        title += '\n' + esc(_t('Progress')) + ': ' + esc(bar.progress) + '%';
        if (typeof bar.slack === 'number') {
            title += '\n' + (bar.critical ? esc(_t('On the critical path')) :
                             esc(_.str.sprintf(_t('Slack: %s days'), bar.slack)));
        }
        out.push('<g class="' + classes.join(' ') + '" data-id="' + bar.id + '" data-line="' +
                 line + '"><title>' + title + '</title>');
        if (bar.baseline_start) {
            var bs = Math.max(dayNum(bar.baseline_start), from);
            var be = Math.min(dayNum(bar.baseline_end || bar.baseline_start), to);
            if (be >= bs) {
                out.push('<rect class="o_gantt_baseline" x="' + (bs - from) * px + '" y="' +
                         (y + 21) + '" width="' + (be - bs + 1) * px + '" height="3"/>');
            }
        }
        if (bar.start) {
            var s = dayNum(bar.start);
            var e = dayNum(bar.end || bar.start);
            var cs = Math.max(s, from);
            var ce = Math.min(e, to);
            if (ce >= cs) {
                var x = (cs - from) * px;
                var w = Math.max((ce - cs + 1) * px, 2);
                out.push('<rect class="o_gantt_bar o_gantt_state_' + esc(bar.state) +
                         (bar.critical ? ' o_gantt_critical' : '') + '" data-id="' + bar.id +
                         '" data-start="' + bar.start + '" data-end="' + bar.end + '" x="' + x +
                         '" y="' + (y + 4) + '" width="' + w + '" height="13" rx="2"/>');
                if (bar.progress > 0) {
                    out.push('<rect class="o_gantt_progress" x="' + x + '" y="' + (y + 4) +
                             '" width="' + w * Math.min(bar.progress, 100) / 100 +
                             '" height="13" rx="2"/>');
                }
                if (bar.can_move && ce === e) {
                    // the right edge: drag it to change the planned end
                    out.push('<rect class="o_gantt_resize" x="' + (x + w - 5) + '" y="' +
                             (y + 4) + '" width="6" height="13"/>');
                }
            }
        }
        if (bar.actual_start) {
            var as = Math.max(dayNum(bar.actual_start), from);
            var ae = Math.min(bar.actual_end ? dayNum(bar.actual_end) : Math.max(today, as), to);
            if (ae >= as) {
                out.push('<rect class="o_gantt_actual" x="' + (as - from) * px + '" y="' +
                         (y + 18) + '" width="' + Math.max((ae - as + 1) * px, 2) +
                         '" height="3"/>');
            }
        }
        out.push('</g>');
        return out.join('');
    },
    /**
     * Labels and header follow the body's scroll.
     *
     * @private
     */
    _bindScroll: function () {
        var self = this;
        var $body = this.$('.o_gantt_body');
        var pending = false;
        $body.off('scroll').on('scroll', function () {
            self.$('.o_gantt_labels_inner').css('transform',
                                                'translateY(' + -$body.scrollTop() + 'px)');
            self.$('.o_gantt_header_svg').css('transform',
                                              'translateX(' + -$body.scrollLeft() + 'px)');
            if (!pending) {
                pending = true;
                window.requestAnimationFrame(function () {
                    pending = false;
                    self._drawWindow(false);
                });
            }
        });
        $body.trigger('scroll');
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    _onZoom: function (ev) {
        var zoom = $(ev.currentTarget).data('zoom');
        if (ZOOMS.indexOf(zoom) < 0 || zoom === this.zoom) {
            return;
        }
        var $body = this.$('.o_gantt_body');
        // keep the same day at the left edge
        var leftDay = this.geometry ? $body.scrollLeft() / this.geometry.px : 0;
        this.zoom = zoom;
        this.scroll = {left: leftDay * PX_PER_DAY[zoom], top: $body.scrollTop()};
        this._render();
    },
    _onToggleArrows: function (ev) {
        this.showArrows = $(ev.currentTarget).prop('checked');
        this.$el.toggleClass('o_gantt_no_arrows', !this.showArrows);
    },
    _onToday: function () {
        if (!this.geometry || !this.data.today) {
            return;
        }
        var $body = this.$('.o_gantt_body');
        var x = (dayNum(this.data.today) - this.geometry.from) * this.geometry.px;
        $body.scrollLeft(Math.max(x - $body.width() / 3, 0));
    },
    _onRange: function () {
        var from = this.$('.o_gantt_range input[name="date_from"]').val() || null;
        var to = this.$('.o_gantt_range input[name="date_to"]').val() || null;
        if (from && to && to < from) {
            this.do_warn(_t('Gantt'), _t('The end date of the Gantt is before its start date.'));
            return;
        }
        this.dateFrom = from;
        this.dateTo = to;
        this.scroll = null;
        return this._reload();
    },
    _onPrint: function () {
        var self = this;
        return this._rpc({
            model: 'project.project',
            method: 'action_crm_gantt_print',
            args: [this.projectIds],
            kwargs: {date_from: this.data.date_from, date_to: this.data.date_to,
                     zoom: this.zoom, show_arrows: this.showArrows},
        }).then(function (action) {
            return self.do_action(action);
        });
    },
    _onSaveBaseline: function () {
        var self = this;
        return this._rpc({
            model: 'project.project',
            method: 'action_crm_gantt_baseline',
            args: [this.projectIds],
        }).then(function () {
            self.do_notify(_t('Gantt'), _t('Baseline saved: the current plan is the reference.'));
            return self._reload();
        });
    },
    /**
     * Drag a bar horizontally to reschedule it (whole days); a click without a move opens it.
     *
     * @private
     */
    _onItemMouseDown: function (ev) {
        if (ev.which !== 1) {
            return;
        }
        ev.preventDefault();
        var self = this;
        var $item = $(ev.currentTarget);
        var id = $item.data('id');
        var bar = _.findWhere(this.data.bars, {id: id});
        var movable = bar && bar.can_move && bar.start;
        var resizing = movable && $(ev.target).is('.o_gantt_resize');
        var startX = ev.pageX;
        var dx = 0;
        var $same = this.$('.o_gantt_item[data-id="' + id + '"]');
        var $bar = $item.find('.o_gantt_bar');
        var width = parseFloat($bar.attr('width')) || 0;
        $(document).on('mousemove.crm_gantt', function (e) {
            dx = e.pageX - startX;
            if (resizing) {
                $bar.attr('width', Math.max(width + dx, self.geometry.px));
            } else if (movable) {
                $same.attr('transform', 'translate(' + dx + ',0)');
            }
        }).on('mouseup.crm_gantt', function () {
            $(document).off('.crm_gantt');
            var days = Math.round(dx / self.geometry.px);
            if (Math.abs(dx) < 3) {
                $bar.attr('width', width);
                self._open(bar);
            } else if (resizing && days) {
                self._resize(bar, days);
            } else if (movable && !resizing && days) {
                self._reschedule(bar, days);
            } else {
                $bar.attr('width', width);
                $same.removeAttr('transform');
            }
        });
    },
    /**
     * The right edge of a bar dragged: its planned end moves by ``days``, not before its start.
     *
     * @private
     */
    _resize: function (bar, days) {
        var self = this;
        var start = dayNum(bar.start);
        var end = Math.max(dayNum(bar.end || bar.start) + days, start);
        this._keepScroll();
        return this._rpc({
            model: 'project.task',
            method: 'crm_gantt_resize',
            args: [[bar.id], isoOf(end)],
        }).always(function () {
            return self._reload();
        });
    },
    _reschedule: function (bar, days) {
        var self = this;
        var start = isoOf(dayNum(bar.start) + days);
        var end = isoOf(dayNum(bar.end || bar.start) + days);
        this._keepScroll();
        return this._rpc({
            model: 'project.task',
            method: 'crm_gantt_reschedule',
            args: [[bar.id], start, end],
        }).always(function () {
            return self._reload();
        });
    },
    _open: function (bar) {
        if (!bar) {
            return;
        }
        if (bar.res_model === 'project.project' && this.data.mode === 'commesse') {
            var self = this;
            return this._rpc({
                model: 'project.project',
                method: 'action_crm_gantt_open',
                args: [[bar.id]],
            }).then(function (action) {
                return self.do_action(action);
            });
        }
        return this.do_action({
            type: 'ir.actions.act_window',
            res_model: bar.res_model,
            res_id: bar.id,
            views: [[false, 'form']],
            target: 'current',
        });
    },
});

core.action_registry.add('crm_infinity_gantt', GanttAction);

return {GanttAction: GanttAction, scale: scale, dayNum: dayNum};
});
