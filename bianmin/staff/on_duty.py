"""Who is on duty at a window: the live sessions signed in there (the rating tablet shows them).

Several people may be signed in at one window (AB岗); the most recent sign-in comes first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bianmin.db import Database
from bianmin.staff.models import Staff, StaffSession


@dataclass(frozen=True)
class OnDuty:
    staff_id: int
    name: str
    employee_no: str
    # the photo's file name under <instance>/staff_photos; "" = none
    photo: str
    since: datetime


def on_duty(db: Database, hall_id: int, window_number: int, now: datetime) -> list[OnDuty]:
    with db.read() as session:
        rows = session.execute(
            select(Staff, StaffSession.created_at).join(StaffSession, StaffSession.staff_id == Staff.id)
            .where(Staff.hall_id == hall_id, Staff.active.is_(True),
                   StaffSession.window_number == window_number,
                   StaffSession.ended_at.is_(None), StaffSession.expires_at > now)
            .order_by(StaffSession.created_at.desc(), StaffSession.id.desc())
        ).all()
    seen: dict[int, OnDuty] = {}
    for staff, since in rows:
        if staff.id not in seen:
            seen[staff.id] = OnDuty(staff.id, staff.display_name or staff.username,
                                    staff.employee_no or "", staff.photo or "", since)
    return list(seen.values())
