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
from sqlalchemy.orm import Session

from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.guide import withdrawn_message
from bianmin.catalog.models import Hall, Window
from bianmin.db import Database
from bianmin.queue import limits
from bianmin.queue import statements as sql
from bianmin.queue.cards import QueueRef, ScenarioCard, WindowInfo, queue_ref, scenario_card  # noqa: F401
from bianmin.queue.clock import Clock, as_aware, business_day, hall_zone, system_clock
from bianmin.queue.errors import (
    GreenReasonRequired,
    MatterWithdrawn,
    RequestIdReused,
    UnknownScenario,
    UnknownTicket,
)
from bianmin.queue.events import DomainEvent, QueueChanged, TicketIssued
from bianmin.queue.models import Priority, Ticket, TicketSource, TicketStatus
from bianmin.queue.numbering import next_number, ticket_code
from bianmin.queue.versions import next_versions

# a lost race on the request_id unique constraint (PostgreSQL) is retried this often
_ATTEMPTS = 3


@dataclass(frozen=True)
class Assisted:
    """帮办代办: the member of staff who took the number for the visitor, and why a green
    ticket is green (the reason is kept on the issued event for the audit trail)."""

    staff_id: int
    green_reason: str = ""


@dataclass(frozen=True)
class IssueResult:
    ticket_id: int
    created: bool
    events: list[DomainEvent] = field(default_factory=list)
    # the new ticket as screens show it (None for a repeated request: read it with ticket_info)
    info: TicketInfo | None = None


def _from_card(name: str) -> property:
    """A read-only attribute of TicketInfo that is the scenario card's field ``name``."""
    return property(lambda info: getattr(info.card, name), doc=f"ScenarioCard.{name}")


@dataclass(frozen=True)
class TicketInfo:
    """Everything a screen, a status page or a printed slip shows about one ticket."""

    id: int
    number: str
    status: TicketStatus
    priority: Priority
    business_day: date
    issued_at: datetime
    ahead: int
    called_window: int | None
    card: ScenarioCard
    # the queue the ticket waits in: after a transfer not the scenario's own queue
    queue: QueueRef
    # kiosk, or guide: issued at the guide desk for the visitor (帮办代办)
    source: TicketSource = TicketSource.KIOSK

    @property
    def queue_id(self) -> int:
        return self.queue.id

    @property
    def queue_name(self) -> str:
        return self.queue.name

    @property
    def queue_prefix(self) -> str:
        return self.queue.prefix

    @property
    def windows(self) -> tuple[WindowInfo, ...]:
        return self.queue.windows

    # the hall's and the scenario's fields, from the scenario's card (named, not guessed)
    hall_id = _from_card("hall_id")
    hall_code = _from_card("hall_code")
    hall_name = _from_card("hall_name")
    hall_timezone = _from_card("hall_timezone")
    complaint_phone = _from_card("complaint_phone")
    catalog_version = _from_card("catalog_version")
    scenario_id = _from_card("scenario_id")
    scenario_name = _from_card("scenario_name")
    active = _from_card("active")
    matter = _from_card("matter")
    materials = _from_card("materials")
    notice = _from_card("notice")
    time_limit = _from_card("time_limit")
    role_label = _from_card("role_label")
    phone = _from_card("phone")
    ticket_footer = _from_card("ticket_footer")

    @property
    def issued_at_local(self) -> datetime:
        return self.issued_at.astimezone(hall_zone(self.card.hall_timezone))


