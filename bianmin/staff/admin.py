"""Account administration for ``bianmin staff …``: list, disable, enable, end sessions.

Each change is one write transaction that also writes its audit row; disabling an account
ends its sessions in the same transaction, so no request after the commit gets through.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.security import generate_password_hash

from bianmin.audit.record import record
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall, Window, utcnow
from bianmin.db import Database
from bianmin.errors import Conflict, Forbidden, NotFound
from bianmin.queue.clock import as_aware
from bianmin.staff.errors import InvalidStaff, UsernameTaken
from bianmin.staff.models import Role, Staff, StaffSession
from bianmin.staff.roles import is_county
from bianmin.staff.service import (
    EMPLOYEE_NO,
    MIN_PASSWORD,
    PASSWORD_METHOD,
    USERNAME,
    StaffInfo,
    add_staff,
    info_of,
    load_staff,
)
from bianmin.staff.sessions import EndReason, LiveSession, end_sessions_of, live_sessions


class UnknownStaff(NotFound):
    code = "unknown_staff"
    message = "没有这个工作人员账号。"


@dataclass(frozen=True)
class AccountRow:
    info: StaffInfo
    active: bool
    live_sessions: int


def list_staff(db: Database, *, hall_code: str | None = None) -> list[AccountRow]:
    """Every account (of one hall), by hall and username, with its live session count."""
    now = utcnow()
    live = (
        select(StaffSession.staff_id, func.count().label("n"))
        .where(StaffSession.ended_at.is_(None), StaffSession.expires_at > now)
        .group_by(StaffSession.staff_id).subquery()
    )
    query = (
        select(Staff, Hall, func.coalesce(live.c.n, 0))
        .join(Hall, Hall.id == Staff.hall_id)
        .outerjoin(live, live.c.staff_id == Staff.id)
        .order_by(Hall.code, Staff.username)
    )
    with db.read() as session:
        if hall_code is not None:
            if session.scalar(select(Hall.id).where(Hall.code == hall_code)) is None:
                raise UnknownHall(hall=hall_code)
            query = query.where(Hall.code == hall_code)
        return [AccountRow(info_of(staff, hall), staff.active, count)
                for staff, hall, count in session.execute(query).all()]


def set_active(db: Database, username: str, active: bool) -> tuple[StaffInfo, int]:
    """Disable (ending every session) or enable an account; (account, sessions ended)."""
    with db.write() as session:
        staff = _account(session, username)
        ended = 0
        if not active:
            ended = end_sessions_of(session, staff.id, EndReason.DISABLED)
        if staff.active != active:
            staff.active = active
            record(session, "staff.enabled" if active else "staff.disabled", hall_id=staff.hall_id,
                   staff_id=staff.id, username=staff.username, sessions_ended=ended)
        return info_of(staff, session.get(Hall, staff.hall_id)), ended


def sign_out_everywhere(db: Database, username: str) -> int:
    """End every live session of an account (``bianmin staff sign-out``); how many."""
    with db.write() as session:
        staff = _account(session, username)
        return end_sessions_of(session, staff.id, EndReason.REVOKED)


def find_account(db: Database, username: str) -> StaffInfo:
    with db.read() as session:
        staff = _account(session, username)
        return info_of(staff, session.get(Hall, staff.hall_id))


def _account(session: Session, username: str) -> Staff:
    staff = load_staff(session, select(Staff).where(Staff.username == username))
    if staff is None:
        raise UnknownStaff(f"没有用户名为 {username} 的工作人员账号。")
    return staff


# ---- the managers' pages (API /api/v1/halls/<hall>/staff): the same rules as the CLI --------

# a manager makes window staff or managers of the own hall; county accounts only from a shell
ASSIGNABLE_ROLES = (Role.STAFF.value, Role.MANAGER.value)
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/O/1/l/I: read off a screen
GENERATED_PASSWORD_LENGTH = 10


class UnknownWindows(NotFound):
    """Windows named for an account that the hall does not have (404, like an unknown id)."""

    code = "unknown_window"
    message = "本大厅没有这个窗口。"


def _unknown_windows(missing: list[int]) -> UnknownWindows:
    problem = "本大厅没有这些窗口：" + "、".join(f"{n}号" for n in missing) + "。"
    return UnknownWindows(problem, fields=[{"field": "windows", "problem": problem}])


class SelfLockout(Conflict):
    code = "self_lockout"
    message = "不能停用自己的账号，也不能取消自己的管理员身份：请让另一位管理员操作。"


@dataclass(frozen=True)
class SignedInAt:
    session_id: int
    window_number: int | None
    since: datetime
    last_seen: datetime
    address: str


@dataclass(frozen=True)
class Account:
    """One account as the managers' staff page shows it."""

    id: int
    username: str
    display_name: str
    employee_no: str
    role: str
    active: bool
    # None: every window of the hall
    windows: list[int] | None
    photo: str
    created_at: datetime
    sessions: list[SignedInAt]


def generate_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(GENERATED_PASSWORD_LENGTH))


