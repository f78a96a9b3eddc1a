"""What the rating side tells the hall after the commit (published by bianmin.web.publish)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class TicketRated:
    """A visitor rated a ticket: to its window's room (tablet, counter) and the managers."""

    hall_id: int
    ticket_id: int
    rating_id: int
    number: str
    level: int
    reasons: tuple[str, ...]
    channel: str
    window_id: int | None
    window_number: int | None
    staff_id: int | None
    business_day: date
    at: datetime


@dataclass(frozen=True)
class FollowUpChanged:
    """A follow-up was opened, gained a note or was closed: to the hall's managers."""

    hall_id: int
    rating_id: int
    state: str
    action: str
    at: datetime
