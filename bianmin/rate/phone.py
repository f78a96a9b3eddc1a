"""Whether the status page behind a ticket's QR code offers the rating, shows it, or neither.

The page asks once when it is drawn; the rules are the domain's (``bianmin.ratings``):
a finished or transferred ticket may be rated by phone within ``rating_days``, once.
Pure of Flask: it takes the session, the time and the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bianmin.ratings.errors import NotFinished, RatingClosed
from bianmin.ratings.queries import rating_of_ticket
from bianmin.ratings.record import RatingRules, finish_of


@dataclass(frozen=True)
class PhoneRating:
    """``open`` (offer the form), ``rated`` (show it), ``closed`` (too late) or ``none``."""

    state: str
    window: int | None = None
    recorded: dict | None = None
    message: str = ""


def phone_rating(session: Session, ticket_id: int, now: datetime, rules: RatingRules) -> PhoneRating:
    finish = finish_of(session, ticket_id)
    recorded = rating_of_ticket(session, ticket_id, now)
    if recorded is not None:
        return PhoneRating("rated", finish.window_number, recorded)
    try:
        finish.require_open(now, rules, tablet=False)
    except NotFinished:
        return PhoneRating("none")
    except RatingClosed as closed:
        return PhoneRating("closed", finish.window_number, message=closed.message)
    return PhoneRating("open", finish.window_number)
