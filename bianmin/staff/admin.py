"""Account administration for ``bianmin staff …``: list, disable, enable, end sessions.

Each change is one write transaction that also writes its audit row; disabling an account
ends its sessions in the same transaction, so no request after the commit gets through.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bianmin.audit.record import record
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall, utcnow
from bianmin.db import Database
from bianmin.errors import NotFound
from bianmin.staff.models import Staff, StaffSession
from bianmin.staff.service import StaffInfo, info_of, load_staff
from bianmin.staff.sessions import EndReason, end_sessions_of


class UnknownStaff(NotFound):
    code = "unknown_staff"
    message = "没有这个工作人员账号。"


@dataclass(frozen=True)
class AccountRow:
    info: StaffInfo
    active: bool
    live_sessions: int


def list_staff(db: Database, *, hall_code: str | None = None) -> list[AccountRow]:
    """Every account (of one hall), by hall and username, with its live session count."""
    now = utcnow()
    live = (
        select(StaffSession.staff_id, func.count().label("n"))
        .where(StaffSession.ended_at.is_(None), StaffSession.expires_at > now)
        .group_by(StaffSession.staff_id).subquery()
    )
    query = (
        select(Staff, Hall, func.coalesce(live.c.n, 0))
        .join(Hall, Hall.id == Staff.hall_id)
        .outerjoin(live, live.c.staff_id == Staff.id)
        .order_by(Hall.code, Staff.username)
    )
    with db.read() as session:
        if hall_code is not None:
            if session.scalar(select(Hall.id).where(Hall.code == hall_code)) is None:
                raise UnknownHall(hall=hall_code)
            query = query.where(Hall.code == hall_code)
        return [AccountRow(info_of(staff, hall), staff.active, count)
                for staff, hall, count in session.execute(query).all()]


def set_active(db: Database, username: str, active: bool) -> tuple[StaffInfo, int]:
    """Disable (ending every session) or enable an account; (account, sessions ended)."""
    with db.write() as session:
        staff = _account(session, username)
        ended = 0
        if not active:
            ended = end_sessions_of(session, staff.id, EndReason.DISABLED)
        if staff.active != active:
            staff.active = active
            record(session, "staff.enabled" if active else "staff.disabled", hall_id=staff.hall_id,
                   staff_id=staff.id, username=staff.username, sessions_ended=ended)
        return info_of(staff, session.get(Hall, staff.hall_id)), ended


def sign_out_everywhere(db: Database, username: str) -> int:
    """End every live session of an account (``bianmin staff sign-out``); how many."""
    with db.write() as session:
        staff = _account(session, username)
        return end_sessions_of(session, staff.id, EndReason.REVOKED)


def find_account(db: Database, username: str) -> StaffInfo:
    with db.read() as session:
        staff = _account(session, username)
        return info_of(staff, session.get(Hall, staff.hall_id))


def _account(session: Session, username: str) -> Staff:
    staff = load_staff(session, select(Staff).where(Staff.username == username))
    if staff is None:
        raise UnknownStaff(f"没有用户名为 {username} 的工作人员账号。")
    return staff
