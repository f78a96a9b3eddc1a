"""Call order and calling rules, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bianmin.queue import calling
from bianmin.queue.call_errors import NoTicketWaiting, WindowBusy, WindowIsPaused
from bianmin.queue.events import QueueChanged, TicketCalled, WindowPaused, WindowResumed
from bianmin.queue.models import Priority, Ticket, TicketEvent, TicketStatus
from bianmin.queue.versions import current_version

STAFF = 7


def call(counter, window: int) -> str:  # type: ignore[no-untyped-def]
    """Call the next ticket at ``window`` and close it, returning its number."""
    result = calling.call_next(counter.db, counter.hall_id, window, STAFF, counter.clock)
    calling.finish(counter.db, counter.hall_id, window, STAFF, clock=counter.clock)
    return result.ticket.info.number


def test_oldest_ticket_is_called_first(counter) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        counter.issue("A")
    assert [call(counter, 1) for _ in range(3)] == ["A001", "A002", "A003"]


def test_green_ticket_called_before_older_normal(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    counter.issue("A")
    counter.issue("A", Priority.GREEN)
    counter.issue("A", Priority.GREEN)
    assert [call(counter, 1) for _ in range(4)] == ["A003", "A004", "A001", "A002"]


def test_only_the_windows_queues_are_called(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    counter.issue("C")
    counter.issue("B")
    assert call(counter, 3) == "B001"
    with pytest.raises(NoTicketWaiting):
        calling.call_next(counter.db, counter.hall_id, 3, STAFF, counter.clock)
    assert call(counter, 6) == "C001"
    assert call(counter, 2) == "A001"


def test_comprehensive_window_calls_across_its_queues_by_age(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("B")
    counter.issue("A")
    counter.issue("C")  # window 5 does not serve C
    counter.issue("B")
    assert [call(counter, 5) for _ in range(3)] == ["B001", "A001", "B002"]
    with pytest.raises(NoTicketWaiting):
        calling.call_next(counter.db, counter.hall_id, 5, STAFF, counter.clock)


def test_green_first_across_a_comprehensive_windows_queues(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    counter.issue("B", Priority.GREEN)
    assert [call(counter, 5) for _ in range(2)] == ["B001", "A001"]


def test_yesterdays_waiting_tickets_are_not_called(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    counter.clock.advance(days=1)
    with pytest.raises(NoTicketWaiting):
        calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    counter.issue("A")
    result = calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    # numbering restarted on the new business day: this is today's A001, not yesterday's
    assert result.ticket.info.number == "A001"
    assert result.ticket.info.business_day == (counter.clock.now).date()


def test_nothing_waiting_changes_nothing(counter) -> None:  # type: ignore[no-untyped-def]
    with counter.db.read() as session:
        before = current_version(session, counter.hall_id)
    with pytest.raises(NoTicketWaiting) as caught:
        calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert "没有排队" in caught.value.message
    with counter.db.read() as session:
        assert current_version(session, counter.hall_id) == before
        assert session.scalars(select(TicketEvent).where(TicketEvent.hall_id == counter.hall_id)).all() == []


def test_busy_window_must_close_its_ticket_before_calling(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    with pytest.raises(WindowBusy) as caught:
        calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert "A001" in caught.value.message and "办结" in caught.value.message
    calling.start(counter.db, counter.hall_id, 1, STAFF, clock=counter.clock)
    with pytest.raises(WindowBusy):
        calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    # the other window of the group is free and gets the next ticket
    other = calling.call_next(counter.db, counter.hall_id, 2, STAFF, counter.clock)
    assert other.ticket.info.number == "A002"


def test_paused_window_cannot_call_until_resumed(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    paused = calling.pause(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert paused.window.paused and paused.window.paused_by == STAFF
    assert isinstance(paused.events[0], WindowPaused)
    with pytest.raises(WindowIsPaused) as caught:
        calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert "恢复" in caught.value.message
    with counter.db.read() as session:
        assert session.scalar(select(Ticket.status).where(Ticket.hall_id == counter.hall_id)) == "waiting"
    resumed = calling.resume(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert not resumed.window.paused and isinstance(resumed.events[0], WindowResumed)
    assert calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock).ticket.info.number == "A001"


def test_pause_only_blocks_the_paused_window(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    calling.pause(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert calling.call_next(counter.db, counter.hall_id, 2, STAFF, counter.clock).ticket.info.number == "A001"


def test_call_events_carry_the_call_and_the_new_waiting_count(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    counter.issue("A")
    with counter.db.read() as session:
        before = current_version(session, counter.hall_id)
    result = calling.call_next(counter.db, counter.hall_id, 2, STAFF, counter.clock)
    called, changed = result.events
    assert isinstance(called, TicketCalled) and isinstance(changed, QueueChanged)
    assert (called.number, called.window_number, called.window_name) == ("A001", 2, "2号窗口")
    assert (called.recall, called.recall_count) == (False, 0)
    assert called.queue_id == counter.hall.queues["A"]
    assert called.ticket_id == result.ticket.info.id
    assert changed.waiting == {counter.hall.queues["A"]: 1}
    assert [called.version, changed.version] == [before + 1, before + 2]
    with counter.db.read() as session:
        assert current_version(session, counter.hall_id) == before + 2


def test_called_ticket_records_window_time_and_staff(counter) -> None:  # type: ignore[no-untyped-def]
    ticket_id = counter.issue("B")
    counter.clock.advance(minutes=5)
    result = calling.call_next(counter.db, counter.hall_id, 3, STAFF, counter.clock)
    with counter.db.read() as session:
        ticket = session.get(Ticket, ticket_id)
        row = session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == "called")
        ).one()
        assert ticket.status == TicketStatus.CALLED
        assert ticket.window_id == counter.hall.windows[3]
        assert (row.window_id, row.staff_id, row.data["number"]) == (counter.hall.windows[3], STAFF, "B001")
    assert result.ticket.called_at - result.ticket.queued_since >= timedelta(minutes=5)
    assert result.ticket.info.called_window == 3
