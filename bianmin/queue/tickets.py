"""Issuing tickets and telling where a ticket stands.

``issue_ticket`` is one short write transaction: find or refuse the request, allocate the
day's next number, insert the ticket and its ``issued`` event, commit. It returns the domain
events; the caller publishes them and starts printing only after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bianmin.catalog.display import time_limit_text
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall, Scenario, WindowGroup
from bianmin.db import Database
from bianmin.queue.clock import Clock, as_aware, business_day, hall_zone, system_clock
from bianmin.queue.errors import RequestIdReused, UnknownScenario, UnknownTicket
from bianmin.queue.events import DomainEvent, QueueChanged, TicketIssued
from bianmin.queue.models import Priority, Ticket, TicketEvent, TicketStatus
from bianmin.queue.numbering import next_number, ticket_code
from bianmin.queue.versions import next_version

# a lost race on the request_id unique constraint (PostgreSQL) is retried this often
_ATTEMPTS = 3


@dataclass(frozen=True)
class IssueResult:
    ticket_id: int
    created: bool
    events: list[DomainEvent] = field(default_factory=list)


@dataclass(frozen=True)
class WindowInfo:
    number: int
    name: str
    phone: str


@dataclass(frozen=True)
class TicketInfo:
    """Everything a screen, a status page or a printed slip shows about one ticket."""

    id: int
    hall_code: str
    hall_name: str
    hall_timezone: str
    complaint_phone: str
    number: str
    status: TicketStatus
    priority: Priority
    business_day: date
    issued_at: datetime
    queue_id: int
    queue_name: str
    queue_prefix: str
    windows: list[WindowInfo]
    ahead: int
    scenario_id: int
    scenario_name: str
    matter: str
    materials: list[str]
    notice: str
    time_limit: str
    role_label: str
    phone: str
    called_window: int | None

    @property
    def issued_at_local(self) -> datetime:
        return self.issued_at.astimezone(hall_zone(self.hall_timezone))


def issue_ticket(
    db: Database,
    *,
    hall_code: str,
    scenario_id: int,
    priority: Priority = Priority.NORMAL,
    request_id: str | None = None,
    kiosk: str = "",
    clock: Clock = system_clock,
) -> IssueResult:
    """Give the visitor the next number of the scenario's queue, once per ``request_id``."""
    for attempt in range(_ATTEMPTS):
        try:
            return _issue_once(db, hall_code, scenario_id, priority, request_id, kiosk, clock)
        except IntegrityError:
            # another process inserted the same request_id first: the retry finds its ticket
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _issue_once(
    db: Database,
    hall_code: str,
    scenario_id: int,
    priority: Priority,
    request_id: str | None,
    kiosk: str,
    clock: Clock,
) -> IssueResult:
    with db.write() as session:
        hall = session.scalar(select(Hall).where(Hall.code == hall_code))
        if hall is None:
            raise UnknownHall()
        if request_id:
            existing = session.scalar(
                select(Ticket).where(Ticket.hall_id == hall.id, Ticket.request_id == request_id)
            )
            if existing is not None:
                if existing.scenario_id != scenario_id:
                    raise RequestIdReused()
                return IssueResult(existing.id, created=False)
        scenario = session.get(Scenario, scenario_id)
        if scenario is None or scenario.hall_id != hall.id or not scenario.active:
            raise UnknownScenario()
        now = clock()
        day = business_day(now, hall.timezone)
        queue = session.get(WindowGroup, scenario.window_group_id)
        number = next_number(session, hall.id, day, queue.id)
        ticket = Ticket(
            hall_id=hall.id,
            queue_id=queue.id,
            scenario_id=scenario.id,
            business_day=day,
            number=number,
            code=ticket_code(queue.prefix, number),
            priority=priority,
            status=TicketStatus.WAITING,
            request_id=request_id or None,
            issued_at=now,
            queued_since=now,
            kiosk=kiosk[:100],
        )
        session.add(ticket)
        session.flush()
        session.add(
            TicketEvent(
                hall_id=hall.id,
                ticket_id=ticket.id,
                kind="issued",
                at=now,
                data={"number": ticket.code, "queue_id": queue.id, "priority": priority.value,
                      "kiosk": ticket.kiosk},
            )
        )
        events = [
            TicketIssued(
                hall_id=hall.id, ticket_id=ticket.id, number=ticket.code, queue_id=queue.id,
                scenario_id=scenario.id, priority=priority.value, at=now,
                version=next_version(session, hall.id),
            ),
            QueueChanged(
                hall_id=hall.id, version=next_version(session, hall.id), at=now,
                waiting={queue.id: waiting_count(session, hall.id, day, queue.id)},
            ),
        ]
    return IssueResult(ticket.id, created=True, events=events)


