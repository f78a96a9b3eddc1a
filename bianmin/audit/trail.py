"""The audit trail (电子监察) as managers read it: who did what at which window, when.

One list from two logs: ``audit_event`` (sign-in and out, pauses, reprints, catalog loads,
devices, accounts) and ``ticket_event`` (calls, recalls, outcomes, transfers, …), merged in
the database (UNION ALL) so that a page of a busy month costs one sorted, limited query.
Days are the hall's business days (its own timezone), as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Integer, String, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from bianmin.audit.models import AuditEvent
from bianmin.catalog.models import Window
from bianmin.queue.clock import as_aware, hall_zone
from bianmin.queue.models import Ticket, TicketEvent
from bianmin.queue.outcomes import OUTCOME_LABELS, Outcome
from bianmin.staff.models import Staff

# what a manager reads for each kind; a kind missing here shows its code
KIND_LABELS: dict[str, str] = {
    "signin.ok": "登录", "signin.failed": "登录失败", "signin.locked": "账号锁定",
    "signout": "退出登录", "session.ended": "登录结束",
    "window.paused": "暂停服务", "window.resumed": "恢复服务",
    "ticket.reprinted": "补打小票", "catalog.loaded": "导入事项目录",
    "notice.issued": "出具通知书", "notice.reprinted": "补打通知书",
    "settings.changed": "修改设置",
    "scenario.added": "新增事项", "scenario.changed": "修改事项", "scenario.retired": "停用事项",
    "window.added": "新增窗口", "window.changed": "修改窗口", "window.retired": "停用窗口",
    "queue.changed": "修改队列", "queue.added": "新增队列",
    "issued": "取号", "called": "叫号", "recalled": "重呼", "started": "开始办理",
    "finished": "办理完毕", "no_show": "过号", "transferred": "转出", "transferred_in": "转入",
    "cancelled": "取消",
    # keeping the visitor's place (docs/counter.md)
    "held": "挂起", "hold_returned": "回叫挂起", "requeued": "过号重排",
    "ticket.picked": "选叫", "ticket.requeued": "过号重排",
    "rated": "评价",
    "device.added": "添加设备", "device.code": "生成设备登记码",
    "device.code_issued": "生成设备登记码", "device.enrolled": "设备登记",
    "device.enrol_failed": "设备登记失败", "device.revoked": "吊销设备",
    "device.test_print": "测试打印", "device.reloaded": "远程刷新设备",
    "staff.added": "添加人员", "staff.password_reset": "重置密码",
    "staff.enabled": "启用账号", "staff.disabled": "停用账号",
    "staff.changed": "修改人员信息", "hall.changed": "修改服务中心设置",
}
# the words of a changed field in a summary (hall.changed, staff.changed)
FIELD_LABELS: dict[str, str] = {
    "name": "名称", "complaint_phone": "投诉电话", "address": "地址", "timezone": "时区",
    "notice": "滚动通知", "hours": "营业时间", "ticket_footer": "小票底部文字",
    "long_cutoff_minutes": "长事项提前停止取号",
    "display_name": "姓名", "employee_no": "工号", "windows": "窗口", "role": "角色",
}
ROLE_WORDS = {"staff": "工作人员", "manager": "管理员", "county": "县级管理员"}
DEVICE_KINDS = {"kiosk": "取号机", "lobby": "大厅屏", "window": "窗口屏", "rating": "评价器"}
PER_PAGE = 50
MAX_PER_PAGE = 500


@dataclass(frozen=True)
class TrailQuery:
    """What the manager asked for: a hall's business days first..last and optional filters."""

    hall_id: int
    zone: str
    first: date
    last: date
    staff_id: int | None = None
    window: int | None = None
    kinds: tuple[str, ...] = ()
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class TrailPage:
    total: int
    rows: list[dict]


def day_bounds(first: date, last: date, zone: str) -> tuple[datetime, datetime]:
    """UTC instants from the start of ``first`` to the start of the day after ``last``."""
    tz = hall_zone(zone)
    start = datetime.combine(first, time(), tzinfo=tz).astimezone(timezone.utc)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=tz).astimezone(timezone.utc)
    return start, end


