"""Sign-in over HTTP: rate limits, the lockout, the audit trail, roles, revocable cookies."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from bianmin.app import create_app
from bianmin.audit.models import AuditEvent
from bianmin.settings import Settings
from bianmin.staff import admin
from bianmin.staff.service import add_staff
from bianmin.web.signin import PasswordChecks, SignInBusy

FAST = "pbkdf2:sha256:1000"
PASSWORD = "chuangkou-1"


@pytest.fixture
def make_app(settings: Settings):  # type: ignore[no-untyped-def]
    """Apps on the same demo database, each with its own (memory) rate-limit counters."""
    made = []

    def make(**changes):  # type: ignore[no-untyped-def]
        # no pause before a 429 unless a test is about it
        application = create_app(settings.replace(**{"signin_refusal_delay": 0, **changes}))
        made.append(application)
        return application

    yield make
    for application in made:
        application.extensions["bianmin"].db.dispose()


@pytest.fixture
def accounts(db):  # type: ignore[no-untyped-def]
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, windows=[1, 2], hash_method=FAST)
    add_staff(db, hall_code="demo", username="boss", password=PASSWORD, role="manager",
              display_name="王主任", hash_method=FAST)


def sign_in(client, username: str = "zhang", password: str = PASSWORD, window: object = 1, **extra):  # type: ignore[no-untyped-def]
    body = {"username": username, "password": password}
    if window is not None:
        body["window"] = window
    return client.post("/api/v1/session", json=body, **extra)


def audit(db, kind: str | None = None) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        query = select(AuditEvent).order_by(AuditEvent.id)
        rows = list(session.scalars(query if kind is None else query.where(AuditEvent.kind == kind)))
    return rows


def reasons(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.detail["reason"] for e in audit(db, "signin.failed")]


def assert_429(response, code: str, words: str) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 429, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"] == code and words in body["message"]
    retry = int(response.headers["Retry-After"])
    assert retry >= 1
    return retry


# -- rate limits ---------------------------------------------------------------------------


def test_a_username_past_its_limit_gets_429_before_any_password_check(make_app, db, accounts) -> None:  # type: ignore[no-untyped-def]
    client = make_app(signin_limit_user="3 per minute").test_client()
    for _ in range(3):
        assert sign_in(client, password="wrong-pass").status_code == 401
    # even the right password: the limit is checked first
    retry = assert_429(sign_in(client), "rate_limited", "这个账号的登录尝试太频繁")
    assert retry <= 60 and "后再试" in sign_in(client).get_json()["message"]
    assert reasons(db) == ["wrong_password"] * 3 + ["rate_limited"]  # one row a minute per key
    # another username from the same address is not held up
    assert sign_in(client, username="boss", window=None).status_code == 200


def test_an_address_past_its_limit_gets_429_while_another_address_signs_in(make_app, db, accounts) -> None:  # type: ignore[no-untyped-def]
    client = make_app(signin_limit_address="3 per minute").test_client()
    for name in ("a1", "a2", "a3"):
        assert sign_in(client, username=name).status_code == 401
    assert_429(sign_in(client), "rate_limited", "这台设备的登录尝试太频繁")
    other = sign_in(client, environ_base={"REMOTE_ADDR": "192.0.2.50"})
    assert other.status_code == 200
    [limited] = audit(db, "signin.failed")[-1:]
    assert (limited.detail["reason"], limited.detail["limit"], limited.address) == (
        "rate_limited", "signin-address", "127.0.0.1")


def test_a_refusal_is_answered_after_a_pause(make_app, accounts) -> None:  # type: ignore[no-untyped-def]
    client = make_app(signin_limit_user="1 per minute", signin_refusal_delay=0.5).test_client()
    sign_in(client, password="wrong-pass")
    started = time.perf_counter()
    assert sign_in(client).status_code == 429
    assert time.perf_counter() - started >= 0.5


# -- the lockout ---------------------------------------------------------------------------


def test_repeated_failures_lock_the_account_with_a_chinese_429(make_app, db, accounts) -> None:  # type: ignore[no-untyped-def]
    client = make_app(signin_lockout_failures=3, signin_lockout_minutes=15).test_client()
    assert [sign_in(client, password="wrong-pass").status_code for _ in range(2)] == [401, 401]
    # the third failure completes the streak and says so at once
    assert_429(sign_in(client, password="wrong-pass"), "account_locked", "锁定")
    locked = sign_in(client)  # the right password does not help while locked
    retry = assert_429(locked, "account_locked", "请管理员重设密码")
    assert 14 * 60 < retry <= 15 * 60 and "15 分钟" in locked.get_json()["message"]
    assert reasons(db) == ["wrong_password"] * 3 + ["locked"]
    # other accounts are not affected
    assert sign_in(client, username="boss", window=None).status_code == 200


def test_the_lockout_survives_a_restart_of_the_server(make_app, db, accounts) -> None:  # type: ignore[no-untyped-def]
    first = make_app(signin_lockout_failures=3).test_client()
    for _ in range(3):
        sign_in(first, password="wrong-pass")
    restarted = make_app(signin_lockout_failures=3).test_client()  # fresh memory counters
    assert_429(sign_in(restarted), "account_locked", "锁定")


def test_a_success_resets_the_count_of_failures(make_app, db, accounts) -> None:  # type: ignore[no-untyped-def]
    client = make_app(signin_lockout_failures=3).test_client()
    for _ in range(2):
        sign_in(client, password="wrong-pass")
    assert sign_in(client).status_code == 200
    for _ in range(2):
        assert sign_in(client, password="wrong-pass").status_code == 401
    assert sign_in(client).status_code == 200


def test_a_password_reset_or_enabling_lifts_the_lockout(make_app, db, accounts) -> None:  # type: ignore[no-untyped-def]
    client = make_app(signin_lockout_failures=2).test_client()
    for _ in range(2):
        sign_in(client, password="wrong-pass")
    assert sign_in(client).status_code == 429
    add_staff(db, hall_code="demo", username="zhang", password="new-pass-1", windows=[1], replace=True,
              hash_method=FAST)
    assert sign_in(client, password="new-pass-1").status_code == 200
    for _ in range(2):
        sign_in(client, password="wrong-pass")
    assert sign_in(client, password="new-pass-1").status_code == 429
    admin.set_active(db, "zhang", False)
    admin.set_active(db, "zhang", True)
    assert sign_in(client, password="new-pass-1").status_code == 200


def test_unknown_usernames_lock_the_same_way(make_app, db, accounts) -> None:  # type: ignore[no-untyped-def]
    client = make_app(signin_lockout_failures=2).test_client()
    assert sign_in(client, username="nobody").status_code == 401
    assert_429(sign_in(client, username="nobody"), "account_locked", "锁定")


# -- the audit trail -------------------------------------------------------------------------


def test_every_outcome_leaves_an_audit_row_and_no_password(client, db, accounts) -> None:  # type: ignore[no-untyped-def]
    add_staff(db, hall_code="demo", username="gone", password=PASSWORD, hash_method=FAST)
    admin.set_active(db, "gone", False)
    sign_in(client, username="nobody", password="secret-guess-1")
    sign_in(client, password="secret-guess-2")
    sign_in(client, username="gone")
    sign_in(client, window=3)  # the right password at a window zhang may not serve
    assert sign_in(client, window=2, headers={"User-Agent": "counter-7"}).status_code == 200
    client.delete("/api/v1/session")
    assert reasons(db) == ["unknown_user", "wrong_password", "disabled", "window_not_allowed"]
    [ok] = audit(db, "signin.ok")
    assert (ok.username, ok.window_number, ok.address, ok.detail["role"]) == ("zhang", 2, "127.0.0.1", "staff")
    [out] = audit(db, "signout")
    assert out.staff_id == ok.staff_id and out.detail["reason"] == "sign_out"
    everything = repr([(e.kind, e.username, e.address, e.detail) for e in audit(db)])
    for secret in ("secret-guess-1", "secret-guess-2", PASSWORD):
        assert secret not in everything


# -- roles ------------------------------------------------------------------------------------


def test_a_manager_signs_in_without_a_window_but_cannot_act_at_one(client, db, accounts) -> None:  # type: ignore[no-untyped-def]
    response = sign_in(client, username="boss", window=None)
    assert response.status_code == 200
    body = response.get_json()
    assert body["window"] is None and body["staff"]["role"] == "manager"
    assert body["staff"]["display_name"] == "王主任" and body["hall"]["code"] == "demo"
    assert client.get("/api/v1/session").get_json() == body
    refused = client.post("/api/v1/windows/1/call-next", json={})
    assert refused.status_code == 403 and refused.get_json()["error"] == "no_window"
    assert "窗口" in refused.get_json()["message"]


def test_a_manager_may_also_sign_in_at_a_window(client, accounts) -> None:  # type: ignore[no-untyped-def]
    body = sign_in(client, username="boss", window=4).get_json()
    assert body["window"]["number"] == 4 and body["staff"]["role"] == "manager"
    assert client.post("/api/v1/windows/4/pause", json={}).status_code == 200


def test_staff_need_a_window(client, accounts) -> None:  # type: ignore[no-untyped-def]
    response = sign_in(client, window=None)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_window"
    assert client.get("/api/v1/session").status_code == 401


# -- cookies ---------------------------------------------------------------------------------


def test_the_cookie_is_secure_behind_an_https_public_url(make_app, accounts) -> None:  # type: ignore[no-untyped-def]
    secure = sign_in(make_app(public_url="https://hall.example.cn").test_client())
    plain = sign_in(make_app(public_url="http://192.0.2.1:5000").test_client())
    for response in (secure, plain):
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" in secure.headers["Set-Cookie"] and "Secure" not in plain.headers["Set-Cookie"]


def test_the_cookie_holds_only_the_session_token(client, accounts) -> None:  # type: ignore[no-untyped-def]
    sign_in(client)
    with client.session_transaction() as cookie:
        assert set(cookie) == {"token"}


def end_by_sign_out(client, db) -> None:  # type: ignore[no-untyped-def]
    client.delete("/api/v1/session")


def end_by_reset(client, db) -> None:  # type: ignore[no-untyped-def]
    add_staff(db, hall_code="demo", username="zhang", password="new-pass-1", windows=[1, 2], replace=True,
              hash_method=FAST)


def end_by_disable(client, db) -> None:  # type: ignore[no-untyped-def]
    admin.set_active(db, "zhang", False)


def end_by_staff_sign_out(client, db) -> None:  # type: ignore[no-untyped-def]
    admin.sign_out_everywhere(db, "zhang")


@pytest.mark.parametrize("end", [end_by_sign_out, end_by_reset, end_by_disable, end_by_staff_sign_out])
def test_a_copied_cookie_is_dead_once_the_session_ends(client, db, accounts, end) -> None:  # type: ignore[no-untyped-def]
    sign_in(client)
    copied = client.get_cookie("session").value
    assert client.post("/api/v1/windows/1/pause", json={}).status_code == 200
    end(client, db)
    client.set_cookie("session", copied)
    response = client.post("/api/v1/windows/1/resume", json={})
    assert response.status_code == 401 and response.get_json()["error"] == "not_signed_in"


# -- the password check's slots ----------------------------------------------------------------


def test_a_sign_in_that_waits_too_long_for_a_password_check_gets_429() -> None:
    checks = PasswordChecks("threading", 1, wait_seconds=0.2)
    holder = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with checks._slots:  # noqa: SLF001 - one check in progress, as long as the test wants
            holder.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    holder.wait(5)
    try:
        with pytest.raises(SignInBusy) as refused:
            checks.check("pbkdf2:sha256:1000$salt$x", "guess")
        assert refused.value.retry_after >= 1 and "稍等" in refused.value.message
    finally:
        release.set()
        thread.join()
    assert checks.check("pbkdf2:sha256:1000$salt$x", "guess") is False


def test_require_manager_admits_managers_only(app, client, accounts) -> None:  # type: ignore[no-untyped-def]
    from bianmin.api.session import require_manager
    from bianmin.errors import Forbidden
    from bianmin.staff.errors import NotSignedIn

    def check(cookie_client):  # type: ignore[no-untyped-def]
        with app.test_request_context(headers={"Cookie": _cookie(cookie_client)}):
            return require_manager()

    with pytest.raises(NotSignedIn):
        check(client)
    sign_in(client)
    with pytest.raises(Forbidden) as refused:
        check(client)
    assert refused.value.code == "manager_only"
    other = app.test_client()
    sign_in(other, username="boss", window=None)
    assert check(other).username == "boss"


def _cookie(client) -> str:  # type: ignore[no-untyped-def]
    cookie = client.get_cookie("session")
    return f"session={cookie.value}" if cookie else ""


def test_signing_in_again_ends_the_browsers_earlier_session(client, db, accounts) -> None:  # type: ignore[no-untyped-def]
    from bianmin.staff.sessions import live_sessions

    sign_in(client, window=1)
    first = client.get_cookie("session").value
    sign_in(client, window=2)
    assert [s.window_number for s in live_sessions(db, username="zhang")] == [2]
    client.set_cookie("session", first)
    assert client.get("/api/v1/session").status_code == 401


def test_with_redis_every_process_counts_the_same_attempts(make_app, accounts) -> None:  # type: ignore[no-untyped-def]
    import uuid

    # a channel of its own: the limits' Redis keys are prefixed by it
    queue = f"redis://127.0.0.1:6379/0?channel=signin-{uuid.uuid4().hex[:8]}"
    one = make_app(message_queue=queue, signin_limit_user="2 per minute").test_client()
    two = make_app(message_queue=queue, signin_limit_user="2 per minute").test_client()
    assert sign_in(one, password="wrong-pass").status_code == 401
    assert sign_in(two, password="wrong-pass").status_code == 401
    assert_429(sign_in(one), "rate_limited", "这个账号")


def test_with_the_limits_storage_down_sign_in_still_works(make_app, accounts, caplog) -> None:  # type: ignore[no-untyped-def]
    from tests.support.server import free_port

    client = make_app(rate_limit_storage=f"redis://127.0.0.1:{free_port()}/0",
                      signin_lockout_failures=2).test_client()
    assert sign_in(client).status_code == 200
    assert "storage is unavailable" in caplog.text
    # the lockout lives in the database and still holds
    for _ in range(2):
        sign_in(client, password="wrong-pass")
    assert_429(sign_in(client), "account_locked", "锁定")
