"""好差评 over HTTP on the demo hall (open mode): who may rate, what is refused, who is rated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bianmin.queue.models import TicketEvent
from bianmin.ratings.models import Rating, RatingFollowUp
from bianmin.staff.service import add_staff
from bianmin.web.tokens import ticket_token
from tests.integration.test_api_counter import FAST, PASSWORD, post, sign_in, take


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    """zhang (工号 0071) and wang both serve window 1; boss is a manager; li serves window 3."""
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, display_name="张三",
              windows=[1, 2], hash_method=FAST)
    add_staff(db, hall_code="demo", username="wang", password=PASSWORD, display_name="王五",
              windows=[1], hash_method=FAST)
    add_staff(db, hall_code="demo", username="li", password=PASSWORD, display_name="李四",
              windows=[3], hash_method=FAST)
    add_staff(db, hall_code="demo", username="boss", password=PASSWORD, display_name="主任",
              hash_method=FAST, role="manager")
    with db.write() as session:
        from bianmin.staff.models import Staff

        session.execute(update(Staff).where(Staff.username == "zhang").values(employee_no="0071"))


def finished_ticket(app, client, db, *, window: int = 1, user: str = "zhang",  # type: ignore[no-untyped-def]
                    prefix: str = "A", outcome: str = "done") -> int:
    ticket_id = take(db, prefix)
    assert sign_in(client, user, window).status_code == 200
    assert post(client, window, "call-next").status_code == 200
    assert post(client, window, "finish", {"outcome": outcome}).status_code == 200
    client.delete("/api/v1/session")
    return ticket_id


def token_of(app, ticket_id: int) -> str:  # type: ignore[no-untyped-def]
    return ticket_token(app.config["SECRET_KEY"], ticket_id)


def rate(client, ticket_id: int, **body):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/tickets/{ticket_id}/rating", json=body)


def test_the_visitor_rates_by_phone_once_and_reads_it_back(app, client, db, people) -> None:  # type: ignore[no-untyped-def]
    ticket_id = finished_ticket(app, client, db)
    token = token_of(app, ticket_id)
    answer = rate(client, ticket_id, level=5, token=token)
    assert answer.status_code == 201, answer.get_json()
    rating = answer.get_json()["rating"]
    assert (rating["level"], rating["level_label"], rating["channel"]) == (5, "非常满意", "phone")
    assert rating["window"] == 1 and rating["staff"]["name"] == "张三"
    assert rating["staff"]["employee_no"] == "0071"
    assert rating["follow_up"]["state"] == "none" and rating["reasons"] == []
    again = rate(client, ticket_id, level=1, reasons=["attitude"], token=token)
    assert again.status_code == 409
    assert again.get_json()["error"] == "already_rated" and "已经评价" in again.get_json()["message"]
    read = client.get(f"/api/v1/tickets/{ticket_id}/rating?token={token}")
    assert read.status_code == 200 and read.get_json()["rating"]["id"] == rating["id"]
    with db.read() as session:
        events = session.scalars(select(TicketEvent).where(
            TicketEvent.ticket_id == ticket_id, TicketEvent.kind == "rated")).all()
        assert [(e.data["level"], e.data["channel"]) for e in events] == [(5, "phone")]


def test_an_unrated_ticket_reads_404_not_rated(app, client, db, people) -> None:  # type: ignore[no-untyped-def]
    ticket_id = finished_ticket(app, client, db)
    read = client.get(f"/api/v1/tickets/{ticket_id}/rating?token={token_of(app, ticket_id)}")
    assert read.status_code == 404 and read.get_json()["error"] == "not_rated"
    assert client.get(f"/api/v1/tickets/{ticket_id}/rating").status_code == 401


def test_refused_unknown_unfinished_wrong_token(app, client, db, people) -> None:  # type: ignore[no-untyped-def]
    unknown = rate(client, 999999, level=5, token=token_of(app, 999999))
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "unknown_ticket"
    waiting = take(db, "A")
    unfinished = rate(client, waiting, level=5, token=token_of(app, waiting))
    assert unfinished.status_code == 409 and unfinished.get_json()["error"] == "not_finished"
    done = finished_ticket(app, client, db)
    wrong = rate(client, done, level=5, token=token_of(app, waiting))
    assert wrong.status_code == 403 and wrong.get_json()["error"] == "wrong_token"
    forged = rate(client, done, level=5, token=f"{done}-000000000000")
    assert forged.status_code == 403
    nothing = rate(client, done, level=5)
    assert nothing.status_code == 401
    with db.read() as session:
        assert session.scalar(select(Rating.id)) is None


@pytest.mark.parametrize("body, code", [
    ({"level": 0}, "invalid_level"),
    ({"level": 6}, "invalid_level"),
    ({"level": "5"}, "invalid_level"),
    ({}, "invalid_level"),
    ({"level": 2}, "reasons_required"),
    ({"level": 1, "reasons": []}, "reasons_required"),
    ({"level": 2, "reasons": ["rude"]}, "invalid_reason"),
    ({"level": 4, "reasons": ["attitude"]}, "reasons_not_allowed"),
    ({"level": 2, "reasons": ["other"], "phone": "138-0000"}, "invalid_phone"),
    ({"level": 2, "reasons": ["other"], "remark": "字" * 201}, "invalid_remark"),
])
def test_bad_level_or_reasons_are_400(app, client, db, people, body, code) -> None:  # type: ignore[no-untyped-def]
    ticket_id = finished_ticket(app, client, db)
    answer = rate(client, ticket_id, token=token_of(app, ticket_id), **body)
    assert answer.status_code == 400, answer.get_json()
    assert answer.get_json()["error"] == code
    assert answer.get_json()["message"]


def test_too_late_by_phone_and_on_the_tablet(app, client, db, people) -> None:  # type: ignore[no-untyped-def]
    ticket_id = finished_ticket(app, client, db)
    with db.write() as session:
        event = session.scalars(select(TicketEvent).where(
            TicketEvent.ticket_id == ticket_id, TicketEvent.kind == "finished")).one()
        event.at = event.at - timedelta(minutes=11)
    late_tablet = rate(client, ticket_id, level=5, window=1)
    assert late_tablet.status_code == 409 and late_tablet.get_json()["error"] == "rating_closed"
    assert rate(client, ticket_id, level=5, token=token_of(app, ticket_id)).status_code == 201
    other = finished_ticket(app, client, db)
    with db.write() as session:
        event = session.scalars(select(TicketEvent).where(
            TicketEvent.ticket_id == other, TicketEvent.kind == "finished")).one()
        event.at = event.at - timedelta(days=7, minutes=1)
    late = rate(client, other, level=5, token=token_of(app, other))
    assert late.status_code == 409 and late.get_json()["error"] == "rating_closed"


def test_the_open_mode_tablet_rates_only_its_own_windows_ticket(app, client, db, people) -> None:  # type: ignore[no-untyped-def]
    ticket_id = finished_ticket(app, client, db, window=1)
    elsewhere = rate(client, ticket_id, level=5, window=2)
    assert elsewhere.status_code == 403 and elsewhere.get_json()["error"] == "not_this_window"
    answer = rate(client, ticket_id, level=3, window=1)
    assert answer.status_code == 201 and answer.get_json()["rating"]["channel"] == "tablet"


def test_the_rating_names_who_finished_not_who_is_signed_in_now(app, client, db, people) -> None:  # type: ignore[no-untyped-def]
    ticket_id = finished_ticket(app, client, db, window=1, user="zhang")
    assert sign_in(client, "wang", 1).status_code == 200  # another member takes over window 1
    answer = rate(client, ticket_id, level=2, reasons=["efficiency", "attitude"], window=1,
                  remark="等了很久", phone="13800000000")
    assert answer.status_code == 201, answer.get_json()
    rating = answer.get_json()["rating"]
    assert rating["staff"]["name"] == "张三" and rating["window"] == 1
    assert rating["reasons"] == ["attitude", "efficiency"]  # the list's order, each once
    assert rating["follow_up"]["state"] == "open" and rating["follow_up"]["overdue"] is False
    with db.read() as session:
        stored = session.scalars(select(Rating)).one()
        zhang = session.scalar(select(TicketEvent.staff_id).where(
            TicketEvent.ticket_id == ticket_id, TicketEvent.kind == "finished"))
        assert stored.staff_id == zhang
        assert session.get(RatingFollowUp, stored.id) is not None


def test_a_transferred_ticket_rates_the_window_that_transferred_it(app, client, db, people) -> None:  # type: ignore[no-untyped-def]
    old = take(db, "A")
    assert sign_in(client, "zhang", 1).status_code == 200
    post(client, 1, "call-next")
    new = post(client, 1, "transfer", {"queue": "B"}).get_json()
    answer = rate(client, old, level=4, token=token_of(app, old))
    assert answer.status_code == 201 and answer.get_json()["rating"]["window"] == 1
    still_waiting = rate(client, new["id"], level=4, token=token_of(app, new["id"]))
    assert still_waiting.status_code == 409 and still_waiting.get_json()["error"] == "not_finished"


def test_managers_only_lists_and_follow_up_notes(app, client, db, people) -> None:  # type: ignore[no-untyped-def]
    ticket_id = finished_ticket(app, client, db)
    bad = rate(client, ticket_id, level=1, reasons=["trips"], token=token_of(app, ticket_id),
               remark="跑了三次").get_json()["rating"]
    assert client.get("/api/v1/halls/demo/ratings").status_code == 401
    assert client.get("/api/v1/halls/demo/follow-ups").status_code == 401
    sign_in(client, "zhang", 1)
    assert client.get("/api/v1/halls/demo/ratings").status_code == 403
    note_by_staff = client.post(f"/api/v1/halls/demo/follow-ups/{bad['id']}/notes",
                                json={"action": "note", "text": "x"})
    assert note_by_staff.status_code == 403
    assert sign_in(client, "boss", None).status_code == 200
    listed = client.get("/api/v1/halls/demo/ratings").get_json()
    assert [(r["ticket_id"], r["level"], r["window"], r["staff"]["name"], r["reasons"],
             r["follow_up"]["state"]) for r in listed["ratings"]] == [
        (ticket_id, 1, 1, "张三", ["trips"], "open")]
    opened = client.get("/api/v1/halls/demo/follow-ups").get_json()["ratings"]
    assert [r["id"] for r in opened] == [bad["id"]] and opened[0]["remark"] == "跑了三次"
    contacted = client.post(f"/api/v1/halls/demo/follow-ups/{bad['id']}/notes",
                            json={"action": "contacted", "text": "已电话联系"})
    assert contacted.status_code == 201
    empty_close = client.post(f"/api/v1/halls/demo/follow-ups/{bad['id']}/notes",
                              json={"action": "closed", "text": " "})
    assert empty_close.status_code == 400 and empty_close.get_json()["error"] == "note_required"
    closed = client.post(f"/api/v1/halls/demo/follow-ups/{bad['id']}/notes",
                         json={"action": "rectified", "text": "已整改，窗口增加指引", "close": True})
    assert closed.status_code == 201
    follow_up = closed.get_json()["rating"]["follow_up"]
    assert follow_up["state"] == "closed"
    assert [n["action"] for n in follow_up["notes"]] == ["contacted", "rectified"]
    assert follow_up["notes"][0]["staff"]["name"] == "主任"
    after = client.post(f"/api/v1/halls/demo/follow-ups/{bad['id']}/notes",
                        json={"action": "note", "text": "再补充"})
    assert after.status_code == 409 and after.get_json()["error"] == "follow_up_closed"
    assert client.get("/api/v1/halls/demo/follow-ups").get_json()["ratings"] == []
    assert len(client.get("/api/v1/halls/demo/follow-ups?state=closed").get_json()["ratings"]) == 1
    with db.read() as session:  # the rating itself never changed
        stored = session.get(Rating, bad["id"])
        assert (stored.level, stored.reasons, stored.remark) == (1, ["trips"], "跑了三次")
    unknown = client.post("/api/v1/halls/demo/follow-ups/999999/notes", json={"action": "note", "text": "x"})
    assert unknown.status_code == 404
    empty_period = client.get("/api/v1/halls/demo/ratings?from=2026-12-05&to=2026-12-01")
    assert empty_period.status_code == 200 and empty_period.get_json()["ratings"] == []
    assert client.get("/api/v1/halls/demo/ratings?from=2026-02-30").status_code == 400
    assert client.get("/api/v1/halls/demo/ratings?from=20261201").status_code == 400


def test_the_counter_shows_whether_the_last_visitor_rated_and_todays_figure(app, client, db, people) -> None:  # type: ignore[no-untyped-def]
    first = finished_ticket(app, client, db)
    rate(client, first, level=5, token=token_of(app, first))
    second = finished_ticket(app, client, db)
    sign_in(client, "zhang", 1)
    ratings = client.get("/api/v1/windows/1").get_json()["ratings"]
    assert ratings["last_finished"]["ticket_id"] == second and ratings["last_finished"]["rated"] is False
    assert ratings["today"] == {"count": 1, "satisfied": 1, "share": 1.0}
    rate(client, second, level=2, reasons=["guide"], token=token_of(app, second))
    ratings = client.get("/api/v1/windows/1").get_json()["ratings"]
    assert ratings["last_finished"] == {"ticket_id": second, "number": ratings["last_finished"]["number"],
                                        "rated": True, "level": 2}
    assert ratings["today"] == {"count": 2, "satisfied": 1, "share": 0.5}


def test_an_overdue_follow_up_is_flagged_with_its_days(app, client, db, people) -> None:  # type: ignore[no-untyped-def]
    ticket_id = finished_ticket(app, client, db)
    bad = rate(client, ticket_id, level=1, reasons=["efficiency"], token=token_of(app, ticket_id))
    rating_id = bad.get_json()["rating"]["id"]
    with db.write() as session:
        row = session.get(RatingFollowUp, rating_id)
        row.due_at = row.due_at - timedelta(days=10)
    sign_in(client, "boss", None)
    listed = client.get("/api/v1/halls/demo/follow-ups").get_json()["ratings"]
    follow_up = listed[0]["follow_up"]
    assert follow_up["overdue"] is True and follow_up["overdue_days"] >= 5