def waiting_count(session: Session, hall_id: int, day: date, queue_id: int) -> int:
    return session.scalar(
        select(func.count(Ticket.id)).where(
            Ticket.hall_id == hall_id,
            Ticket.queue_id == queue_id,
            Ticket.business_day == day,
            Ticket.status == TicketStatus.WAITING,
        )
    ) or 0


def people_ahead(session: Session, ticket: Ticket) -> int:
    """Waiting tickets that will be called before this one (green channel first, then age)."""
    if ticket.status != TicketStatus.WAITING:
        return 0
    earlier = or_(
        Ticket.queued_since < ticket.queued_since,
        and_(Ticket.queued_since == ticket.queued_since, Ticket.id < ticket.id),
    )
    if ticket.priority == Priority.GREEN:
        before = and_(Ticket.priority == Priority.GREEN, earlier)
    else:
        before = or_(Ticket.priority == Priority.GREEN, earlier)
    return session.scalar(
        select(func.count(Ticket.id)).where(
            Ticket.hall_id == ticket.hall_id,
            Ticket.queue_id == ticket.queue_id,
            Ticket.business_day == ticket.business_day,
            Ticket.status == TicketStatus.WAITING,
            Ticket.id != ticket.id,
            before,
        )
    ) or 0


def ticket_info(session: Session, ticket_id: int) -> TicketInfo:
    """The ticket with its hall, queue, windows and checklist, and the people ahead now."""
    ticket = session.scalar(
        select(Ticket)
        .where(Ticket.id == ticket_id)
        .options(
            selectinload(Ticket.scenario).selectinload(Scenario.materials),
            selectinload(Ticket.scenario).selectinload(Scenario.matter),
            selectinload(Ticket.queue).selectinload(WindowGroup.windows),
            selectinload(Ticket.window),
        )
    )
    if ticket is None:
        raise UnknownTicket()
    hall = session.get(Hall, ticket.hall_id)
    scenario = ticket.scenario
    return TicketInfo(
        id=ticket.id,
        hall_code=hall.code,
        hall_name=hall.name,
        hall_timezone=hall.timezone,
        complaint_phone=hall.complaint_phone,
        number=ticket.code,
        status=TicketStatus(ticket.status),
        priority=Priority(ticket.priority),
        business_day=ticket.business_day,
        issued_at=as_aware(ticket.issued_at),
        queue_id=ticket.queue_id,
        queue_name=ticket.queue.name,
        queue_prefix=ticket.queue.prefix,
        windows=[WindowInfo(w.number, w.name or w.label, w.phone) for w in ticket.queue.windows],
        ahead=people_ahead(session, ticket),
        scenario_id=scenario.id,
        scenario_name=scenario.name,
        matter=scenario.matter.name if scenario.matter else "",
        materials=[m.text for m in scenario.materials],
        notice=scenario.notice,
        time_limit=time_limit_text(
            scenario.time_limit_kind, scenario.time_limit_raw,
            scenario.legal_days, scenario.promised_days,
        ),
        role_label=scenario.role_label,
        phone=scenario.phone,
        called_window=ticket.window.number if ticket.window else None,
    )