def hall_accounts(db: Database, hall_code: str) -> list[Account]:
    """Every account of the hall with where it is signed in now, by name."""
    with db.read() as session:
        hall_id = _hall_id(session, hall_code)
        staff = session.scalars(select(Staff).where(Staff.hall_id == hall_id)
                                .options(selectinload(Staff.windows))).all()
        accounts = [_account_of(s, []) for s in staff]
    sessions = _sessions_by_staff(db, hall_id)
    return sorted((_with_sessions(a, sessions.get(a.id, [])) for a in accounts),
                  key=lambda a: (not a.active, a.username))


def hall_account(db: Database, hall_code: str, staff_id: int) -> Account:
    with db.read() as session:
        hall_id = _hall_id(session, hall_code)
        staff = _of_hall(session, hall_id, staff_id)
        account = _account_of(staff, [])
    return _with_sessions(account, _sessions_by_staff(db, hall_id).get(staff_id, []))


def create_account(
    db: Database, hall_code: str, *, username: str, password: str | None, display_name: str,
    employee_no: str, windows: list[int] | None, role: str, by: LiveSession,
) -> tuple[Account, str | None]:
    """Add an account (``password`` None: one is generated); (account, generated password)."""
    _check_new(db, hall_code, username=username, password=password, employee_no=employee_no,
               windows=windows, role=role, by=by)
    generated = generate_password() if not password else None
    info = add_staff(db, hall_code=hall_code, username=username, password=password or generated or "",
                     display_name=display_name, windows=windows or None, role=role,
                     employee_no=employee_no or None, by=by.staff_id, by_name=_name(by))
    if windows == []:  # explicitly no window (a manager who never serves)
        _no_window(db, info.id)
    return hall_account(db, hall_code, info.id), generated


def update_account(
    db: Database, hall_code: str, staff_id: int, changes: dict[str, Any], by: LiveSession,
) -> tuple[Account, int]:
    """Change name, 工号, windows, role, active; (account, sessions ended by a disable)."""
    ended = 0
    with db.write() as session:
        hall_id = _hall_id(session, hall_code)
        staff = _of_hall(session, hall_id, staff_id)
        diff: dict[str, dict[str, Any]] = {}

        def change(field: str, old: Any, new: Any) -> None:
            if old != new:
                diff[field] = {"old": old, "new": new}

        if "display_name" in changes:
            name = changes["display_name"].strip() or staff.username
            change("display_name", staff.display_name, name)
            staff.display_name = name
        if "employee_no" in changes:
            number = changes["employee_no"].strip()
            if number and not EMPLOYEE_NO.match(number):
                raise InvalidStaff("工号须为 1–20 个字母、数字或连字符。", code="invalid_employee_no",
                                   fields=[{"field": "employee_no", "problem": "工号须为 1–20 个字母、数字或连字符。"}])
            change("employee_no", staff.employee_no, number)
            staff.employee_no = number
        if "windows" in changes:
            numbers = changes["windows"]
            old = None if staff.any_window else [w.number for w in staff.windows]
            if numbers is None:
                staff.any_window, staff.windows = True, []
            else:
                staff.any_window = False
                found = session.scalars(select(Window).where(
                    Window.hall_id == hall_id, Window.number.in_(numbers))).all() if numbers else []
                missing = sorted(set(numbers) - {w.number for w in found})
                if missing:
                    raise _unknown_windows(missing)
                staff.windows = sorted(found, key=lambda w: w.number)
            change("windows", old, None if numbers is None else sorted(set(numbers)))
        if "role" in changes:
            role = changes["role"]
            _check_role(role, by)
            if staff.id == by.staff_id and role != staff.role:
                raise SelfLockout()
            if staff.role == Role.COUNTY.value and not is_county(by.role):
                raise Forbidden("县级管理员账号只能由县级管理员修改。", code="county_only")
            change("role", staff.role, role)
            staff.role = role
        if "active" in changes and changes["active"] != staff.active:
            if not changes["active"] and staff.id == by.staff_id:
                raise SelfLockout()
            if not changes["active"]:
                ended = end_sessions_of(session, staff.id, EndReason.DISABLED)
            staff.active = changes["active"]
            record(session, "staff.enabled" if staff.active else "staff.disabled", hall_id=hall_id,
                   staff_id=staff.id, username=staff.username, sessions_ended=ended,
                   by=by.staff_id, by_name=_name(by))
        if diff:
            record(session, "staff.changed", hall_id=hall_id, staff_id=staff.id,
                   username=staff.username, fields=sorted(diff), changes=diff,
                   by=by.staff_id, by_name=_name(by))
    return hall_account(db, hall_code, staff_id), ended


def set_account_active(
    db: Database, hall_code: str, staff_id: int, active: bool, by: LiveSession,
) -> tuple[Account, int]:
    return update_account(db, hall_code, staff_id, {"active": active}, by)


