"""Daily ticket numbers: one atomic upsert on the counter row, inside the ticket's transaction.

``INSERT … ON CONFLICT DO UPDATE SET last_number = last_number + 1 RETURNING last_number``
hands out 1, 2, 3 … per (hall, business day, queue) with no gaps and no duplicates: if the
ticket's transaction rolls back, so does the increment. The unique constraint on the ticket
number is the safety net. No count()+1, no sequences, no file locks.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bianmin.queue.statements import NEXT_NUMBER


def next_number(session: Session, hall_id: int, day: date, queue_id: int) -> int:
    conn = session.connection()
    params = {"hall_id": hall_id, "day": day, "queue_id": queue_id}
    return conn.execute(NEXT_NUMBER[conn.dialect.name], params).scalar_one()


def ticket_code(prefix: str, number: int) -> str:
    """A012: the queue's prefix and at least three digits."""
    return f"{prefix}{number:03d}"
