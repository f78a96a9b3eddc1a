"""A window's own state (paused or serving) and the queues it serves.

Every counter action first locks the window's state row, so that two presses at the same
window (a double click, two terminals) are handled one after the other; in PostgreSQL the
row lock does it, in SQLite ``BEGIN IMMEDIATE`` already serialises all writers.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from bianmin.catalog.models import Window, WindowGroup, utcnow, window_group_member
from bianmin.db import Base
from bianmin.queue.call_errors import UnknownWindow


class WindowState(Base):
    """One row per window that has ever been used: 暂停服务 since when, by whom; its green streak."""

    __tablename__ = "window_state"

    window_id: Mapped[int] = mapped_column(
        ForeignKey("window.id", ondelete="CASCADE"), primary_key=True
    )
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), index=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # staff id of whoever paused it (no foreign key: the queue does not depend on staff)
    paused_by: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # the fair green channel: green tickets this window called in a row on ``green_streak_day``
    # while a normal ticket waited for it (queue.fairness)
    green_streak: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    green_streak_day: Mapped[date | None] = mapped_column(Date)


_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def find_window(session: Session, hall_id: int, number: int) -> Window:
    window = session.scalar(select(Window).where(Window.hall_id == hall_id, Window.number == number))
    if window is None:
        raise UnknownWindow(window=number)
    return window


def served_queue_ids(session: Session, window_id: int) -> list[int]:
    """The queues (window groups) this window calls from; several for a 综合受理窗口.

    A 无差别综合受理窗口 (``Window.universal``) calls from every active queue of its hall,
    queues added later included; the call order (queue.policy) then spans them all.
    """
    window = session.execute(
        select(Window.hall_id, Window.universal).where(Window.id == window_id)
    ).first()
    if window is not None and window.universal:
        return list(session.scalars(
            select(WindowGroup.id)
            .where(WindowGroup.hall_id == window.hall_id, WindowGroup.active.is_(True))
            .order_by(WindowGroup.id)
        ))
    rows = session.scalars(
        select(window_group_member.c.window_group_id)
        .where(window_group_member.c.window_id == window_id)
        .order_by(window_group_member.c.window_group_id)
    )
    return list(rows)


def lock_window_state(session: Session, window: Window) -> WindowState:
    """The window's state row, created if missing, locked until the transaction ends."""
    insert = _INSERTS[session.get_bind().dialect.name]
    session.execute(
        insert(WindowState)
        .values(window_id=window.id, hall_id=window.hall_id, paused=False, updated_at=utcnow())
        .on_conflict_do_nothing(index_elements=["window_id"])
    )
    return session.scalars(
        select(WindowState)
        .where(WindowState.window_id == window.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def window_state(session: Session, window_id: int) -> WindowState | None:
    """The state row for reading (no lock); None means never paused."""
    return session.get(WindowState, window_id)


def paused_windows(session: Session, hall_id: int) -> list[Window]:
    """Windows of the hall that show 暂停服务 now, by number (for snapshots and screens)."""
    return list(
        session.scalars(
            select(Window)
            .join(WindowState, WindowState.window_id == Window.id)
            .where(WindowState.hall_id == hall_id, WindowState.paused.is_(True))
            .order_by(Window.number)
        )
    )
