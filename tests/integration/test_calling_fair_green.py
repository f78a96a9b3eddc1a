"""The fair green channel, property-based: random days at a hall, on a real SQLite file.

Hypothesis draws the hall's two limits and a day of steps: visitors take green or normal
numbers, windows call, finish, mark 过号 and transfer (to a queue or to one window), and
the clock jumps. The test keeps its own model of who waits where (not read back from the
database) and checks every call against the rule of docs/counter.md, "The call order":

- a window calls only a ticket waiting for it, and no ticket is called twice (a re-queued
  one once more);
- green goes first within the limits: a normal ticket is called while a green one waits
  only when the window has called ``green_streak_limit`` green tickets in a row while a
  normal one waited, or when that normal ticket waited past the limit and took its number
  before every green one; a green ticket is never called over a waiting normal one once the
  streak is full;
- no normal ticket waits past its limit while a green ticket that came after it is called;
- a transfer lands in the queue (or at the one window) the rule says, keeps ``queued_since``
  and priority, and only the windows of that queue (or that window) call it;
- a 过号 ticket put back in line (过号重排) within the hall's time lands behind the first
  ``requeue_ahead`` tickets of its queue's line (counting those of its own class, green or
  normal), keeps ``queued_since``, and takes its place in time from then on; a second
  re-queue, or one too late, is refused and changes nothing;
- at the end every waiting ticket is called exactly once.

One variant runs on the real PostgreSQL server with fewer examples. A second property puts
one 过号 ticket back into random lines of green and normal tickets and checks, call by
call, that exactly the tickets the rule puts before it are called before it. A failing day is
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
from bianmin.queue.call_errors import NoTicketWaiting, RequeueRefused
from bianmin.queue.clock import as_aware
from bianmin.queue.models import Priority, Ticket, TicketEvent, TicketStatus
from bianmin.queue.requeue import requeue_at_counter
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
# 过号重排 within this many minutes of the 过号 (the clock's jumps reach past it now and then)
REQUEUE_MINUTES = 60
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
    # its place in time in the line: queued_since, or where a 过号重排 put it
    line: datetime | None = None

    @property
    def place(self) -> datetime:
        return self.line or self.queued_since


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
    requeue_ahead: int = 3
    requeue_limit: timedelta = timedelta(minutes=30)
    # 过号 tickets: as they waited, and when they were marked 过号
    no_shows: dict[int, tuple[Waiting, datetime]] = field(default_factory=dict)
    seen: dict[int, Waiting] = field(default_factory=dict)
    requeued: set[int] = field(default_factory=set)

    def callable_by(self, window: int) -> list[Waiting]:
        return [t for t in self.waiting.values()
                if (t.queue in SERVES[window] or (window == GREEN_WINDOW and t.green))
                and t.for_window in (None, window)]


def age(t: Waiting) -> tuple[datetime, int]:
    return (t.place, t.id)


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
        result = action(self.db, self.hall_id, window, STAFF, clock=self.clock)
        ticket = self.model.current.pop(window)
        if how == "no_show":
            self.model.no_shows[ticket] = (self.model.seen[ticket], result.ticket.finished_at)

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
        model.seen[got] = model.waiting[got]
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

    def requeue(self, pick: int) -> None:
        """过号重排 of one of the day's 过号 tickets, by staff at window 1."""
        model = self.model
        if not model.no_shows:
            return
        ticket_id = sorted(model.no_shows)[pick % len(model.no_shows)]
        was, missed = model.no_shows[ticket_id]
        now = self.clock()
        with self.db.read() as session:
            number = session.get(Ticket, ticket_id).code
        line = sorted((t for t in model.waiting.values() if t.queue == was.queue),
                      key=lambda t: (not t.green, t.place, t.id))
        try:
            result = requeue_at_counter(self.db, self.hall_id, 1, STAFF, number, clock=self.clock)
        except RequeueRefused as refused:
            assert ticket_id in model.requeued or now - missed > model.requeue_limit, refused.code
            return
        assert ticket_id not in model.requeued, f"{number} re-queued twice"
        assert now - missed <= model.requeue_limit, f"{number} re-queued too late"
        model.requeued.add(ticket_id)
        del model.no_shows[ticket_id]
        model.called.discard(ticket_id)  # back in line: it is called once more
        with self.db.read() as session:
            row = session.get(Ticket, ticket_id)
            place = as_aware(row.line_at)
            assert row.status == TicketStatus.WAITING and as_aware(row.queued_since) == was.queued_since
        # behind the first `requeue_ahead` of its queue's line, counting its own class
        within = sum(1 for t in line[:model.requeue_ahead] if t.green == was.green)
        before = [t for t in line if t.green == was.green and age(t) < (place, ticket_id)]
        assert len(before) == within, (
            f"{number} re-queued behind {len(before)} of its class, not {within}")
        assert result.ticket.info.id == ticket_id
        model.waiting[ticket_id] = Waiting(ticket_id, was.queue, was.green, was.queued_since,
                                           was.for_window, place)

    # -- the rule --------------------------------------------------------------------------

    def _check_rule(self, window: int, got: Waiting, before: list[Waiting], now: datetime) -> None:
        model = self.model
        greens = [t for t in before if t.green]
        normals = [t for t in before if not t.green]
        overdue = [t for t in normals if t.place < now - model.wait_limit]
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
                TicketEvent.ticket_id == got.id, TicketEvent.kind == "called")
                .order_by(TicketEvent.id.desc())).first()
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


