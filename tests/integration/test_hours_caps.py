"""Hours, long matters before closing, 放号量 under concurrency and the end of the day, on a
real SQLite file and the real PostgreSQL server (the domain), then over HTTP (the demo hall)."""

from __future__ import annotations

import dataclasses
import threading
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bianmin.catalog.models import Hall, Scenario, TimeLimitKind, WindowGroup
from bianmin.db import Database
from bianmin.hall.hours import normalize
from bianmin.queue import calling, limits
from bianmin.queue.day_close import close_due
from bianmin.queue.models import Ticket, TicketCounter, TicketEvent, TicketStatus
from bianmin.queue.tickets import issue_ticket
from bianmin.queue.window_view import window_today
from bianmin.stats.report import report
from tests.integration.test_api_counter import FAST, PASSWORD, scenario_of, sign_in
from tests.support.cli import run_bianmin
from tests.support.factories import make_hall

TZ = ZoneInfo("Asia/Shanghai")
HOURS = normalize({"weekly": {d: [["09:30", "13:30"], ["16:00", "19:30"]]
                              for d in ("mon", "tue", "wed", "thu", "fri")}})
WEDNESDAY = datetime(2026, 12, 2, tzinfo=TZ)


def at(hhmm: str, day: datetime = WEDNESDAY):  # type: ignore[no-untyped-def]
    hours, minutes = map(int, hhmm.split(":"))
    moment = day.replace(hour=hours, minute=minutes).astimezone(timezone.utc)
    return lambda: moment


@pytest.fixture
def hall(any_db, request):  # type: ignore[no-untyped-def]
    """A small hall with hours; scenario A is a 承诺件 (long), B is done at once."""
    code = f"h{abs(hash(request.node.nodeid)) % 10**8}"
    with any_db.write() as session:
        small = make_hall(session, code=code)
        session.execute(update(Hall).where(Hall.id == small.hall_id).values(hours=HOURS))
        session.execute(update(Scenario).where(Scenario.id == small.scenarios["A"]).values(
            time_limit_kind=TimeLimitKind.WORKING_DAYS, promised_days=5, time_limit_raw="5个工作日"))
    return small


def issue(db, hall, prefix: str, clock, **kw):  # type: ignore[no-untyped-def]
    return issue_ticket(db, hall_code=hall.code, scenario_id=hall.scenarios[prefix], clock=clock, **kw)


def test_outside_hours_nothing_is_issued_and_no_number_is_used(any_db, hall) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(limits.HallClosed) as closed:
        issue(any_db, hall, "B", at("14:00"))
    assert "今天16:00" in closed.value.message
    with pytest.raises(limits.HallClosed):
        issue(any_db, hall, "B", at("10:00", WEDNESDAY + timedelta(days=3)))  # a Saturday
    with any_db.read() as session:
        assert session.scalars(select(Ticket).where(Ticket.hall_id == hall.hall_id)).all() == []
        assert session.scalars(select(TicketCounter).where(TicketCounter.hall_id == hall.hall_id)).all() == []
    assert issue(any_db, hall, "B", at("16:00")).info.number == "B001"


def test_long_matters_stop_thirty_minutes_before_closing(any_db, hall) -> None:  # type: ignore[no-untyped-def]
    assert issue(any_db, hall, "A", at("12:59")).info.number == "A001"
    with pytest.raises(limits.LongMatterClosed):
        issue(any_db, hall, "A", at("13:00"))
    assert issue(any_db, hall, "B", at("13:29")).info.number == "B001"  # not long: until closing
    with any_db.write() as session:
        session.execute(update(Hall).where(Hall.id == hall.hall_id).values(long_cutoff_minutes=0))
    assert issue(any_db, hall, "A", at("13:29")).info.number == "A002"


