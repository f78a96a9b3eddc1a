"""The audit trail and attendance as an XLSX workbook (openpyxl; pure: rows in, bytes out).

One sheet: a title row (the hall's name, what it is, the period), the Chinese header row
(frozen below it), then the rows. Text is always written as text: a cell starting with
``=`` (a typed username, a reason) never becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def workbook(sheet_name: str, title: str, headers: Sequence[str],
             lines: Iterable[Sequence[object]], widths: Sequence[int] = ()) -> bytes:
    """Bytes of an .xlsx with one sheet: ``title`` in A1, ``headers`` in row 2, then ``lines``."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    sheet.cell(1, 1, title).font = Font(bold=True, size=14)
    for col, header in enumerate(headers, 1):
        sheet.cell(2, col, header).font = Font(bold=True)
    for row, line in enumerate(lines, 3):
        for col, value in enumerate(line, 1):
            cell = sheet.cell(row, col, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, not a formula
            elif isinstance(value, datetime):
                cell.number_format = TIME_FORMAT
    for col, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
