"""Read and change a hall's settings: one write transaction, audited, with a live event.

``update_hall`` checks every field first and refuses the whole change (naming each wrong
field in Chinese) if one is wrong: nothing is half-applied. A change takes the hall's next
event version in its own transaction and returns a ``HallChanged`` event, which the web
layer publishes after the commit (``hall.changed``): screens show a new notice at once,
and the snapshot cache, keyed on the version, is stale from that moment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.audit.record import record
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall, utcnow
from bianmin.db import Database
from bianmin.errors import InvalidInput
from bianmin.hall import hours as hours_rules
from bianmin.hall.events import HallChanged
from bianmin.queue.versions import next_version

# what PATCH may change, with the longest text each column holds
TEXT_FIELDS = {"name": 200, "complaint_phone": 64, "address": 200, "notice": 500,
               "ticket_footer": 200}
# keeping the visitor's place and the fair green channel (docs/counter.md): whole numbers
# within these bounds
NUMBER_FIELDS = {"hold_minutes": (1, 240), "requeue_ahead": (0, 50), "requeue_minutes": (1, 480),
                 # the long-matter cut-off (docs/kiosk.md): 0 = never stops early
                 "long_cutoff_minutes": (0, 240),
                 "green_streak_limit": (1, 10), "normal_wait_limit_minutes": (5, 480)}
# the green channel's limits say what they mean when refused
NUMBER_PROBLEMS = {
    "green_streak_limit": "绿色通道连续叫号上限须为 1–10 的整数"
                          "（默认 2：每个窗口连叫 2 个绿色通道号后叫 1 个普通号）。",
    "normal_wait_limit_minutes": "普通号最长等候时间须为 5–480 之间的整数分钟（默认 45）。",
}
FIELDS = (*TEXT_FIELDS, "timezone", "hours", *NUMBER_FIELDS)
FIELD_LABELS = {"name": "名称", "complaint_phone": "监督投诉电话", "address": "地址",
                "timezone": "时区", "notice": "大厅滚动通知", "hours": "营业时间",
                "ticket_footer": "小票底部文字", "hold_minutes": "挂起时限",
                "requeue_ahead": "过号重排位置", "requeue_minutes": "过号重排时限",
                "long_cutoff_minutes": "长事项提前停止取号",
                "green_streak_limit": "绿色通道连续叫号上限",
                "normal_wait_limit_minutes": "普通号最长等候时间"}
# what the ticket cards and the kiosk's catalog carry of the hall (the notice is not in them)
CARD_FIELDS = {"name", "complaint_phone", "timezone", "hours", "ticket_footer"}
# 0999-1234567, 12345, (0991) 123 4567, 400-123-4567 转 8
PHONE = re.compile(r"^[0-9０-９+()（）\- 转]{3,64}$")


@dataclass(frozen=True)
class Actor:
    """Who made a change (for the audit row): a manager's account, or None from a shell."""

    staff_id: int | None
    username: str = ""


@dataclass(frozen=True)
class HallSettings:
    id: int
    code: str
    name: str
    complaint_phone: str
    address: str
    timezone: str
    notice: str
    ticket_footer: str
    opening_hours: str
    hours: dict[str, Any] | None
    version: int
    hold_minutes: int = 30
    requeue_ahead: int = 3
    requeue_minutes: int = 30
    long_cutoff_minutes: int = 30
    green_streak_limit: int = 2
    normal_wait_limit_minutes: int = 45


def settings_of(hall: Hall) -> HallSettings:
    return HallSettings(
        id=hall.id, code=hall.code, name=hall.name, complaint_phone=hall.complaint_phone,
        address=hall.address, timezone=hall.timezone, notice=hall.notice,
        ticket_footer=hall.ticket_footer, opening_hours=hall.opening_hours,
        hours=hall.hours, version=hall.event_version, hold_minutes=hall.hold_minutes,
        requeue_ahead=hall.requeue_ahead, requeue_minutes=hall.requeue_minutes,
        long_cutoff_minutes=hall.long_cutoff_minutes,
        green_streak_limit=hall.green_streak_limit,
        normal_wait_limit_minutes=hall.normal_wait_limit_minutes,
    )


def read_hall(db: Database, code: str) -> HallSettings:
    with db.read() as session:
        return settings_of(_hall(session, code))


