"""The fair green channel's memory: each window's green streak, and why a ticket was called.

The streak lives on the window's state row, which every counter action locks first, so two
presses never count at once; it belongs to one business day (a new day starts at 0). It
counts the green tickets the window called in a row while a normal ticket waited for that
window: calling a normal ticket, or a green one with no normal ticket waiting, sets it to 0.
Other windows' calls do not touch it (docs/counter.md, "The call order").
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall, Window
from bianmin.queue.clock import as_aware
from bianmin.queue.models import Priority, Ticket
from bianmin.queue.policy import Turn, normal_waiting
from bianmin.queue.windows import WindowState


def turn_for(
    hall: Hall, window: Window, state: WindowState | None, now: datetime, day: date
) -> Turn:
    """The window's turn now: its streak of today and the hall's two limits."""
    streak = state.green_streak if state is not None and state.green_streak_day == day else 0
    return Turn(
        now=now, streak=streak or 0, streak_limit=hall.green_streak_limit,
        normal_wait_limit=timedelta(minutes=hall.normal_wait_limit_minutes),
        green_window=bool(window.green_channel),
    )


def why_called(ticket: Ticket, turn: Turn) -> str:
    """Recorded with the ``called`` event: green, overdue, turn (the streak was full), normal."""
    if Priority(ticket.priority) == Priority.GREEN:
        return "green"
    if as_aware(ticket.line_at or ticket.queued_since) < turn.overdue_before:
        return "overdue"
    return "turn" if turn.normal_owed else "normal"


def count_call(
    session: Session, state: WindowState, turn: Turn, ticket: Ticket, *,
    hall_id: int, day: date, queue_ids: list[int],
) -> int:
    """Move the window's streak on after calling ``ticket``; returns the new streak."""
    streak = 0
    if Priority(ticket.priority) == Priority.GREEN and not turn.green_window:
        if normal_waiting(session, hall_id, day, queue_ids, state.window_id, besides=ticket.id):
            streak = turn.streak + 1
    if (state.green_streak, state.green_streak_day) != (streak, day):
        # written only when it changes: most calls leave the row as it is
        state.green_streak = streak
        state.green_streak_day = day
    return streak
