"""Staff accounts: add one, check a password, decide who may serve which window.

Passwords are hashed with werkzeug's scrypt; an unknown user costs the same hash check as
a wrong password, so response time does not tell which usernames exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall, Window
from bianmin.db import Database
from bianmin.queue.call_errors import UnknownWindow
from bianmin.staff.errors import (
    AccountUnavailable,
    BadCredentials,
    InvalidStaff,
    UsernameTaken,
    WindowNotAllowed,
)
from bianmin.staff.models import Staff

# werkzeug's scrypt (n=2**15, r=8, p=1): ~0.1 s per check on the hall's small box
PASSWORD_METHOD = "scrypt"
USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,60}$")
MIN_PASSWORD = 6


@dataclass(frozen=True)
class StaffInfo:
    id: int
    hall_id: int
    hall_code: str
    username: str
    display_name: str
    # None: every window of the hall
    windows: list[int] | None


@dataclass(frozen=True)
class Seat:
    """A member of staff at one window of their hall."""

    staff: StaffInfo
    window_number: int
    window_name: str
    hall_name: str


def add_staff(
    db: Database, *, hall_code: str, username: str, password: str, display_name: str = "",
    windows: list[int] | None = None, replace: bool = False, hash_method: str = PASSWORD_METHOD,
) -> StaffInfo:
    """Create an account (or, with ``replace``, reset its password, name and windows)."""
    if not USERNAME.match(username):
        raise InvalidStaff("用户名须为 2–60 个字母、数字、点、下划线或连字符。")
    if len(password) < MIN_PASSWORD:
        raise InvalidStaff(f"密码至少需要 {MIN_PASSWORD} 个字符。")
    # the method is stored in the hash, so a later change of method keeps old accounts working
    password_hash = generate_password_hash(password, method=hash_method)
    with db.write() as session:
        hall = session.scalar(select(Hall).where(Hall.code == hall_code))
        if hall is None:
            raise UnknownHall(hall=hall_code)
        allowed = _windows(session, hall.id, windows) if windows else []
        staff = session.scalar(select(Staff).where(Staff.username == username))
        if staff is not None and not (replace and staff.hall_id == hall.id):
            raise UsernameTaken(f"用户名 {username} 已经存在。")
        if staff is None:
            staff = Staff(hall_id=hall.id, username=username)
            session.add(staff)
        staff.password_hash = password_hash
        staff.display_name = display_name or username
        staff.active = True
        staff.any_window = not windows
        staff.windows = allowed
        session.flush()
        return _info(staff, hall)


def authenticate(db: Database, username: str, password: str) -> StaffInfo:
    """The active account with this username and password, or BadCredentials."""
    with db.read() as session:
        staff = _load(session, select(Staff).where(Staff.username == username))
        valid = check_password_hash(staff.password_hash if staff else _dummy_hash(), password)
        if staff is None or not valid or not staff.active:
            raise BadCredentials()
        return _info(staff, session.get(Hall, staff.hall_id))


def staff_at_window(db: Database, staff_id: int, window_number: int) -> Seat:
    """The account, if it is still active and may serve this window of its hall."""
    with db.read() as session:
        staff = _load(session, select(Staff).where(Staff.id == staff_id))
        if staff is None or not staff.active:
            raise AccountUnavailable()
        window = session.scalar(
            select(Window).where(Window.hall_id == staff.hall_id, Window.number == window_number)
        )
        if window is None:
            raise UnknownWindow(window=window_number)
        if not staff.may_serve(window):
            raise WindowNotAllowed()
        hall = session.get(Hall, staff.hall_id)
        return Seat(_info(staff, hall), window.number, window.name or window.label, hall.name)


@cache
def _dummy_hash() -> str:
    """Checked against when the username is unknown, so both paths cost one scrypt."""
    return generate_password_hash("not a password")


def _load(session: Session, statement) -> Staff | None:  # type: ignore[no-untyped-def]
    return session.scalar(statement.options(selectinload(Staff.windows)))


def _windows(session: Session, hall_id: int, numbers: list[int]) -> list[Window]:
    found = session.scalars(
        select(Window).where(Window.hall_id == hall_id, Window.number.in_(numbers))
    ).all()
    missing = sorted(set(numbers) - {w.number for w in found})
    if missing:
        raise InvalidStaff("本大厅没有这些窗口：" + "、".join(f"{n}号" for n in missing) + "。")
    return sorted(found, key=lambda w: w.number)


def _info(staff: Staff, hall: Hall) -> StaffInfo:
    return StaffInfo(
        id=staff.id, hall_id=staff.hall_id, hall_code=hall.code, username=staff.username,
        display_name=staff.display_name or staff.username,
        windows=None if staff.any_window else [w.number for w in staff.windows],
    )