def open_day(db: Database, streak_limit: int, wait_minutes: int, requeue_ahead: int = 3) -> Day:
    code = f"fair{next(_halls)}"
    with db.write() as session:
        hall = make_hall(session, code=code, queues=QUEUES)
        session.execute(update(Hall).where(Hall.id == hall.hall_id).values(
            green_streak_limit=streak_limit, normal_wait_limit_minutes=wait_minutes,
            requeue_ahead=requeue_ahead, requeue_minutes=REQUEUE_MINUTES))
        session.execute(update(Window).where(Window.id == hall.windows[GREEN_WINDOW])
                        .values(green_channel=True))
    model = Model(streak_limit, timedelta(minutes=wait_minutes), requeue_ahead=requeue_ahead,
                  requeue_limit=timedelta(minutes=REQUEUE_MINUTES))
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
    st.tuples(st.just("no_show"), st.sampled_from(WINDOWS)),
    st.tuples(st.just("requeue"), st.integers(0, 20)),
    st.tuples(st.just("requeue"), st.integers(0, 20)),
)
DAY = st.tuples(st.integers(1, 3), st.sampled_from([10, 30, 45]), st.integers(0, 4),
                st.lists(STEP, min_size=30, max_size=50))


def play(db: Database, streak_limit: int, wait_minutes: int, requeue_ahead: int,
         steps: list[tuple[Any, ...]]) -> None:
    day = open_day(db, streak_limit, wait_minutes, requeue_ahead)
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


LINE = st.tuples(st.booleans(), st.integers(0, 6),
                 # at most 12 × 4 minutes: the re-queue stays within REQUEUE_MINUTES
                 st.lists(st.tuples(st.booleans(), st.integers(0, 4)), max_size=12))


def play_requeue(db: Database, green: bool, ahead: int, line: list[tuple[bool, int]]) -> None:
    """One 过号 ticket comes back to a line of green and normal tickets of its queue: it is
    called after exactly the tickets the rule puts before it (limits that never bite, so
    the window calls in the plain order: green, then by place in time)."""
    day = open_day(db, streak_limit=10, wait_minutes=480, requeue_ahead=ahead)
    try:
        day.issue("A", green)
        day.call(1)
        day.close(1, "no_show")
        for other_green, minutes in line:
            day.advance(minutes)
            day.issue("A", other_green)
        waiting = sorted(day.model.waiting.values(), key=lambda t: (not t.green, t.place, t.id))
        day.requeue(0)
        came_back = next(iter(day.model.requeued))
        # the tickets of its class among the first `ahead`, then all of the other class that
        # the plain order puts first (green before normal), are called before it
        within = sum(1 for t in waiting[:ahead] if t.green == green)
        same = [t.id for t in waiting if t.green == green]
        other = [t.id for t in waiting if t.green != green]
        expected_before = (other if not green else []) + same[:within]
        order = []
        for _ in range(len(waiting) + 1):
            day.call(1)
            order.append(day.model.current[1])
        assert set(order[:order.index(came_back)]) == set(expected_before)
    finally:
        drop_hall(db, day.hall_id)


@settings(RUN, max_examples=30)
@given(case=LINE)
def test_a_requeued_ticket_is_called_behind_the_first_of_its_line(
    sqlite_db: Database, case: tuple[Any, ...]
) -> None:
    play_requeue(sqlite_db, *case)