def _union(q: TrailQuery):  # type: ignore[no-untyped-def]
    start, end = day_bounds(q.first, q.last, q.zone)
    audit = select(
        literal("audit", String).label("source"), AuditEvent.id.label("id"),
        AuditEvent.at.label("at"), AuditEvent.kind.label("kind"),
        AuditEvent.staff_id.label("staff_id"), AuditEvent.window_number.label("window"),
        null().cast(Integer).label("ticket_id"), AuditEvent.detail.label("detail"),
        AuditEvent.username.label("username"),
    ).where(AuditEvent.hall_id == q.hall_id, AuditEvent.at >= start, AuditEvent.at < end)
    ticket = select(
        literal("ticket", String), TicketEvent.id, TicketEvent.at, TicketEvent.kind,
        TicketEvent.staff_id, Window.number, TicketEvent.ticket_id, TicketEvent.data,
        literal("", String),
    ).outerjoin(Window, Window.id == TicketEvent.window_id).where(
        TicketEvent.hall_id == q.hall_id, TicketEvent.at >= start, TicketEvent.at < end)
    if q.staff_id is not None:
        audit = audit.where(AuditEvent.staff_id == q.staff_id)
        ticket = ticket.where(TicketEvent.staff_id == q.staff_id)
    if q.window is not None:
        audit = audit.where(AuditEvent.window_number == q.window)
        # the window's id first: filtering on the joined number made PostgreSQL scan the period
        ticket = ticket.where(TicketEvent.window_id == select(Window.id).where(
            Window.hall_id == q.hall_id, Window.number == q.window).scalar_subquery())
    if q.kinds:
        audit = audit.where(AuditEvent.kind.in_(q.kinds))
        ticket = ticket.where(TicketEvent.kind.in_(q.kinds))
    return union_all(audit, ticket).subquery("trail")


def trail(session: Session, q: TrailQuery) -> TrailPage:
    """One page of the trail, newest first, with names and a Chinese summary per row."""
    union = _union(q)
    total = session.scalar(select(func.count()).select_from(union)) or 0
    rows = session.execute(
        select(union).order_by(union.c.at.desc(), union.c.source, union.c.id.desc())
        .limit(q.per_page).offset((q.page - 1) * q.per_page)
    ).all()
    staff = _staff_names(session, {r.staff_id for r in rows if r.staff_id})
    codes = dict(session.execute(select(Ticket.id, Ticket.code).where(
        Ticket.id.in_({r.ticket_id for r in rows if r.ticket_id})
    )).all()) if rows else {}
    zone = hall_zone(q.zone)
    views = []
    for r in rows:
        detail = dict(r.detail or {})
        at = as_aware(r.at)
        views.append({
            "source": r.source, "id": r.id, "at": at.isoformat(),
            "local_time": at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
            "kind": r.kind, "kind_label": KIND_LABELS.get(r.kind, r.kind),
            "staff": staff.get(r.staff_id) if r.staff_id else None,
            "username": r.username or "",
            "window": r.window, "ticket": codes.get(r.ticket_id) if r.ticket_id else None,
            "summary": summary(r.kind, detail), "detail": detail,
        })
    return TrailPage(int(total), views)


def hall_staff(session: Session, hall_id: int) -> list[dict]:
    """Every account of the hall (also disabled ones: they appear in past days), by name."""
    rows = session.scalars(select(Staff).where(Staff.hall_id == hall_id)).all()
    return sorted(({"id": s.id, "name": s.display_name or s.username, "username": s.username,
                    "employee_no": s.employee_no} for s in rows), key=lambda s: s["name"])


def _staff_names(session: Session, ids: set[int]) -> dict[int, dict]:
    if not ids:
        return {}
    return {s.id: {"id": s.id, "name": s.display_name or s.username, "username": s.username,
                   "employee_no": s.employee_no}
            for s in session.scalars(select(Staff).where(Staff.id.in_(ids)))}


