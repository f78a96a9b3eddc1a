"""The audit trail (电子监察) and attendance (考勤) over HTTP, for the hall's managers.

Thin: the queries are ``bianmin.audit.trail`` and ``bianmin.audit.attendance``; the
``.csv`` variants carry the same rows as UTF-8 with a BOM (Excel then reads the Chinese
headers), the ``.xlsx`` ones as a workbook with a title row (the hall's name and the period);
both are declared with ``x-answer-media`` as the voice clips are (docs/api.md).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from urllib.parse import quote

from flask import Response

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.ratings import now
from bianmin.api.shapes.audit import AttendanceAnswer, AuditPage, AuditQuery, PeriodQuery
from bianmin.api.shapes.common import HallPath
from bianmin.audit.attendance import attendance
from bianmin.audit.trail import KIND_LABELS, TrailQuery, hall_staff, trail
from bianmin.audit.xlsx import workbook
from bianmin.catalog.queries import get_hall
from bianmin.errors import InvalidInput
from bianmin.queue.clock import business_day
from bianmin.staff.sessions import LiveSession
from bianmin.web.runtime import runtime

CSV = {"text/csv": {"schema": {"type": "string", "format": "binary"}}}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX = {XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}}}
# a CSV export holds at most this many rows (a busy hall's quarter); narrow the filter beyond
CSV_MAX_ROWS = 200_000
TRAIL_HEADERS = ["时间", "类别", "人员", "工号", "窗口", "号码", "说明", "登录名"]
ATTENDANCE_HEADERS = ["日期", "人员", "工号", "首次登录", "最后退出", "在线时长（小时）",
                      "暂停时长（小时）", "窗口", "期末仍在线"]


def _period(hall: str, query: PeriodQuery) -> tuple[str, date, date]:
    """The hall's timezone and the business days asked for (default: today)."""
    with runtime().db.read() as session:
        zone = get_hall(session, hall).timezone
    today = business_day(now(), zone)
    try:
        first = date.fromisoformat(query.first) if query.first else today
        last = date.fromisoformat(query.last) if query.last else max(first, today)
    except ValueError:
        raise InvalidInput("日期须为 YYYY-MM-DD，例如 2026-12-01。", code="invalid_date") from None
    return zone, first, last


def _hall_name(hall: str) -> str:
    with runtime().db.read() as session:
        return get_hall(session, hall).name


def _trail(hall: str, query: AuditQuery, auth: LiveSession, *, page: int, per_page: int):  # type: ignore[no-untyped-def]
    zone, first, last = _period(hall, query)
    kinds = tuple(k.strip() for k in query.kind.split(",") if k.strip())
    q = TrailQuery(hall_id=auth.hall_id, zone=zone, first=first, last=last, staff_id=query.staff,
                   window=query.window, kinds=kinds, page=page, per_page=per_page)
    with runtime().db.read() as session:
        return first, last, trail(session, q), hall_staff(session, auth.hall_id)


@blueprint.get("/halls/<hall>/audit")
@operation("listAuditTrail", "The audit trail (电子监察): who did what at which window (managers)",
           description="Sign-ins and sign-outs, pauses (with reasons), reprints, catalog loads, "
           "devices and accounts (audit_event) merged with the ticket log (calls, recalls, "
           "outcomes, transfers …) of business days `from`..`to` (default today; `from` after "
           "`to` is an empty period), newest first, optionally only one staff member, one "
           "window or some kinds (`kind=called,recalled`). Paged: `page`, `per_page`; "
           "`total` counts every matching row. Managers of the hall only (401/403).",
           path=HallPath, query=AuditQuery, auth=manager_of, answers={200: AuditPage})
def list_audit(hall: str, query: AuditQuery, auth: LiveSession):  # type: ignore[no-untyped-def]
    first, last, page, staff = _trail(hall, query, auth, page=query.page, per_page=query.per_page)
    return {"hall": hall, "from": first.isoformat(), "to": last.isoformat(),
            "page": query.page, "per_page": query.per_page, "total": page.total,
            "kinds": KIND_LABELS, "staff": staff, "rows": page.rows}


@blueprint.get("/halls/<hall>/audit.csv")
@operation("exportAuditTrail", "The audit trail as CSV (managers)",
           description="The rows of `listAuditTrail` with the same filters, every page "
           f"(at most {CSV_MAX_ROWS}), UTF-8 with BOM, Chinese headers: "
           + "、".join(TRAIL_HEADERS) + ".",
           path=HallPath, query=AuditQuery, auth=manager_of, answers={200: None},
           extra={"x-answer-media": CSV})
def export_audit(hall: str, query: AuditQuery, auth: LiveSession) -> Response:
    first, last, page, _ = _trail(hall, query, auth, page=1, per_page=CSV_MAX_ROWS)
    return _csv(TRAIL_HEADERS, _trail_lines(page.rows), f"audit-{hall}-{first}-{last}.csv")


