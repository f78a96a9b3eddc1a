"""The guide desk (咨询导办台) and the special windows on the demo hall (SQLite, in-process):
帮办代办 tickets, 咨询 counts and their statistics, special queues on the kiosk's home
screen, and a 无差别综合受理 window calling from every queue (docs/kiosk.md, counter.md)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bianmin.catalog.models import Hall, Scenario, WindowGroup
from bianmin.queue import calling
from bianmin.queue.call_errors import NoTicketWaiting
from bianmin.queue.models import Priority, Ticket, TicketEvent
from bianmin.staff.service import add_staff
from tests.integration.test_api_counter import FAST, PASSWORD, scenario_of, sign_in, take

H = "/api/v1/halls/demo"


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    add_staff(db, hall_code="demo", username="dao", password=PASSWORD, display_name="王导办",
              windows=[1], hash_method=FAST)
    add_staff(db, hall_code="demo", username="boss", password=PASSWORD, display_name="主任",
              hash_method=FAST, role="manager")


def desk_sign_in(client, username: str = "dao"):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/session", json={"username": username, "password": PASSWORD,
                                                "desk": "guide"})


def test_guide_desk_issues_an_assisted_ticket_marked_as_such(client, db, people) -> None:  # type: ignore[no-untyped-def]
    sid = scenario_of(db, "B")
    assert client.post(f"{H}/guide/tickets", json={"scenario_id": sid}).status_code == 401
    signed = desk_sign_in(client)
    assert signed.status_code == 200 and signed.get_json()["window"] is None
    made = client.post(f"{H}/guide/tickets", json={"scenario_id": sid, "request_id": "g-1"})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["source"] == "guide" and body["number"].startswith("B")
    # the same answer as the kiosk's: with the estimated wait (约…分钟)
    assert body["wait"] and "分钟" in body["wait"]["text"]
    again = client.post(f"{H}/guide/tickets", json={"scenario_id": sid, "request_id": "g-1"})
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    with db.read() as session:
        ticket = session.get(Ticket, body["id"])
        event = session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == body["id"]))
        dao = session.scalar(select(Hall.id).where(Hall.code == "demo"))
    assert ticket.source == "guide" and ticket.kiosk == "导办台"
    assert event.kind == "issued" and event.data["source"] == "guide" and event.staff_id is not None
    assert dao == ticket.hall_id
    # the preview of the slip says 帮办代办 on the image the desk shows
    png = client.get(f"/api/v1/tickets/{body['id']}/slip.png")
    assert png.status_code == 200 and png.data[:8] == b"\x89PNG\r\n\x1a\n"


def test_green_channel_at_the_desk_needs_a_reason(client, db, people) -> None:  # type: ignore[no-untyped-def]
    desk_sign_in(client)
    sid = scenario_of(db, "A")
    refused = client.post(f"{H}/guide/tickets", json={"scenario_id": sid, "priority": "green"})
    assert refused.status_code == 409
    assert refused.get_json()["error"] == "green_reason_required" and "原因" in refused.get_json()["message"]
    # the rule is the domain's: whoever issues for a visitor (not only this view) is held to it
    from bianmin.queue.errors import GreenReasonRequired
    from bianmin.queue.tickets import Assisted, issue_ticket

    with pytest.raises(GreenReasonRequired):
        issue_ticket(db, hall_code="demo", scenario_id=sid, priority=Priority.GREEN, by=Assisted(1, "  "))
    made = client.post(f"{H}/guide/tickets", json={"scenario_id": sid, "priority": "green",
                                                    "green_reason": "85岁老人"})
    assert made.status_code == 201 and made.get_json()["priority"] == "green"
    with db.read() as session:
        event = session.scalar(select(TicketEvent).where(TicketEvent.ticket_id == made.get_json()["id"]))
    assert event.data["green_reason"] == "85岁老人"
    unknown = client.post(f"{H}/guide/tickets", json={"scenario_id": sid, "kiosk": "no-such-kiosk"})
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "unknown_kiosk"


def test_consults_are_counted_per_day_and_reported_beside_assisted_tickets(client, db, people) -> None:  # type: ignore[no-untyped-def]
    assert client.post(f"{H}/guide/consults", json={}).status_code == 401
    desk_sign_in(client)
    sid = scenario_of(db, "A")
    first = client.post(f"{H}/guide/consults", json={})
    second = client.post(f"{H}/guide/consults", json={"scenario_id": sid})
    assert first.status_code == 201 and second.get_json()["today"] == first.get_json()["today"] + 1 == 2
    assert client.post(f"{H}/guide/consults", json={"scenario_id": 999999}).status_code == 404
    client.post(f"{H}/guide/tickets", json={"scenario_id": sid})
    client.post(f"{H}/guide/tickets", json={"scenario_id": sid, "priority": "green", "green_reason": "残疾人"})
    take(db, "A")  # a kiosk ticket is not 帮办代办
    # staff may not read the report; the manager may
    assert client.get(f"{H}/stats/guide").status_code == 403
    assert sign_in(client, "boss", None).status_code == 200
    report = client.get(f"{H}/stats/guide").get_json()
    assert report["rows"] == [{"day": first.get_json()["business_day"], "consults": 2,
                               "assisted": 2, "assisted_green": 1}]
    empty = client.get(f"{H}/stats/guide?from=2026-12-02&to=2025-01-01")
    assert empty.status_code == 200 and empty.get_json()["rows"] == []


def test_a_universal_window_calls_from_every_queue_of_the_hall(client, db, people) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "boss", None)
    added = client.post(f"{H}/windows", json={"number": 40, "name": "无差别综合受理窗口", "serves_all": True})
    assert added.status_code == 201 and added.get_json()["serves_all"] is True
    # a queue added afterwards is served too, without touching the window
    queue = client.post(f"{H}/queues", json={"name": "综合出件", "prefix": "Y", "kind": "pickup"})
    assert queue.status_code == 201, queue.get_json()
    assert 40 in queue.get_json()["windows"] and queue.get_json()["kind"] == "pickup"
    with db.read() as session:
        hall_id = session.scalar(select(Hall.id).where(Hall.code == "demo"))
        builtin = session.scalar(select(Scenario.id).join(WindowGroup).where(
            WindowGroup.prefix == "Y", WindowGroup.hall_id == hall_id, Scenario.builtin.is_(True)))
        prefixes = session.scalars(select(WindowGroup.prefix).where(
            WindowGroup.hall_id == hall_id, WindowGroup.active.is_(True))).all()
    from bianmin.queue.tickets import issue_ticket

    # a queue a catalog import makes later has no windows of its own: the flag still serves it
    with db.write() as session:
        group = WindowGroup(hall_id=hall_id, name="新导入的队列", prefix="Z", domain="")
        session.add(group)
        session.flush()
        session.add(Scenario(hall_id=hall_id, window_group_id=group.id, name="新导入的事项"))
        session.flush()
        z_scenario = session.scalar(select(Scenario.id).where(Scenario.window_group_id == group.id))
    a, c = take(db, "A"), take(db, "C")
    y = issue_ticket(db, hall_code="demo", scenario_id=builtin).ticket_id
    z = issue_ticket(db, hall_code="demo", scenario_id=z_scenario).ticket_id
    green = take(db, "B", Priority.GREEN)
    called = []
    for _ in range(5):
        result = calling.call_next(db, hall_id, 40, None)
        called.append(result.ticket.info.id)
        calling.finish(db, hall_id, 40, None)
    # green first, then by age, across queues A, C, Y and B
    assert called == [green, a, c, y, z]
    assert len(prefixes) > 3
    with pytest.raises(NoTicketWaiting):
        calling.call_next(db, hall_id, 40, None)
    # window 1 (queue A only) does not call from queue Z
    zz = issue_ticket(db, hall_code="demo", scenario_id=z_scenario).ticket_id
    with pytest.raises(NoTicketWaiting):
        calling.call_next(db, hall_id, 1, None)
    with db.read() as session:
        assert session.get(Ticket, zz).status == "waiting"


def test_special_queues_are_kiosk_home_buttons_not_matters(client, db, people) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "boss", None)
    assert client.post(f"{H}/queues", json={"name": "有诉即办", "prefix": "X", "kind": "complaint",
                                            "windows": [1]}).status_code == 201
    taken = client.post(f"{H}/queues", json={"name": "另一个", "prefix": "X"})
    assert taken.status_code == 409 and taken.get_json()["error"] == "prefix_taken"
    assert client.post(f"{H}/queues", json={"name": "x", "prefix": "W", "kind": "vip"}).status_code == 400
    catalog = client.get(f"{H}/catalog").get_json()
    special = catalog["special"]
    assert [(s["kind"], s["label"], s["queue"]["prefix"], s["windows"]) for s in special] == [
        ("complaint", "有诉即办", "X", [1])]
    assert all(s["id"] != special[0]["scenario_id"] for s in catalog["scenarios"])
    found = client.get(f"{H}/catalog/search", query_string={"q": "有诉即办"}).get_json()
    assert all(r["id"] != special[0]["scenario_id"] for r in found["results"])
    # the kiosk issues it like any scenario, without the visitor choosing a matter
    client.delete("/api/v1/session")
    ticket = client.post(f"{H}/tickets", json={"scenario_id": special[0]["scenario_id"]})
    assert ticket.status_code == 201 and ticket.get_json()["number"] == "X001"
    # a normal queue again: the button goes
    sign_in(client, "boss", None)
    assert client.patch(f"{H}/queues/X", json={"kind": "normal"}).get_json()["kind"] == "normal"
    client.delete("/api/v1/session")
    assert client.get(f"{H}/catalog").get_json()["special"] == []


def test_the_slip_of_an_assisted_ticket_says_so() -> None:
    from dataclasses import replace

    from bianmin.printer.layout import build_receipt
    from bianmin.printer.receipt import PAPER_80
    from bianmin.printer.slip import sample_slip

    def lines(slip):  # type: ignore[no-untyped-def]
        return [getattr(b, "text", "") for b in build_receipt(slip, PAPER_80).blocks]

    assert "导办台帮办代办" not in lines(sample_slip())
    assisted = lines(replace(sample_slip(), assisted=True))
    assert "导办台帮办代办" in assisted
    assert assisted.index("导办台帮办代办") == assisted.index(sample_slip().number) + 1


def test_assisted_tickets_consults_and_a_universal_window_on_postgresql(pg_db) -> None:  # type: ignore[no-untyped-def]
    from bianmin.catalog.models import Window
    from bianmin.queue.consults import record_consult
    from bianmin.queue.tickets import Assisted, issue_ticket
    from bianmin.stats.guide_desk import guide_days

    db = pg_db
    a_scenario, b_scenario = scenario_of(db, "A"), scenario_of(db, "B")
    made = issue_ticket(db, hall_code="demo", scenario_id=b_scenario, priority=Priority.GREEN,
                        by=Assisted(7, "孕妇"))
    issue_ticket(db, hall_code="demo", scenario_id=a_scenario)
    record_consult(db, "demo", 7)
    assert record_consult(db, "demo", 7, a_scenario).today == 2
    with db.read() as session:
        hall_id = session.scalar(select(Hall.id).where(Hall.code == "demo"))
        day = session.get(Ticket, made.ticket_id).business_day
        assert guide_days(session, hall_id, day, day) == [
            {"day": day.isoformat(), "consults": 2, "assisted": 1, "assisted_green": 1}]
    # window 1 serves queue A only; as a 无差别 window it calls the green B ticket first
    with db.write() as session:
        session.scalar(select(Window).where(Window.hall_id == hall_id, Window.number == 1)).universal = True
    try:
        first = calling.call_next(db, hall_id, 1, None)
        assert first.ticket.info.id == made.ticket_id and first.ticket.info.source == "guide"
    finally:
        with db.write() as session:
            session.scalar(select(Window).where(Window.hall_id == hall_id, Window.number == 1)).universal = False
