"""Record a rating: checks (finished, in time, not rated yet), the row, the event log, a follow-up.

Who is rated is who FINISHED the ticket — the window and staff member of its ``finished``
(or ``transferred``) event — never whoever is signed in at that window now. The unique key
on ``rating.ticket_id`` decides between two submissions at the same moment; the loser gets
``AlreadyRated``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall, Window
from bianmin.db import Database
from bianmin.hall import hours as hall_hours
from bianmin.queue.clock import as_aware
from bianmin.queue.errors import UnknownTicket
from bianmin.queue.models import Ticket, TicketEvent, TicketStatus
from bianmin.ratings.errors import AlreadyRated, NotFinished, RatingClosed
from bianmin.ratings.events import TicketRated
from bianmin.ratings.followup import WorkingDay, due_at
from bianmin.ratings.levels import checked_phone, checked_reasons, checked_remark, is_bad
from bianmin.ratings.models import Rating, RatingFollowUp

# the event-log kinds that end a ticket at a window, and so make it rateable
ENDING = {TicketStatus.DONE: "finished", TicketStatus.TRANSFERRED: "transferred"}


class Channel:
    TABLET = "tablet"
    PHONE = "phone"


@dataclass(frozen=True)
class RatingRules:
    """The settings a rating is checked against (bianmin.settings: rating_*, followup_*)."""

    rating_days: int = 7
    tablet_minutes: int = 10
    followup_working_days: int = 3
    # None: the hall's own calendar (its holidays and 调休 days, hall/hours.py)
    is_working_day: WorkingDay | None = None

    @classmethod
    def of(cls, settings: RatingSettings) -> RatingRules:
        """The rules of the hall's settings: one reading for the API and the status page."""
        return cls(rating_days=settings.rating_days, tablet_minutes=settings.rating_tablet_minutes,
                   followup_working_days=settings.followup_working_days)


class RatingSettings(Protocol):
    """What the rules read of ``bianmin.settings.Settings`` (the domain does not import it)."""

    rating_days: int
    rating_tablet_minutes: int
    followup_working_days: int


@dataclass(frozen=True)
class Finish:
    """A ticket as it left the window: what a rating needs before it may be recorded."""

    ticket_id: int
    hall_id: int
    hall_code: str
    code: str
    status: str
    # None while the ticket is not finished (or ended without service: no-show, cancelled)
    window_id: int | None
    window_number: int | None
    staff_id: int | None
    at: datetime | None

    @property
    def finished(self) -> bool:
        return self.at is not None

    def require_open(self, now: datetime, rules: RatingRules, *, tablet: bool) -> None:
        """NotFinished, or RatingClosed after ``rating_days`` (a tablet: ``tablet_minutes``)."""
        if self.at is None:
            raise NotFinished()
        if tablet and now - self.at > timedelta(minutes=rules.tablet_minutes):
            raise RatingClosed("这个号办结已超过 {} 分钟，请扫描小票上的二维码用手机评价。"
                               .format(rules.tablet_minutes))
        if now - self.at > timedelta(days=rules.rating_days):
            raise RatingClosed(f"办结已超过 {rules.rating_days} 天，不能再评价了。谢谢您！")


def finish_of(session: Session, ticket_id: int) -> Finish:
    """The ticket and who finished it, or UnknownTicket."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise UnknownTicket()
    hall_code = session.scalar(select(Hall.code).where(Hall.id == ticket.hall_id)) or ""
    kind = ENDING.get(TicketStatus(ticket.status))
    event = None if kind is None else session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == kind)
        .order_by(TicketEvent.id.desc()).limit(1)
    ).first()
    if event is None or event.window_id is None:
        return Finish(ticket.id, ticket.hall_id, hall_code, ticket.code, str(ticket.status),
                      None, None, None, None)
    number = session.scalar(select(Window.number).where(Window.id == event.window_id))
    return Finish(ticket.id, ticket.hall_id, hall_code, ticket.code, str(ticket.status),
                  event.window_id, number, event.staff_id, as_aware(event.at))


def read_finish(db: Database, ticket_id: int) -> Finish:
    with db.read() as session:
        return finish_of(session, ticket_id)


@dataclass(frozen=True)
class RatingInput:
    level: int
    reasons: list[str]
    remark: str
    phone: str
    channel: str


def record_rating(
    db: Database, ticket_id: int, given: RatingInput, now: datetime, rules: RatingRules,
) -> tuple[int, TicketRated]:
    """Store the rating (and a follow-up for a bad one); (rating id, the event to publish)."""
    reasons = checked_reasons(given.level, given.reasons)
    remark, phone = checked_remark(given.remark), checked_phone(given.phone)
    try:
        with db.write() as session:
            finish = finish_of(session, ticket_id)
            finish.require_open(now, rules, tablet=given.channel == Channel.TABLET)
            if session.scalar(select(Rating.id).where(Rating.ticket_id == ticket_id)) is not None:
                raise AlreadyRated()
            ticket = session.get(Ticket, ticket_id)
            assert ticket is not None  # finish_of found it in this transaction
            rating = Rating(
                hall_id=ticket.hall_id, ticket_id=ticket.id, level=given.level, reasons=reasons,
                remark=remark, phone=phone, channel=given.channel, window_id=finish.window_id,
                staff_id=finish.staff_id, queue_id=ticket.queue_id,
                scenario_id=ticket.scenario_id, business_day=ticket.business_day, created_at=now,
            )
            session.add(rating)
            session.flush()  # the unique key speaks here on PostgreSQL
            session.add(TicketEvent(
                hall_id=ticket.hall_id, ticket_id=ticket.id, kind="rated", at=now,
                window_id=finish.window_id, staff_id=finish.staff_id,
                data={"number": ticket.code, "level": given.level, "reasons": reasons,
                      "channel": given.channel, "rating_id": rating.id},
            ))
            if is_bad(given.level):
                zone, hours = session.execute(select(Hall.timezone, Hall.hours)
                                              .where(Hall.id == ticket.hall_id)).one()
                # the hall's holidays and 调休 days count as the notices' promised dates do
                working = rules.is_working_day or partial(hall_hours.is_working_day, hours)
                session.add(RatingFollowUp(
                    rating_id=rating.id, hall_id=ticket.hall_id,
                    due_at=due_at(now, rules.followup_working_days, zone or "Asia/Shanghai",
                                  working),
                ))
            event = TicketRated(
                hall_id=ticket.hall_id, ticket_id=ticket.id, rating_id=rating.id,
                number=ticket.code, level=given.level, reasons=tuple(reasons),
                channel=given.channel, window_id=finish.window_id,
                window_number=finish.window_number, staff_id=finish.staff_id,
                business_day=ticket.business_day, at=now,
            )
            rating_id = rating.id
    except IntegrityError:
        raise AlreadyRated() from None
    return rating_id, event
