"""The printed Gantt (SPEC C6): A3 landscape PDF of the chosen date range only, bars drawn in
SVG on the server from the same data as the screen (``project.project._crm_gantt_data``)."""
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..engines import schedule

# drawing area of an A3 landscape page as wkhtmltopdf lays it out (about 1,950 CSS pixels wide
# and 1,400 high once its smart shrinking is applied), margins and labels taken off
CHART_WIDTH = 1600
LABEL_WIDTH = 340
ROW_HEIGHT = 22
HEADER_HEIGHT = 36
LINES_PER_PAGE = 48
MIN_COLUMN_PX = 14
ZOOM_ORDER = list(schedule.ZOOMS)


def _day(value):
    return fields.Date.from_string(value) if value else None


class ProjectProject(models.Model):
    _inherit = 'project.project'

    @api.multi
    def action_crm_gantt_print(self, date_from=None, date_to=None, zoom='week',
                               show_arrows=True):
        """The PDF of the Gantt of these commesse between two dates (ISO), at the screen's zoom
        when its columns fit the page, otherwise at the first coarser one that fits."""
        self.check_access_rights('read')
        self.check_access_rule('read')
        report = self.env.ref('crm_infinity_projects.action_report_crm_gantt')
        return report.report_action(self, data={
            'project_ids': self.ids, 'date_from': date_from, 'date_to': date_to,
            'zoom': zoom, 'show_arrows': bool(show_arrows)}, config=False)


class ReportCrmGantt(models.AbstractModel):
    _name = 'report.crm_infinity_projects.report_crm_gantt'
    _description = 'Printed Gantt of the commesse'

    @api.model
    def get_report_values(self, docids, data=None):
        data = dict(data or {})
        ids = data.get('project_ids') or docids or []
        projects = self.env['project.project'].browse(ids).exists()
        if not projects:
            raise UserError(_('Choose at least one commessa to print its Gantt.'))
        # the public method: the reader's rights and record rules apply to the bars he prints
        gantt = projects.crm_gantt_data(date_from=data.get('date_from'),
                                        date_to=data.get('date_to'))
        layout = self._crm_layout(gantt, data.get('zoom') or 'week',
                                  data.get('show_arrows', True))
        return {
            'doc_ids': projects.ids,
            'doc_model': 'project.project',
            'docs': projects,
            'gantt': gantt,
            'layout': layout,
            'company': self.env.user.company_id,
            'printed_on': fields.Datetime.context_timestamp(
                self, datetime.datetime.now()).strftime('%d/%m/%Y %H:%M'),
            'fmt': lambda iso: _day(iso).strftime('%d/%m/%Y') if iso else '',
        }

    @api.model
    def _crm_zoom_that_fits(self, date_from, date_to, zoom):
        days = (date_to - date_from).days + 1
        px = CHART_WIDTH / float(days)
        start = ZOOM_ORDER.index(zoom) if zoom in ZOOM_ORDER else 1
        for candidate in ZOOM_ORDER[start:]:
            cols = schedule.scale(date_from, date_to, candidate)
            if min(c['days'] for c in cols) * px >= MIN_COLUMN_PX or len(cols) == 1:
                return candidate, cols, px
        return 'quarter', schedule.scale(date_from, date_to, 'quarter'), px

    @api.model
    def _crm_layout(self, gantt, zoom, show_arrows):
        """Pages of lines with the geometry of every bar, arrow, marker and the today line,
        in pixels of the chart (the template only writes them out)."""
        date_from, date_to = _day(gantt['date_from']), _day(gantt['date_to'])
        zoom, cols, px = self._crm_zoom_that_fits(date_from, date_to, zoom)
        # translated here: _() finds the language in the caller's self, which a lambda has not
        week, quarter = _('W%s'), _('Q%s %s')
        labels = {'day': lambda d: d.strftime('%d'),
                  'week': lambda d: week % d.isocalendar()[1],
                  'month': lambda d: '%02d/%d' % (d.month, d.year),
                  'quarter': lambda d: quarter % ((d.month - 1) // 3 + 1, d.year)}
        columns = [{'x': round((c['start'] - date_from).days * px, 2),
                    'width': round(c['days'] * px, 2), 'label': labels[zoom](c['start'])}
                   for c in cols]

        def span(start, end):
            clip = schedule.clip_bar(_day(start), _day(end), date_from, date_to)
            if not clip:
                return None
            return {'x': round(clip[0] * px, 2), 'width': max(round(clip[1] * px, 2), 1.5)}

        bars = {b['id']: b for b in gantt['bars']}
        grouped = gantt['mode'] == 'activities'
        lines = []
        for row in gantt['rows']:
            in_range = []
            for bar_id in row['bar_ids']:
                bar = bars[bar_id]
                planned = span(bar.get('start'), bar.get('end'))
                actual = span(bar.get('actual_start'),
                              bar.get('actual_end') or (bar.get('actual_start') and gantt['today']))
                baseline = span(bar.get('baseline_start'), bar.get('baseline_end'))
                if not (planned or actual or baseline):
                    continue  # outside the chosen range: not printed
                in_range.append({'group': False, 'bar': bar, 'planned': planned,
                                 'actual': actual, 'baseline': baseline,
                                 'label': bar['name'] if grouped else row['label']})
            if in_range and grouped:
                lines.append({'group': True, 'label': row['label']})
            lines.extend(in_range)
        today = _day(gantt['today'])
        today_x = (round(((today - date_from).days + 0.5) * px, 2)
                   if date_from <= today <= date_to else None)
        markers = [dict(m, x=round(((_day(m['date']) - date_from).days + 0.5) * px, 2))
                   for m in gantt['markers'] if date_from <= _day(m['date']) <= date_to]
        pages = []
        for first in range(0, max(len(lines), 1), LINES_PER_PAGE):
            chunk = lines[first:first + LINES_PER_PAGE]
            position = {}
            for i, line in enumerate(chunk):
                line['y'] = HEADER_HEIGHT + i * ROW_HEIGHT
                if not line['group'] and line['bar']['id'] not in position:
                    position[line['bar']['id']] = line
            arrows = []
            if show_arrows:
                for a_id, b_id in gantt['links']:
                    a, b = position.get(a_id), position.get(b_id)
                    if a and b and a['planned'] and b['planned']:
                        x1 = a['planned']['x'] + a['planned']['width']
                        x2 = b['planned']['x']
                        arrows.append({
                            'd': 'M%s,%s h3 V%s H%s' % (x1, a['y'] + 9, b['y'] + 9, x2),
                            'critical': a['bar']['critical'] and b['bar']['critical']})
            pages.append({'lines': chunk, 'arrows': arrows,
                          'height': HEADER_HEIGHT + len(chunk) * ROW_HEIGHT})
        return {
            'zoom': zoom, 'columns': columns, 'pages': pages, 'today_x': today_x,
            'markers': markers, 'chart_width': CHART_WIDTH, 'label_width': LABEL_WIDTH,
            'row_height': ROW_HEIGHT, 'header_height': HEADER_HEIGHT,
            'bar_count': sum(1 for line in lines if not line['group'] and line['planned']),
        }
