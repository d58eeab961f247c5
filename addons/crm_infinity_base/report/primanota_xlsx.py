"""XLSX rendering of log lines (framework-free: headers and rows in, bytes out)."""
import io

import xlsxwriter


def build_xlsx(title, headers, rows):
    buf = io.BytesIO()
    # the cells hold what users typed (record names, notes): never turned into formulas or
    # links that run or open when the export is opened (CSV/XLSX formula injection)
    book = xlsxwriter.Workbook(buf, {'in_memory': True, 'remove_timezone': True,
                                     'strings_to_formulas': False, 'strings_to_urls': False})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({'bold': True, 'bg_color': '#D9E1F2'})
    when = book.add_format({'num_format': 'dd/mm/yyyy hh:mm'})
    wrap = book.add_format({'text_wrap': True, 'valign': 'top'})
    for col, header in enumerate(headers):
        sheet.write(0, col, header, bold)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if hasattr(value, 'year'):
                sheet.write_datetime(r, col, value.replace(tzinfo=None), when)
            else:
                sheet.write(r, col, value, wrap)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
    for col, width in enumerate([17, 20, 24, 18, 30, 10, 14, 40, 40, 20][:len(headers)]):
        sheet.set_column(col, col, width)
    book.close()
    return buf.getvalue()
