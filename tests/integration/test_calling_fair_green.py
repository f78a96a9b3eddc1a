"""The fair green channel, property-based: random days at a hall, on a real SQLite file.

Hypothesis draws the hall's two limits and a day of steps: visitors take green or normal
numbers, windows call, finish, mark 过号 and transfer (to a queue or to one window), and
the clock jumps. The test keeps its own model of who waits where (not read back from the
database) and checks every call against the rule of docs/counter.md, "The call order":

- a window calls only a ticket waiting for it, and no ticket is called twice;
- green goes first within the limits: a normal ticket is called while a green one waits
  only when the window has called ``green_streak_limit`` green tickets in a row while a
  normal one waited, or when that normal ticket waited past the limit and took its number
  before every green one; a green ticket is never called over a waiting normal one once the
  streak is full;
- no normal ticket waits past its limit while a green ticket that came after it is called;
- a transfer lands in the queue (or at the one window) the rule says, keeps ``queued_since``
  and priority, and only the windows of that queue (or that window) call it;
- at the end every waiting ticket is called exactly once.

One variant runs on the real PostgreSQL server with fewer examples. A failing day is
reported unshrunk (set BIANMIN_SHRINK=1 to shrink it; that takes minutes).
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from bianmin import migrate
from bianmin.catalog.models import Hall, Window
from bianmin.db import Database
from bianmin.queue import calling
from bianmin.queue.call_errors import NoTicketWaiting
from bianmin.queue.clock import as_aware
from bianmin.queue.models import Priority, Ticket, TicketEvent, TicketStatus
from bianmin.queue.tickets import issue_ticket
from tests.support.calling import StepClock, drop_hall
from tests.support.factories import make_hall

STAFF = 7
# windows 1, 2 serve A; 3 is a 综合受理窗口 for A and B; 4 serves B; 5 serves C and is the
# hall's green-channel 专窗 (green tickets of every queue first)
QUEUES = {"A": [1, 2, 3], "B": [3, 4], "C": [5]}
WINDOWS = (1, 2, 3, 4, 5)
GREEN_WINDOW = 5
SERVES = {w: {q for q, ws in QUEUES.items() if w in ws} for w in WINDOWS}
# a transfer to a window lands in its most specific queue (fewest windows, then oldest)
WINDOW_QUEUE = {1: "A", 2: "A", 3: "B", 4: "B", 5: "C"}
# the day must not cross midnight in the hall (09:00 + 12 h is 21:00)
MAX_ADVANCE = timedelta(hours=12)

_halls = itertools.count(1)


@dataclass
class Waiting:
    id: int
    queue: str
    green: bool
    queued_since: datetime
    for_window: int | None = None


@dataclass
class Model:
    """What the test itself knows: who waits where, who is at which window, the streaks."""

    streak_limit: int
    wait_limit: timedelta
    waiting: dict[int, Waiting] = field(default_factory=dict)
    current: dict[int, int] = field(default_factory=dict)
    streak: dict[int, int] = field(default_factory=lambda: dict.fromkeys(WINDOWS, 0))
    called: set[int] = field(default_factory=set)
    calls: list[tuple[int, str]] = field(default_factory=list)

    def callable_by(self, window: int) -> list[Waiting]:
        return [t for t in self.waiting.values()
                if (t.queue in SERVES[window] or (window == GREEN_WINDOW and t.green))
                and t.for_window in (None, window)]


def age(t: Waiting) -> tuple[datetime, int]:
    return (t.queued_since, t.id)


@dataclass
class Day:
    db: Database
    hall_id: int
    code: str
    scenarios: dict[str, int]
    queue_ids: dict[str, int]
    clock: StepClock
    model: Model
    advanced: timedelta = timedelta(0)

    # -- the steps -------------------------------------------------------------------------

    def issue(self, queue: str, green: bool) -> None:
        result = issue_ticket(self.db, hall_code=self.code, scenario_id=self.scenarios[queue],
                              priority=Priority.GREEN if green else Priority.NORMAL, clock=self.clock)
        with self.db.read() as session:
            since = as_aware(session.get(Ticket, result.ticket_id).queued_since)
        self.model.waiting[result.ticket_id] = Waiting(result.ticket_id, queue, green, since)

    def advance(self, minutes: int) -> None:
        if self.advanced + timedelta(minutes=minutes) <= MAX_ADVANCE:
            self.advanced += timedelta(minutes=minutes)
            self.clock.advance(minutes=minutes)

    def close(self, window: int, how: str) -> None:
        """办结 or 过号 the window's current ticket, if it has one."""
        if window not in self.model.current:
            return
        action = calling.finish if how == "finish" else calling.no_show
        action(self.db, self.hall_id, window, STAFF, clock=self.clock)
        del self.model.current[window]

    def call(self, window: int) -> None:
        self.close(window, "finish")
        model = self.model
        before = model.callable_by(window)
        try:
            result = calling.call_next(self.db, self.hall_id, window, STAFF, self.clock)
        except NoTicketWaiting:
            assert not before, f"{window}号窗口 found nothing, but {len(before)} wait for it"
            return
        got = result.ticket.info.id
        now = result.ticket.called_at
        assert got not in model.called, f"ticket {got} called twice"
        assert got in {t.id for t in before}, f"{window}号窗口 called {got}, not waiting for it"
        self._check_rule(window, model.waiting[got], before, now)
        model.called.add(got)
        del model.waiting[got]
        model.current[window] = got

    def transfer(self, window: int, target: str | int) -> None:
        model = self.model
        if window not in model.current:
            return
        if target == window:
            return  # refused before anything is written (tested in test_calling_transfer.py)
        old = model.current[window]
        with self.db.read() as session:
            ticket = session.get(Ticket, old)
            green, since = ticket.priority == Priority.GREEN, as_aware(ticket.queued_since)
            if isinstance(target, str) and ticket.queue_id == self.queue_ids[target]:
                return  # the same queue: refused too
        if isinstance(target, int):
            result = calling.transfer(self.db, self.hall_id, window, STAFF, window=target, clock=self.clock)
            queue, for_window = WINDOW_QUEUE[target], target
        else:
            result = calling.transfer(self.db, self.hall_id, window, STAFF,
                                      queue=self.queue_ids[target], clock=self.clock)
            queue, for_window = target, None
        new = result.ticket
        # lands where the rule says, and keeps the visitor's place in time and priority
        assert new.info.queue_prefix == queue and new.for_window == for_window
        assert new.queued_since == since and (new.info.priority == Priority.GREEN) == green
        assert new.info.status == TicketStatus.WAITING
        del model.current[window]
        model.waiting[new.info.id] = Waiting(new.info.id, queue, green, since, for_window)

    # -- the rule --------------------------------------------------------------------------

    def _check_rule(self, window: int, got: Waiting, before: list[Waiting], now: datetime) -> None:
        model = self.model
        greens = [t for t in before if t.green]
        normals = [t for t in before if not t.green]
        overdue = [t for t in normals if t.queued_since < now - model.wait_limit]
        streak = model.streak[window]
        special = window == GREEN_WINDOW
        if got.green:
            # the oldest green; never over a normal ticket that waited past its limit and
            # came before it; never over a waiting normal once the window's streak is full
            assert got == min(greens, key=age)
            assert not [t for t in overdue if age(t) < age(got)], "an overdue normal ticket was passed over"
            if normals and not special:
                assert streak < model.streak_limit, (
                    f"{window}号窗口 called a green ticket after {streak} in a row over a waiting normal one")
            model.streak[window] = streak + 1 if normals and not special else 0
        else:
            assert got == min(normals, key=age)
            if greens:
                overdue_first = bool(overdue) and age(got) < age(min(greens, key=age))
                owed = not special and streak >= model.streak_limit
                assert overdue_first or owed, (
                    f"{window}号窗口 called a normal ticket over a green one (streak {streak})")
            model.streak[window] = 0
        model.calls.append((window, "green" if got.green else "normal"))
        with self.db.read() as session:
            recorded = session.scalars(select(TicketEvent.data).where(
                TicketEvent.ticket_id == got.id, TicketEvent.kind == "called")).one()
        assert recorded["streak"] == model.streak[window]

    def drain(self) -> None:
        """Every window calls until nobody waits: each waiting ticket exactly once."""
        left = dict(self.model.waiting)
        for _ in range(len(left) + len(WINDOWS) + 1):
            for window in WINDOWS:
                self.call(window)
            if not self.model.waiting:
                break
        assert not self.model.waiting, "tickets left waiting that a window should call"
        with self.db.read() as session:
            still = session.scalars(select(Ticket.id).where(
                Ticket.hall_id == self.hall_id, Ticket.status == TicketStatus.WAITING)).all()
        assert still == []
        assert set(left) <= self.model.called


