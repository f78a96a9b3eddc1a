"""The fair green channel by example (docs/counter.md, "The call order"), SQLite and PostgreSQL.

The property-based tests (test_calling_fair_green.py) check the rule on random days; these
show each part of it once, with the reason each call records.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bianmin.catalog.models import Hall, Window
from bianmin.queue import calling
from bianmin.queue.models import Priority, TicketEvent
from bianmin.queue.window_view import window_today

STAFF = 7
G = Priority.GREEN


def call(counter, window: int) -> str:  # type: ignore[no-untyped-def]
    result = calling.call_next(counter.db, counter.hall_id, window, STAFF, counter.clock)
    calling.finish(counter.db, counter.hall_id, window, STAFF, clock=counter.clock)
    return result.ticket.info.number


def reasons(counter) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    with counter.db.read() as session:
        rows = session.scalars(select(TicketEvent).where(
            TicketEvent.hall_id == counter.hall_id, TicketEvent.kind == "called").order_by(TicketEvent.id))
        return [(e.data["number"], e.data["why"], e.data["streak"]) for e in rows]


def hall_limits(counter, **values: int) -> None:  # type: ignore[no-untyped-def]
    with counter.db.write() as session:
        session.execute(update(Hall).where(Hall.id == counter.hall_id).values(**values))


def test_two_green_then_one_normal_while_both_wait(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")  # A001, normal, the oldest
    for _ in range(4):
        counter.issue("A", G)  # A002 … A005
    counter.issue("A")  # A006
    # the counter's line shows the next call first: green A002
    assert [t.number for t in window_today(counter.db, counter.hall_id, 1, counter.clock).waiting][:2] == ["A002", "A003"]
    assert [call(counter, 1) for _ in range(2)] == ["A002", "A003"]
    # the streak is full: the line and the next call put the oldest normal ticket first
    assert window_today(counter.db, counter.hall_id, 1, counter.clock).waiting[0].number == "A001"
    assert [call(counter, 1) for _ in range(4)] == ["A001", "A004", "A005", "A006"]
    assert reasons(counter) == [("A002", "green", 1), ("A003", "green", 2), ("A001", "turn", 0),
                                ("A004", "green", 1), ("A005", "green", 2), ("A006", "turn", 0)]


def test_green_calls_with_no_normal_waiting_do_not_count(counter) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        counter.issue("A", G)
    assert [call(counter, 1) for _ in range(3)] == ["A001", "A002", "A003"]
    counter.issue("A")  # A004 arrives with two more green visitors
    counter.issue("A", G)
    counter.issue("A", G)
    assert [call(counter, 1) for _ in range(3)] == ["A005", "A006", "A004"]
    assert [r[2] for r in reasons(counter)] == [0, 0, 0, 1, 2, 0]


def test_the_streak_is_per_window(counter) -> None:  # type: ignore[no-untyped-def]
    """Windows 1 and 2 both serve A: each counts its own green calls; the other's do not reset it."""
    counter.issue("A")  # A001
    for _ in range(4):
        counter.issue("A", G)  # A002 … A005
    assert call(counter, 1) == "A002"
    assert call(counter, 2) == "A003"
    assert call(counter, 1) == "A004"  # window 1: its second green call in a row
    assert call(counter, 1) == "A001"  # its streak is full: the normal ticket
    assert call(counter, 2) == "A005"  # window 2 had called one green only
    assert [r[2] for r in reasons(counter)] == [1, 1, 2, 0, 0]  # A005: no normal ticket waited
    hall_limits(counter, green_streak_limit=1)
    counter.issue("A")  # A006
    counter.issue("A", G)  # A007
    counter.issue("A", G)  # A008
    assert [call(counter, 2) for _ in range(3)] == ["A007", "A006", "A008"]


