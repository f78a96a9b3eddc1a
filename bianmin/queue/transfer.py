"""转移: send the visitor at this window to another queue, or to one particular window.

The ticket at the window becomes ``transferred``; a NEW waiting ticket is issued in the
target queue with that queue's next number, linked by ``transferred_from_id``. It keeps the
original ``queued_since`` and priority, so the visitor is not sent to the back of the line.
A transfer to a window puts the new ticket into that window's most specific queue (the one
with the fewest windows) and reserves it for that window (``for_window_id``).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Window, WindowGroup, window_group_member
from bianmin.db import Database
from bianmin.queue.call_errors import InvalidTransferTarget, UnknownQueue
from bianmin.queue.clock import Clock, system_clock
from bianmin.queue.desk import (
    Desk,
    TicketResult,
    current_or_fail,
    open_desk,
    queue_changed,
    ticket_result,
)
from bianmin.queue.events import TicketTransferred
from bianmin.queue.models import Ticket, TicketStatus
from bianmin.queue.numbering import next_number, ticket_code
from bianmin.queue.versions import next_version
from bianmin.queue.windows import find_window


def transfer(
    db: Database, hall_id: int, window_number: int, staff_id: int | None, *,
    queue: int | str | None = None, window: int | None = None, clock: Clock = system_clock,
) -> TicketResult:
    """Transfer the window's current ticket; returns the NEW waiting ticket."""
    if (queue is None) == (window is None):
        raise InvalidTransferTarget()
    with db.write() as session:
        desk = open_desk(session, hall_id, window_number, staff_id, clock)
        ticket = current_or_fail(session, desk)
        if window is not None:
            target_window = find_window(session, hall_id, window)
            if target_window.id == desk.window.id:
                raise InvalidTransferTarget("不能转给本窗口自己，请选择其他窗口或队列。")
            target = _queue_of_window(session, target_window)
        else:
            target_window = None
            target = _find_queue(session, hall_id, queue)
            if target.id == ticket.queue_id:
                raise InvalidTransferTarget(
                    f"{ticket.code} 号已经在“{target.name}”队列中；"
                    "如要转给同组的某个窗口，请选择窗口。"
                )
        new = _reissue(session, desk, ticket, target, target_window)
        ticket.status = TicketStatus.TRANSFERRED
        ticket.finished_at = desk.now
        desk.log(
            session, ticket, "transferred", to_queue_id=target.id,
            to_window=target_window.number if target_window else None,
            new_ticket_id=new.id, new_number=new.code,
        )
        desk.log(
            session, new, "transferred_in", from_ticket_id=ticket.id, from_number=ticket.code,
            from_window=desk.window.number, queue_id=target.id,
        )
        events = [
            TicketTransferred(
                hall_id=hall_id, ticket_id=ticket.id, new_ticket_id=new.id, number=ticket.code,
                new_number=new.code, from_window_number=desk.window.number,
                to_queue_id=target.id, at=desk.now, version=next_version(session, hall_id),
                scenario_id=ticket.scenario_id, scenario=ticket.scenario.name,
            ),
            queue_changed(session, desk, target.id),
        ]
        new_id = new.id
    return ticket_result(db, new_id, events)


def _reissue(
    session: Session, desk: Desk, old: Ticket, target: WindowGroup, window: Window | None
) -> Ticket:
    number = next_number(session, desk.hall.id, desk.day, target.id)
    new = Ticket(
        hall_id=desk.hall.id, queue_id=target.id, scenario_id=old.scenario_id,
        business_day=desk.day, number=number, code=ticket_code(target.prefix, number),
        priority=old.priority, status=TicketStatus.WAITING, issued_at=desk.now,
        queued_since=old.queued_since, transferred_from_id=old.id,
        for_window_id=window.id if window else None, kiosk=old.kiosk,
    )
    session.add(new)
    session.flush()
    return new


def _find_queue(session: Session, hall_id: int, queue: int | str | None) -> WindowGroup:
    """A queue by id (42, "42") or by its prefix ("B", "b")."""
    found = None
    if isinstance(queue, int) and not isinstance(queue, bool):
        found = session.get(WindowGroup, queue)
    elif isinstance(queue, str) and queue.strip().isdigit():
        found = session.get(WindowGroup, int(queue.strip()))
    elif isinstance(queue, str) and queue.strip():
        found = session.scalar(
            select(WindowGroup).where(
                WindowGroup.hall_id == hall_id, WindowGroup.prefix == queue.strip().upper()
            )
        )
    if found is None or found.hall_id != hall_id:
        raise UnknownQueue(queue=queue)
    return found


def _queue_of_window(session: Session, window: Window) -> WindowGroup:
    """The window's most specific queue: the one with the fewest windows, then the oldest."""
    members = (
        select(window_group_member.c.window_group_id, func.count().label("size"))
        .group_by(window_group_member.c.window_group_id)
        .subquery()
    )
    found = session.scalar(
        select(WindowGroup)
        .join(window_group_member, window_group_member.c.window_group_id == WindowGroup.id)
        .join(members, members.c.window_group_id == WindowGroup.id)
        .where(window_group_member.c.window_id == window.id)
        .order_by(members.c.size, WindowGroup.id)
        .limit(1)
    )
    if found is None:
        raise UnknownQueue(f"{window.number}号窗口不属于任何队列，不能转往该窗口。")
    return found
