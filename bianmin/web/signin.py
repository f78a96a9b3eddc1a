"""Sign-in that cannot freeze the hall: limits first, then a bounded, off-loop password check.

Order of one attempt, cheapest refusal first:

1. rate limits per client address and per username (memory or the deployment's Redis),
   before anything touches the database or the password hash: 429 ``rate_limited``;
2. the username's lockout, read from the audit log: 429 ``account_locked``;
3. the password check (scrypt, ~0.1 s of one core and 32 MiB): under eventlet in a native
   thread (``tpool``), under threading in the request's own thread (hashlib's scrypt
   releases the GIL); in both at most ``signin_checks_at_once`` at a time, so a burst of
   sign-ins never takes every core from the kiosks and screens;
4. one write transaction: the session row and its ``signin.ok`` audit row, or the
   ``signin.failed`` row with its reason.

Refusals by a limit or the lockout are audited too, but at most one row per reason and
key a minute, so a flood cannot turn into a flood of database writes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.security import check_password_hash

from bianmin.audit.record import record
from bianmin.catalog.models import utcnow
from bianmin.errors import BianminError, InvalidInput
from bianmin.staff.lockout import lockout_of
from bianmin.staff.roles import needs_window
from bianmin.staff.service import BadCredentials, Seat, StaffInfo, Verdict, check_credentials, staff_at_window
from bianmin.staff.sessions import start_session
from bianmin.web.limits import RateLimited
from bianmin.web.runtime import Runtime

# a sign-in waits at most this long for its turn at the password check
CHECK_WAIT_SECONDS = 10.0
# refusals by a limit or the lockout: one audit row per reason and key per this period
REFUSAL_AUDIT = "1 per minute"


class SignInBusy(RateLimited):
    code = "signin_busy"
    message = "登录的人较多，请稍等几秒再试。"


@dataclass(frozen=True)
class Attempt:
    username: str
    password: str
    # None: no window given (managers only)
    window: int | None
    address: str = ""
    user_agent: str = ""


@dataclass(frozen=True)
class SignedIn:
    token: str
    staff: StaffInfo
    # None for a manager signed in without a window
    seat: Seat | None


class PasswordChecks:
    """Runs password checks off the event loop, at most ``at_once`` at a time."""

    def __init__(self, async_mode: str, at_once: int, wait_seconds: float = CHECK_WAIT_SECONDS) -> None:
        at_once = max(1, at_once)
        self.wait_seconds = wait_seconds
        self._run: Callable[..., bool]
        if async_mode == "eventlet":
            from eventlet import tpool
            from eventlet.semaphore import Semaphore

            self._slots = Semaphore(at_once)
            self._run = tpool.execute
        else:
            self._slots = threading.BoundedSemaphore(at_once)  # type: ignore[assignment]
            self._run = _inline

    def check(self, stored_hash: str, password: str) -> bool:
        if not self._slots.acquire(timeout=self.wait_seconds):
            raise SignInBusy(retry_after=5)
        try:
            return self._run(check_password_hash, stored_hash, password)
        finally:
            self._slots.release()


def sign_in(rt: Runtime, attempt: Attempt) -> SignedIn:
    """Check an attempt and start a session; raises the refusal (429, 401, 403, 404, 400)."""
    _throttle(rt, attempt)
    settings, db = rt.settings, rt.db
    with db.read() as session:
        lock = lockout_of(session, attempt.username, failures=settings.signin_lockout_failures,
                          minutes=settings.signin_lockout_minutes, now=utcnow())
    if lock is not None:
        _refused(rt, attempt, "locked", attempt.username)
        raise _locked(lock.seconds_left(utcnow()))
    checks: PasswordChecks = rt.parts["password_checks"]
    try:
        verdict = check_credentials(db, attempt.username, attempt.password, check=checks.check)
    except SignInBusy:
        _refused(rt, attempt, "busy", attempt.address)
        raise
    if verdict.staff is None:
        _failed(rt, attempt, verdict, verdict.reason)
        raise BadCredentials()
    staff = verdict.staff
    try:
        seat = _seat(rt, staff, attempt.window)
    except BianminError as error:
        # the right password at a window the account may not serve: audited, not a guess
        _failed(rt, attempt, verdict, error.code, check_lockout=False)
        raise
    with db.write() as session:
        token = start_session(session, staff.id, window_number=attempt.window,
                              hours=settings.session_hours, address=attempt.address,
                              user_agent=attempt.user_agent)
        record(session, "signin.ok", hall_id=staff.hall_id, staff_id=staff.id,
               username=staff.username, window_number=attempt.window, address=attempt.address,
               role=staff.role)
    return SignedIn(token, staff, seat)


def _seat(rt: Runtime, staff: StaffInfo, window: int | None) -> Seat | None:
    if window is None:
        if needs_window(staff.role):
            raise InvalidInput("请填写窗口号（正整数，例如 3）。", code="invalid_window")
        return None
    return staff_at_window(rt.db, staff.id, window)


def _throttle(rt: Runtime, attempt: Attempt) -> None:
    settings, limits = rt.settings, rt.limits
    checks = [
        (settings.signin_limit_address, "signin-address", attempt.address,
         "这台设备的登录尝试太频繁，请 {}后再试。"),
        (settings.signin_limit_user, "signin-user", attempt.username[:60],
         "这个账号的登录尝试太频繁，请 {}后再试。"),
    ]
    for limit, scope, key, message in checks:
        try:
            limits.hit(limit, scope, key)
        except RateLimited as refused:
            _refused(rt, attempt, "rate_limited", f"{scope}:{key}", limit=scope)
            raise RateLimited(message.format(_wait_text(refused.retry_after)),
                              retry_after=refused.retry_after) from None


def _refused(rt: Runtime, attempt: Attempt, reason: str, key: str, **detail: object) -> None:
    """Audit a refusal, at most once a minute per reason and key."""
    try:
        rt.limits.hit(REFUSAL_AUDIT, "signin-audit", reason, key)
    except RateLimited:
        return
    with rt.db.write() as session:
        record(session, "signin.failed", username=attempt.username, window_number=attempt.window,
               address=attempt.address, reason=reason,
               note="later refusals of the same kind within a minute are not recorded", **detail)


def _failed(rt: Runtime, attempt: Attempt, verdict: Verdict, reason: str, *,
            check_lockout: bool = True) -> None:
    settings = rt.settings
    now = utcnow()
    with rt.db.write() as session:
        record(session, "signin.failed", hall_id=verdict.hall_id, staff_id=verdict.staff_id,
               username=attempt.username, window_number=attempt.window, address=attempt.address,
               at=now, reason=reason)
    if not check_lockout:
        return
    with rt.db.read() as session:
        lock = lockout_of(session, attempt.username, failures=settings.signin_lockout_failures,
                          minutes=settings.signin_lockout_minutes, now=now)
    if lock is not None:
        # this failure completed the streak: say so now rather than at the next try
        raise _locked(lock.seconds_left(now))


def _locked(seconds: int) -> RateLimited:
    return RateLimited(
        f"密码错误次数过多，账号已暂时锁定。请 {_wait_text(seconds)}后再试，"
        "或请管理员重设密码。", retry_after=seconds, code="account_locked",
    )


def _wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} 秒"
    return f"{(seconds + 59) // 60} 分钟"


def _inline(function: Callable[..., bool], *args: str) -> bool:
    return function(*args)
