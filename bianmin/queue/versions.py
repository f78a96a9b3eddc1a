"""The hall's event version: one number that grows with every published change.

It is taken inside the same write transaction as the change, so versions follow commit
order, and a snapshot read in one transaction is consistent with its version. A screen that
sees a version jump knows it missed an event and asks for a new snapshot.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall
from bianmin.queue.statements import TAKE_VERSIONS


def next_version(session: Session, hall_id: int) -> int:
    return next_versions(session, hall_id, 1)


def next_versions(session: Session, hall_id: int, count: int) -> int:
    """Take ``count`` consecutive versions in one statement; returns the first of them.

    The transaction's pending ticket rows are written first, so that the hall's row is
    always the last row a transaction locks. Otherwise (PostgreSQL) a 办结 holding the hall
    row could wait for its ticket, on which another window's ``FOR UPDATE SKIP LOCKED`` scan
    still keeps the lock it took before the row failed its recheck (the ticket had just been
    called), while that window waits for the hall row: a deadlock (seen in bench/calling.py).
    """
    session.flush()
    taken = session.connection().execute(TAKE_VERSIONS, {"hall": hall_id, "count": count})
    return taken.scalar_one() - count + 1


def current_version(session: Session, hall_id: int) -> int:
    return session.scalar(select(Hall.event_version).where(Hall.id == hall_id)) or 0