def open_day(db: Database, streak_limit: int, wait_minutes: int) -> Day:
    code = f"fair{next(_halls)}"
    with db.write() as session:
        hall = make_hall(session, code=code, queues=QUEUES)
        session.execute(update(Hall).where(Hall.id == hall.hall_id).values(
            green_streak_limit=streak_limit, normal_wait_limit_minutes=wait_minutes))
        session.execute(update(Window).where(Window.id == hall.windows[GREEN_WINDOW])
                        .values(green_channel=True))
    model = Model(streak_limit, timedelta(minutes=wait_minutes))
    return Day(db, hall.hall_id, code, hall.scenarios, hall.queues, StepClock(), model)


STEP = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from(sorted(QUEUES)), st.booleans()),
    st.tuples(st.just("issue"), st.sampled_from(["A", "A", "B"]), st.booleans()),
    st.tuples(st.just("call"), st.sampled_from(WINDOWS)),
    st.tuples(st.just("call"), st.sampled_from(WINDOWS)),
    st.tuples(st.just("finish"), st.sampled_from(WINDOWS)),
    st.tuples(st.just("no_show"), st.sampled_from(WINDOWS)),
    st.tuples(st.just("advance"), st.integers(1, 40)),
    st.tuples(st.just("transfer"), st.sampled_from(WINDOWS),
              st.sampled_from(["A", "B", "C", 1, 2, 3, 4, 5])),
)
DAY = st.tuples(st.integers(1, 3), st.sampled_from([10, 30, 45]),
                st.lists(STEP, min_size=30, max_size=50))


