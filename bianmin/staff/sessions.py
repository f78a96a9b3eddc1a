"""Server-side staff sessions: start, find, end; the cookie holds only a random token.

The database keeps the token's SHA-256, never the token, so a copy of the database signs
nobody in. Every request looks its session up, so ending a row (sign-out, password reset,
account disabled, ``bianmin staff sign-out``) ends the session at once in every server
process. ``last_seen_at`` is written at most once a minute per session, not per request.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bianmin.audit.record import clean, record
from bianmin.catalog.models import utcnow
from bianmin.db import Database
from bianmin.queue.clock import as_aware
from bianmin.staff.errors import NotSignedIn
from bianmin.staff.models import Staff, StaffSession

# last_seen_at is refreshed when it is older than this
TOUCH_EVERY = timedelta(minutes=1)


class EndReason(enum.StrEnum):
    SIGN_OUT = "sign_out"
    PASSWORD_RESET = "password_reset"
    DISABLED = "disabled"
    # ended by an administrator (``bianmin staff sign-out``)
    REVOKED = "revoked"
    EXPIRED = "expired"


class SessionExpired(NotSignedIn):
    code = "session_expired"
    message = "登录已过期，请重新登录。"


@dataclass(frozen=True)
class LiveSession:
    """A session that is (or was, for an ended one) signed in, with its account's facts."""

    id: int
    staff_id: int
    hall_id: int
    username: str
    display_name: str
    role: str
    # False: the account was disabled since (the caller ends the session)
    active: bool
    # None: a manager's session without a window
    window_number: int | None
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    address: str
    user_agent: str


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def start_session(
    session: Session, staff_id: int, *, window_number: int | None, hours: float,
    address: str = "", user_agent: str = "", now: datetime | None = None,
) -> str:
    """Add a session row inside the caller's write transaction; the token for the cookie."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(StaffSession(
        token_hash=token_digest(token), staff_id=staff_id, window_number=window_number,
        created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=hours),
        address=clean(address, 64), user_agent=clean(user_agent, 200),
    ))
    session.flush()
    return token


def check_session(db: Database, token: str, *, now: datetime | None = None) -> LiveSession:
    """The live session of ``token``; NotSignedIn if unknown or ended, SessionExpired if old.

    An expired session is ended on the way (reason ``expired``), so it shows up in the
    audit trail and never in ``live_sessions``.
    """
    now = now or utcnow()
    with db.read() as session:
        row = session.execute(_query().where(StaffSession.token_hash == token_digest(token))).first()
    if row is None or row.StaffSession.ended_at is not None:
        raise NotSignedIn()
    live = _live(*row)
    if live.expires_at <= now:
        end_session(db, live.id, EndReason.EXPIRED, now=now)
        raise SessionExpired()
    if now - live.last_seen_at >= TOUCH_EVERY:
        _touch(db, live.id, now)
    return live


def find_session(db: Database, token: str, *, now: datetime | None = None) -> LiveSession | None:
    """The live session of ``token``, or None (unknown, ended or expired)."""
    try:
        return check_session(db, token, now=now)
    except NotSignedIn:
        return None


def end_session(
    db: Database, session_id: int, reason: EndReason, *, address: str = "",
    now: datetime | None = None,
) -> LiveSession | None:
    """End one session (None if it had ended already); audited as ``signout`` or ``session.ended``."""
    now = now or utcnow()
    with db.write() as session:
        row = session.execute(_query().where(StaffSession.id == session_id)).first()
        if row is None or row.StaffSession.ended_at is not None:
            return None
        _end(session, row.StaffSession, row.Staff, reason, address=address, now=now)
        return _live(*row)


def end_session_of_token(db: Database, token: str, reason: EndReason, *, address: str = "") -> LiveSession | None:
    with db.read() as session:
        session_id = session.scalar(
            select(StaffSession.id).where(StaffSession.token_hash == token_digest(token))
        )
    return None if session_id is None else end_session(db, session_id, reason, address=address)


def end_sessions_of(
    session: Session, staff_id: int, reason: EndReason, *, address: str = "",
    now: datetime | None = None,
) -> int:
    """End every live session of an account inside the caller's write transaction; how many."""
    now = now or utcnow()
    rows = session.execute(
        _query().where(StaffSession.staff_id == staff_id, StaffSession.ended_at.is_(None))
    ).all()
    ended = 0
    for row in rows:
        if as_aware(row.StaffSession.expires_at) <= now:
            reason_here = EndReason.EXPIRED
        else:
            reason_here, ended = reason, ended + 1
        _end(session, row.StaffSession, row.Staff, reason_here, address=address, now=now)
    return ended


def live_sessions(
    db: Database, *, username: str | None = None, hall_id: int | None = None,
    now: datetime | None = None,
) -> list[LiveSession]:
    """Sessions not ended and not expired, oldest first."""
    now = now or utcnow()
    query = _query().where(StaffSession.ended_at.is_(None), StaffSession.expires_at > now)
    if username is not None:
        query = query.where(Staff.username == username)
    if hall_id is not None:
        query = query.where(Staff.hall_id == hall_id)
    with db.read() as session:
        rows = session.execute(query.order_by(StaffSession.created_at, StaffSession.id)).all()
    return [_live(*row) for row in rows]


def _end(session: Session, row: StaffSession, staff: Staff, reason: EndReason, *, address: str,
         now: datetime) -> None:
    row.ended_at = now
    row.end_reason = reason.value
    kind = "signout" if reason is EndReason.SIGN_OUT else "session.ended"
    record(session, kind, hall_id=staff.hall_id, staff_id=staff.id, username=staff.username,
           window_number=row.window_number, address=address or row.address, at=now,
           reason=reason.value, session_id=row.id)


def _touch(db: Database, session_id: int, now: datetime) -> None:
    # conditional: of several processes seeing a stale row, one writes and the rest update nothing
    with db.write() as session:
        session.execute(
            update(StaffSession)
            .where(StaffSession.id == session_id, StaffSession.last_seen_at < now - TOUCH_EVERY)
            .values(last_seen_at=now)
        )


def _query():  # type: ignore[no-untyped-def]
    return select(StaffSession, Staff).join(Staff, Staff.id == StaffSession.staff_id)


def _live(row: StaffSession, staff: Staff) -> LiveSession:
    return LiveSession(
        id=row.id, staff_id=staff.id, hall_id=staff.hall_id, username=staff.username,
        display_name=staff.display_name or staff.username, role=staff.role, active=staff.active,
        window_number=row.window_number, created_at=as_aware(row.created_at),
        last_seen_at=as_aware(row.last_seen_at), expires_at=as_aware(row.expires_at),
        address=row.address, user_agent=row.user_agent,
    )
