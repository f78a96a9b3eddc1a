"""Window pauses (暂停服务) in the report: how often and how long, per day, window, staff, hall.

A window's pause and resume are ``audit_event`` rows (``window.paused`` with its reason,
``window.resumed``), written by ``queue.calling.pause/resume``. A pause runs from its
``window.paused`` to the window's next ``window.resumed``; it belongs to its window and to
whoever paused it (``detail.by``, the same staff id the ticket log carries). A pause is cut
at the hall's business-day edges (its own timezone) and at the period's edges; one still
open counts up to ``now`` (for a past period: up to the period's end). Each pause counts
once, on its first business day inside the period, so a grouping's rows add up to the total.

``add_pauses`` adds ``pauses`` and ``pause_total_s`` to every row of a report: for the
groupings where they mean something (day, window, staff, hall) and to the total; other
groupings (hour, queue, scenario, kiosk, weekday …) get ``None``. A day, window or staff
member with pauses but no tickets gets a row of its own (every ticket figure 0 or None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from bianmin.audit.models import AuditEvent
from bianmin.audit.trail import day_bounds
from bianmin.catalog.models import Hall
from bianmin.queue.clock import as_aware, business_day
from bianmin.staff.models import Staff

PAUSE, RESUME = "window.paused", "window.resumed"
KEYS = ("pauses", "pause_total_s")


@dataclass(frozen=True)
class Piece:
    """One pause's part inside one business day of the period."""

    hall: str
    day: date
    window: int | None
    staff: int | None
    seconds: float
    # the pause's first piece inside the period: where it is counted
    counted: bool


# where pauses mean something: the value of a piece under each grouping
PAUSE_GROUPINGS: dict[str, Callable[[Piece], Any]] = {
    "day": lambda p: p.day.isoformat(),
    "window": lambda p: p.window,
    "staff": lambda p: p.staff,
    "hall": lambda p: p.hall,
}


def _pauser(event: AuditEvent) -> int | None:
    by = (event.detail or {}).get("by")
    return by if isinstance(by, int) else event.staff_id


def pause_pieces(session: Session, hall: Hall, first: date, last: date, now: datetime
                 ) -> list[Piece]:
    """Every pause of the hall overlapping business days ``first``..``last``, cut per day."""
    start, end = day_bounds(first, last, hall.timezone)
    stop = min(end, now)
    if start >= stop:
        return []
    kinds = AuditEvent.kind.in_((PAUSE, RESUME))
    # the state at the period's start: a window whose last pause/resume before it is a pause
    latest = (select(AuditEvent.window_number, func.max(AuditEvent.at).label("at"))
              .where(AuditEvent.hall_id == hall.id, kinds, AuditEvent.at < start)
              .group_by(AuditEvent.window_number).subquery())
    before = session.scalars(
        select(AuditEvent).join(latest, and_(AuditEvent.window_number == latest.c.window_number,
                                             AuditEvent.at == latest.c.at))
        .where(AuditEvent.hall_id == hall.id, kinds).order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    open_: dict[int | None, tuple[int | None, datetime]] = {}
    for e in before:  # the last row per window decides (two rows at one instant: by id)
        if e.kind == PAUSE:
            open_[e.window_number] = (_pauser(e), as_aware(e.at))
        else:
            open_.pop(e.window_number, None)
    intervals: list[tuple[int | None, int | None, datetime, datetime]] = []
    for e in session.scalars(
        select(AuditEvent).where(AuditEvent.hall_id == hall.id, kinds, AuditEvent.at >= start,
                                 AuditEvent.at < stop).order_by(AuditEvent.at, AuditEvent.id)
    ):
        at = as_aware(e.at)
        if e.kind == PAUSE:
            open_.setdefault(e.window_number, (_pauser(e), at))
        elif e.window_number in open_:
            who, begin = open_.pop(e.window_number)
            intervals.append((e.window_number, who, begin, at))
    intervals += [(window, who, begin, stop) for window, (who, begin) in open_.items()]
    pieces = []
    for window, who, begin, finish in intervals:
        begin, counted = max(begin, start), True
        while begin < finish:
            day = business_day(begin, hall.timezone)
            piece_end = min(finish, day_bounds(day, day, hall.timezone)[1])
            pieces.append(Piece(hall.code, day, window, who,
                                (piece_end - begin).total_seconds(), counted))
            begin, counted = piece_end, False
    return pieces


def _sums(pieces: Iterable[Piece]) -> dict[str, Any]:
    pieces = list(pieces)
    return {"pauses": sum(1 for p in pieces if p.counted),
            "pause_total_s": round(float(sum(p.seconds for p in pieces)), 1)}


def pause_totals(session: Session, hall: Hall, first: date, last: date,
                 now: datetime | None = None) -> dict[str, Any]:
    """``{"pauses", "pause_total_s"}`` of the hall's business days ``first``..``last``."""
    return _sums(pause_pieces(session, hall, first, last, now or datetime.now(timezone.utc)))


def _order(value: Any) -> tuple[int, Any]:
    return (1, "") if value is None else (0, value)


def _blank(total: dict[str, Any]) -> dict[str, Any]:
    """A row's figures without tickets: counts 0, times and shares None."""
    return {k: 0 if type(v) is int else None for k, v in total.items() if k not in KEYS}


def add_pauses(session: Session, answer: dict[str, Any], halls: list[Hall], first: date,
               last: date, now: datetime | None = None) -> dict[str, Any]:
    """Add the pause figures to a report's rows (every grouping) and total, in place."""
    now = now or datetime.now(timezone.utc)
    pieces = [p for hall in halls for p in pause_pieces(session, hall, first, last, now)]
    blank = _blank(answer["total"])
    for by, rows in answer["groups"].items():
        key = PAUSE_GROUPINGS.get(by)
        if key is None:
            for row in rows:
                row.update(dict.fromkeys(KEYS))
            continue
        per: dict[Any, list[Piece]] = {}
        for p in pieces:
            per.setdefault(key(p), []).append(p)
        for row in rows:
            row.update(_sums(per.pop(row[by], [])))
        for value, found in per.items():  # pauses of a group without tickets
            row = {by: value}
            if by == "staff":
                row["staff_name"] = _staff_name(session, value)
            if by == "hall":
                row["hall_name"] = next((h.name for h in halls if h.code == value), "")
            rows.append({**row, **blank, **_sums(found)})
        rows.sort(key=lambda r, by=by: _order(r[by]))
    answer["total"].update(_sums(pieces))
    return answer


def _staff_name(session: Session, staff_id: int | None) -> str:
    if staff_id is None:
        return ""
    return session.scalar(select(Staff.display_name).where(Staff.id == staff_id)) or ""