def check_changes(changes: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(cleaned values, {field: Chinese problem}) for a partial update."""
    clean: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, value in changes.items():
        label = FIELD_LABELS.get(name, name)
        if name not in FIELDS:
            problems[name] = f"不能修改 {name}。"
        elif name in TEXT_FIELDS:
            if not isinstance(value, str) or "\x00" in value:
                problems[name] = f"{label}须是文字。"
                continue
            text = value.strip() if name != "notice" else value.strip().replace("\r\n", "\n")
            if len(text) > TEXT_FIELDS[name]:
                problems[name] = f"{label}太长了，最多 {TEXT_FIELDS[name]} 个字。"
            elif name == "name" and not text:
                problems[name] = "请填写服务中心的名称。"
            elif name == "complaint_phone" and not PHONE.match(text):
                problems[name] = "监督投诉电话只能含数字、-、括号和空格，例如 0999-1234567 或 12345。"
            else:
                clean[name] = text
        elif name == "timezone":
            try:
                if not isinstance(value, str) or not value or "\x00" in value or len(value) > 64:
                    raise ValueError
                ZoneInfo(value)
                clean[name] = value
            except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
                problems[name] = "不认识这个时区，请写成 Asia/Shanghai 这样的 IANA 时区名。"
        elif name in NUMBER_FIELDS:
            low, high = NUMBER_FIELDS[name]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems[name] = NUMBER_PROBLEMS.get(name) or f"{label}须是 {low} 到 {high} 之间的整数。"
            else:
                clean[name] = value
        elif name == "hours":
            if value is None:
                clean[name] = None
                continue
            try:
                clean[name] = hours_rules.normalize(value)
            except hours_rules.HoursProblem as problem:
                problems[name] = str(problem)
    return clean, problems


def update_hall(
    db: Database, code: str, changes: dict[str, Any], by: Actor, *, now: datetime | None = None,
) -> tuple[HallSettings, HallChanged | None]:
    """Apply a partial update; (the hall after it, the event to publish or None if unchanged)."""
    clean, problems = check_changes(changes)
    if problems:
        fields = [{"field": k, "problem": v} for k, v in problems.items()]
        first = fields[0]
        raise InvalidInput(first["problem"], code="invalid_hall", fields=fields)
    now = now or utcnow()
    with db.write() as session:
        hall = _hall(session, code)
        diff: dict[str, dict[str, Any]] = {}
        for name, value in clean.items():
            old = getattr(hall, name)
            if old != value:
                diff[name] = {"old": old, "new": value}
                setattr(hall, name, value)
        if "hours" in diff:
            hall.opening_hours = hours_rules.summary(hall.hours)
        if set(diff) & CARD_FIELDS:
            # tickets and the kiosk keep the hall's fields in caches keyed on the catalog
            # version (queue/cards.py): a new version makes them read the hall again
            hall.catalog_version = Hall.catalog_version + 1  # in SQL: a concurrent import counts too
        if not diff:
            return settings_of(hall), None
        version = next_version(session, hall.id)
        hall.event_version = version  # the statement above moved it; keep the ORM row in step
        record(session, "hall.changed", hall_id=hall.id, staff_id=by.staff_id,
               username=by.username, at=now, fields=sorted(diff), changes=_audit_diff(diff))
        event = HallChanged(hall_id=hall.id, version=version, at=now, name=hall.name,
                            complaint_phone=hall.complaint_phone, notice=hall.notice,
                            timezone=hall.timezone, fields=tuple(sorted(diff)))
        return settings_of(hall), event


def _audit_diff(diff: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Before/after per field; the hours as their one-line summary (the full text is long)."""
    out = {}
    for name, change in diff.items():
        if name == "hours":
            out[name] = {"old": hours_rules.summary(change["old"]) or "（未设置）",
                         "new": hours_rules.summary(change["new"]) or "（未设置）"}
        else:
            out[name] = {"old": str(change["old"])[:200], "new": str(change["new"])[:200]}
    return out


def first_hall(db: Database, code: str) -> str | None:
    """On a server with no hall at all, create hall ``code`` for its first manager.

    Returns the provisional name given (the manager sets the real one on 服务中心设置), or
    None if the database already has a hall (then nothing is created: a mistyped code on a
    running server must stay an error). Refuses a code that is not usable in URLs.
    """
    from bianmin.catalog.halls import create_hall

    with db.write() as session:
        if session.scalar(select(Hall.id).limit(1)) is not None:
            return None
        name = f"便民服务中心（{code}）"
        hall = create_hall(session, code, name)
        record(session, "hall.changed", hall_id=hall.id, fields=["created"],
               changes={"name": {"old": "", "new": name}})
        return name


def _hall(session: Session, code: str) -> Hall:
    hall = session.scalar(select(Hall).where(Hall.code == code))
    if hall is None:
        raise UnknownHall(hall=code)
    return hall