def reset_account_password(
    db: Database, hall_code: str, staff_id: int, password: str | None, by: LiveSession,
) -> tuple[Account, str | None, int]:
    """A new password (given, or generated and returned once); ends every session."""
    if password is not None and len(password) < MIN_PASSWORD:
        raise InvalidStaff(f"密码至少需要 {MIN_PASSWORD} 个字符。", code="invalid_password",
                           fields=[{"field": "password", "problem": f"密码至少需要 {MIN_PASSWORD} 个字符。"}])
    plain = password or generate_password()
    digest = generate_password_hash(plain, method=PASSWORD_METHOD)
    with db.write() as session:
        hall_id = _hall_id(session, hall_code)
        staff = _of_hall(session, hall_id, staff_id)
        if staff.id == by.staff_id:
            # it would end this very session; the own password is another manager's to reset
            raise SelfLockout("不能在这里重置自己的密码（会立即退出登录）：请让另一位管理员重置。")
        if staff.role == Role.COUNTY.value and not is_county(by.role):
            raise Forbidden("县级管理员账号只能由县级管理员修改。", code="county_only")
        staff.password_hash = digest
        ended = end_sessions_of(session, staff.id, EndReason.PASSWORD_RESET)
        record(session, "staff.password_reset", hall_id=hall_id, staff_id=staff.id,
               username=staff.username, role=staff.role, sessions_ended=ended,
               generated=password is None, by=by.staff_id, by_name=_name(by))
    return hall_account(db, hall_code, staff_id), (plain if password is None else None), ended


def _check_new(
    db: Database, hall_code: str, *, username: str, password: str | None, employee_no: str,
    windows: list[int] | None, role: str, by: LiveSession,
) -> None:
    """Every problem of a new account at once, per field (InvalidStaff with ``fields``)."""
    problems: dict[str, str] = {}
    if not USERNAME.match(username):
        problems["username"] = "用户名须为 2–60 个字母、数字、点、下划线或连字符。"
    if password is not None and len(password) < MIN_PASSWORD:
        problems["password"] = f"密码至少需要 {MIN_PASSWORD} 个字符。"
    if employee_no and not EMPLOYEE_NO.match(employee_no):
        problems["employee_no"] = "工号须为 1–20 个字母、数字或连字符。"
    if role not in ASSIGNABLE_ROLES and not (role == Role.COUNTY.value and is_county(by.role)):
        problems["role"] = "角色只能是 staff（工作人员）或 manager（管理员）。"
    with db.read() as session:
        hall_id = _hall_id(session, hall_code)
        if windows:
            known = set(session.scalars(select(Window.number).where(
                Window.hall_id == hall_id, Window.number.in_(windows))))
            missing = sorted(set(windows) - known)
        if "username" not in problems and session.scalar(
                select(Staff.id).where(Staff.username == username)) is not None:
            problem = f"用户名 {username} 已经存在，请换一个。"
            if not problems:
                raise UsernameTaken(problem, fields=[{"field": "username", "problem": problem}])
            problems["username"] = problem
    if problems:
        fields = [{"field": k, "problem": v} for k, v in problems.items()]
        raise InvalidStaff(fields[0]["problem"], code="invalid_staff", fields=fields)
    if windows and missing:
        raise _unknown_windows(missing)


def _check_role(role: str, by: LiveSession) -> None:
    if role not in ASSIGNABLE_ROLES and not (role == Role.COUNTY.value and is_county(by.role)):
        problem = "角色只能是 staff（工作人员）或 manager（管理员）。"
        raise InvalidStaff(problem, code="invalid_role", fields=[{"field": "role", "problem": problem}])


def _name(live: LiveSession) -> str:
    return live.display_name or live.username


def _no_window(db: Database, staff_id: int) -> None:
    """Only for a new account given no window: ``add_staff`` reads no window as every one."""
    with db.write() as session:
        staff = load_staff(session, select(Staff).where(Staff.id == staff_id))
        assert staff is not None
        staff.any_window = False
        staff.windows = []


def _hall_id(session: Session, hall_code: str) -> int:
    hall_id = session.scalar(select(Hall.id).where(Hall.code == hall_code))
    if hall_id is None:
        raise UnknownHall(hall=hall_code)
    return hall_id


def _of_hall(session: Session, hall_id: int, staff_id: int) -> Staff:
    staff = load_staff(session, select(Staff).where(Staff.id == staff_id, Staff.hall_id == hall_id))
    if staff is None:
        raise UnknownStaff()
    return staff


def _account_of(staff: Staff, sessions: list[SignedInAt]) -> Account:
    return Account(
        id=staff.id, username=staff.username, display_name=staff.display_name or staff.username,
        employee_no=staff.employee_no, role=staff.role, active=staff.active,
        windows=None if staff.any_window else [w.number for w in staff.windows],
        photo=staff.photo, created_at=as_aware(staff.created_at), sessions=sessions,
    )


def _with_sessions(account: Account, sessions: list[SignedInAt]) -> Account:
    return replace(account, sessions=sessions)


def _sessions_by_staff(db: Database, hall_id: int) -> dict[int, list[SignedInAt]]:
    found: dict[int, list[SignedInAt]] = {}
    for live in live_sessions(db, hall_id=hall_id):
        found.setdefault(live.staff_id, []).append(SignedInAt(
            live.id, live.window_number, live.created_at, live.last_seen_at, live.address))
    return found
