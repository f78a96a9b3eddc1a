"""What the API reads: one ticket's rating, a hall's ratings of a period, its follow-ups,
and a window's satisfaction of one day (the share of 4–5 among its ratings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Scenario, Window
from bianmin.queue.clock import as_aware
from bianmin.queue.models import Ticket
from bianmin.ratings.followup import ACTIONS, overdue_days
from bianmin.ratings.levels import LEVELS, REASONS, SATISFIED
from bianmin.ratings.models import Rating, RatingFollowUp, RatingFollowUpNote
from bianmin.staff.models import Staff


@dataclass(frozen=True)
class Satisfaction:
    """A window's ratings of one business day: how many, and how many were 4 or 5."""

    count: int
    satisfied: int

    @property
    def share(self) -> float | None:
        return round(self.satisfied / self.count, 4) if self.count else None

    def as_dict(self) -> dict:
        return {"count": self.count, "satisfied": self.satisfied, "share": self.share}


def window_satisfaction(session: Session, window_id: int, day: date) -> Satisfaction:
    count, satisfied = session.execute(
        select(func.count(Rating.id),
               func.coalesce(func.sum(case((Rating.level >= SATISFIED, 1), else_=0)), 0))
        .where(Rating.window_id == window_id, Rating.business_day == day)
    ).one()
    return Satisfaction(int(count or 0), int(satisfied or 0))


def rated_ticket_ids(session: Session, ticket_ids: list[int]) -> dict[int, int]:
    """ticket id → level, for those of ``ticket_ids`` that have been rated."""
    if not ticket_ids:
        return {}
    rows = session.execute(select(Rating.ticket_id, Rating.level)
                           .where(Rating.ticket_id.in_(ticket_ids))).all()
    return {r.ticket_id: r.level for r in rows}


def rating_of_ticket(session: Session, ticket_id: int, now: datetime) -> dict | None:
    rating = session.scalar(select(Rating).where(Rating.ticket_id == ticket_id))
    return None if rating is None else _views(session, [rating], now)[0]


def ratings_of_hall(session: Session, hall_id: int, first: date, last: date,
                    now: datetime) -> list[dict]:
    """Ratings of tickets whose business day lies in first..last, newest first."""
    ratings = session.scalars(
        select(Rating).where(Rating.hall_id == hall_id, Rating.business_day >= first,
                             Rating.business_day <= last)
        .order_by(Rating.created_at.desc(), Rating.id.desc())
    ).all()
    return _views(session, list(ratings), now)


def follow_ups_of_hall(session: Session, hall_id: int, state: str, now: datetime) -> list[dict]:
    """Bad ratings with their follow-up: open (oldest due first), closed, or all."""
    statement = select(Rating).join(RatingFollowUp, RatingFollowUp.rating_id == Rating.id) \
        .where(RatingFollowUp.hall_id == hall_id)
    if state == "open":
        statement = statement.where(RatingFollowUp.closed_at.is_(None))
    elif state == "closed":
        statement = statement.where(RatingFollowUp.closed_at.is_not(None))
    ratings = session.scalars(statement.order_by(RatingFollowUp.due_at, Rating.id)).all()
    return _views(session, list(ratings), now)


def rating_view(session: Session, rating_id: int, now: datetime) -> dict | None:
    rating = session.get(Rating, rating_id)
    return None if rating is None else _views(session, [rating], now)[0]


def _views(session: Session, ratings: list[Rating], now: datetime) -> list[dict]:
    """The API's rating objects, read with one query per kind of row (not per rating)."""
    if not ratings:
        return []
    ids = [r.id for r in ratings]
    tickets = dict(session.execute(select(Ticket.id, Ticket.code)
                                   .where(Ticket.id.in_([r.ticket_id for r in ratings]))).all())
    windows = {w.id: w for w in session.scalars(
        select(Window).where(Window.id.in_({r.window_id for r in ratings if r.window_id})))}
    staff = {s.id: s for s in session.scalars(
        select(Staff).where(Staff.id.in_({r.staff_id for r in ratings if r.staff_id})))}
    scenarios = dict(session.execute(select(Scenario.id, Scenario.name).where(
        Scenario.id.in_({r.scenario_id for r in ratings}))).all())
    follow_ups = {f.rating_id: f for f in session.scalars(
        select(RatingFollowUp).where(RatingFollowUp.rating_id.in_(ids)))}
    notes: dict[int, list[dict]] = {}
    for note in session.scalars(select(RatingFollowUpNote).where(
            RatingFollowUpNote.rating_id.in_(ids)).order_by(RatingFollowUpNote.id)):
        notes.setdefault(note.rating_id, []).append(note)  # type: ignore[arg-type]
    note_staff = {s.id: s for s in session.scalars(select(Staff).where(Staff.id.in_(
        {n.staff_id for ns in notes.values() for n in ns if n.staff_id})))}  # type: ignore[attr-defined]
    views = []
    for r in ratings:
        window = windows.get(r.window_id) if r.window_id else None
        member = staff.get(r.staff_id) if r.staff_id else None
        views.append({
            "id": r.id, "ticket_id": r.ticket_id, "code": tickets.get(r.ticket_id, ""),
            "level": r.level, "level_label": LEVELS.get(r.level, ""),
            "reasons": list(r.reasons or []),
            "reason_labels": [REASONS.get(c, c) for c in r.reasons or []],
            "remark": r.remark, "phone": r.phone, "channel": r.channel,
            "window": window.number if window else None,
            "window_name": (window.name or f"{window.number}号窗口") if window else "",
            "staff": None if member is None else {
                "id": member.id, "name": member.display_name or member.username,
                "employee_no": member.employee_no or ""},
            "scenario": scenarios.get(r.scenario_id, ""),
            "business_day": r.business_day.isoformat(),
            "at": as_aware(r.created_at).isoformat(),
            "follow_up": _follow_up(follow_ups.get(r.id), notes.get(r.id, []), note_staff, now),
        })
    return views


def _follow_up(row: RatingFollowUp | None, notes: list, staff: dict, now: datetime) -> dict:
    if row is None:
        return {"state": "none", "due_at": None, "overdue": False, "overdue_days": 0,
                "closed_at": None, "notes": []}
    due = as_aware(row.due_at)
    late = overdue_days(due, now, row.closed_at is not None)
    return {
        "state": "closed" if row.closed_at else "open",
        "due_at": due.isoformat(), "overdue": late > 0, "overdue_days": late,
        "closed_at": as_aware(row.closed_at).isoformat() if row.closed_at else None,
        "notes": [{
            "at": as_aware(n.at).isoformat(), "action": n.action,
            "action_label": ACTIONS.get(n.action, n.action), "text": n.text,
            "staff": None if n.staff_id not in staff else {
                "id": n.staff_id, "name": staff[n.staff_id].display_name or staff[n.staff_id].username},
        } for n in notes],
    }


def counter_summary(session: Session, window_id: int, day: date) -> dict:
    """For the counter: whether the window's last finished visitor rated, and today's figure."""
    last = session.execute(
        select(Ticket.id, Ticket.code).where(
            Ticket.window_id == window_id, Ticket.business_day == day,
            Ticket.status.in_(["done", "transferred"]), Ticket.finished_at.is_not(None))
        .order_by(Ticket.finished_at.desc(), Ticket.id.desc()).limit(1)
    ).first()
    last_finished = None
    if last is not None:
        level = rated_ticket_ids(session, [last.id]).get(last.id)
        last_finished = {"ticket_id": last.id, "number": last.code, "rated": level is not None,
                         "level": level}
    return {"last_finished": last_finished,
            "today": window_satisfaction(session, window_id, day).as_dict()}
