"""window_today: what the counter screen shows, read from tickets and the event log."""

from __future__ import annotations

from bianmin.queue import calling
from bianmin.queue.models import Priority, TicketStatus
from bianmin.queue.outcomes import Outcome

STAFF = 5


def test_window_today_shows_current_waiting_and_counts(counter) -> None:  # type: ignore[no-untyped-def]
    for prefix in ["A", "A", "A", "B", "C"]:
        counter.issue(prefix)
    counter.issue("A", Priority.GREEN)
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)  # the green A004
    calling.finish(counter.db, counter.hall_id, 1, STAFF, Outcome.ACCEPTED, counter.clock)
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)  # A001
    calling.no_show(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)  # A002
    calling.start(counter.db, counter.hall_id, 1, STAFF, counter.clock)

    today = calling.window_today(counter.db, counter.hall_id, 1, counter.clock)
    assert today.window.number == 1 and not today.window.paused
    assert today.current is not None
    assert (today.current.info.number, today.current.info.status) == ("A002", TicketStatus.SERVING)
    assert list(today.current.info.materials) == ["身份证原件", "户口本"]
    assert today.current.info.scenario_name == "测试事项A"
    assert [w.number for w in today.waiting] == ["A003"]
    assert today.waiting_total == 1
    assert [q.prefix for q in today.queues] == ["A"]
    assert (today.counts.called, today.counts.served, today.counts.no_show) == (3, 1, 1)

    # the comprehensive window sees both of its queues, in call order
    wide = calling.window_today(counter.db, counter.hall_id, 5, counter.clock)
    assert [w.number for w in wide.waiting] == ["A003", "B001"]
    assert [q.prefix for q in wide.queues] == ["A", "B"]
    assert wide.current is None and wide.counts.called == 0


def test_window_today_lists_green_first_and_shows_pause(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("B")
    counter.issue("B", Priority.GREEN)
    calling.pause(counter.db, counter.hall_id, 3, STAFF, counter.clock)
    today = calling.window_today(counter.db, counter.hall_id, 3, counter.clock)
    assert [(w.number, w.green) for w in today.waiting] == [("B002", True), ("B001", False)]
    assert today.window.paused and today.window.paused_by == STAFF
    assert today.window.paused_at is not None


def test_counts_are_for_todays_business_day_only(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    calling.finish(counter.db, counter.hall_id, 1, STAFF, clock=counter.clock)
    assert calling.window_today(counter.db, counter.hall_id, 1, counter.clock).counts.served == 1
    counter.clock.advance(days=1)
    assert calling.window_today(counter.db, counter.hall_id, 1, counter.clock).counts.served == 0
