"""Why a window is paused now: the reason of its current pause, read from the audit log.

The window's state row (``window_state``) says since when a window is paused; the reason
the counter gave is in the pause's ``window.paused`` audit row (written in the same
transaction), so it is read from there rather than stored twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.audit.models import AuditEvent


def pause_reasons(session: Session, hall_id: int, since: dict[int, datetime | None]
                  ) -> dict[int, str]:
    """window number → the reason of its pause begun at ``since[number]`` ("" when none)."""
    if not since:
        return {}
    query = select(AuditEvent.window_number, AuditEvent.detail).where(
        AuditEvent.hall_id == hall_id, AuditEvent.kind == "window.paused",
        AuditEvent.window_number.in_(list(since)))
    starts = [at for at in since.values() if at is not None]
    if starts:
        query = query.where(AuditEvent.at >= min(starts))
    reasons = dict.fromkeys(since, "")
    # the newest pause of each window wins
    for number, detail in session.execute(query.order_by(AuditEvent.at, AuditEvent.id)):
        reason = (detail or {}).get("reason")
        reasons[number] = reason if isinstance(reason, str) else ""
    return reasons
