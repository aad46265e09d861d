"""Excel export of any list: one sheet, a bold header row, formula-like cells neutralised."""

import io

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook
from openpyxl.styles import Font

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """A cell that starts like a formula is written as text with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value if isinstance(value, int | float) else str(value)


def xlsx_response(filename: str, headers, rows) -> HttpResponse:
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = filename[:31]
    ws.append([str(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([safe(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}.xlsx"
    return response
