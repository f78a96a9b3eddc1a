"""Fixtures' helpers for the counter tests: a hall with a comprehensive window, a clock."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, func, select

from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.queue.models import Priority, Ticket
from bianmin.queue.tickets import issue_ticket
from tests.support.factories import SmallHall, make_hall

# 09:00 in Shanghai on 2026-11-25, the business day of every test below
MORNING = datetime(2026, 11, 25, 1, 0, tzinfo=timezone.utc)
# windows 1 and 2 serve queue A, window 3 serves B, window 5 is a 综合受理窗口 for A and B,
# window 6 serves C only
QUEUES = {"A": [1, 2, 5], "B": [3, 5], "C": [6]}


class StepClock:
    """A clock that moves only when told; every reading is a distinct, later instant."""

    def __init__(self, start: datetime = MORNING) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Counter:
    """A test hall and the clock everything in it runs on."""

    db: Database
    hall: SmallHall
    clock: StepClock

    @property
    def hall_id(self) -> int:
        return self.hall.hall_id

    def issue(self, prefix: str, priority: Priority = Priority.NORMAL) -> int:
        result = issue_ticket(
            self.db, hall_code=self.hall.code, scenario_id=self.hall.scenarios[prefix],
            priority=priority, clock=self.clock,
        )
        return result.ticket_id


def make_counter(db: Database, code: str, queues: dict[str, list[int]] | None = None) -> Counter:
    with db.write() as session:
        hall = make_hall(session, code=code, queues=queues or QUEUES)
    return Counter(db, hall, StepClock())


# -- fixtures (import them into a test module to use them) -------------------------------



@pytest.fixture
def counter(any_db, request) -> Iterator[Counter]:  # type: ignore[no-untyped-def]
    """A hall of its own for this test, deleted afterwards with everything in it.

    The PostgreSQL database is shared by the whole test session; tests elsewhere count its
    tickets, so no hall of these tests outlives its test.
    """
    made = make_counter(any_db, f"c{abs(hash(request.node.nodeid)) % 10**9}")
    yield made
    drop_hall(any_db, made.hall_id)


def drop_hall(db: Database, hall_id: int) -> None:
    """Delete a hall; its windows, queues, tickets, events and window states cascade."""
    with db.write() as session:
        session.execute(delete(Hall).where(Hall.id == hall_id))
        assert session.scalar(select(func.count(Ticket.id)).where(Ticket.hall_id == hall_id)) == 0
