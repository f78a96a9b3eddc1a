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
    """Take ``count`` consecutive versions in one statement; returns the first of them."""
    taken = session.connection().execute(TAKE_VERSIONS, {"hall": hall_id, "count": count})
    return taken.scalar_one() - count + 1


def current_version(session: Session, hall_id: int) -> int:
    return session.scalar(select(Hall.event_version).where(Hall.id == hall_id)) or 0
