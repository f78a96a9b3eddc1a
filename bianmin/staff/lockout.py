"""A temporary lockout after repeated failed sign-ins of one username, read from the audit log.

Derived from ``audit_event`` rows rather than kept in memory, so it holds in every server
process and across restarts. Only attempts that reached the password check count
(``signin.failed`` with reason unknown_user, wrong_password or disabled); refusals by a
rate limit or by the lockout itself do not, so an attacker cannot extend a lockout by
knocking on it. A successful sign-in, a password reset and ``staff enable`` end a streak.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bianmin.audit.models import AuditEvent
from bianmin.audit.record import clean
from bianmin.queue.clock import as_aware

# failures that reached the password check
CHECKED_FAILURES = ("unknown_user", "wrong_password", "disabled")
# audit kinds after which a username starts again with no failures
STREAK_ENDS = ("signin.ok", "staff.password_reset", "staff.enabled")


@dataclass(frozen=True)
class Lockout:
    until: datetime

    def seconds_left(self, now: datetime) -> int:
        return max(1, int((self.until - now).total_seconds() + 0.999))


def lockout_of(
    session: Session, username: str, *, failures: int, minutes: float, now: datetime,
) -> Lockout | None:
    """The lockout in force for ``username`` now, if its last ``failures`` checks all failed.

    Failures count within the last ``minutes`` (a sliding window): a streak of
    ``failures`` locks the username until the oldest of them is ``minutes`` old. Guessed
    quickly, that is ``minutes`` from the last guess; at most ``failures`` password checks
    of one username per ``minutes`` in any case.
    """
    if failures <= 0 or minutes <= 0:
        return None
    window = timedelta(minutes=minutes)
    reason = AuditEvent.detail["reason"].as_string()
    rows = session.execute(
        select(AuditEvent.kind, AuditEvent.at)
        .where(
            AuditEvent.username == clean(username, 60),
            AuditEvent.at > now - window,
            or_(AuditEvent.kind.in_(STREAK_ENDS),
                and_(AuditEvent.kind == "signin.failed", reason.in_(CHECKED_FAILURES))),
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(failures)
    ).all()
    streak = 0
    for kind, _at in rows:
        if kind != "signin.failed":
            break
        streak += 1
    if streak < failures:
        return None
    until = as_aware(rows[failures - 1].at) + window
    return Lockout(until) if until > now else None
