"""Excel export of any list of this app; the workbook and the neutralising of formula-like cells
are the deputies app's (one rule for every export in the portal)."""

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path

from deputies.roster import export_workbook, safe_cell


def safe(value):
    """Numbers stay numbers; everything else is text, and text that starts like a formula is
    written with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return safe_cell(str(value))


def xlsx_response(filename: str, headers, rows) -> HttpResponse:
    data = export_workbook(filename, [str(h) for h in headers], ([safe(v) for v in row] for row in rows))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}.xlsx"
    return response
