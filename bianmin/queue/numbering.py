"""Daily ticket numbers: one atomic upsert on the counter row, inside the ticket's transaction.

``INSERT … ON CONFLICT DO UPDATE SET last_number = last_number + 1 RETURNING last_number``
hands out 1, 2, 3 … per (hall, business day, queue) with no gaps and no duplicates: if the
ticket's transaction rolls back, so does the increment. The unique constraint on the ticket
number is the safety net. No count()+1, no sequences, no file locks.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bianmin.queue.models import TicketCounter

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def next_number(session: Session, hall_id: int, day: date, queue_id: int) -> int:
    insert = _INSERTS[session.get_bind().dialect.name]
    statement = (
        insert(TicketCounter)
        .values(hall_id=hall_id, business_day=day, queue_id=queue_id, last_number=1)
        .on_conflict_do_update(
            index_elements=["hall_id", "business_day", "queue_id"],
            set_={"last_number": TicketCounter.last_number + 1},
        )
        .returning(TicketCounter.last_number)
    )
    return session.execute(statement).scalar_one()


def ticket_code(prefix: str, number: int) -> str:
    """A012: the queue's prefix and at least three digits."""
    return f"{prefix}{number:03d}"
