"""Staff accounts and the windows each member may serve (AB岗: several staff per window)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bianmin.catalog.models import Window, utcnow
from bianmin.db import Base

staff_window = Table(
    "staff_window",
    Base.metadata,
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("window_id", ForeignKey("window.id", ondelete="CASCADE"), primary_key=True),
)


class Role(enum.StrEnum):
    """What an account may do: serve at a window, or also manage the hall (/manage/)."""

    STAFF = "staff"
    MANAGER = "manager"
    # a manager of its own hall who also reads every hall's reports (GET /api/v1/stats)
    COUNTY = "county"


class Staff(Base):
    """A member of staff who signs in at a counter terminal."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), index=True)
    # unique in the whole installation, so that signing in needs no hall
    username: Mapped[str] = mapped_column(String(60), unique=True)
    # werkzeug's scrypt hash ("scrypt:32768:8:1$salt$hash"), never the password
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(100), default="")
    # False: the account can no longer sign in, and its open sessions stop working
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # True: may serve every window of the hall (a floating AB岗 member); else only ``windows``
    any_window: Mapped[bool] = mapped_column(Boolean, default=False)
    # staff | manager (Role); checked in one place, bianmin.staff.roles
    role: Mapped[str] = mapped_column(String(20), default=Role.STAFF.value, server_default="staff")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # 工号, shown on the window's rating tablet; "" when the hall gave none
    employee_no: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # file name under <instance>/staff_photos (`bianmin staff photo`); "" = no photo
    photo: Mapped[str] = mapped_column(String(100), default="", server_default="")

    windows: Mapped[list[Window]] = relationship(secondary=staff_window, order_by=Window.number)

    def may_serve(self, window: Window) -> bool:
        return window.hall_id == self.hall_id and (
            self.any_window or any(w.id == window.id for w in self.windows)
        )


class StaffSession(Base):
    """A signed-in browser: the cookie holds a random token, the server its SHA-256.

    Ending the row (sign-out, password reset, account disabled, ``staff sign-out``) ends the
    session at once, in every process: each request looks the row up.
    """

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    # the window signed in at; None for a manager's session without a window
    window_number: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # set when the session ends; an ended session never works again
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # sign_out | password_reset | disabled | revoked | expired
    end_reason: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")
