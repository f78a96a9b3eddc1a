"""The hall's settings (GET/PATCH /halls/<hall>) and its staff accounts (/halls/<hall>/staff).

Types are checked here; what the values mean (a real timezone, a phone number, opening
hours that do not overlap, a window of the hall) is checked by the domain, which names
every wrong field at once in ``details.fields``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from bianmin.api.shapes.common import (
    PLAIN,
    Answer,
    HallCode,
    Id,
    IdText,
    Input,
    absent,
    text,
    whole_between,
)
from bianmin.catalog.errors import UnknownHall
from bianmin.hall.service import NUMBER_PROBLEMS
from bianmin.staff.admin import UnknownStaff

# a JSON integer (3.0 counts, as JSON Schema says) 1 … 2³¹−1
WindowNumber = Id

HOURS_DESCRIPTION = (
    "Opening hours: `{\"weekly\": {\"mon\": [[\"09:30\", \"13:30\"], [\"16:00\", \"19:30\"]], …, "
    "\"sun\": []}, \"special\": [{\"weekday\": \"sat\" | \"date\": \"2026-12-24\", \"mode\": "
    "\"extra\" (延时) | \"shifted\" (错时), \"ranges\": [[…]], \"note\": \"…\"}], \"holidays\": "
    "[{\"start\": \"2026-10-01\", \"end\": \"2026-10-07\", \"name\": \"国庆节\"}], \"workdays\": "
    "[{\"date\": \"2026-10-11\", \"as\": \"mon\", \"name\": \"国庆调休\"}]}`; at most 3 ranges a "
    "day; null clears them. docs/admin.md says which rule wins.")


# a whole number; its range is the domain's to check (bianmin/hall/service.py, in Chinese)
Minutes = Annotated[int, Field(ge=0, le=100000)]


class HallPatch(Input):
    """A partial update: only the fields sent change."""

    name: text(2000) = absent("服务中心名称 (1–200 characters)")
    complaint_phone: text(2000) = absent("监督投诉电话 (digits, -, parentheses, spaces)")
    address: text(2000) = absent("地址 (at most 200 characters)")
    timezone: text(2000) = absent("IANA timezone, e.g. Asia/Shanghai; business days follow it")
    notice: text(2000) = absent("the lobby's scrolling notice (at most 500 characters; \"\" for none)")
    ticket_footer: text(2000) = absent("printed at the foot of every ticket (at most 200 characters)")
    hours: dict[str, Any] | None = Field(None, description=HOURS_DESCRIPTION)
    long_cutoff_minutes: Minutes = absent(
        "minutes before the hall closes (the end of the current opening range) from which the "
        "kiosk stops issuing long matters (承诺件); 0–240, default 30, 0 = never early")
    hold_minutes: Minutes = absent("挂起时限: minutes a 挂起 hold lasts before the ticket is "
                                   "closed as 过号 (1–240, default 30)")
    requeue_ahead: Minutes = absent("过号重排: behind how many waiting tickets a returning "
                                    "no-show is put back (0–50, default 3)")
    requeue_minutes: Minutes = absent("过号重排: for how many minutes after the 过号 (1–480, "
                                      "default 30)")
    green_streak_limit: whole_between(1, 10) = absent(
        "the fair green channel: green tickets a window calls in a row while a normal ticket "
        "waits for it, then it calls one normal ticket (1–10, default 2)")
    normal_wait_limit_minutes: whole_between(5, 480) = absent(
        "a normal ticket waiting longer than this goes ahead of green tickets issued after it "
        "(5–480 minutes, default 45)")
    labels = {"name": "名称", "complaint_phone": "监督投诉电话", "address": "地址", "timezone": "时区",
              "notice": "大厅滚动通知", "ticket_footer": "小票底部文字", "hours": "营业时间",
              "hold_minutes": "挂起时限", "requeue_ahead": "过号重排位置",
              "requeue_minutes": "过号重排时限", "long_cutoff_minutes": "长事项提前停止取号",
              "green_streak_limit": "绿色通道连续叫号上限",
              "normal_wait_limit_minutes": "普通号最长等候时间"}
    # the green channel's two limits: one sentence per field, whatever is wrong with it
    hints = problems = dict(NUMBER_PROBLEMS)
    codes = dict.fromkeys(NUMBER_PROBLEMS, "invalid_hall")


class HallStatus(Answer):
    open: bool
    closes_at: str | None = Field(description="open: when the current range ends (the hall's time)")
    next_open: str | None = Field(description="closed: the next opening (the hall's time); null: none within a year")
    holiday: str = Field(description="closed for this holiday today; \"\" otherwise")


class HallSettingsAnswer(Answer):
    code: str
    name: str
    complaint_phone: str
    address: str
    timezone: str
    notice: str
    ticket_footer: str
    opening_hours: str = Field(description="one line derived from `hours` (tickets, kiosk)")
    hours: dict[str, Any] | None
    hold_minutes: int = Field(description="挂起时限 (minutes)")
    requeue_ahead: int = Field(description="过号重排: behind this many waiting tickets")
    requeue_minutes: int = Field(description="过号重排: within this many minutes of the 过号")
    long_cutoff_minutes: int = Field(description="long matters (承诺件) stop this many minutes "
                                     "before closing; 0 = never early")
    version: int = Field(description="the hall's event version after the change")
    status: HallStatus
    green_streak_limit: int = Field(description="green tickets a window calls in a row while a normal one waits")
    normal_wait_limit_minutes: int = Field(description="a normal ticket waiting longer goes ahead of newer green ones")


class StaffPath(Input):
    hall: HallCode
    staff_id: IdText
    refusal = {"hall": UnknownHall, "staff_id": UnknownStaff}


Role = Literal["staff", "manager"]
EmployeeNo = Annotated[str, Field(max_length=20, pattern=r"^[A-Za-z0-9\-]*$",
                                  description="工号: letters, digits, -; \"\" for none")]
NewPasswordText = Annotated[str, Field(min_length=6, max_length=200, pattern=PLAIN)]


class NewStaff(Input):
    username: Annotated[str, Field(min_length=2, max_length=60, pattern=r"^[A-Za-z0-9_.\-]{2,60}$", description="2–60 letters, digits, . _ -; unique in the installation")]
    password: NewPasswordText = absent("at least 6 characters; left out: one is generated and answered once")
    display_name: text(100, description="姓名")
    employee_no: EmployeeNo = ""
    windows: list[WindowNumber] | None = Field(None, max_length=200, description=(
        "window numbers of the hall the account may serve; null: every window; []: none"))
    role: Role = Field("staff", description="staff or manager (county accounts: `bianmin staff add … --role county`)")
    labels = {"username": "用户名", "password": "密码", "display_name": "姓名", "employee_no": "工号",
              "windows": "窗口", "role": "角色", "active": "状态"}


class StaffPatch(Input):
    display_name: text(100) = absent("姓名")
    employee_no: EmployeeNo = absent("工号; \"\" removes it")
    windows: list[WindowNumber] | None = Field(None, max_length=200, description=(
        "null: every window; []: none; else the numbers"))
    role: Role = absent("staff or manager")
    active: bool = absent("false disables the account and ends its sessions at once")
    labels = {"username": "用户名", "password": "密码", "display_name": "姓名", "employee_no": "工号",
              "windows": "窗口", "role": "角色", "active": "状态"}


class NewPassword(Input):
    password: NewPasswordText = absent("at least 6 characters; left out: one is generated and answered once")
    labels = {"password": "密码"}


class StaffPhoto(Input):
    """The photo is the request body itself (image/jpeg or image/png, at most 1 MB)."""


class SignedIn(Answer):
    session_id: int
    window: int | None = Field(description="null: a manager signed in without a window")
    since: str
    last_seen: str
    address: str


class StaffAccount(Answer):
    id: int
    username: str
    display_name: str
    employee_no: str
    role: str
    role_label: str
    active: bool
    windows: list[int] | None
    photo_url: str | None
    created_at: str
    sessions: list[SignedIn] = Field(description="where the account is signed in now")


class StaffList(Answer):
    hall: str
    staff: list[StaffAccount]


class StaffCreated(StaffAccount):
    password: str | None = Field(description="the generated password, shown this once; null if given")


class PasswordReset(Answer):
    staff: StaffAccount
    password: str | None = Field(description="the generated password, shown this once; null if given")
    sessions_ended: int
