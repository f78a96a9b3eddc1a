"""The audit trail (电子监察) and attendance (考勤): managers' queries and answers (docs/audit.md)."""

from __future__ import annotations

from pydantic import Field

from bianmin.api.shapes.common import Answer, IdText, Input, bounded_int, text
from bianmin.api.shapes.ratings import DAY
from bianmin.audit.trail import MAX_PER_PAGE, PER_PAGE


class PeriodQuery(Input):
    # named from/to in the query string
    first: DAY | None = Field(None, alias="from", description="first business day (default: today)")
    last: DAY | None = Field(None, alias="to", description="last business day (default: today)")
    # pydantic names a refused field by its alias (from, to)
    codes = {"from": "invalid_date", "to": "invalid_date"}
    hints = {"from": "from 须为日期 YYYY-MM-DD。", "to": "to 须为日期 YYYY-MM-DD。"}


class AuditQuery(PeriodQuery):
    staff: IdText | None = Field(None, description="only this staff member (id)")
    window: IdText | None = Field(None, description="only this window (number)")
    kind: text(400, description=(
        "only these kinds, comma-separated, e.g. `called,recalled` or `window.paused`")) = ""
    page: bounded_int(10**6, description="1 is the newest") = 1
    per_page: bounded_int(MAX_PER_PAGE, description=f"rows per page (default {PER_PAGE})") = PER_PAGE
    codes = {**PeriodQuery.codes, "staff": "invalid_staff", "window": "invalid_window",
             "kind": "invalid_kind", "page": "invalid_page", "per_page": "invalid_page"}
    hints = {**PeriodQuery.hints, "staff": "staff 须为人员编号（正整数）。",
             "window": "window 须为窗口号（正整数）。", "kind": "kind 最多 400 个字符。",
             "page": "page 须为正整数。", "per_page": f"per_page 须为 1–{MAX_PER_PAGE}。"}


class AuditRow(Answer):
    source: str = Field(description="`audit` (audit_event) or `ticket` (ticket_event)")
    id: int
    at: str = Field(description="UTC, ISO 8601")
    local_time: str = Field(description="the hall's local time, YYYY-MM-DD HH:MM:SS")
    kind: str
    kind_label: str
    staff: dict | None = Field(description="id, name, username, employee_no; null: nobody")
    username: str = Field(description="as typed (failed sign-ins of unknown accounts)")
    window: int | None
    ticket: str | None = Field(description="the ticket's number, e.g. A012")
    summary: str = Field(description="outcome, reason, target … in Chinese")
    detail: dict


class AuditPage(Answer):
    hall: str
    first: str = Field(alias="from")
    last: str = Field(alias="to")
    page: int
    per_page: int
    total: int
    kinds: dict[str, str] = Field(description="every known kind and its Chinese label")
    staff: list[dict] = Field(description="the hall's accounts (id, name, username, employee_no) for the filter")
    rows: list[AuditRow]


class AttendanceRow(Answer):
    day: str
    staff: dict | None
    first_signin: str | None = Field(description="HH:MM:SS, the hall's time")
    last_signout: str | None
    signed_in_s: int
    signed_in_hours: float
    paused_s: int
    paused_hours: float
    windows: list[int]
    still_signed_in: bool = Field(description="a session still open at the period's end (or now)")


class AttendanceAnswer(Answer):
    hall: str
    first: str = Field(alias="from")
    last: str = Field(alias="to")
    rows: list[AttendanceRow]
