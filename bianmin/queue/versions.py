"""The hall's event version: one number that grows with every published change.

It is taken inside the same write transaction as the change, so versions follow commit
order, and a snapshot read in one transaction is consistent with its version. A screen that
sees a version jump knows it missed an event and asks for a new snapshot.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall


def next_version(session: Session, hall_id: int) -> int:
    return next_versions(session, hall_id, 1)


def next_versions(session: Session, hall_id: int, count: int) -> int:
    """Take ``count`` consecutive versions in one statement; returns the first of them."""
    statement = (
        update(Hall)
        .where(Hall.id == hall_id)
        .values(event_version=Hall.event_version + count)
        .returning(Hall.event_version)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).scalar_one() - count + 1


def current_version(session: Session, hall_id: int) -> int:
    return session.scalar(select(Hall.event_version).where(Hall.id == hall_id)) or 0
