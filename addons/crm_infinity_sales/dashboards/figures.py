"""Figures of the sales dashboards (SPEC S10) that are not plain SQL sums: averages from
read_group rows, target progress and return on investment."""


def average(total, count):
    """Mean of ``count`` values summing to ``total``; None when there is nothing to average."""
    if not count:
        return None
    return total / count


def progress(actual, target):
    """Share of a target reached, in percent (None for no target)."""
    if not target:
        return None
    return 100.0 * (actual or 0.0) / target


def roi(revenue, cost):
    """Return on investment in percent: (revenue - cost) / cost. None when nothing was spent
    (an investment of zero has no return ratio)."""
    if not cost:
        return None
    return 100.0 * ((revenue or 0.0) - cost) / cost


def roi_rows(rows, key):
    """ROI per ``key`` from read_group rows carrying ``won_revenue`` and ``cost`` sums:
    a list of (key value, revenue, cost, roi) best first, those with no cost last."""
    result = [(row[key], row.get('won_revenue') or 0.0, row.get('cost') or 0.0,
               roi(row.get('won_revenue'), row.get('cost'))) for row in rows]
    return sorted(result, key=lambda r: (r[3] is None, -(r[3] or 0.0)))


def format_figure(value, unit='', digits=1, empty='–'):
    """A tile's text: the value with ``digits`` decimals and its unit, ``empty`` for None."""
    if value is None:
        return empty
    if isinstance(value, int):
        text = '{:,}'.format(value).replace(',', '.')
    else:
        text = ('{:,.%df}' % digits).format(value).replace(',', ' ').replace('.', ',') \
            .replace(' ', '.')
    return ('%s %s' % (text, unit)).strip()
