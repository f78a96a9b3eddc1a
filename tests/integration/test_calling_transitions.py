"""Every counter transition and every illegal one, with its event-log row."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bianmin.queue import calling
from bianmin.queue.call_errors import (
    IllegalTransition,
    NoCurrentTicket,
    TicketNotInWindowQueues,
)
from bianmin.queue.errors import UnknownTicket
from bianmin.queue.events import QueueChanged, TicketCalled, TicketFinished, TicketNoShow, TicketStarted
from bianmin.queue.models import Ticket, TicketEvent, TicketStatus
from bianmin.queue.outcomes import Outcome

STAFF = 11


def log_of(counter, ticket_id: int) -> list[tuple[str, int | None, int | None]]:  # type: ignore[no-untyped-def]
    with counter.db.read() as session:
        rows = session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
        ).all()
        return [(r.kind, r.window_id, r.staff_id) for r in rows]


def status_of(counter, ticket_id: int) -> str:  # type: ignore[no-untyped-def]
    with counter.db.read() as session:
        return session.get(Ticket, ticket_id).status


def test_call_start_finish_is_logged_with_window_staff_and_outcome(counter) -> None:  # type: ignore[no-untyped-def]
    ticket_id = counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    started = calling.start(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert started.ticket.info.status == TicketStatus.SERVING and started.ticket.started_at
    assert isinstance(started.events[0], TicketStarted) and started.events[0].window_number == 1
    finished = calling.finish(counter.db, counter.hall_id, 1, STAFF, Outcome.FORWARDED, counter.clock)
    assert finished.ticket.info.status == TicketStatus.DONE
    assert finished.ticket.finished_at > finished.ticket.started_at > finished.ticket.called_at
    event = finished.events[0]
    assert isinstance(event, TicketFinished) and event.outcome == "forwarded"
    window = counter.hall.windows[1]
    assert log_of(counter, ticket_id) == [
        ("issued", None, None), ("called", window, STAFF), ("started", window, STAFF),
        ("finished", window, STAFF),
    ]
    with counter.db.read() as session:
        row = session.scalars(select(TicketEvent).where(
            TicketEvent.ticket_id == ticket_id, TicketEvent.kind == "finished")).one()
        assert row.data["outcome"] == "forwarded"


def test_finish_straight_from_called(counter) -> None:  # type: ignore[no-untyped-def]
    ticket_id = counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    result = calling.finish(counter.db, counter.hall_id, 1, STAFF, clock=counter.clock)
    assert result.ticket.started_at is None
    assert result.events[0].outcome == "done"
    assert status_of(counter, ticket_id) == "done"


def test_recall_is_counted_and_announced_as_a_recall(counter) -> None:  # type: ignore[no-untyped-def]
    ticket_id = counter.issue("A")
    first = calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    calling.recall(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    again = calling.recall(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    (event,) = again.events
    assert isinstance(event, TicketCalled)
    assert (event.recall, event.recall_count, event.number) == (True, 2, "A001")
    assert again.ticket.recall_count == 2
    # a recall is not a new call: the waiting line did not change and called_at stays
    assert again.ticket.called_at == first.ticket.called_at
    assert [k for k, _, _ in log_of(counter, ticket_id)] == ["issued", "called", "recalled", "recalled"]


def test_recall_after_start_is_refused(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    calling.start(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    with pytest.raises(IllegalTransition) as caught:
        calling.recall(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert caught.value.message == "A001 号办理中，已开始办理，无需重呼。"


def test_start_twice_is_refused(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    calling.start(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    with pytest.raises(IllegalTransition) as caught:
        calling.start(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert "办结" in caught.value.message


def test_no_show_from_called(counter) -> None:  # type: ignore[no-untyped-def]
    ticket_id = counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    result = calling.no_show(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert isinstance(result.events[0], TicketNoShow)
    assert status_of(counter, ticket_id) == "no_show"
    # the window is free again
    counter.issue("A")
    assert calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock).ticket.info.number == "A002"


def test_no_show_after_start_is_refused(counter) -> None:  # type: ignore[no-untyped-def]
    ticket_id = counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    calling.start(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    with pytest.raises(IllegalTransition) as caught:
        calling.no_show(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert "不能过号" in caught.value.message
    assert status_of(counter, ticket_id) == "serving"


@pytest.mark.parametrize("action", ["recall", "start", "finish", "no_show"])
def test_actions_need_a_called_ticket(counter, action: str) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")  # waiting, but not called: nothing is at the window
    with pytest.raises(NoCurrentTicket) as caught:
        getattr(calling, action)(counter.db, counter.hall_id, 1, STAFF, clock=counter.clock)
    assert "请先叫号" in caught.value.message


def test_a_ticket_of_another_window_cannot_be_touched(counter) -> None:  # type: ignore[no-untyped-def]
    ticket_id = counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    with pytest.raises(NoCurrentTicket):
        calling.finish(counter.db, counter.hall_id, 2, STAFF, clock=counter.clock)
    assert status_of(counter, ticket_id) == "called"


def test_cancel_a_waiting_ticket(counter) -> None:  # type: ignore[no-untyped-def]
    first = counter.issue("A")
    counter.issue("A")
    result = calling.cancel(counter.db, counter.hall_id, 2, STAFF, first, counter.clock)
    assert result.ticket.info.status == TicketStatus.CANCELLED
    (changed,) = result.events
    assert isinstance(changed, QueueChanged) and changed.waiting == {counter.hall.queues["A"]: 1}
    assert [k for k, _, _ in log_of(counter, first)] == ["issued", "cancelled"]
    assert calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock).ticket.info.number == "A002"


def test_cancel_refuses_called_other_queue_and_unknown_tickets(counter) -> None:  # type: ignore[no-untyped-def]
    called = counter.issue("A")
    other = counter.issue("C")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    with pytest.raises(IllegalTransition) as caught:
        calling.cancel(counter.db, counter.hall_id, 1, STAFF, called, counter.clock)
    assert caught.value.message == "A001 号已叫号，只有排队中的号可以取消。"
    with pytest.raises(TicketNotInWindowQueues):
        calling.cancel(counter.db, counter.hall_id, 1, STAFF, other, counter.clock)
    with pytest.raises(UnknownTicket):
        calling.cancel(counter.db, counter.hall_id, 1, STAFF, 10**9, counter.clock)
    assert (status_of(counter, called), status_of(counter, other)) == ("called", "waiting")


def test_pause_twice_and_resume_unpaused_are_refused(counter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IllegalTransition) as caught:
        calling.resume(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert caught.value.code == "not_paused"
    calling.pause(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    with pytest.raises(IllegalTransition) as caught:
        calling.pause(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert caught.value.code == "already_paused"


def test_a_paused_window_may_still_finish_its_visitor(counter) -> None:  # type: ignore[no-untyped-def]
    ticket_id = counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    calling.pause(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    calling.finish(counter.db, counter.hall_id, 1, STAFF, clock=counter.clock)
    assert status_of(counter, ticket_id) == "done"


def test_every_event_takes_the_next_hall_version(counter) -> None:  # type: ignore[no-untyped-def]
    counter.issue("A")
    results = [
        calling.call_next(counter.db, counter.hall_id, 1, STAFF, counter.clock),
        calling.recall(counter.db, counter.hall_id, 1, STAFF, counter.clock),
        calling.start(counter.db, counter.hall_id, 1, STAFF, counter.clock),
        calling.finish(counter.db, counter.hall_id, 1, STAFF, clock=counter.clock),
        calling.pause(counter.db, counter.hall_id, 1, STAFF, counter.clock),
        calling.resume(counter.db, counter.hall_id, 1, STAFF, counter.clock),
    ]
    versions = [e.version for r in results for e in r.events]
    # issue_ticket took versions 1 and 2 in this fresh hall
    assert versions == list(range(3, 3 + 7))
    assert all(e.hall_id == counter.hall_id for r in results for e in r.events)