def issue_ticket(
    db: Database,
    *,
    hall_code: str,
    scenario_id: int,
    priority: Priority = Priority.NORMAL,
    request_id: str | None = None,
    kiosk: str = "",
    clock: Clock = system_clock,
    by: Assisted | None = None,
) -> IssueResult:
    """Give the visitor the next number of the scenario's queue, once per ``request_id``.

    ``by``: staff at the guide desk issue for the visitor (帮办代办); the ticket's source
    and its issued event say so, with the staff member and a green channel's reason.
    """
    if by is not None and priority == Priority.GREEN and not by.green_reason.strip():
        raise GreenReasonRequired(fields=[{"field": "green_reason", "problem": "绿色通道须写明原因。"}])
    for attempt in range(_ATTEMPTS):
        try:
            return _issue_once(db, hall_code, scenario_id, priority, request_id, kiosk, clock, by)
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
    by: Assisted | None = None,
) -> IssueResult:
    with db.write() as session:
        conn = session.connection()
        hall = conn.execute(sql.HALL_BY_CODE, {"code": hall_code}).first()
        if hall is None:
            raise UnknownHall()
        if request_id:
            existing = conn.execute(
                sql.TICKET_BY_REQUEST, {"hall_id": hall.id, "request_id": request_id}
            ).first()
            if existing is not None:
                if existing.scenario_id != scenario_id:
                    raise RequestIdReused()
                return IssueResult(existing.id, created=False)
        card = scenario_card(session, scenario_id, hall.catalog_version)
        if card is None or card.hall_id != hall.id or not card.active:
            raise UnknownScenario()
        if card.withdrawn or card.queue is None:
            raise MatterWithdrawn(withdrawn_message(card.handed_to) + "。此事项不取号。",
                                  handed_to=card.handed_to)
        now = clock()
        state = limits.gate(hall.hours, hall.timezone, hall.long_cutoff_minutes, now)
        refused = limits.refusal(state, now, long=card.long)
        if refused is not None:
            raise refused
        day = business_day(now, hall.timezone)
        where = {"hall_id": hall.id, "day": day, "queue_id": card.queue.id}
        number = next_number(session, hall.id, day, card.queue.id)
        cap = conn.execute(sql.QUEUE_CAP, {"queue_id": card.queue.id}).scalar()
        if cap is not None:
            # the counter row just taken holds off every other issuer of this queue until
            # commit, so the count is exact; a refusal rolls the number back with it
            issued = conn.execute(sql.ISSUED_TODAY, where).scalar_one()
            over = limits.full(cap, issued, limits.next_day_opening(hall.hours, hall.timezone, now), now)
            if over is not None:
                raise over
        code = ticket_code(card.queue.prefix, number)
        ticket_id = conn.execute(sql.INSERT_TICKET, {
            "hall_id": hall.id, "queue_id": card.queue.id, "scenario_id": scenario_id,
            "business_day": day, "number": number, "code": code, "priority": priority,
            "status": TicketStatus.WAITING, "request_id": request_id or None,
            "issued_at": now, "queued_since": now, "kiosk": kiosk[:100], "recall_count": 0,
            "source": TicketSource.GUIDE if by else TicketSource.KIOSK,
        }).scalar_one()
        data = {"number": code, "queue_id": card.queue.id, "priority": priority.value,
                "kiosk": kiosk[:100]}
        if by is not None:
            data.update(source=TicketSource.GUIDE.value, green_reason=by.green_reason)
        conn.execute(sql.INSERT_EVENT, {
            "hall_id": hall.id, "ticket_id": ticket_id, "kind": "issued", "at": now,
            "staff_id": by.staff_id if by else None, "data": data,
        })
        counts = {Priority(p): n for p, n in conn.execute(sql.WAITING_BY_PRIORITY, where)}
        green, normal = counts.get(Priority.GREEN, 0), counts.get(Priority.NORMAL, 0)
        # the newest ticket of its class: everyone of its class waits before it, and a
        # normal ticket also waits behind every green one
        ahead = green - 1 if priority == Priority.GREEN else green + normal - 1
        first_version = next_versions(session, hall.id, 2)
    events: list[DomainEvent] = [
        TicketIssued(
            hall_id=hall.id, ticket_id=ticket_id, number=code, queue_id=card.queue.id,
            scenario_id=scenario_id, priority=priority.value, at=now, version=first_version,
        ),
        QueueChanged(hall_id=hall.id, version=first_version + 1, at=now,
                     waiting={card.queue.id: green + normal}),
    ]
    info = TicketInfo(
        id=ticket_id, number=code, status=TicketStatus.WAITING, priority=priority,
        business_day=day, issued_at=now, ahead=ahead, called_window=None, card=card,
        queue=card.queue, source=TicketSource.GUIDE if by else TicketSource.KIOSK,
    )
    return IssueResult(ticket_id, created=True, events=events, info=info)


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
    # the place in the line: queued_since, or line_at after a 过号 re-queue (queue.policy)
    key = ticket.line_at or ticket.queued_since
    line = func.coalesce(Ticket.line_at, Ticket.queued_since)
    earlier = or_(line < key, and_(line == key, Ticket.id < ticket.id))
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
    row = session.execute(
        select(Ticket, Hall.catalog_version, Window.number)
        .join(Hall, Hall.id == Ticket.hall_id)
        .outerjoin(Window, Window.id == Ticket.window_id)
        .where(Ticket.id == ticket_id)
    ).first()
    if row is None:
        raise UnknownTicket()
    ticket, catalog_version, window_number = row
    card = scenario_card(session, ticket.scenario_id, catalog_version)
    queue = (card.queue if card.queue is not None and card.queue.id == ticket.queue_id
             else queue_ref(session, ticket.queue_id))
    return TicketInfo(
        id=ticket.id,
        number=ticket.code,
        status=TicketStatus(ticket.status),
        priority=Priority(ticket.priority),
        business_day=ticket.business_day,
        issued_at=as_aware(ticket.issued_at),
        ahead=people_ahead(session, ticket),
        called_window=window_number,
        card=card,
        queue=queue,
        source=TicketSource(ticket.source),
    )
