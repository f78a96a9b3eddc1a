"""The catalog as an Excel workbook (XLSX): the 000 format's rows and columns, in a sheet.

Halls keep their 事项清单 in Excel. The workbook has the layout of the text format
(docs/catalog.md): an optional title row, the header row with the Chinese column names
(序号 部门 事项名称 细化应用场景 事项类型 办理要件 窗口号 联系电话 办理时限 备注, 流程图
optional, any order; the service guide's columns and 承接部门 of ``guide.py`` optional too),
a section heading row (only the first cell filled, e.g.
``乡镇级办结事项``) before each section's rows, then one row per scenario. The first sheet
is read; every row becomes one line of text (cells joined by tabs), so the importer's line
numbers are the sheet's row numbers. A line break or tab inside a cell becomes a space.

``export_workbook`` writes the hall's active catalog in that layout, so that exporting,
editing one row in Excel and uploading the file changes exactly that row.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from bianmin.catalog.faults import CatalogFormatError
from bianmin.catalog.guide import GUIDE_FIELDS, HANDED_TO
from bianmin.catalog.importer import COLUMNS
from bianmin.catalog.models import Hall, Matter, Scenario

XLSX_MAGIC = b"PK\x03\x04"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# 序号 … 备注, then the service guide's columns (依据 … 咨询方式) and 承接部门 (guide.py)
HEADERS = [*COLUMNS, *(f.label for f in GUIDE_FIELDS), HANDED_TO]
# at most this many rows are read from a sheet (a hall's list has a few hundred)
MAX_ROWS = 20_000


def is_workbook(data: bytes) -> bool:
    return data.startswith(XLSX_MAGIC)


def workbook_text(data: bytes) -> str:
    """The first sheet as catalog text (tab-separated, one line per row)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise CatalogFormatError(1, "无法读取这个 Excel 文件（.xlsx）。请在 Excel 中另存为"
                                 "“Excel 工作簿（*.xlsx）”后重新上传。", detail=str(exc)[:200],
                                 kind="not_xlsx") from None
    try:
        sheet = book.worksheets[0]
        lines = []
        for index, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if index > MAX_ROWS:
                raise CatalogFormatError(index, f"表格超过 {MAX_ROWS} 行，请检查是否选错了文件。",
                                         kind="too_many_rows")
            cells = [_cell(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            lines.append("\t".join(cells))
    finally:
        book.close()
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).replace("\t", " ").splitlines()).strip()


def catalog_rows(session: Session, hall: Hall) -> list[list[Any]]:
    """The header, section headings and one row per active scenario, in catalog order."""
    scenarios = session.scalars(
        select(Scenario).where(Scenario.hall_id == hall.id, Scenario.active,
               Scenario.builtin.is_(False))
        .options(joinedload(Scenario.department), joinedload(Scenario.window_group),
                 joinedload(Scenario.matter).joinedload(Matter.department),
                 selectinload(Scenario.materials))
        .order_by(Scenario.position, Scenario.id)
    ).unique().all()
    rows: list[list[Any]] = [[f"{hall.name}事项清单"], HEADERS]
    section = None
    for s in scenarios:
        if s.section != section or section is None:
            section = s.section
            rows.append([_heading(section, [x for x in scenarios if x.section == section])])
        department = s.department or (s.matter.department if s.matter else None)
        guide = s.guide
        rows.append([
            s.seq if s.seq is not None else "", department.name if department else "",
            s.matter.name if s.matter else "", s.name, s.kind, s.materials_raw,
            _window_cell(s), s.phone, s.time_limit_raw, s.role_raw,
            *(guide[f.key] for f in GUIDE_FIELDS), s.handed_to if s.withdrawn else "",
        ])
    return rows


def _window_cell(s: Scenario) -> str:
    """The 窗口号 as written; a withdrawn matter's is never used (it issues no ticket)."""
    if s.withdrawn:
        return s.window_raw
    assert s.window_group is not None  # only a withdrawn matter lacks a queue
    return s.window_raw or s.window_group.name


def _heading(section: str, scenarios: list[Scenario]) -> str:
    """The section's heading with its counts, so that the importer reads the rows back as
    they are: a section where some scenario has no matter declares scenarios only (an empty
    事项名称 then stays empty instead of taking the row above's)."""
    name = section or "其他事项"
    if any(s.matter is None for s in scenarios):
        return f"{name} {len(scenarios)}个"
    matters = len({s.matter.name for s in scenarios if s.matter})
    return f"{name} {matters}项，细化应用场景 {len(scenarios)}个"


def export_workbook(session: Session, hall: Hall) -> bytes:
    """The hall's active catalog as an XLSX file (one sheet, 事项清单)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "事项清单"
    for r, row in enumerate(catalog_rows(session, hall), start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):  # control characters cannot be stored in a workbook
                value = ILLEGAL_CHARACTERS_RE.sub(" ", value)
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            if r == 2:
                cell.font = Font(bold=True)
            elif c == 6 or c > len(COLUMNS):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = (6, 18, 24, 28, 12, 60, 14, 16, 16, 12, *([30] * len(GUIDE_FIELDS)), 24)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
