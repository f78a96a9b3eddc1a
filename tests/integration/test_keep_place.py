"""Keeping the visitor's place: 挂起 (hold) and call-back, hold expiry, 过号重排 (re-queue)
position and limits, 选叫 rules; on SQLite and PostgreSQL (docs/counter.md)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from bianmin.audit.models import AuditEvent
from bianmin.audit.trail import summary
from bianmin.catalog.models import Hall
from bianmin.queue import calling
from bianmin.queue.call_errors import (
    HeldElsewhere,
    NotCallable,
    NotHeld,
    RequeueRefused,
    WindowBusy,
)
from bianmin.queue.errors import UnknownTicket
from bianmin.queue.events import TicketCalled, TicketHeld, TicketNoShow, TicketRequeued
from bianmin.queue.hold import expire_all_holds
from bianmin.queue.models import Priority, Ticket, TicketEvent, TicketStatus
from bianmin.queue.requeue import requeue_by_visitor
from bianmin.queue.tickets import ticket_info
from tests.support.calling import Counter, counter  # noqa: F401  (fixture)

STAFF = 7


def call(c: Counter, window: int) -> str:
    return calling.call_next(c.db, c.hall_id, window, STAFF, c.clock).ticket.info.number


def done(c: Counter, window: int) -> None:
    calling.finish(c.db, c.hall_id, window, STAFF, clock=c.clock)


def no_show(c: Counter, window: int) -> str:
    return calling.no_show(c.db, c.hall_id, window, STAFF, c.clock).ticket.info.number


def line(c: Counter, window: int) -> list[str]:
    return [w.number for w in calling.window_today(c.db, c.hall_id, window, c.clock).waiting]


def kinds(c: Counter, ticket_id: int) -> list[tuple[str, dict]]:
    with c.db.read() as session:
        rows = session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                               .order_by(TicketEvent.at, TicketEvent.id))
        return [(e.kind, e.data) for e in rows]


def set_hall(c: Counter, **values: int) -> None:
    with c.db.write() as session:
        session.execute(update(Hall).where(Hall.id == c.hall_id).values(**values))


# --- 挂起 and 回叫 -------------------------------------------------------------------------

def test_a_held_ticket_frees_the_window_and_is_called_back_ahead_of_the_line(counter: Counter) -> None:  # noqa: F811
    held_id = counter.issue("A")
    counter.issue("A")
    counter.issue("A")
    assert call(counter, 1) == "A001"
    calling.start(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    result = calling.hold(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    assert result.ticket.info.status == TicketStatus.HELD
    assert isinstance(result.events[0], TicketHeld) and result.events[0].window_number == 1
    today = calling.window_today(counter.db, counter.hall_id, 1, counter.clock)
    assert today.current is None and [h.number for h in today.held] == ["A001"]
    assert (today.held[0].until - today.held[0].held_at).total_seconds() == 30 * 60
    # the window calls on while A001 fetches a paper; window 2 of the group never gets it
    assert call(counter, 1) == "A002"
    with pytest.raises(WindowBusy):
        calling.call_back(counter.db, counter.hall_id, 1, STAFF, held_id, counter.clock)
    done(counter, 1)
    with pytest.raises(HeldElsewhere, match="1号窗口"):
        calling.call_back(counter.db, counter.hall_id, 2, STAFF, held_id, counter.clock)
    back = calling.call_back(counter.db, counter.hall_id, 1, STAFF, held_id, counter.clock)
    assert back.ticket.info.status == TicketStatus.CALLED and back.ticket.info.called_window == 1
    called = [e for e in back.events if isinstance(e, TicketCalled)]
    assert called and called[0].via == "held" and not called[0].recall
    assert calling.window_today(counter.db, counter.hall_id, 1, counter.clock).held == []
    done(counter, 1)
    assert [k for k, _ in kinds(counter, held_id)] == [
        "issued", "called", "started", "held", "hold_returned", "finished"]
    # A003 still waits: the call-back took nobody's place but its own
    assert call(counter, 2) == "A003"


def test_call_back_refuses_a_ticket_that_is_not_held(counter: Counter) -> None:  # noqa: F811
    waiting = counter.issue("A")
    with pytest.raises(NotHeld, match="排队中"):
        calling.call_back(counter.db, counter.hall_id, 1, STAFF, waiting, counter.clock)
    with pytest.raises(UnknownTicket):
        calling.call_back(counter.db, counter.hall_id, 1, STAFF, 10**9, counter.clock)


def test_a_hold_of_an_earlier_day_is_not_called_back(counter: Counter) -> None:  # noqa: F811
    from datetime import timedelta

    held = counter.issue("A")
    call(counter, 1)
    calling.hold(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    with counter.db.write() as session:  # as if held yesterday, and not yet run out
        ticket = session.get(Ticket, held)
        ticket.business_day = ticket.business_day - timedelta(days=1)
    with pytest.raises(NotHeld) as refused:
        calling.call_back(counter.db, counter.hall_id, 1, STAFF, held, counter.clock)
    assert refused.value.code == "held_other_day"
    with counter.db.read() as session:
        assert session.get(Ticket, held).status == TicketStatus.HELD


def test_a_hold_past_its_limit_is_closed_as_no_show_on_the_next_call(counter: Counter) -> None:  # noqa: F811
    set_hall(counter, hold_minutes=10)
    held_id = counter.issue("A")
    counter.issue("A")
    call(counter, 1)
    calling.hold(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    counter.clock.advance(minutes=9)
    assert call(counter, 2) == "A002"  # within the limit: still held
    done(counter, 2)
    with counter.db.read() as session:
        assert session.get(Ticket, held_id).status == TicketStatus.HELD
    counter.clock.advance(minutes=2)
    counter.issue("A")
    result = calling.call_next(counter.db, counter.hall_id, 2, STAFF, counter.clock)
    expired = [e for e in result.events if isinstance(e, TicketNoShow)]
    assert [e.ticket_id for e in expired] == [held_id] and expired[0].window_number == 1
    with counter.db.read() as session:
        ticket = session.get(Ticket, held_id)
        assert ticket.status == TicketStatus.NO_SHOW and ticket.held_at is None
    kind, data = kinds(counter, held_id)[-1]
    assert kind == "no_show" and data["reason"] == "hold_expired" and data["minutes"] == 10
    with pytest.raises(NotHeld):
        calling.call_back(counter.db, counter.hall_id, 1, STAFF, held_id, counter.clock)


def test_call_back_of_an_expired_hold_says_so_and_the_background_pass_closes_the_rest(counter: Counter) -> None:  # noqa: F811
    set_hall(counter, hold_minutes=5)
    first, second = counter.issue("A"), counter.issue("B")
    call(counter, 1)
    calling.hold(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    call(counter, 3)
    calling.hold(counter.db, counter.hall_id, 3, STAFF, counter.clock)
    counter.clock.advance(minutes=6)
    with pytest.raises(NotHeld) as refused:
        calling.call_back(counter.db, counter.hall_id, 1, STAFF, first, counter.clock)
    assert refused.value.code == "hold_expired" and "过号重排" in refused.value.message
    # the refusal rolled back; the background pass closes both, never losing one
    events = expire_all_holds(counter.db, counter.clock)
    assert sorted(e.ticket_id for e in events if isinstance(e, TicketNoShow)) == sorted([first, second])
    assert expire_all_holds(counter.db, counter.clock) == []
    with counter.db.read() as session:
        statuses = {t.id: t.status for t in session.scalars(select(Ticket).where(Ticket.id.in_([first, second])))}
    assert set(statuses.values()) == {TicketStatus.NO_SHOW}


# --- 过号重排 ------------------------------------------------------------------------------

def test_a_no_show_goes_back_behind_three_waiting_tickets(counter: Counter) -> None:  # noqa: F811
    missed = counter.issue("A")
    for _ in range(5):
        counter.issue("A")
    assert call(counter, 1) == "A001"
    no_show(counter, 1)
    result = calling.requeue_at_counter(counter.db, counter.hall_id, 2, STAFF, "a001", counter.clock)
    assert result.ticket.info.status == TicketStatus.WAITING and result.ticket.info.ahead == 3
    requeued = [e for e in result.events if isinstance(e, TicketRequeued)][0]
    assert requeued.ahead == 3 and requeued.by == "counter"
    assert line(counter, 1) == ["A002", "A003", "A004", "A001", "A005", "A006"]
    # a ticket taken now comes after it; the call order follows the line
    counter.issue("A")
    assert [call(counter, 1) for _ in range(1)] == ["A002"]
    done(counter, 1)
    assert line(counter, 1)[:3] == ["A003", "A004", "A001"]
    kind, data = kinds(counter, missed)[-1]
    assert kind == "requeued" and data == {"number": "A001", "by": "counter", "ahead": 3, "window": 2}
    with counter.db.read() as session:
        audit = session.scalars(select(AuditEvent).where(AuditEvent.kind == "ticket.requeued",
                                                         AuditEvent.hall_id == counter.hall_id)).one()
    assert audit.window_number == 2 and audit.detail["number"] == "A001"


def test_requeue_with_few_waiting_goes_to_the_back_and_green_keeps_its_class(counter: Counter) -> None:  # noqa: F811
    counter.issue("A")
    counter.issue("A")
    call(counter, 1)
    no_show(counter, 1)
    calling.requeue_at_counter(counter.db, counter.hall_id, 1, STAFF, "A001", counter.clock)
    assert line(counter, 1) == ["A002", "A001"]
    # a green ticket goes behind at most 3 of the line, counted with the greens ahead of it
    green = counter.issue("A", Priority.GREEN)
    for _ in range(4):
        counter.issue("A", Priority.GREEN)
    assert call(counter, 2) == "A003"
    no_show(counter, 2)
    calling.requeue_at_counter(counter.db, counter.hall_id, 2, STAFF, "A003", counter.clock)
    assert line(counter, 1) == ["A004", "A005", "A006", "A003", "A007", "A002", "A001"]
    with counter.db.read() as session:
        assert ticket_info(session, green).ahead == 3


def test_the_hall_sets_how_many_go_ahead(counter: Counter) -> None:  # noqa: F811
    set_hall(counter, requeue_ahead=0)
    for _ in range(3):
        counter.issue("A")
    call(counter, 1)
    no_show(counter, 1)
    calling.requeue_at_counter(counter.db, counter.hall_id, 1, STAFF, "A001", counter.clock)
    assert line(counter, 1) == ["A001", "A002", "A003"]


def test_requeue_refusals(counter: Counter) -> None:  # noqa: F811
    set_hall(counter, requeue_minutes=20)
    for _ in range(3):
        counter.issue("A")
    call(counter, 1)
    with pytest.raises(RequeueRefused, match="不是过号的号") as refused:
        calling.requeue_at_counter(counter.db, counter.hall_id, 2, STAFF, "A001", counter.clock)
    assert refused.value.code == "not_no_show"
    no_show(counter, 1)
    with pytest.raises(UnknownTicket, match="今天没有 A099 号"):
        calling.requeue_at_counter(counter.db, counter.hall_id, 2, STAFF, "A099", counter.clock)
    calling.requeue_at_counter(counter.db, counter.hall_id, 2, STAFF, "A001", counter.clock)
    with pytest.raises(RequeueRefused, match="正在排队中") as refused:
        calling.requeue_at_counter(counter.db, counter.hall_id, 2, STAFF, "A001", counter.clock)
    assert refused.value.code == "already_requeued"
    # called again and missed again: once per ticket
    assert call(counter, 1) == "A002" and no_show(counter, 1) == "A002"
    assert call(counter, 1) == "A003"  # fewer than 3 waited: A001 went behind both
    done(counter, 1)
    assert call(counter, 1) == "A001" and no_show(counter, 1) == "A001"
    with pytest.raises(RequeueRefused, match="只能重排一次") as refused:
        calling.requeue_at_counter(counter.db, counter.hall_id, 2, STAFF, "A001", counter.clock)
    assert refused.value.code == "already_requeued"
    counter.clock.advance(minutes=21)
    with pytest.raises(RequeueRefused, match="超过 20 分钟") as refused:
        calling.requeue_at_counter(counter.db, counter.hall_id, 2, STAFF, "A002", counter.clock)
    assert refused.value.code == "requeue_too_late"


def test_the_visitor_requeues_at_the_kiosk_and_an_expired_hold_counts_from_its_end(counter: Counter) -> None:  # noqa: F811
    set_hall(counter, hold_minutes=10, requeue_minutes=15)
    held = counter.issue("B")
    counter.issue("B")
    call(counter, 3)
    calling.hold(counter.db, counter.hall_id, 3, STAFF, counter.clock)
    counter.clock.advance(minutes=24)  # ran out after 10 minutes, 14 minutes ago
    expire_all_holds(counter.db, counter.clock)
    result = requeue_by_visitor(counter.db, counter.hall_id, held, kiosk="kiosk-1", clock=counter.clock)
    assert result.ticket.info.status == TicketStatus.WAITING and result.ticket.info.ahead == 1
    kind, data = kinds(counter, held)[-1]
    assert kind == "requeued" and data["by"] == "kiosk" and data["kiosk"] == "kiosk-1"
    assert [k for k, _ in kinds(counter, held)] == [
        "issued", "called", "held", "no_show", "requeued"]


# --- 选叫 --------------------------------------------------------------------------------

def test_pick_calls_one_waiting_ticket_of_the_windows_queues_and_is_logged(counter: Counter) -> None:  # noqa: F811
    counter.issue("A")
    counter.issue("A")
    third = counter.issue("A")
    result = calling.pick(counter.db, counter.hall_id, 1, STAFF, third, counter.clock)
    assert result.ticket.info.number == "A003" and result.ticket.info.status == TicketStatus.CALLED
    called = [e for e in result.events if isinstance(e, TicketCalled)][0]
    assert called.via == "pick" and called.window_number == 1
    kind, data = kinds(counter, third)[-1]
    assert kind == "called" and data["via"] == "pick" and data["skipped"] == 2
    with counter.db.read() as session:
        audit = session.scalars(select(AuditEvent).where(AuditEvent.kind == "ticket.picked",
                                                         AuditEvent.hall_id == counter.hall_id)).one()
    assert audit.window_number == 1 and audit.detail["number"] == "A003" and audit.detail["skipped"] == 2
    # 电子监察 reads both rows in words
    assert summary("called", data) == "选叫（越过 2 人）"
    assert summary("ticket.picked", audit.detail) == "选叫 A003（越过 2 人）"
    done(counter, 1)
    assert line(counter, 1) == ["A001", "A002"]


def test_pick_refuses_what_the_window_may_not_call(counter: Counter) -> None:  # noqa: F811
    b = counter.issue("B")
    a = counter.issue("A")
    with pytest.raises(NotCallable, match="不在本窗口服务的队列") as refused:
        calling.pick(counter.db, counter.hall_id, 1, STAFF, b, counter.clock)
    assert refused.value.code == "not_callable"
    # transferred to window 2 in particular: window 1 may not pick it
    call(counter, 3)
    moved = calling.transfer(counter.db, counter.hall_id, 3, STAFF, window=2, clock=counter.clock)
    with pytest.raises(NotCallable, match="其他窗口"):
        calling.pick(counter.db, counter.hall_id, 1, STAFF, moved.ticket.info.id, counter.clock)
    calling.pick(counter.db, counter.hall_id, 1, STAFF, a, counter.clock)
    with pytest.raises(WindowBusy):
        calling.pick(counter.db, counter.hall_id, 1, STAFF, moved.ticket.info.id, counter.clock)
    done(counter, 1)
    with pytest.raises(NotCallable, match="已办结"):
        calling.pick(counter.db, counter.hall_id, 1, STAFF, a, counter.clock)
    assert calling.pick(counter.db, counter.hall_id, 2, STAFF, moved.ticket.info.id,
                        counter.clock).ticket.info.called_window == 2


# --- statistics ----------------------------------------------------------------------------

def test_hold_and_requeue_do_not_count_as_waiting(counter: Counter) -> None:  # noqa: F811
    from bianmin.stats.rows import prepare, raw_facts

    held, missed = counter.issue("A"), counter.issue("B")
    counter.clock.advance(minutes=4)
    call(counter, 1)
    call(counter, 3)
    no_show(counter, 3)
    calling.start(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    calling.hold(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    counter.clock.advance(minutes=20)
    calling.call_back(counter.db, counter.hall_id, 1, STAFF, held, counter.clock)
    calling.start(counter.db, counter.hall_id, 1, STAFF, counter.clock)
    done(counter, 1)
    calling.requeue_at_counter(counter.db, counter.hall_id, 3, STAFF, "B001", counter.clock)
    call(counter, 3)
    done(counter, 3)
    day = counter.clock.now.date()
    with counter.db.read() as session:
        dialect = prepare(session)
        rows = {r.ticket_id: r for r in session.execute(raw_facts(dialect, [(counter.hall_id, day, day)]))}
        issued = {t.id: t.issued_at for t in session.scalars(select(Ticket).where(Ticket.id.in_([held, missed])))}
    # waiting is issue → first call: about 4 minutes for both; the 20-minute hold and the
    # 20 minutes before the re-queue are not in it
    assert 4 * 60 <= rows[held].wait_s < 5 * 60
    assert 4 * 60 <= rows[missed].wait_s < 5 * 60
    assert rows[held].end == "finished" and rows[held].window_number == 1
    assert rows[missed].end == "finished" and rows[missed].window_number == 3
    assert all(issued.values())