def test_a_normal_ticket_waiting_past_the_limit_goes_ahead_of_newer_green_ones(counter) -> None:  # type: ignore[no-untyped-def]
    hall_limits(counter, normal_wait_limit_minutes=30)
    counter.issue("A", G)  # A001, green, before the normal ticket
    counter.issue("A")  # A002
    counter.clock.advance(minutes=31)
    counter.issue("A", G)  # A003, green, after it
    assert [call(counter, 1) for _ in range(3)] == ["A001", "A002", "A003"]
    assert [r[1] for r in reasons(counter)] == ["green", "overdue", "green"]


def test_not_yet_overdue_waits_behind_green(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")  # A001
    counter.clock.advance(minutes=44)
    counter.issue("A", G)  # A002: the normal ticket has waited 44 minutes, under 45
    assert call(counter, 1) == "A002"


def test_the_green_channel_window_calls_green_tickets_of_every_queue_first(counter) -> None:  # type: ignore[no-untyped-def]
    with counter.db.write() as session:  # window 6 serves C and is the hall's 专窗
        session.execute(update(Window).where(Window.id == counter.hall.windows[6]).values(green_channel=True))
    counter.issue("C")  # C001
    counter.issue("A", G)  # A001
    counter.issue("B", G)  # B001
    counter.issue("C", G)  # C002
    counter.issue("A")  # A002: a normal ticket of another queue is not the 专窗's
    today = window_today(counter.db, counter.hall_id, 6, counter.clock)
    assert [t.number for t in today.waiting] == ["A001", "B001", "C002", "C001"]
    assert today.waiting_total == 4
    # no streak limit at the 专窗: every green ticket first, then its own queue
    assert [call(counter, 6) for _ in range(4)] == ["A001", "B001", "C002", "C001"]
    assert call(counter, 1) == "A002"


def test_a_ticket_transferred_to_a_window_stays_there_even_when_green(counter) -> None:  # type: ignore[no-untyped-def]
    with counter.db.write() as session:
        session.execute(update(Window).where(Window.id == counter.hall.windows[6]).values(green_channel=True))
    counter.issue("B", G)  # B001
    calling.call_next(counter.db, counter.hall_id, 3, STAFF, counter.clock)
    moved = calling.transfer(counter.db, counter.hall_id, 3, STAFF, window=1, clock=counter.clock)
    assert moved.ticket.for_window == 1 and moved.ticket.info.queue_prefix == "A"
    counter.issue("A", G)  # A002
    # neither the 专窗 nor window 2 (also queue A) may call the ticket reserved for window 1
    assert call(counter, 6) == "A002"
    assert window_today(counter.db, counter.hall_id, 2, counter.clock).waiting == []
    assert call(counter, 1) == moved.ticket.info.number


def test_the_green_channel_window_may_pick_a_green_ticket_of_another_queue(counter) -> None:  # type: ignore[no-untyped-def]
    """选叫 at the 专窗 reaches what its line lists: green tickets of every queue, not the
    normal tickets of queues it does not serve."""
    from bianmin.queue.call_errors import NotCallable
    from bianmin.queue.pick import pick

    with counter.db.write() as session:
        session.execute(update(Window).where(Window.id == counter.hall.windows[6]).values(green_channel=True))
    counter.issue("A", G)  # A001
    green_b = counter.issue("B", G)  # B001
    normal_a = counter.issue("A")  # A002
    picked = pick(counter.db, counter.hall_id, 6, STAFF, green_b, counter.clock)
    assert picked.ticket.info.number == "B001"
    with counter.db.read() as session:
        data = session.scalars(select(TicketEvent.data).where(
            TicketEvent.ticket_id == green_b, TicketEvent.kind == "called")).one()
    assert data["via"] == "pick" and data["skipped"] == 1  # A001 was ahead of it
    calling.finish(counter.db, counter.hall_id, 6, STAFF, clock=counter.clock)
    with pytest.raises(NotCallable):
        pick(counter.db, counter.hall_id, 6, STAFF, normal_a, counter.clock)
