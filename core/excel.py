"""The one Excel writer of the portal: every list export and template download goes through it.

Every cell is neutralised: text that a spreadsheet would read as a formula (= + - @, a tab or a
carriage return first) is written with a leading apostrophe so it stays text (CSV/formula
injection); numbers, dates and booleans stay what they are; anything else (lazy translations,
model instances) is written as its text.
"""

import datetime
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_KEPT = (bool, int, float, Decimal, datetime.date, datetime.time)


def safe_cell(value):
    """A value as a spreadsheet should store it, never as a formula."""
    if value is None or isinstance(value, _KEPT):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def workbook_bytes(title: str, header, rows) -> bytes:
    """One sheet named `title` (Excel allows 31 characters): the header, then the rows, streamed."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(title)[:31])
    ws.append([safe_cell(h) for h in header])
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def file_response(data: bytes, filename: str) -> HttpResponse:
    """An .xlsx download; the name may be Chinese (RFC 5987)."""
    if not filename.endswith(".xlsx"):
        filename += ".xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


def xlsx_response(filename: str, header, rows) -> HttpResponse:
    return file_response(workbook_bytes(filename, header, rows), filename)


class XlsxExportMixin:
    """`?format=xlsx` on a list page: the rows it shows, filtered the same way but every page of
    them, written through the one writer above. A view names the file and says, per record, the
    row (`export_header`, `export_row`); `export_queryset()` defaults to `get_queryset()`."""

    export_filename = "export"
    export_header: tuple = ()
    export_only = False  # a URL that is only the download

    def export_queryset(self):
        return self.get_queryset()

    def export_row(self, obj) -> list:
        raise NotImplementedError

    def wants_export(self) -> bool:
        return self.export_only or self.request.GET.get("format") == "xlsx"

    def export_response(self) -> HttpResponse:
        rows = (self.export_row(obj) for obj in self.export_queryset())
        return xlsx_response(str(self.export_filename), [str(h) for h in self.export_header], rows)

    def get(self, request, *args, **kwargs):
        # Reached after the view's dispatch checked login, role and scope.
        if self.wants_export():
            return self.export_response()
        return super().get(request, *args, **kwargs)
