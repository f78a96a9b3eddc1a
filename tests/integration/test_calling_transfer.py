"""转移: a new waiting ticket in the target queue that keeps the visitor's place in time."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bianmin.queue import calling
from bianmin.queue.call_errors import (
    InvalidTransferTarget,
    NoCurrentTicket,
    NoTicketWaiting,
    UnknownQueue,
    UnknownWindow,
)
from bianmin.queue.events import QueueChanged, TicketTransferred
from bianmin.queue.models import Priority, Ticket, TicketEvent, TicketStatus

STAFF = 3


def test_transfer_to_a_queue_keeps_queued_since_and_takes_its_next_number(counter) -> None:  # type: ignore[no-untyped-def]
    original = counter.issue("A", Priority.GREEN)
    counter.issue("B")  # B001 exists already: the transferred visitor gets B002
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    calling.start(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    result = calling.transfer(counter.db, counter.hall_id, 1, STAFF, queue=counter.hall.queues["B"],
                              clock=counter.clock)
    new = result.ticket
    assert new.info.number == "B002" and new.info.status == TicketStatus.WAITING
    # the new ticket waits in B, though its scenario belongs to A
    assert (new.queue.id, new.queue.prefix, new.windows) == (counter.hall.queues["B"], "B", [3, 5])
    # and so do the kiosk, the status page and the printed slip (ticket_info)
    assert (new.info.queue_prefix, [w.number for w in new.info.windows]) == ("B", [3, 5])
    assert new.info.priority == Priority.GREEN and new.transferred_from == "A001"
    with counter.db.read() as session:
        old = session.get(Ticket, original)
        fresh = session.get(Ticket, new.info.id)
        assert old.status == TicketStatus.TRANSFERRED
        assert fresh.transferred_from_id == original
        assert fresh.queued_since == old.queued_since
        assert fresh.scenario_id == old.scenario_id and fresh.for_window_id is None
        kinds = session.execute(
            select(TicketEvent.ticket_id, TicketEvent.kind).where(TicketEvent.kind.like("transferred%"))
            .where(TicketEvent.hall_id == counter.hall_id)
        ).all()
    assert sorted(kinds) == sorted([(original, "transferred"), (new.info.id, "transferred_in")])
    moved, changed = result.events
    assert isinstance(moved, TicketTransferred) and isinstance(changed, QueueChanged)
    assert (moved.number, moved.new_number, moved.from_window_number) == ("A001", "B002", 1)
    assert (moved.ticket_id, moved.new_ticket_id) == (original, new.info.id)
    assert moved.to_queue_id == counter.hall.queues["B"]
    assert changed.waiting == {counter.hall.queues["B"]: 2}
    assert changed.version == moved.version + 1


def test_transferred_visitor_is_not_sent_to_the_back(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    counter.issue("B")
    counter.issue("B")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    calling.transfer(counter.db, counter.hall_id, 1, STAFF, queue="b", clock=counter.clock)
    called = calling.call_next(counter.db, counter.hall_id, 3, STAFF, counter.clock)
    # A001 queued before B001 and B002; as B003 it is still called first
    assert (called.ticket.info.number, called.ticket.transferred_from) == ("B003", "A001")


def test_transfer_to_a_window_is_called_by_that_window_only(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("B")
    calling.call_next(counter.db, counter.hall_id, 3, STAFF, counter.clock)
    result = calling.transfer(counter.db, counter.hall_id, 3, STAFF, window=2, clock=counter.clock)
    assert result.ticket.info.number == "A001" and result.ticket.for_window == 2
    # window 1 serves queue A as well, but the ticket was sent to window 2
    with pytest.raises(NoTicketWaiting):
        calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert calling.call_next(counter.db, counter.hall_id, 2, STAFF, counter.clock).ticket.info.number == "A001"


def test_transfer_to_a_comprehensive_window_uses_its_smallest_queue(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("C")
    calling.call_next(counter.db, counter.hall_id, 6, STAFF, counter.clock)
    result = calling.transfer(counter.db, counter.hall_id, 6, STAFF, window=5, clock=counter.clock)
    # window 5 serves A (windows 1, 2, 5) and B (3, 5): B is the more specific queue
    assert result.ticket.queue.prefix == "B" and result.ticket.for_window == 5
    assert result.ticket.windows == [3, 5]
    assert calling.call_next(counter.db, counter.hall_id, 5, STAFF, counter.clock).ticket.info.id == result.ticket.info.id


def test_transfer_by_queue_prefix_or_id_string(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert calling.transfer(counter.db, counter.hall_id, 1, STAFF, queue="C",
                            clock=counter.clock).ticket.info.number == "C001"
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert calling.transfer(counter.db, counter.hall_id, 1, STAFF, queue=str(counter.hall.queues["C"]),
                            clock=counter.clock).ticket.info.number == "C002"


@pytest.mark.parametrize(
    "target, error",
    [
        ({"queue": "A"}, InvalidTransferTarget),     # the ticket's own queue
        ({"window": 1}, InvalidTransferTarget),      # the window itself
        ({}, InvalidTransferTarget),                 # no target
        ({"queue": "B", "window": 3}, InvalidTransferTarget),  # two targets
        ({"queue": "Z"}, UnknownQueue),
        ({"queue": 10**8}, UnknownQueue),
        ({"window": 99}, UnknownWindow),
    ],
)
def test_bad_transfer_targets_change_nothing(counter, target, error) -> None:  # type: ignore[no-untyped-def]
    ticket_id = counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    with pytest.raises(error) as caught:
        calling.transfer(counter.db, counter.hall_id, 1, STAFF, clock=counter.clock, **target)
    assert caught.value.message
    with counter.db.read() as session:
        assert session.get(Ticket, ticket_id).status == TicketStatus.CALLED
        assert len(session.scalars(select(Ticket).where(Ticket.hall_id == counter.hall_id)).all()) == 1


def test_transfer_needs_a_ticket_at_the_window(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    with pytest.raises(NoCurrentTicket):
        calling.transfer(counter.db, counter.hall_id, 1, STAFF, queue="B", clock=counter.clock)


def test_a_ticket_of_another_hall_queue_is_unknown(counter, any_db) -> None:  # type: ignore[no-untyped-def]
    from tests.support.calling import drop_hall, make_counter

    other = make_counter(any_db, f"{counter.hall.code}x")
    counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    try:
        with pytest.raises(UnknownQueue):
            calling.transfer(counter.db, counter.hall_id, 1, STAFF, queue=other.hall.queues["B"],
                             clock=counter.clock)
    finally:
        drop_hall(any_db, other.hall_id)
