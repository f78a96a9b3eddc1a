"""Staff accounts: add one, check a password, decide who may serve which window.

Passwords are hashed with werkzeug's scrypt; an unknown user costs the same hash check as
a wrong password, so response time does not tell which usernames exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from bianmin.audit.record import record
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
from bianmin.staff.models import Role, Staff
from bianmin.staff.roles import parse_role
from bianmin.staff.sessions import EndReason, end_sessions_of

# werkzeug's scrypt (n=2**15, r=8, p=1): ~0.1 s per check on the hall's small box
PASSWORD_METHOD = "scrypt"
USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,60}$")
MIN_PASSWORD = 6
# 工号 as halls print them on staff cards: "0071", "JM-023"
EMPLOYEE_NO = re.compile(r"^[A-Za-z0-9\-]{1,20}$")


@dataclass(frozen=True)
class StaffInfo:
    id: int
    hall_id: int
    hall_code: str
    username: str
    display_name: str
    # None: every window of the hall
    windows: list[int] | None
    # a Role value: staff | manager
    role: str = Role.STAFF.value


# checks a password against a stored hash: werkzeug's, or the same run off the event loop
PasswordCheck = Callable[[str, str], bool]


@dataclass(frozen=True)
class Verdict:
    """What one password check found; ``staff`` is set only when it succeeded."""

    # "ok", or why not: unknown_user | wrong_password | disabled
    reason: str
    staff: StaffInfo | None
    # the account tried (also when the check failed), for the audit row
    staff_id: int | None = None
    hall_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.staff is not None


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
    role: str | None = None, employee_no: str | None = None, by: int | None = None,
    by_name: str = "",
) -> StaffInfo:
    """Create an account (or, with ``replace``, reset its password, name and windows).

    ``role`` None keeps a replaced account's role (a new one is staff). A reset ends every
    session of the account and lifts a sign-in lockout; both are audited. ``by``/``by_name``:
    the manager who did it (the managers' pages), kept in the audit row's detail.
    """
    new_role = parse_role(role) if role is not None else None
    if not USERNAME.match(username):
        raise InvalidStaff("用户名须为 2–60 个字母、数字、点、下划线或连字符。")
    if len(password) < MIN_PASSWORD:
        raise InvalidStaff(f"密码至少需要 {MIN_PASSWORD} 个字符。")
    if employee_no is not None and not EMPLOYEE_NO.match(employee_no):
        raise InvalidStaff("工号须为 1–20 个字母、数字或连字符。", code="invalid_employee_no")
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
        resetting = staff is not None
        if staff is None:
            staff = Staff(hall_id=hall.id, username=username, role=Role.STAFF.value)
            session.add(staff)
        staff.password_hash = password_hash
        staff.display_name = display_name or username
        staff.active = True
        staff.any_window = not windows
        staff.windows = allowed
        if new_role is not None:
            staff.role = new_role.value
        if employee_no is not None:
            staff.employee_no = employee_no
        session.flush()
        ended = end_sessions_of(session, staff.id, EndReason.PASSWORD_RESET) if resetting else 0
        extra = {"by": by, "by_name": by_name} if by is not None else {}
        record(session, "staff.password_reset" if resetting else "staff.added", hall_id=hall.id,
               staff_id=staff.id, username=username, role=staff.role, sessions_ended=ended,
               **extra)
        return info_of(staff, hall)


def check_credentials(
    db: Database, username: str, password: str, *, check: PasswordCheck = check_password_hash,
) -> Verdict:
    """Check a password (``check`` may run it elsewhere); no database session is held meanwhile.

    An unknown username is checked against a dummy hash, so every outcome costs one scrypt.
    """
    with db.read() as session:
        staff = load_staff(session, select(Staff).where(Staff.username == username))
        info = info_of(staff, session.get(Hall, staff.hall_id)) if staff is not None else None
        active = staff is not None and staff.active
        stored = staff.password_hash if staff is not None else DUMMY_HASH
    valid = check(stored, password)
    if info is None:
        return Verdict("unknown_user", None)
    if not valid:
        return Verdict("wrong_password", None, info.id, info.hall_id)
    if not active:
        return Verdict("disabled", None, info.id, info.hall_id)
    return Verdict("ok", info, info.id, info.hall_id)


def authenticate(db: Database, username: str, password: str) -> StaffInfo:
    """The active account with this username and password, or BadCredentials."""
    verdict = check_credentials(db, username, password)
    if verdict.staff is None:
        raise BadCredentials()
    return verdict.staff


def staff_at_window(db: Database, staff_id: int, window_number: int) -> Seat:
    """The account, if it is still active and may serve this window of its hall."""
    with db.read() as session:
        staff = load_staff(session, select(Staff).where(Staff.id == staff_id))
        if staff is None or not staff.active:
            raise AccountUnavailable()
        window = session.scalar(
            select(Window).where(Window.hall_id == staff.hall_id, Window.number == window_number)
        )
        if window is None or not window.active:  # a retired window is not offered
            raise UnknownWindow(window=window_number)
        if not staff.may_serve(window):
            raise WindowNotAllowed()
        hall = session.get(Hall, staff.hall_id)
        return Seat(info_of(staff, hall), window.number, window.name or window.label, hall.name)


def staff_info(db: Database, staff_id: int) -> tuple[StaffInfo, str]:
    """An account and its hall's name (for a manager's session without a window)."""
    with db.read() as session:
        staff = load_staff(session, select(Staff).where(Staff.id == staff_id))
        if staff is None or not staff.active:
            raise AccountUnavailable()
        hall = session.get(Hall, staff.hall_id)
        return info_of(staff, hall), hall.name


# checked against when the username is unknown, so both paths cost one scrypt. A constant
# (the hash of a random string nobody knows), not computed on first use: sixteen first
# sign-ins at once would each compute it, on every core, before the cache held it
DUMMY_HASH = (
    "scrypt:32768:8:1$J2FYVwyyQ7anqSLE$fac2c36f3f0e6b092a1d50ce24c7ed7337bdf54547edf256821916ae"
    "adde9a0ad3ee6c13eb3f65e54621cc270927975f45a74319337afd88e0f7f9d26f512386"
)


def load_staff(session: Session, statement) -> Staff | None:  # type: ignore[no-untyped-def]
    """The one account the statement selects, with its windows loaded."""
    return session.scalar(statement.options(selectinload(Staff.windows)))


def _windows(session: Session, hall_id: int, numbers: list[int]) -> list[Window]:
    found = session.scalars(
        select(Window).where(Window.hall_id == hall_id, Window.number.in_(numbers))
    ).all()
    missing = sorted(set(numbers) - {w.number for w in found})
    if missing:
        raise InvalidStaff("本大厅没有这些窗口：" + "、".join(f"{n}号" for n in missing) + "。")
    return sorted(found, key=lambda w: w.number)


def info_of(staff: Staff, hall: Hall) -> StaffInfo:
    """What callers may keep of an account (no hash), detached from the session."""
    return StaffInfo(
        id=staff.id, hall_id=staff.hall_id, hall_code=hall.code, username=staff.username,
        display_name=staff.display_name or staff.username,
        windows=None if staff.any_window else [w.number for w in staff.windows],
        role=staff.role or Role.STAFF.value,
    )