def summary(kind: str, detail: dict) -> str:
    """A short Chinese line of what the row's detail says (outcome, reason, target …)."""
    if kind == "finished" and detail.get("outcome") in Outcome.__members__.values():
        return "办理结果：" + OUTCOME_LABELS[Outcome(detail["outcome"])]
    if kind == "called" and detail.get("via") == "pick":
        return f"选叫（越过 {detail.get('skipped', 0)} 人）"
    if kind == "ticket.picked":
        return f"选叫 {detail.get('number', '')}（越过 {detail.get('skipped', 0)} 人）"
    if kind in ("requeued", "ticket.requeued"):
        where = "取号机扫码" if detail.get("by") == "kiosk" else "窗口办理"
        return f"{where}，前面 {detail.get('ahead', '?')} 人"
    if kind == "held" and detail.get("minutes"):
        return f"保留 {detail['minutes']} 分钟"
    if kind == "no_show" and detail.get("reason") == "hold_expired":
        return f"挂起超过 {detail.get('minutes', '?')} 分钟，按过号处理"
    if kind == "recalled" and detail.get("count"):
        return f"第 {detail['count']} 次重呼"
    if kind == "transferred":
        to = f"{detail['to_window']}号窗口" if detail.get("to_window") else "其他队列"
        return f"转至{to}，新号 {detail.get('new_number', '')}"
    if kind in ("window.paused", "signin.failed", "session.ended", "device.enrol_failed"):
        reason = detail.get("reason")
        return f"原因：{reason}" if reason else ""
    if kind.startswith("device.") and detail.get("name"):
        extra = {"device.test_print": f"，打印机 {detail.get('printer', '')}",
                 "device.added": "（" + DEVICE_KINDS.get(str(detail.get("device_kind")), "")
                 + "）"}.get(kind, "")
        return f"设备 {detail['name']}{extra}"
    if kind == "ticket.reprinted":
        return f"补打 {detail.get('number', '')}（第 {detail.get('attempt', '?')} 次打印）"
    if kind in ("notice.issued", "notice.reprinted"):
        extra = f"（第 {detail.get('attempt', '?')} 次打印）" if kind == "notice.reprinted" else ""
        return f"{detail.get('title', '')} {detail.get('document', '')} · {detail.get('number', '')}{extra}"
    if kind == "catalog.loaded":
        return (f"目录版本 {detail.get('version', '?')}，事项 {detail.get('scenarios', '?')} 个"
                f"（新增 {detail.get('created', 0)}，更新 {detail.get('updated', 0)}，"
                f"停用 {detail.get('deactivated', 0)}）")
    if kind in ("hall.changed", "staff.changed"):
        parts = [f"{FIELD_LABELS.get(name, name)}：{_shown(name, change.get('old'))} → "
                 f"{_shown(name, change.get('new'))}"
                 for name, change in (detail.get("changes") or {}).items() if isinstance(change, dict)]
        return _by("；".join(parts), detail)
    if kind in ("staff.added", "staff.password_reset", "staff.disabled", "staff.enabled"):
        words = []
        if kind == "staff.added" and detail.get("role"):
            words.append("角色：" + ROLE_WORDS.get(detail["role"], str(detail["role"])))
        if detail.get("sessions_ended"):
            words.append(f"结束了 {detail['sessions_ended']} 个登录会话")
        return _by("，".join(words), detail)
    if kind == "settings.changed":
        return f"{detail.get('name', '')}：{detail.get('old', '')} → {detail.get('new', '')}"
    if kind in CATALOG_EDITS:
        return _catalog_edit(kind, detail)
    return ""


CATALOG_EDITS = ("scenario.added", "scenario.changed", "scenario.retired", "window.added",
                 "window.changed", "window.retired", "queue.changed", "queue.added")
FIELD_WORDS = {"name": "名称", "section": "分区", "materials": "办理要件", "notice": "提示",
               "time_limit": "办理时限", "phone": "电话", "queue": "队列", "active": "启用状态",
               "queues": "受理队列", "prefix": "前缀", "domain": "领域", "daily_cap": "每日放号量",
               "kind": "队列类型", "serves_all": "无差别综合受理"}
WAITING_WORDS = {"keep": "排队群众保留", "close": "排队的号已取消", "move_to": "排队的号已转到其他队列"}


def _catalog_edit(kind: str, detail: dict) -> str:
    """事项、窗口、队列 changes made in the browser: what, which fields, what became of waiting visitors."""
    subject = detail.get("name", "")
    if kind.startswith("queue."):
        old = detail.get("old_prefix")
        subject = f"{detail.get('queue', '')} {subject}" + (f"（原前缀 {old}）" if old and old != detail.get("queue") else "")
    parts = [subject]
    fields = [FIELD_WORDS.get(f, f) for f in detail.get("fields", [])]
    if fields and kind.endswith(".changed"):
        parts.append("修改了" + "、".join(fields))
    if detail.get("queues") is not None and kind.startswith("window."):
        parts.append("受理队列 " + ("、".join(detail["queues"]) or "无"))
    if detail.get("waiting"):
        parts.append(WAITING_WORDS.get(detail["waiting"], detail["waiting"]))
    return "；".join(p for p in parts if p)


def _shown(name: str, value: object) -> str:
    """A before/after value as a manager reads it (windows, roles, empty text)."""
    if name == "windows":
        return "全部窗口" if value is None else ("无" if not value else
                                              "、".join(f"{n}号" for n in value))  # type: ignore[union-attr]
    if name == "role":
        return ROLE_WORDS.get(str(value), str(value))
    text = "" if value is None else str(value)
    if not text:
        return "（空）"
    return text if len(text) <= 40 else text[:40] + "…"


def _by(text: str, detail: dict) -> str:
    """``text`` with who did it (a manager on the administration pages), if recorded."""
    if detail.get("by_name"):
        return f"{text}（操作人：{detail['by_name']}）" if text else f"操作人：{detail['by_name']}"
    return text
