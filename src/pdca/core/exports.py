"""CSV and Excel downloads of any table, with the filters of the page it came from."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = {"csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    def write(self, value):
        return value


def rows_response(headers: list[str], rows, fmt: str, filename: str):
    """Stream CSV (so large exports start at once) or build an .xlsx workbook."""
    if fmt == "csv":
        writer = csv.writer(_Echo())
        stream = (writer.writerow(row) for row in _chain([headers], rows))
        response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append([_bold(book, h) for h in headers])
        for row in rows:
            sheet.append([_naive(v) for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def table_response(table_class, queryset, fmt: str, filename: str):
    rows = (
        [table_class.export_value(table_class.value(obj, c)) for c in table_class.columns]
        for obj in queryset.iterator(chunk_size=2000)
    )
    return rows_response([str(h) for h in table_class([]).headers()], rows, fmt, filename)


def _chain(*iterables):
    for it in iterables:
        yield from it


def _bold(book, text):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(book.worksheets[0], value=str(text))
    cell.font = Font(bold=True)
    return cell


def _naive(value):
    # Excel has no time zones: write aware datetimes as naive UTC.
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value
