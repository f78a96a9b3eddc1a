"""The counter API on the demo hall: sign-in, every action, and the 4xx answers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bianmin.catalog.models import Hall, Scenario, WindowGroup
from bianmin.queue.models import Priority, Ticket, TicketEvent
from bianmin.queue.tickets import issue_ticket
from bianmin.staff.service import add_staff

# a cheap hash: these tests are about the API, test_staff.py checks scrypt
FAST = "pbkdf2:sha256:1000"
PASSWORD = "chuangkou-1"


@pytest.fixture
def staff(db):  # type: ignore[no-untyped-def]
    """zhang serves windows 1-2 (queue A), li serves window 3 (queue B) of the demo hall."""
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, display_name="张三",
              windows=[1, 2], hash_method=FAST)
    add_staff(db, hall_code="demo", username="li", password=PASSWORD, display_name="李四",
              windows=[3], hash_method=FAST)


def scenario_of(db, prefix: str) -> int:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalars(
            select(Scenario.id).join(WindowGroup, WindowGroup.id == Scenario.window_group_id)
            .join(Hall, Hall.id == WindowGroup.hall_id)
            .where(Hall.code == "demo", WindowGroup.prefix == prefix).order_by(Scenario.id)
        ).first()


def take(db, prefix: str = "A", priority: Priority = Priority.NORMAL) -> int:  # type: ignore[no-untyped-def]
    return issue_ticket(db, hall_code="demo", scenario_id=scenario_of(db, prefix), priority=priority).ticket_id


def sign_in(client, username: str = "zhang", window: object = 1, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/session", json={"username": username, "password": password,
                                                 "window": window})


def post(client, window: int, action: str, body: dict | None = None):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/windows/{window}/{action}", json=body or {})


# -- sign-in ------------------------------------------------------------------------------


def test_sign_in_returns_the_staff_member_and_window(client, staff) -> None:  # type: ignore[no-untyped-def]
    response = sign_in(client, window="2")
    assert response.status_code == 200
    body = response.get_json()
    assert body["staff"]["username"] == "zhang" and body["staff"]["display_name"] == "张三"
    assert body["staff"]["windows"] == [1, 2]
    assert body["window"]["number"] == 2 and body["window"]["name"]  # the demo profile names it
    assert body["hall"]["code"] == "demo"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/api/v1/session").get_json()["window"]["number"] == 2


@pytest.mark.parametrize("username, password", [("zhang", "wrong-pass"), ("nobody", PASSWORD)])
def test_wrong_password_or_user_gets_401_with_one_message(client, staff, username, password) -> None:  # type: ignore[no-untyped-def]
    response = sign_in(client, username=username, password=password)
    assert response.status_code == 401
    assert response.get_json() == {"error": "bad_credentials", "message": "用户名或密码不正确，请重新输入。"}
    assert client.get("/api/v1/session").status_code == 401


def test_a_window_not_allowed_gets_403(client, staff) -> None:  # type: ignore[no-untyped-def]
    response = sign_in(client, username="li", window=1)
    assert response.status_code == 403
    body = response.get_json()
    assert body["error"] == "window_not_allowed" and "授权" in body["message"]
    assert client.get("/api/v1/session").status_code == 401


def test_an_unknown_window_gets_404(client, staff) -> None:  # type: ignore[no-untyped-def]
    response = sign_in(client, window=5)  # the demo hall has no window 5
    assert response.status_code == 404
    assert response.get_json()["error"] == "unknown_window"


@pytest.mark.parametrize("body", [{"username": "zhang", "password": PASSWORD},
                                  {"username": "zhang", "password": PASSWORD, "window": "三"},
                                  {"username": "zhang", "password": PASSWORD, "window": True},
                                  {"username": "", "password": PASSWORD, "window": 1},
                                  {"username": "zhang", "password": 123456, "window": 1},
                                  ["zhang"]])
def test_malformed_sign_in_gets_400(client, staff, body) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/session", json=body)
    assert response.status_code == 400
    assert response.get_json()["message"]


def test_sign_in_needs_a_json_body(client, staff) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/session", data={"username": "zhang", "password": PASSWORD, "window": "1"})
    assert response.status_code == 415
    assert response.get_json()["message"] == "请以 JSON 格式提交。"


def test_sign_out_ends_the_session(client, staff) -> None:  # type: ignore[no-untyped-def]
    sign_in(client)
    assert client.delete("/api/v1/session").get_json() == {"signed_in": False}
    response = post(client, 1, "call-next")
    assert response.status_code == 401
    assert response.get_json() == {"error": "not_signed_in", "message": "请先在窗口终端登录。"}


# -- actions ------------------------------------------------------------------------------


def test_call_start_finish_at_the_counter(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    take(db)
    sign_in(client)
    called = post(client, 1, "call-next")
    assert called.status_code == 200
    ticket = called.get_json()
    assert (ticket["number"], ticket["status"], ticket["called_window"]) == ("A001", "called", 1)
    assert ticket["materials"] and ticket["scenario"]["name"]
    started = post(client, 1, "start").get_json()
    assert (started["status"], started["status_label"]) == ("serving", "办理中")
    finished = post(client, 1, "finish", {"outcome": "受理"}).get_json()
    assert finished["status"] == "done" and finished["finished_at"]
    with db.read() as session:
        row = session.scalars(select(TicketEvent).where(TicketEvent.kind == "finished")).one()
        assert row.data["outcome"] == "accepted" and row.staff_id == finished_staff(db, "zhang")


def finished_staff(db, username: str) -> int:  # type: ignore[no-untyped-def]
    from bianmin.staff.models import Staff

    with db.read() as session:
        return session.scalars(select(Staff.id).where(Staff.username == username)).one()


def test_recall_and_no_show(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    take(db)
    sign_in(client)
    post(client, 1, "call-next")
    recalled = post(client, 1, "recall").get_json()
    assert recalled["recall_count"] == 1
    gone = post(client, 1, "no-show").get_json()
    assert gone["status"] == "no_show"


def test_transfer_to_a_queue_or_a_window(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    take(db)
    take(db)
    sign_in(client)
    post(client, 1, "call-next")
    moved = post(client, 1, "transfer", {"queue": "B"})
    assert moved.status_code == 200
    body = moved.get_json()
    assert (body["number"], body["status"], body["transferred_from"]) == ("B001", "waiting", "A001")
    assert (body["queue"]["prefix"], body["windows"]) == ("B", [3])
    post(client, 1, "call-next")
    to_window = post(client, 1, "transfer", {"window": 3}).get_json()
    assert (to_window["number"], to_window["for_window"]) == ("B002", 3)


@pytest.mark.parametrize("body, code", [({}, "invalid_transfer_target"),
                                        ({"queue": "B", "window": 3}, "invalid_transfer_target"),
                                        ({"queue": True}, "invalid_transfer_target"),
                                        ({"window": "x"}, "invalid_window")])
def test_bad_transfer_requests_get_400(client, db, staff, body, code) -> None:  # type: ignore[no-untyped-def]
    take(db)
    sign_in(client)
    post(client, 1, "call-next")
    response = post(client, 1, "transfer", body)
    assert response.status_code == 400
    assert response.get_json()["error"] == code


def test_unknown_transfer_queue_gets_404(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    take(db)
    sign_in(client)
    post(client, 1, "call-next")
    response = post(client, 1, "transfer", {"queue": "Z"})
    assert response.status_code == 404 and response.get_json()["error"] == "unknown_queue"


def test_pause_and_resume_return_the_window(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    take(db)
    sign_in(client)
    paused = post(client, 1, "pause")
    assert paused.status_code == 200
    assert paused.get_json()["paused"] is True and paused.get_json()["number"] == 1
    refused = post(client, 1, "call-next")
    assert refused.status_code == 409
    assert refused.get_json()["error"] == "window_paused"
    assert post(client, 1, "pause").status_code == 409
    assert post(client, 1, "resume").get_json()["paused"] is False
    assert post(client, 1, "call-next").status_code == 200


def test_cancel_a_waiting_ticket(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    ticket_id = take(db)
    sign_in(client)
    response = post(client, 1, "cancel", {"ticket": ticket_id})
    assert response.get_json()["status"] == "cancelled"
    assert post(client, 1, "cancel", {"ticket": "x"}).status_code == 400


def test_finish_with_an_unknown_outcome_gets_400_and_changes_nothing(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    ticket_id = take(db)
    sign_in(client)
    post(client, 1, "call-next")
    response = post(client, 1, "finish", {"outcome": "好了"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_outcome"
    with db.read() as session:
        assert session.get(Ticket, ticket_id).status == "called"


def test_409_answers_say_what_to_do(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    sign_in(client)
    nothing = post(client, 1, "call-next")
    assert nothing.status_code == 409
    assert nothing.get_json() == {"error": "no_ticket_waiting", "message": "本窗口当前没有排队的号，请稍后再叫号。"}
    assert post(client, 1, "start").get_json()["error"] == "no_current_ticket"
    take(db)
    post(client, 1, "call-next")
    busy = post(client, 1, "call-next")
    assert busy.status_code == 409 and "A001" in busy.get_json()["message"]


# -- who may act where ---------------------------------------------------------------------


def test_actions_at_another_window_get_403(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    take(db)
    sign_in(client, window=1)
    response = post(client, 2, "call-next")  # zhang may serve 2, but is signed in at 1
    assert response.status_code == 403
    assert response.get_json()["error"] == "wrong_window" and "1 号窗口" in response.get_json()["message"]
    assert client.get("/api/v1/windows/2").status_code == 403
    with db.read() as session:
        assert session.scalars(select(Ticket.status)).one() == "waiting"


@pytest.mark.parametrize("action", ["call-next", "recall", "start", "finish", "no-show", "transfer",
                                    "pause", "resume", "cancel"])
def test_every_action_needs_a_signed_in_staff_member(client, staff, action) -> None:  # type: ignore[no-untyped-def]
    response = post(client, 1, action)
    assert response.status_code == 401
    assert response.get_json()["error"] == "not_signed_in"


def test_actions_need_a_json_request(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    take(db)
    sign_in(client)
    response = client.post("/api/v1/windows/1/call-next", data="x", content_type="text/plain")
    assert response.status_code == 415
    empty = client.post("/api/v1/windows/1/call-next", content_type="application/json")
    assert empty.status_code == 200


def test_a_session_from_yesterday_has_expired(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from bianmin.staff.models import StaffSession

    sign_in(client)
    with db.write() as session:
        row = session.scalars(select(StaffSession)).one()
        row.created_at -= timedelta(hours=17)
        row.expires_at -= timedelta(hours=17)
    response = post(client, 1, "call-next")
    assert response.status_code == 401
    assert response.get_json() == {"error": "session_expired", "message": "登录已过期，请重新登录。"}
    assert client.get("/api/v1/session").get_json()["error"] == "not_signed_in"


def test_a_disabled_account_is_signed_out_at_its_next_action(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    from bianmin.staff.models import Staff

    sign_in(client)
    with db.write() as session:
        session.scalars(select(Staff).where(Staff.username == "zhang")).one().active = False
    response = post(client, 1, "call-next")
    assert response.status_code == 401 and response.get_json()["error"] == "account_unavailable"
    assert client.get("/api/v1/session").get_json()["error"] == "not_signed_in"


def test_window_state_for_the_counter_screen(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    take(db)
    take(db, priority=Priority.GREEN)
    take(db, "B")
    sign_in(client)
    post(client, 1, "call-next")
    body = client.get("/api/v1/windows/1").get_json()
    assert body["window"]["number"] == 1 and body["window"]["paused"] is False
    assert body["current"]["number"] == "A002" and body["current"]["green"] is True
    assert [w["number"] for w in body["waiting"]] == ["A001"]
    assert body["counts"] == {"called": 1, "served": 0, "no_show": 0, "transferred": 0}
    assert [q["prefix"] for q in body["queues"]] == ["A"]
    assert {o["label"] for o in body["outcomes"]} >= {"办结", "受理", "补正"}
    assert "B" in [q["prefix"] for q in body["transfer_targets"]["queues"]]
    assert 3 in [w["number"] for w in body["transfer_targets"]["windows"]]