def test_the_cap_gives_exactly_n_tickets_to_racing_kiosks(any_db, hall) -> None:  # type: ignore[no-untyped-def]
    cap, kiosks, presses = 10, 4, 5
    with any_db.write() as session:
        session.execute(update(WindowGroup).where(WindowGroup.id == hall.queues["B"]).values(daily_cap=cap))
    url = any_db.engine.url.render_as_string(hide_password=False)
    taken: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def kiosk(n: int) -> None:
        db = Database(url)  # a process of its own as far as the database can tell
        try:
            for i in range(presses):
                try:
                    taken.append(issue(db, hall, "B", at("10:00"), request_id=f"k{n}-{i}").info.number)
                except limits.QueueFull as full:
                    refused.append(full.message)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            db.dispose()

    workers = [threading.Thread(target=kiosk, args=(n,)) for n in range(kiosks)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    assert sorted(taken) == [f"B{n:03d}" for n in range(1, cap + 1)]
    assert len(refused) == kiosks * presses - cap
    assert "10个号已经放完了" in refused[0] and "咨询导办台" in refused[0]
    # other queues are not capped; the next business day has its own numbers
    assert issue(any_db, hall, "A", at("10:00")).created
    assert issue(any_db, hall, "B", at("10:00", WEDNESDAY + timedelta(days=1))).info.number == "B001"


def test_the_end_of_the_day_closes_waiting_and_called_tickets_not_served_ones(any_db, hall) -> None:  # type: ignore[no-untyped-def]
    for prefix in "BBBAA":
        issue(any_db, hall, prefix, at("17:00"))
    calling.call_next(any_db, hall.hall_id, 3, None, at("17:10"))
    calling.start(any_db, hall.hall_id, 3, None, at("17:11"))  # B001 being served
    calling.call_next(any_db, hall.hall_id, 1, None, at("17:30"))  # A001 called, not come
    assert close_due(any_db, at("19:00")(), halls=[hall.code]) == []  # still open
    closed = close_due(any_db, at("19:31")(), halls=[hall.code])
    assert [(c.hall_code, c.tickets, c.numbers) for c in closed] == [
        (hall.code, 4, ["B002", "B003", "A001", "A002"])]
    assert closed[0].events[0].waiting == {hall.queues["A"]: 0, hall.queues["B"]: 0}
    with any_db.read() as session:
        statuses = dict(session.execute(select(Ticket.code, Ticket.status)
                                        .where(Ticket.hall_id == hall.hall_id)).all())
        events = session.scalars(select(TicketEvent).where(TicketEvent.hall_id == hall.hall_id,
                                                           TicketEvent.kind == "unserved")).all()
        figures = report(session, session.get(Hall, hall.hall_id), WEDNESDAY.date(), WEDNESDAY.date(),
                         ["queue"])["total"]
    assert statuses == {"B001": TicketStatus.SERVING, "B002": TicketStatus.UNSERVED,
                        "B003": TicketStatus.UNSERVED, "A001": TicketStatus.UNSERVED,
                        "A002": TicketStatus.UNSERVED}
    assert sorted((e.data["number"], e.data["was"]) for e in events) == [
        ("A001", "called"), ("A002", "waiting"), ("B002", "waiting"), ("B003", "waiting")]
    assert {e.data["by"] for e in events} == {"day_close"}
    assert (figures["issued"], figures["unserved"], figures["called"], figures["served"]) == (5, 4, 2, 0)
    assert window_today(any_db, hall.hall_id, 1, at("19:40")).current is None  # window 1 is free
    assert close_due(any_db, at("19:32")(), halls=[hall.code]) == []  # once


def test_a_ticket_called_just_before_closing_is_left_to_its_window_until_midnight(any_db, hall) -> None:  # type: ignore[no-untyped-def]
    issue(any_db, hall, "A", at("17:00"))
    calling.call_next(any_db, hall.hall_id, 1, None, at("19:20"))  # A001: on its way
    assert close_due(any_db, at("19:31")(), halls=[hall.code]) == []
    assert window_today(any_db, hall.hall_id, 1, at("19:31")).current.info.number == "A001"
    # nobody started it or marked it 过号: midnight closes the day
    closed = close_due(any_db, at("00:01", WEDNESDAY + timedelta(days=1))(), halls=[hall.code])
    assert [(c.tickets, c.numbers) for c in closed] == [(1, ["A001"])]


def test_a_hall_without_hours_closes_at_midnight_and_by_command(any_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with any_db.write() as session:
        small = make_hall(session, code=f"m{id(tmp_path) % 10**8}")
    past = datetime(2026, 11, 2, tzinfo=TZ)  # a day that is not today (the CLI runs on today)
    late = at("23:50", past)
    issue_ticket(any_db, hall_code=small.code, scenario_id=small.scenarios["A"], clock=late)
    assert close_due(any_db, late(), halls=[small.code]) == []  # no hours: open till midnight
    after_midnight = at("00:05", past + timedelta(days=1))()
    assert [c.tickets for c in close_due(any_db, after_midnight, halls=[small.code])] == [1]
    # `bianmin day close` closes today's now, whatever the hours
    issue_ticket(any_db, hall_code=small.code, scenario_id=small.scenarios["A"])
    env = {"BIANMIN_DATABASE_URL": any_db.engine.url.render_as_string(hide_password=False),
           "BIANMIN_INSTANCE": str(tmp_path)}
    ran = run_bianmin("day", "close", "--hall", small.code, env=env)
    assert ran.returncode == 0, ran.stderr
    assert f"{small.code}：1 张未办理的号已关闭（A001）" in ran.stdout
    assert run_bianmin("day", "close", "--hall", small.code, env=env).stdout.strip() == "没有需要关闭的号。"
    assert run_bianmin("day", "close", "--hall", "nosuch", env=env).returncode == 2


# --- over HTTP, the demo hall (SQLite) -----------------------------------------------------

@pytest.fixture
def settings(settings):  # type: ignore[no-untyped-def]
    """No printer: these tests read answers, not slips (rendering one takes seconds)."""
    return dataclasses.replace(settings, printer="none")


def closed_till(day) -> dict:  # type: ignore[no-untyped-def]
    """No weekly hours: closed every day but ``day`` (09:30–17:00)."""
    return {"weekly": {}, "special": [{"date": day.isoformat(), "mode": "shifted",
                                       "ranges": [["09:30", "17:00"]]}]}


def set_hours(db, hours) -> None:  # type: ignore[no-untyped-def]
    with db.write() as session:
        session.execute(update(Hall).where(Hall.code == "demo").values(
            hours=normalize(hours) if hours else None))


def test_the_api_refuses_a_closed_hall_and_the_kiosk_can_ask_first(client, db) -> None:  # type: ignore[no-untyped-def]
    scenario = scenario_of(db, "A")
    asked = client.get("/api/v1/halls/demo/issuing").get_json()
    assert (asked["open"], asked["issuing"], asked["reason"]) == (True, True, "")
    opens = datetime.now(TZ).date() + timedelta(days=10)
    set_hours(db, closed_till(opens))
    when = limits.when_text(datetime.combine(opens, datetime.min.time(), TZ).replace(hour=9, minute=30),
                            datetime.now(timezone.utc))
    next_open = f"{opens.isoformat()}T09:30:00+08:00"
    refused = client.post("/api/v1/halls/demo/tickets", json={"scenario_id": scenario, "request_id": "c1"})
    body = refused.get_json()
    assert refused.status_code == 409 and body["error"] == "hall_closed"
    assert f"下次办公时间：{when}。" in body["message"] and "月" in when and "周" in when
    assert body["details"]["next_open"] == next_open
    asked = client.get(f"/api/v1/halls/demo/issuing?scenario_id={scenario}").get_json()
    assert (asked["open"], asked["issuing"], asked["reason"], asked["wait"]) == (False, False, "hall_closed", None)
    assert asked["message"] == body["message"] and asked["next_open"] == next_open
    bad = client.get("/api/v1/halls/demo/issuing?scenario_id=abc")
    assert bad.status_code == 400 and bad.get_json()["message"]
    assert client.get("/api/v1/halls/demo/issuing?scenario_id=999999").status_code == 404


def test_the_cap_is_set_on_the_queue_and_the_kiosk_sees_what_is_left(app, client, db) -> None:  # type: ignore[no-untyped-def]
    from bianmin.staff.service import add_staff

    add_staff(db, hall_code="demo", username="boss", password=PASSWORD, display_name="主任",
              hash_method=FAST, role="manager")
    assert sign_in(client, "boss", None).status_code == 200
    changed = client.patch("/api/v1/halls/demo/queues/A", json={"daily_cap": 2})
    assert changed.status_code == 200 and changed.get_json()["daily_cap"] == 2
    assert client.patch("/api/v1/halls/demo/queues/A", json={"daily_cap": 0}).status_code == 400
    listed = {q["prefix"]: q["daily_cap"] for q in client.get("/api/v1/halls/demo/windows").get_json()["queues"]}
    assert listed["A"] == 2 and listed["B"] is None
    scenario = scenario_of(db, "A")
    first = client.post("/api/v1/halls/demo/tickets", json={"scenario_id": scenario, "request_id": "q1"}).get_json()
    assert first["wait"]["ahead"] == 0 and first["wait"]["text"]
    left = client.get(f"/api/v1/halls/demo/issuing?scenario_id={scenario}").get_json()
    assert (left["cap"], left["left"], left["issuing"], left["wait"]["ahead"]) == (2, 1, True, 1)
    assert client.post("/api/v1/halls/demo/tickets", json={"scenario_id": scenario, "request_id": "q2"}).status_code == 201
    full = client.post("/api/v1/halls/demo/tickets", json={"scenario_id": scenario, "request_id": "q3"})
    assert full.status_code == 409 and full.get_json()["error"] == "queue_full"
    assert "2个号已经放完了" in full.get_json()["message"]
    left = client.get(f"/api/v1/halls/demo/issuing?scenario_id={scenario}").get_json()
    assert (left["left"], left["issuing"], left["reason"]) == (0, False, "queue_full")
    # the status page of a waiting ticket shows the estimate as a range
    page = app.test_client().get(first["status_url"].replace("http://localhost", ""))  # a phone
    assert "预计等候约" in page.get_data(as_text=True)
    # the hall's cut-off for long matters is a hall setting
    assert client.patch("/api/v1/halls/demo", json={"long_cutoff_minutes": 45}).get_json()["long_cutoff_minutes"] == 45
    assert client.patch("/api/v1/halls/demo", json={"long_cutoff_minutes": 300}).status_code == 400


def test_no_requeue_after_closing(any_db, hall) -> None:  # type: ignore[no-untyped-def]
    from bianmin.queue.call_errors import RequeueRefused
    from bianmin.queue.requeue import requeue_at_counter

    issue(any_db, hall, "A", at("17:00"))
    calling.call_next(any_db, hall.hall_id, 1, None, at("19:20"))
    calling.no_show(any_db, hall.hall_id, 1, None, clock=at("19:25"))
    with pytest.raises(RequeueRefused) as refused:
        requeue_at_counter(any_db, hall.hall_id, 1, None, "A001", clock=at("19:35"))
    assert refused.value.code == "hall_closed" and "下次办公时间" in refused.value.message
    # within the hours the same ticket goes back in line
    issue(any_db, hall, "A", at("17:00"))
    calling.call_next(any_db, hall.hall_id, 1, None, at("19:21"))
    calling.no_show(any_db, hall.hall_id, 1, None, clock=at("19:22"))
    back = requeue_at_counter(any_db, hall.hall_id, 1, None, "A002", clock=at("19:26"))
    assert back.ticket.info.status == "waiting"