@blueprint.get("/halls/<hall>/audit.xlsx")
@operation("exportAuditTrailXlsx", "The audit trail as XLSX (managers)",
           description="The rows of `listAuditTrail` with the same filters, every page "
           f"(at most {CSV_MAX_ROWS}), as one sheet 电子监察: a title row with the hall's "
           "name and the period, then the Chinese headers " + "、".join(TRAIL_HEADERS)
           + " (times as the hall's local time).",
           path=HallPath, query=AuditQuery, auth=manager_of, answers={200: None},
           extra={"x-answer-media": XLSX})
def export_audit_xlsx(hall: str, query: AuditQuery, auth: LiveSession) -> Response:
    first, last, page, _ = _trail(hall, query, auth, page=1, per_page=CSV_MAX_ROWS)
    lines = [[datetime.strptime(line[0], "%Y-%m-%d %H:%M:%S"), *line[1:]]
             for line in _trail_lines(page.rows)]
    title = f"{_hall_name(hall)} 电子监察记录 {first} 至 {last}"
    return _xlsx(workbook("电子监察", title, TRAIL_HEADERS, lines, (20, 12, 12, 10, 6, 8, 40, 14)),
                 f"{_hall_name(hall)}电子监察_{first}_{last}.xlsx")


def _trail_lines(rows: list[dict]) -> list[list[object]]:
    return [[r["local_time"], r["kind_label"], (r["staff"] or {}).get("name", ""),
             (r["staff"] or {}).get("employee_no", ""), r["window"] or "", r["ticket"] or "",
             r["summary"], r["username"]] for r in rows]


@blueprint.get("/halls/<hall>/attendance")
@operation("listAttendance", "Staff attendance (考勤) per business day (managers)",
           description="Per day and staff member: first sign-in, last sign-out, hours signed "
           "in (any session open), hours paused (windows they paused), the windows signed in "
           "at; from the audit trail of `from`..`to` (default today). Managers only (401/403).",
           path=HallPath, query=PeriodQuery, auth=manager_of, answers={200: AttendanceAnswer})
def list_attendance(hall: str, query: PeriodQuery, auth: LiveSession):  # type: ignore[no-untyped-def]
    zone, first, last = _period(hall, query)
    with runtime().db.read() as session:
        rows = attendance(session, auth.hall_id, zone, first, last, now())
    return {"hall": hall, "from": first.isoformat(), "to": last.isoformat(), "rows": rows}


@blueprint.get("/halls/<hall>/attendance.csv")
@operation("exportAttendance", "Staff attendance as CSV (managers)",
           description="The rows of `listAttendance`, UTF-8 with BOM, Chinese headers: "
           + "、".join(ATTENDANCE_HEADERS) + ".",
           path=HallPath, query=PeriodQuery, auth=manager_of, answers={200: None},
           extra={"x-answer-media": CSV})
def export_attendance(hall: str, query: PeriodQuery, auth: LiveSession) -> Response:
    first, last, lines = _attendance_lines(hall, query, auth)
    return _csv(ATTENDANCE_HEADERS, lines, f"attendance-{hall}-{first}-{last}.csv")


@blueprint.get("/halls/<hall>/attendance.xlsx")
@operation("exportAttendanceXlsx", "Staff attendance as XLSX (managers)",
           description="The rows of `listAttendance` as one sheet 考勤: a title row with the "
           "hall's name and the period, then the Chinese headers "
           + "、".join(ATTENDANCE_HEADERS) + ".",
           path=HallPath, query=PeriodQuery, auth=manager_of, answers={200: None},
           extra={"x-answer-media": XLSX})
def export_attendance_xlsx(hall: str, query: PeriodQuery, auth: LiveSession) -> Response:
    first, last, lines = _attendance_lines(hall, query, auth)
    title = f"{_hall_name(hall)} 考勤 {first} 至 {last}"
    return _xlsx(workbook("考勤", title, ATTENDANCE_HEADERS, lines, (12, 12, 10, 10, 10, 16, 16, 10, 10)),
                 f"{_hall_name(hall)}考勤_{first}_{last}.xlsx")


def _attendance_lines(hall: str, query: PeriodQuery, auth: LiveSession
                      ) -> tuple[date, date, list[list[object]]]:
    zone, first, last = _period(hall, query)
    with runtime().db.read() as session:
        rows = attendance(session, auth.hall_id, zone, first, last, now())
    return first, last, [
        [r["day"], (r["staff"] or {}).get("name", ""), (r["staff"] or {}).get("employee_no", ""),
         r["first_signin"] or "", r["last_signout"] or "", r["signed_in_hours"],
         r["paused_hours"], " ".join(str(w) for w in r["windows"]),
         "是" if r["still_signed_in"] else ""] for r in rows]


def _xlsx(body: bytes, name: str) -> Response:
    response = Response(body, mimetype=XLSX_TYPE)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(name)}")
    return response


def _csv(headers: list[str], lines: list[list[object]], name: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows([[_safe(v) for v in line] for line in lines])
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _safe(value: object) -> object:
    """A cell Excel would run as a formula (=, +, -, @ first) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
