"""Write and read audit rows: the one way every package records who did what, from where.

Call ``record`` inside the service's own write transaction, so the fact and its audit row
commit together. Strings are cut to their columns and cleaned (no NUL, no lone surrogates:
a username typed by an attacker must not make the audit write fail). Never pass a password
or a token.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

import bianmin.models  # noqa: F401  (every table, so the audit row's foreign keys resolve)
from bianmin.audit.models import AuditEvent
from bianmin.catalog.models import utcnow
from bianmin.staff.models import Staff


def record(
    session: Session, kind: str, *, hall_id: int | None = None, staff_id: int | None = None,
    device_id: int | None = None, username: str = "", window_number: int | None = None,
    address: str = "", at: datetime | None = None, **detail: object,
) -> AuditEvent:
    """Add one ``audit_event`` row to ``session`` (committed with the caller's transaction).

    ``detail`` holds JSON values only (reason, counts, names), e.g.
    ``record(s, "signin.failed", username="zhang", address="10.0.0.7", reason="wrong_password")``.
    """
    event = AuditEvent(
        kind=kind, hall_id=hall_id, staff_id=staff_id, device_id=device_id,
        username=clean(username, 60), window_number=window_number,
        address=clean(address, 64), at=at or utcnow(),
        detail={k: clean(v, 200) if isinstance(v, str) else v for k, v in detail.items()},
    )
    session.add(event)
    return event


def known_staff(session: Session, staff_id: int | None) -> int | None:
    """``staff_id`` if that account exists, else None: the queue takes staff ids without a
    foreign key (a tool or test may act as a number), the audit row keeps one."""
    if staff_id is None:
        return None
    return staff_id if session.get(Staff, staff_id) is not None else None


def recent(
    session: Session, *, kinds: Iterable[str] | None = None, username: str | None = None,
    staff_id: int | None = None, since: datetime | None = None, limit: int = 100,
) -> list[AuditEvent]:
    """The latest audit rows, newest first, filtered by kind, username, account or time."""
    query = select(AuditEvent)
    if kinds is not None:
        query = query.where(AuditEvent.kind.in_(list(kinds)))
    if username is not None:
        query = query.where(AuditEvent.username == clean(username, 60))
    if staff_id is not None:
        query = query.where(AuditEvent.staff_id == staff_id)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    return list(session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))


def clean(text: str, length: int) -> str:
    """``text`` storable in any database: no NUL, lone surrogates replaced, at most ``length``."""
    text = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text[:length]
