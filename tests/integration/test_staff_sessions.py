"""Server-side sessions, account administration and the lockout, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from bianmin.audit.models import AuditEvent
from bianmin.audit.record import recent, record
from bianmin.catalog.models import utcnow
from bianmin.db import Database
from bianmin.staff import admin
from bianmin.staff.errors import NotSignedIn
from bianmin.staff.lockout import lockout_of
from bianmin.staff.models import StaffSession
from bianmin.staff.service import add_staff
from bianmin.staff.sessions import (
    EndReason,
    SessionExpired,
    check_session,
    end_session,
    find_session,
    live_sessions,
    start_session,
    token_digest,
)
from tests.support.calling import drop_hall
from tests.support.factories import make_hall

FAST = "pbkdf2:sha256:1000"


@dataclass
class Account:
    db: Database
    hall_id: int
    hall_code: str
    staff_id: int
    username: str

    def start(self, window: int | None = 1, hours: float = 16, **extra) -> str:  # type: ignore[no-untyped-def]
        with self.db.write() as session:
            return start_session(session, self.staff_id, window_number=window, hours=hours, **extra)

    def audit(self, kind: str | None = None) -> list[AuditEvent]:
        with self.db.read() as session:
            rows = recent(session, username=self.username)
        return [r for r in rows if kind is None or r.kind == kind]


@pytest.fixture
def account(any_db: Database) -> Iterator[Account]:
    """One account in a hall of its own (the PostgreSQL database is shared by the session)."""
    suffix = uuid.uuid4().hex[:8]
    with any_db.write() as session:
        hall = make_hall(session, code=f"s{suffix}")
    info = add_staff(any_db, hall_code=hall.code, username=f"u{suffix}", password="secret-1",
                     windows=[1], hash_method=FAST)
    yield Account(any_db, hall.hall_id, hall.code, info.id, info.username)
    drop_hall(any_db, hall.hall_id)


def test_only_the_tokens_digest_is_stored(account: Account) -> None:
    token = account.start(address="192.0.2.7", user_agent="Chrome")
    with account.db.read() as session:
        row = session.scalars(select(StaffSession).where(StaffSession.staff_id == account.staff_id)).one()
    assert row.token_hash == token_digest(token) and token not in row.token_hash
    assert len(token) >= 40 and (row.address, row.user_agent) == ("192.0.2.7", "Chrome")
    live = check_session(account.db, token)
    assert (live.staff_id, live.hall_id, live.window_number, live.role) == (
        account.staff_id, account.hall_id, 1, "staff")


def test_an_unknown_token_is_not_signed_in(account: Account) -> None:
    token = account.start()
    with pytest.raises(NotSignedIn):
        check_session(account.db, "not-a-token")
    assert find_session(account.db, "not-a-token") is None
    assert find_session(account.db, token).staff_id == account.staff_id


def test_an_ended_session_never_works_again_and_sign_out_is_audited(account: Account) -> None:
    token = account.start()
    live = check_session(account.db, token)
    assert end_session(account.db, live.id, EndReason.SIGN_OUT, address="192.0.2.9") is not None
    with pytest.raises(NotSignedIn):
        check_session(account.db, token)
    assert end_session(account.db, live.id, EndReason.SIGN_OUT) is None  # once only
    [signout] = account.audit("signout")
    assert signout.detail == {"reason": "sign_out", "session_id": live.id}
    assert (signout.staff_id, signout.hall_id, signout.address) == (account.staff_id, account.hall_id,
                                                                    "192.0.2.9")


def test_an_expired_session_is_ended_with_reason_expired(account: Account) -> None:
    token = account.start(hours=16)
    with pytest.raises(SessionExpired):
        check_session(account.db, token, now=utcnow() + timedelta(hours=16, seconds=1))
    with account.db.read() as session:
        row = session.scalars(select(StaffSession).where(StaffSession.staff_id == account.staff_id)).one()
    assert row.ended_at is not None and row.end_reason == "expired"
    assert [e.detail["reason"] for e in account.audit("session.ended")] == ["expired"]
    with pytest.raises(NotSignedIn):
        check_session(account.db, token)


def test_last_seen_is_written_at_most_once_a_minute(account: Account) -> None:
    token = account.start()
    start = check_session(account.db, token).last_seen_at
    check_session(account.db, token, now=start + timedelta(seconds=59))
    assert check_session(account.db, token).last_seen_at == start
    later = start + timedelta(seconds=61)
    check_session(account.db, token, now=later)
    assert check_session(account.db, token).last_seen_at == later


def test_a_password_reset_ends_every_session_of_the_account(account: Account) -> None:
    tokens = [account.start(), account.start(window=None)]
    other = add_staff(account.db, hall_code=account.hall_code, username=account.username + "x",
                      password="secret-1", hash_method=FAST)
    with account.db.write() as session:
        other_token = start_session(session, other.id, window_number=1, hours=16)
    add_staff(account.db, hall_code=account.hall_code, username=account.username, password="secret-2",
              replace=True, hash_method=FAST)
    for token in tokens:
        with pytest.raises(NotSignedIn):
            check_session(account.db, token)
    assert check_session(account.db, other_token).staff_id == other.id
    ended = account.audit("session.ended")
    assert sorted(e.detail["reason"] for e in ended) == ["password_reset"] * 2
    [reset] = account.audit("staff.password_reset")
    assert reset.detail["sessions_ended"] == 2


def test_disabling_ends_sessions_and_enabling_does_not_bring_them_back(account: Account) -> None:
    token = account.start()
    info, ended = admin.set_active(account.db, account.username, False)
    assert ended == 1 and info.username == account.username
    with pytest.raises(NotSignedIn):
        check_session(account.db, token)
    admin.set_active(account.db, account.username, True)
    with pytest.raises(NotSignedIn):
        check_session(account.db, token)
    assert [e.kind for e in reversed(account.audit())][-3:] == [
        "session.ended", "staff.disabled", "staff.enabled"]


def test_live_sessions_and_sign_out_everywhere(account: Account) -> None:
    first, _second = account.start(address="192.0.2.1"), account.start(window=None)
    assert [(s.window_number, s.address) for s in live_sessions(account.db, username=account.username)] == [
        (1, "192.0.2.1"), (None, "")]
    [row] = [r for r in admin.list_staff(account.db, hall_code=account.hall_code)]
    assert (row.info.username, row.active, row.live_sessions) == (account.username, True, 2)
    assert admin.sign_out_everywhere(account.db, account.username) == 2
    assert live_sessions(account.db, username=account.username) == []
    assert admin.sign_out_everywhere(account.db, account.username) == 0
    with pytest.raises(NotSignedIn):
        check_session(account.db, first)
    assert sorted(e.detail["reason"] for e in account.audit("session.ended")) == ["revoked"] * 2


def test_unknown_accounts_are_refused(account: Account) -> None:
    with pytest.raises(admin.UnknownStaff):
        admin.set_active(account.db, "nobody-" + account.username, False)
    with pytest.raises(admin.UnknownStaff):
        admin.sign_out_everywhere(account.db, "nobody-" + account.username)


# -- the lockout, read from the audit log ----------------------------------------------


def failures(account: Account, count: int, *, reason: str = "wrong_password", start=None,  # type: ignore[no-untyped-def]
             step: timedelta = timedelta(seconds=1)) -> None:
    at = start or utcnow() - timedelta(minutes=1)
    with account.db.write() as session:
        for n in range(count):
            record(session, "signin.failed", username=account.username, at=at + n * step, reason=reason)


def lock(account: Account, now=None):  # type: ignore[no-untyped-def]
    with account.db.read() as session:
        return lockout_of(session, account.username, failures=5, minutes=15, now=now or utcnow())


def test_five_failures_in_a_row_lock_the_username_for_fifteen_minutes(account: Account) -> None:
    failures(account, 4)
    assert lock(account) is None
    failures(account, 1, start=utcnow() - timedelta(seconds=10))
    found = lock(account)
    assert found is not None
    # the oldest of the five was a minute ago: fourteen minutes left
    assert 13 * 60 < found.seconds_left(utcnow()) <= 14 * 60
    assert lock(account, now=utcnow() + timedelta(minutes=14, seconds=1)) is None


def test_refusals_by_limits_do_not_count_towards_the_lockout(account: Account) -> None:
    failures(account, 10, reason="rate_limited")
    failures(account, 10, reason="locked")
    assert lock(account) is None


def test_a_success_or_a_password_reset_ends_the_streak(account: Account) -> None:
    failures(account, 5, start=utcnow() - timedelta(minutes=2))
    assert lock(account) is not None
    with account.db.write() as session:
        record(session, "signin.ok", username=account.username)
    assert lock(account) is None
    failures(account, 5, start=utcnow())  # after the success
    assert lock(account) is not None
    add_staff(account.db, hall_code=account.hall_code, username=account.username, password="secret-3",
              replace=True, hash_method=FAST)
    assert lock(account) is None


def test_audit_strings_are_cut_and_cleaned(account: Account) -> None:
    with account.db.write() as session:
        record(session, "signin.failed", username="a\x00b\ud800" + "x" * 100, address="1" * 100,
               reason="unknown_user\x00")
    with account.db.read() as session:
        [row] = recent(session, username="ab?" + "x" * 57)
    assert row.username == "ab?" + "x" * 57 and len(row.address) == 64
    assert row.detail == {"reason": "unknown_user"}
