"""Two windows pressing 叫号 at the same instant never get the same ticket."""

from __future__ import annotations

import threading
from collections import Counter as Tally

from sqlalchemy import select

from bianmin.queue import calling
from bianmin.queue.call_errors import NoTicketWaiting, WindowBusy
from bianmin.queue.models import Ticket, TicketEvent, TicketStatus

ROUNDS = 50


def press_together(actions: list) -> list:  # type: ignore[type-arg]
    """Run the actions in threads released by one barrier; return results or exceptions."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = actions[i]()
        except Exception as exc:  # noqa: BLE001 - collected and checked by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_windows_of_one_group_never_call_the_same_ticket(counter) -> None:  # type: ignore[no-untyped-def]
    # windows 1, 2 and 5 all call from queue A; each round two tickets wait for three windows
    windows = [1, 2, 5]
    called: list[int] = []
    for _ in range(ROUNDS):
        counter.issue("A")
        counter.issue("A")
        results = press_together([
            (lambda w=w: calling.call_next(counter.db, counter.hall_id, w, w, counter.clock))
            for w in windows
        ])
        winners = [r for r in results if not isinstance(r, Exception)]
        losers = [r for r in results if isinstance(r, Exception)]
        assert len(winners) == 2, results
        assert all(isinstance(e, NoTicketWaiting) for e in losers), losers
        called.extend(r.ticket.info.id for r in winners)
        for w in windows:
            try:
                calling.finish(counter.db, counter.hall_id, w, w, clock=counter.clock)
            except Exception as exc:  # noqa: BLE001
                assert exc.code == "no_current_ticket"
    assert len(called) == len(set(called)) == 2 * ROUNDS
    with counter.db.read() as session:
        statuses = Tally(session.scalars(select(Ticket.status).where(Ticket.hall_id == counter.hall_id)))
        calls = session.scalars(
            select(TicketEvent.ticket_id).where(TicketEvent.hall_id == counter.hall_id,
                                                TicketEvent.kind == "called")
        ).all()
    assert statuses == {TicketStatus.DONE: 2 * ROUNDS}
    assert sorted(calls) == sorted(called)


def test_a_double_press_at_one_window_calls_one_ticket(counter) -> None:  # type: ignore[no-untyped-def]
    for _ in range(ROUNDS // 5):
        counter.issue("B")
        counter.issue("B")
        results = press_together([
            lambda: calling.call_next(counter.db, counter.hall_id, 3, 1, counter.clock),
            lambda: calling.call_next(counter.db, counter.hall_id, 3, 1, counter.clock),
        ])
        assert sum(not isinstance(r, Exception) for r in results) == 1, results
        assert any(isinstance(r, WindowBusy) for r in results)
        calling.finish(counter.db, counter.hall_id, 3, 1, clock=counter.clock)
        calling.cancel(counter.db, counter.hall_id, 3, 1, _waiting_b(counter), counter.clock)


def _waiting_b(counter) -> int:  # type: ignore[no-untyped-def]
    with counter.db.read() as session:
        return session.scalars(
            select(Ticket.id).where(Ticket.hall_id == counter.hall_id, Ticket.status == "waiting")
        ).one()
