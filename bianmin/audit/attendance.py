"""Staff attendance (考勤) per business day, read from the audit trail's sign-ins and pauses.

A member is signed in while at least one of their sessions is open: ``signin.ok`` opens
one, ``signout`` or ``session.ended`` (expired, revoked, password reset) closes one; one
the server ended as expired (when its browser came back) closes at the session's last
activity. A window is paused from ``window.paused`` to ``window.resumed``; the time counts for whoever
paused it. Intervals are cut at the hall's midnights; one still open at the end of the
period (or now, for today) is counted up to then and flagged. Only events inside the
period are read: a session begun before ``first`` counts from ``first`` only if it signs in
again (stated in docs/audit.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.audit.models import AuditEvent
from bianmin.audit.trail import _staff_names, day_bounds
from bianmin.queue.clock import as_aware, business_day, hall_zone
from bianmin.staff.models import StaffSession

OPENS = "signin.ok"
CLOSES = ("signout", "session.ended")
PAUSE, RESUME = "window.paused", "window.resumed"


@dataclass
class _Day:
    first_signin: datetime | None = None
    last_signout: datetime | None = None
    signed_in: float = 0.0
    paused: float = 0.0
    windows: set[int] = field(default_factory=set)
    open_at_end: bool = False


def attendance(session: Session, hall_id: int, zone: str, first: date, last: date,
               now: datetime) -> list[dict]:
    """One row per (business day, staff member) with any sign-in or pause, by day then name."""
    start, end = day_bounds(first, last, zone)
    stop = min(end, now)
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.hall_id == hall_id, AuditEvent.at >= start,
                                 AuditEvent.at < end, AuditEvent.staff_id.is_not(None),
                                 AuditEvent.kind.in_((OPENS, *CLOSES, PAUSE, RESUME)))
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    last_seen = _last_seen(session, [e for e in events if _expired(e)])
    days: dict[tuple[date, int], _Day] = {}

    def day_of(staff_id: int, at: datetime) -> _Day:
        return days.setdefault((business_day(at, zone), staff_id), _Day())

    open_sessions: dict[int, int] = {}
    since: dict[int, datetime] = {}
    pauses: dict[int | None, tuple[int, datetime]] = {}
    for e in events:
        at, who = as_aware(e.at), int(e.staff_id)  # type: ignore[arg-type]
        if e.kind == OPENS:
            d = day_of(who, at)
            d.first_signin = d.first_signin or at
            if e.window_number:
                d.windows.add(e.window_number)
            if open_sessions.get(who, 0) == 0:
                since[who] = at
            open_sessions[who] = open_sessions.get(who, 0) + 1
        elif e.kind in CLOSES:
            if _expired(e):  # ended when the browser came back: its last activity instead
                seen = last_seen.get((e.detail or {}).get("session_id"))
                at = max(min(at, seen), since.get(who, seen)) if seen else at
            day_of(who, at).last_signout = at
            if open_sessions.get(who, 0) > 0:
                open_sessions[who] -= 1
                if open_sessions[who] == 0:
                    _spread(days, who, since.pop(who), at, zone, "signed_in")
        elif e.kind == PAUSE:
            pauses[e.window_number] = (who, at)
        elif e.kind == RESUME and e.window_number in pauses:
            pauser, at0 = pauses.pop(e.window_number)
            _spread(days, pauser, at0, at, zone, "paused")
    for who, at0 in since.items():
        _spread(days, who, at0, stop, zone, "signed_in")
        days.setdefault((business_day(max(at0, stop - timedelta(microseconds=1)), zone), who),
                        _Day()).open_at_end = True
    for pauser, at0 in pauses.values():
        _spread(days, pauser, at0, stop, zone, "paused")
    names = _staff_names(session, {who for _, who in days})
    tz = hall_zone(zone)

    def clock(at: datetime | None) -> str | None:
        return at.astimezone(tz).strftime("%H:%M:%S") if at else None

    rows = []
    for (day, who), d in days.items():
        rows.append({
            "day": day.isoformat(), "staff": names.get(who),
            "first_signin": clock(d.first_signin), "last_signout": clock(d.last_signout),
            "signed_in_s": round(d.signed_in), "signed_in_hours": round(d.signed_in / 3600, 2),
            "paused_s": round(d.paused), "paused_hours": round(d.paused / 3600, 2),
            "windows": sorted(d.windows), "still_signed_in": d.open_at_end,
        })
    rows.sort(key=lambda r: (r["day"], (r["staff"] or {}).get("name", "")))
    return rows


def _expired(event: AuditEvent) -> bool:
    return event.kind == "session.ended" and (event.detail or {}).get("reason") == "expired"


def _last_seen(session: Session, ended: list[AuditEvent]) -> dict[int, datetime]:
    """session id → its last activity, for sessions the server ended as expired."""
    ids = {e.detail.get("session_id") for e in ended if isinstance(e.detail.get("session_id"), int)}
    if not ids:
        return {}
    rows = session.execute(select(StaffSession.id, StaffSession.last_seen_at)
                           .where(StaffSession.id.in_(ids))).all()
    return {r.id: as_aware(r.last_seen_at) for r in rows}


def _spread(days: dict[tuple[date, int], _Day], who: int, begin: datetime, end: datetime,
            zone: str, what: str) -> None:
    """Add the seconds of begin..end to each business day it touches."""
    while begin < end:
        day = business_day(begin, zone)
        midnight = day_bounds(day, day, zone)[1]
        piece_end = min(end, midnight)
        d = days.setdefault((day, who), _Day())
        setattr(d, what, getattr(d, what) + (piece_end - begin).total_seconds())
        begin = piece_end
