"""Ticket numbers: consecutive per queue and business day, never repeated, idempotent."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bianmin.queue.errors import RequestIdReused, UnknownScenario
from bianmin.queue.models import Priority, Ticket, TicketEvent
from bianmin.queue.tickets import issue_ticket, ticket_info
from tests.support.factories import make_hall


@pytest.fixture
def small_hall(any_db, request):  # type: ignore[no-untyped-def]
    code = f"n{abs(hash(request.node.nodeid)) % 10**8}"
    with any_db.write() as session:
        return make_hall(session, code=code)


def fixed_clock(moment: datetime):  # type: ignore[no-untyped-def]
    return lambda: moment


def test_numbers_start_at_001_per_queue(any_db, small_hall):  # type: ignore[no-untyped-def]
    codes = []
    for prefix in ["A", "A", "B", "A"]:
        result = issue_ticket(any_db, hall_code=small_hall.code, scenario_id=small_hall.scenarios[prefix])
        with any_db.read() as session:
            codes.append(ticket_info(session, result.ticket_id).number)
    assert codes == ["A001", "A002", "B001", "A003"]


def test_numbering_restarts_on_the_halls_business_day(any_db, small_hall):  # type: ignore[no-untyped-def]
    # 15:59 UTC is 23:59 in Shanghai; 16:01 UTC is the next day there
    before = datetime(2026, 11, 25, 15, 59, tzinfo=timezone.utc)
    after = before + timedelta(minutes=2)
    scenario = small_hall.scenarios["A"]
    first = issue_ticket(any_db, hall_code=small_hall.code, scenario_id=scenario, clock=fixed_clock(before))
    second = issue_ticket(any_db, hall_code=small_hall.code, scenario_id=scenario, clock=fixed_clock(after))
    with any_db.read() as session:
        one, two = ticket_info(session, first.ticket_id), ticket_info(session, second.ticket_id)
    assert (one.number, str(one.business_day)) == ("A001", "2026-11-25")
    assert (two.number, str(two.business_day)) == ("A001", "2026-11-26")


def test_same_request_id_returns_the_same_ticket(any_db, small_hall):  # type: ignore[no-untyped-def]
    scenario = small_hall.scenarios["A"]
    first = issue_ticket(any_db, hall_code=small_hall.code, scenario_id=scenario, request_id="kiosk-1-42")
    again = issue_ticket(any_db, hall_code=small_hall.code, scenario_id=scenario, request_id="kiosk-1-42")
    assert first.created and not again.created
    assert first.ticket_id == again.ticket_id
    assert again.events == []
    with any_db.read() as session:
        count = len(session.scalars(select(Ticket).where(Ticket.hall_id == small_hall.hall_id)).all())
    assert count == 1


def test_request_id_reused_for_another_scenario_is_refused(any_db, small_hall):  # type: ignore[no-untyped-def]
    issue_ticket(any_db, hall_code=small_hall.code, scenario_id=small_hall.scenarios["A"], request_id="r1")
    with pytest.raises(RequestIdReused):
        issue_ticket(any_db, hall_code=small_hall.code, scenario_id=small_hall.scenarios["B"], request_id="r1")


def test_unknown_scenario_writes_nothing(any_db, small_hall):  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownScenario):
        issue_ticket(any_db, hall_code=small_hall.code, scenario_id=999999)
    result = issue_ticket(any_db, hall_code=small_hall.code, scenario_id=small_hall.scenarios["A"])
    with any_db.read() as session:
        assert ticket_info(session, result.ticket_id).number == "A001"


def test_green_ticket_waits_behind_earlier_green_only(any_db, small_hall):  # type: ignore[no-untyped-def]
    scenario = small_hall.scenarios["A"]
    ids = [
        issue_ticket(any_db, hall_code=small_hall.code, scenario_id=scenario).ticket_id,
        issue_ticket(any_db, hall_code=small_hall.code, scenario_id=scenario).ticket_id,
        issue_ticket(any_db, hall_code=small_hall.code, scenario_id=scenario, priority=Priority.GREEN).ticket_id,
        issue_ticket(any_db, hall_code=small_hall.code, scenario_id=scenario).ticket_id,
    ]
    with any_db.read() as session:
        ahead = [ticket_info(session, i).ahead for i in ids]
    # the green ticket goes first; every normal ticket has it ahead as well
    assert ahead == [1, 2, 0, 3]


def test_each_issue_logs_an_event_and_versions_grow(any_db, small_hall):  # type: ignore[no-untyped-def]
    scenario = small_hall.scenarios["A"]
    first = issue_ticket(any_db, hall_code=small_hall.code, scenario_id=scenario)
    second = issue_ticket(any_db, hall_code=small_hall.code, scenario_id=scenario)
    versions = [e.version for e in first.events + second.events]
    assert versions == list(range(versions[0], versions[0] + 4))
    with any_db.read() as session:
        kinds = session.scalars(
            select(TicketEvent.kind).where(TicketEvent.hall_id == small_hall.hall_id)
        ).all()
    assert kinds == ["issued", "issued"]


def test_concurrent_issuing_gives_consecutive_numbers(any_db, small_hall):  # type: ignore[no-untyped-def]
    per_thread, threads = 25, 8
    errors: list[BaseException] = []

    def take(worker: int) -> None:
        try:
            for i in range(per_thread):
                prefix = "A" if (worker + i) % 3 else "B"
                issue_ticket(any_db, hall_code=small_hall.code, scenario_id=small_hall.scenarios[prefix],
                             request_id=f"w{worker}-{i}")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    workers = [threading.Thread(target=take, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    with any_db.read() as session:
        rows = session.execute(
            select(Ticket.queue_id, Ticket.number).where(Ticket.hall_id == small_hall.hall_id)
        ).all()
    by_queue: dict[int, list[int]] = {}
    for queue_id, number in rows:
        by_queue.setdefault(queue_id, []).append(number)
    assert sum(len(v) for v in by_queue.values()) == per_thread * threads
    for numbers in by_queue.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
