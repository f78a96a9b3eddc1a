"""Sign-in that cannot freeze the hall: limits first, then a bounded, off-loop password check.

Order of one attempt, cheapest refusal first:

1. rate limits per client address and per username (memory or the deployment's Redis),
   before anything touches the database or the password hash: 429 ``rate_limited``;
2. the username's lockout, read from the audit log: 429 ``account_locked``;
3. the password check (scrypt, ~0.1 s of one core and 32 MiB) on native worker threads
   of the lowest priority, at most ``signin_checks_at_once`` at a time (hashlib's scrypt
   releases the GIL): never on the event loop, never more than one core, and second in
   line for the CPU behind the kiosks and screens;
4. one write transaction: the session row and its ``signin.ok`` audit row, or the
   ``signin.failed`` row with its reason.

A 429 is answered after ``signin_refusal_delay`` seconds (a green sleep under eventlet):
a script that waits for each answer, as password guessers do, then knocks once a second
instead of hundreds of times. Refusals are audited too, but at most one row per reason
and key a minute, so a flood cannot turn into a flood of database writes.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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

log = logging.getLogger(__name__)

# a sign-in waits at most this long for its turn at the password check
CHECK_WAIT_SECONDS = 10.0
# refusals by a limit or the lockout: one audit row per reason and key per this period
REFUSAL_AUDIT = "1 per minute"
# password-check threads yield the CPU to everything else in the process (nice 19)
WORKER_NICENESS = 19
# after each check a worker rests this many times as long as the check took
REST_RATIO = 1.0


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
    # "guide": staff sign in at the hall's guide desk (咨询导办台), which is no window
    desk: str | None = None


@dataclass(frozen=True)
class SignedIn:
    token: str
    staff: StaffInfo
    # None for a manager signed in without a window
    seat: Seat | None


class PasswordChecks:
    """Runs password checks on native worker threads of low priority, ``at_once`` at a time.

    The workers are niced to 19: when the box is busy, the event loop (or the request
    threads) serving kiosks and screens get the CPU first, and hashing takes what is left.
    Under eventlet the waiting greenlet blocks one ``tpool`` thread (never the loop); the
    slots bound how many do. A sign-in that waits longer than ``wait_seconds`` for its turn
    gets 429 ``signin_busy``.
    """

    def __init__(self, async_mode: str, at_once: int, wait_seconds: float = CHECK_WAIT_SECONDS) -> None:
        self.at_once = max(1, at_once)
        self.wait_seconds = wait_seconds
        self.eventlet = async_mode == "eventlet"
        if self.eventlet:
            from eventlet import patcher, tpool
            from eventlet.semaphore import Semaphore

            self._slots = Semaphore(self.at_once)
            self._native_queue = patcher.original("queue")
            self._wait: Callable[[Any], tuple[bool, BaseException | None]] = (
                lambda box: tpool.execute(box.get))
        else:
            self._slots = threading.BoundedSemaphore(self.at_once)  # type: ignore[assignment]
            self._native_queue = queue
            self._wait = lambda box: box.get()

    def check(self, stored_hash: str, password: str) -> bool:
        if not self._slots.acquire(timeout=self.wait_seconds):
            raise SignInBusy(retry_after=5)
        try:
            box = self._native_queue.Queue(maxsize=1)
            _workers(self.eventlet, self.at_once).put((stored_hash, password, box))
            valid, error = self._wait(box)
        finally:
            self._slots.release()
        if error is not None:
            raise error
        return valid

    def pause(self, seconds: float) -> None:
        """Wait without holding anything up (a green sleep under eventlet)."""
        if seconds <= 0:
            return
        if self.eventlet:
            import eventlet

            eventlet.sleep(seconds)
        else:
            time.sleep(seconds)


# one set of worker threads per process (apps in one test process share them)
_WORKERS: dict[tuple[bool, int], Any] = {}
_WORKERS_LOCK = threading.Lock()


def _workers(eventlet: bool, count: int) -> Any:
    """The job queue of ``count`` native, low-priority threads that check passwords."""
    with _WORKERS_LOCK:
        jobs = _WORKERS.get((eventlet, count))
        if jobs is not None:
            return jobs
        if eventlet:
            from eventlet import patcher

            native_threading, native_queue = patcher.original("threading"), patcher.original("queue")
            native_time = patcher.original("time")
        else:
            native_threading, native_queue, native_time = threading, queue, time
        jobs = _WORKERS[(eventlet, count)] = native_queue.Queue()
        for n in range(count):
            native_threading.Thread(target=_work, args=(jobs, native_threading.get_native_id, native_time),
                                    name=f"password-check-{n}", daemon=True).start()
        return jobs


def _work(jobs: Any, native_id: Callable[[], int], native_time: Any) -> None:
    try:
        # niceness is per thread on Linux; elsewhere, or if refused, the thread runs as it is
        os.setpriority(os.PRIO_PROCESS, native_id(), WORKER_NICENESS)
    except (AttributeError, OSError):
        pass
    while True:
        stored_hash, password, box = jobs.get()
        started = native_time.perf_counter()
        try:
            box.put((check_password_hash(stored_hash, password), None))
        except Exception as error:  # noqa: BLE001 - handed to the waiting request
            box.put((False, error))
        del password
        # rest as long as the check took: hashing never holds a core more than half the time
        native_time.sleep((native_time.perf_counter() - started) * REST_RATIO)


def sign_in(rt: Runtime, attempt: Attempt) -> SignedIn:
    """Check an attempt and start a session; raises the refusal (429, 401, 403, 404, 400)."""
    _throttle(rt, attempt)
    settings, db = rt.settings, rt.db
    with db.read() as session:
        lock = lockout_of(session, attempt.username, failures=settings.signin_lockout_failures,
                          minutes=settings.signin_lockout_minutes, now=utcnow())
    checks: PasswordChecks = rt.parts["password_checks"]
    if lock is not None:
        _refused(rt, attempt, "locked", attempt.username)
        checks.pause(settings.signin_refusal_delay)
        raise _locked(lock.seconds_left(utcnow()))
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
        seat = _seat(rt, staff, attempt.window, attempt.desk)
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


def _seat(rt: Runtime, staff: StaffInfo, window: int | None, desk: str | None = None) -> Seat | None:
    if window is None:
        if desk == "guide":
            if staff.hall_id is None:
                raise InvalidInput("导办台须用本服务中心的工作人员账号登录。", code="no_hall")
            return None  # the guide desk: a member of the hall's staff, at no window
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
            rt.parts["password_checks"].pause(settings.signin_refusal_delay)
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