def play(db: Database, streak_limit: int, wait_minutes: int, steps: list[tuple[Any, ...]]) -> None:
    day = open_day(db, streak_limit, wait_minutes)
    try:
        for kind, *args in steps:
            if kind in ("finish", "no_show"):
                day.close(args[0], kind)
            else:
                getattr(day, kind)(*args)
        day.drain()
    finally:
        drop_hall(db, day.hall_id)


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Any:
    database = Database(f"sqlite:///{tmp_path_factory.mktemp('fair') / 'fair.sqlite3'}")
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def postgres_db(postgres_url: str) -> Any:
    database = Database(postgres_url)
    migrate.upgrade(database)
    yield database
    database.dispose()


# a failing day is shown as drawn: shrinking it takes minutes (each example runs a whole
# day against the database); BIANMIN_SHRINK=1 shrinks it to the fewest steps
_PHASES = [p for p in Phase if os.environ.get("BIANMIN_SHRINK") or p is not Phase.shrink]
RUN = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None,
               phases=_PHASES)


@settings(RUN, max_examples=20)
@given(day=DAY)
def test_call_order_is_fair_on_sqlite(sqlite_db: Database, day: tuple[Any, ...]) -> None:
    play(sqlite_db, *day)


@settings(RUN, max_examples=5)
@given(day=DAY)
def test_call_order_is_fair_on_postgresql(postgres_db: Database, day: tuple[Any, ...]) -> None:
    play(postgres_db, *day)
