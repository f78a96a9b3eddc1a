"""What the wait estimate reads from the hall: recent services and the windows open now.

The estimate itself is the pure ``queue/estimate.py``; this module gathers its inputs. A
window counts as open for a queue when it serves the queue, is active, a member of staff is
signed in at it (a live session of the hall's staff) and it is not paused (暂停服务).
Services are the queue's last ``SAMPLES`` finished tickets of the past week (start → finish),
today's first: the recent pace of this queue, not a constant.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Window, window_group_member
from bianmin.queue.clock import as_aware
from bianmin.queue.estimate import SAMPLES, Estimate, estimate_wait
from bianmin.queue.models import Priority, Ticket, TicketStatus
from bianmin.queue.windows import WindowState
from bianmin.staff.models import Staff, StaffSession

LOOKBACK_DAYS = 7


def recent_services(session: Session, queue_id: int, now: datetime) -> list[float]:
    """Seconds from start to finish of the queue's latest services within a week, newest first."""
    rows = session.execute(
        select(Ticket.started_at, Ticket.finished_at)
        .where(Ticket.queue_id == queue_id, Ticket.status == TicketStatus.DONE,
               Ticket.started_at.is_not(None), Ticket.finished_at.is_not(None),
               Ticket.finished_at >= now - timedelta(days=LOOKBACK_DAYS))
        .order_by(Ticket.finished_at.desc())
        .limit(SAMPLES)
    )
    return [(as_aware(end) - as_aware(start)).total_seconds() for start, end in rows]


def open_windows(session: Session, hall_id: int, queue_id: int, now: datetime) -> int:
    """Windows serving the queue with someone signed in and not paused."""
    staffed = (
        select(StaffSession.window_number)
        .join(Staff, Staff.id == StaffSession.staff_id)
        .where(Staff.hall_id == hall_id, StaffSession.window_number.is_not(None),
               StaffSession.ended_at.is_(None), StaffSession.expires_at > now)
    )
    return session.scalar(
        select(func.count(distinct(Window.id)))
        .join(window_group_member, window_group_member.c.window_id == Window.id)
        .outerjoin(WindowState, WindowState.window_id == Window.id)
        .where(window_group_member.c.window_group_id == queue_id, Window.hall_id == hall_id,
               Window.active.is_(True), Window.number.in_(staffed),
               or_(WindowState.paused.is_(None), WindowState.paused.is_(False)))
    ) or 0


def waiting_before(session: Session, hall_id: int, queue_id: int, day, priority: Priority) -> int:  # type: ignore[no-untyped-def]
    """Who a new ticket of this priority would wait behind: green first, then everyone else."""
    query = select(func.count(Ticket.id)).where(
        Ticket.hall_id == hall_id, Ticket.queue_id == queue_id, Ticket.business_day == day,
        Ticket.status == TicketStatus.WAITING)
    if priority == Priority.GREEN:
        query = query.where(Ticket.priority == Priority.GREEN)
    return session.scalar(query) or 0


def estimate_for(session: Session, hall_id: int, queue_id: int, ahead: int, now: datetime) -> Estimate:
    """The estimate for a visitor with ``ahead`` people before them in this queue."""
    return estimate_wait(ahead, recent_services(session, queue_id, now),
                         open_windows(session, hall_id, queue_id, now))



