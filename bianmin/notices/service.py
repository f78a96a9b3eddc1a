"""Issue a notice inside the finishing transaction, and read notices back.

``issue`` runs inside ``bianmin.queue.calling.finish``'s write transaction, after the
ticket is closed: the notice, its document number and the outcome commit together or not
at all. Printing happens after the commit (bianmin/web/notice_printing.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall, Scenario, TimeLimitKind, Window
from bianmin.hall.hours import add_working_days
from bianmin.notices.errors import IncompleteNotice, UnknownNotice
from bianmin.notices.kinds import (
    MAX_MISSING,
    MAX_NOTE,
    MAX_REASON,
    MAX_TURN_TO,
    TITLES,
    NoticeKind,
)
from bianmin.notices.models import Notice
from bianmin.notices.numbering import document_number, next_seq
from bianmin.queue.cards import scenario_card
from bianmin.queue.clock import as_aware, hall_zone
from bianmin.queue.models import Ticket
from bianmin.staff.models import Staff


@dataclass(frozen=True)
class NoticeDraft:
    """What staff chose at the counter: ticked checklist positions (1-based) and texts."""

    missing: tuple[int, ...] = ()
    note: str = ""
    reason: str = ""
    turn_to: str = ""


@dataclass(frozen=True)
class NoticeData:
    """A notice as printed and shown (plain data: the layout and the pages read it)."""

    id: int
    ticket_id: int
    kind: NoticeKind
    title: str
    number: str
    hall_name: str
    window_number: int
    window_name: str
    window_phone: str
    staff_label: str
    ticket_number: str
    scenario: str
    matter: str
    missing: list[str] = field(default_factory=list)
    note: str = ""
    reason: str = ""
    turn_to: str = ""
    time_limit: str = ""
    promised_days: int | None = None
    promised_date: date | None = None
    complaint_phone: str = ""
    issued_at: datetime | None = None  # aware, in the hall's timezone


def staff_label(staff: Staff | None) -> str:
    """张晓梅（工号 0123）; the username when the account has no name; "" for nobody."""
    if staff is None:
        return ""
    name = staff.display_name.strip() or staff.username
    return f"{name}（工号 {staff.employee_no}）" if staff.employee_no else name


def checked_draft(kind: NoticeKind, draft: NoticeDraft, materials: tuple[str, ...]) -> NoticeDraft:
    """The draft with texts trimmed; IncompleteNotice (400) says what is missing in Chinese."""
    note, reason, turn_to = draft.note.strip(), draft.reason.strip(), draft.turn_to.strip()
    for text, limit, label in ((note, MAX_NOTE, "补充说明"), (reason, MAX_REASON, "不予受理理由"),
                               (turn_to, MAX_TURN_TO, "转往")):
        if len(text) > limit or "\x00" in text:
            raise IncompleteNotice(f"{label}最多 {limit} 个字。", code="invalid_notice")
    missing = tuple(sorted(set(draft.missing)))
    if len(missing) > MAX_MISSING or any(p < 1 or p > len(materials) for p in missing):
        raise IncompleteNotice(
            f"缺少的材料须从本事项的材料清单中勾选（第 1–{len(materials)} 项）。",
            code="invalid_notice")
    if kind is NoticeKind.SUPPLEMENT and not missing and not note:
        raise IncompleteNotice("补正须勾选缺少的材料，或在补充说明里写明要补的材料。")
    if kind is NoticeKind.REFUSED and not reason:
        raise IncompleteNotice("退办须选择或填写不予受理的理由。")
    if kind is not NoticeKind.SUPPLEMENT:
        missing = ()
    if kind is not NoticeKind.REFUSED:
        reason, turn_to = "", ""
    return NoticeDraft(missing, note, reason, turn_to)


def issue(
    session: Session, *, hall: Hall, window: Window, staff_id: int | None, ticket: Ticket,
    kind: NoticeKind, draft: NoticeDraft, day: date, now: datetime,
) -> Notice:
    """Add the notice of this finished ticket, with the hall's next document number."""
    card = scenario_card(session, ticket.scenario_id, hall.catalog_version)
    materials = card.materials if card else ()
    draft = checked_draft(kind, draft, materials)
    scenario = session.get(Scenario, ticket.scenario_id)
    promised_days = promised_date = None
    if (kind is NoticeKind.ACCEPTED and scenario is not None
            and scenario.time_limit_kind == TimeLimitKind.WORKING_DAYS and scenario.promised_days):
        promised_days = scenario.promised_days
        promised_date = add_working_days(hall.hours, day, promised_days)
    seq = next_seq(session, hall.id, day)
    notice = Notice(
        hall_id=hall.id, ticket_id=ticket.id, kind=kind.value, business_day=day, seq=seq,
        number=document_number(hall.name, day, seq), hall_name=hall.name,
        window_number=window.number, window_name=window.name or window.label,
        window_phone=window.phone or (scenario.phone if scenario else ""),
        staff_id=staff_id,
        staff_label=staff_label(session.get(Staff, staff_id) if staff_id else None),
        ticket_number=ticket.code, scenario=card.scenario_name if card else "",
        matter=card.matter if card else "",
        missing=[materials[p - 1] for p in draft.missing], note=draft.note,
        reason=draft.reason, turn_to=draft.turn_to,
        time_limit=card.time_limit if card else "", promised_days=promised_days,
        promised_date=promised_date, complaint_phone=hall.complaint_phone, issued_at=now,
    )
    session.add(notice)
    session.flush()
    return notice


def notice_data(notice: Notice, zone: str) -> NoticeData:
    kind = NoticeKind(notice.kind)
    return NoticeData(
        id=notice.id, ticket_id=notice.ticket_id, kind=kind, title=TITLES[kind],
        number=notice.number, hall_name=notice.hall_name, window_number=notice.window_number,
        window_name=notice.window_name, window_phone=notice.window_phone,
        staff_label=notice.staff_label, ticket_number=notice.ticket_number,
        scenario=notice.scenario, matter=notice.matter, missing=list(notice.missing or []),
        note=notice.note, reason=notice.reason, turn_to=notice.turn_to,
        time_limit=notice.time_limit, promised_days=notice.promised_days,
        promised_date=notice.promised_date, complaint_phone=notice.complaint_phone,
        issued_at=as_aware(notice.issued_at).astimezone(hall_zone(zone)),
    )


def load(session: Session, notice_id: int) -> NoticeData:
    """A notice by id, as data; UnknownNotice (404) if there is none."""
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise UnknownNotice()
    return notice_data(notice, _zone(session, notice.hall_id))


def of_ticket(session: Session, ticket_id: int) -> NoticeData | None:
    """The notice the ticket's visit ended with, if any."""
    notice = session.scalar(select(Notice).where(Notice.ticket_id == ticket_id))
    return notice_data(notice, _zone(session, notice.hall_id)) if notice else None


def hall_of(session: Session, notice_id: int) -> int:
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise UnknownNotice()
    return notice.hall_id


def _zone(session: Session, hall_id: int) -> str:
    return session.scalar(select(Hall.timezone).where(Hall.id == hall_id)) or "Asia/Shanghai"


def last_at_window(session: Session, hall_id: int, window_number: int, day: date) -> NoticeData | None:
    """The newest notice issued at the window on ``day`` (the counter's 补打通知书)."""
    notice = session.scalar(
        select(Notice).where(Notice.hall_id == hall_id, Notice.window_number == window_number,
                             Notice.business_day == day)
        .order_by(Notice.id.desc()).limit(1))
    return notice_data(notice, _zone(session, hall_id)) if notice else None
