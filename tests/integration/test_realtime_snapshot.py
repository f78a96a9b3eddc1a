"""The hall snapshot, on a real SQLite file and on the real PostgreSQL server.

The snapshot must say what the events said: after any sequence of counter actions, a
screen that starts from a new snapshot shows the same thing as a screen that followed
every event. Here the "screen" is the test helper ``HallView``, which keeps state the way
``static/live/hall-state.js`` does.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from bianmin.catalog.errors import UnknownHall
from bianmin.queue import calling
from bianmin.queue.call_errors import UnknownWindow
from bianmin.queue.snapshot import RECENT_CALLS, SnapshotCache, find_window, read_snapshot
from bianmin.queue.versions import current_version
from bianmin.web.publish import EVENT_NAMES, payload, snapshot_payload
from tests.support.calling import Counter
from tests.support.live import HallView

STAFF = 7


def snap(counter: Counter) -> dict:
    return snapshot_payload(read_snapshot(counter.db, hall_code=counter.hall.code,
                                          clock=counter.clock))


class Follower:
    """Applies every event of the services, as a screen connected all along would."""

    def __init__(self, counter: Counter) -> None:
        self.counter = counter
        self.view = HallView.of(snap(counter))

    def run(self, result) -> object:  # type: ignore[no-untyped-def]
        for event in result.events:
            self.view.apply(EVENT_NAMES[type(event)], payload(event))
        return result

    def issue(self, prefix: str) -> None:
        from bianmin.queue.tickets import issue_ticket

        c = self.counter
        self.run(issue_ticket(c.db, hall_code=c.hall.code, scenario_id=c.hall.scenarios[prefix],
                              clock=c.clock))

    def act(self, action: str, window: int, *args: object) -> object:
        c = self.counter
        service = getattr(calling, action)
        return self.run(service(c.db, c.hall_id, window, STAFF, *args, clock=c.clock))


def test_an_empty_hall(counter: Counter) -> None:
    body = snap(counter)
    assert body["version"] == 0
    assert body["current"] == [] and body["recent"] == [] and body["paused"] == []
    assert [(q["prefix"], q["windows"], q["waiting"]) for q in body["queues"]] == [
        ("A", [1, 2, 5], 0), ("B", [3, 5], 0), ("C", [6], 0)]
    assert [w["number"] for w in body["windows"]] == [1, 2, 3, 5, 6]
    assert body["business_day"] == "2026-11-25"
    assert body["hall"]["code"] == counter.hall.code


def test_snapshot_agrees_with_the_events_after_every_kind_of_action(counter: Counter) -> None:
    screen = Follower(counter)
    for prefix in "AABBC":
        screen.issue(prefix)
    screen.act("call_next", 1)
    screen.act("call_next", 3)
    screen.act("recall", 3)
    screen.act("start", 1)
    screen.act("call_next", 6)
    screen.act("no_show", 6)
    screen.act("call_next", 2)
    screen.act("finish", 2)
    screen.act("pause", 5)
    body = snap(counter)
    fresh = HallView.of(body)
    assert fresh == screen.view
    assert body["version"] == current_version_of(counter)
    assert fresh.numbers() == {1: "A001", 3: "B001"}
    assert {c["window"]: c["status"] for c in body["current"]} == {1: "serving", 3: "called"}
    assert fresh.paused == {5}
    waiting = {q["prefix"]: q["waiting"] for q in body["queues"]}
    assert waiting == {"A": 0, "B": 1, "C": 0}
    # recent calls: newest first, one line per ticket, a recall marked as such
    assert [(c["number"], c["window"], c["recall"]) for c in body["recent"]] == [
        ("A002", 2, False), ("C001", 6, False), ("B001", 3, True), ("A001", 1, False)]


def current_version_of(counter: Counter) -> int:
    with counter.db.read() as session:
        return current_version(session, counter.hall_id)


def test_recent_calls_are_capped_and_only_today(counter: Counter) -> None:
    screen = Follower(counter)
    screen.issue("C")
    screen.act("call_next", 6)
    screen.act("finish", 6)
    counter.clock.advance(days=1)  # the next business day: yesterday's call is history
    for _ in range(RECENT_CALLS + 2):
        screen.issue("A")
        screen.act("call_next", 1)
        screen.act("finish", 1)
    body = snap(counter)
    assert len(body["recent"]) == RECENT_CALLS
    assert body["recent"][0]["number"] == f"A{RECENT_CALLS + 2:03d}"
    assert all(c["number"].startswith("A") for c in body["recent"])
    assert body["business_day"] == "2026-11-26"


def test_yesterdays_waiting_tickets_are_not_counted(counter: Counter) -> None:
    counter.issue("A")
    counter.issue("B")
    assert {q["prefix"]: q["waiting"] for q in snap(counter)["queues"]}["A"] == 1
    counter.clock.advance(hours=24)
    assert {q["prefix"]: q["waiting"] for q in snap(counter)["queues"]} == {"A": 0, "B": 0, "C": 0}


def test_unknown_hall_and_window(counter: Counter) -> None:
    with pytest.raises(UnknownHall):
        read_snapshot(counter.db, hall_code="no-such-hall")
    snapshot = read_snapshot(counter.db, hall_id=counter.hall_id, clock=counter.clock)
    assert find_window(snapshot, 3).number == 3
    with pytest.raises(UnknownWindow):
        find_window(snapshot, 4)


def test_counts_and_version_agree_while_tickets_are_issued(counter: Counter) -> None:
    """Each snapshot's waiting total equals the tickets its version had seen (2 events each)."""
    stop = threading.Event()
    seen: list[tuple[int, int]] = []

    def read() -> None:
        while not stop.is_set():
            body = snapshot_payload(read_snapshot(counter.db, hall_id=counter.hall_id,
                                                  clock=lambda: counter.clock.now))
            seen.append((body["version"], sum(q["waiting"] for q in body["queues"])))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(40):
            counter.issue("A")
    finally:
        stop.set()
        reader.join(30)
    assert len(seen) > 3
    for version, waiting in seen:
        assert version == 2 * waiting, (version, waiting)


def test_business_day_follows_the_hall_clock(counter: Counter) -> None:
    counter.clock.now = counter.clock.now.replace(hour=15, minute=59) - timedelta(seconds=1)
    assert snap(counter)["business_day"] == "2026-11-25"  # 23:59:59 in Shanghai
    counter.clock.advance(minutes=1)
    assert snap(counter)["business_day"] == "2026-11-26"


def test_the_cache_reuses_a_snapshot_only_while_it_is_current(counter: Counter) -> None:
    cache = SnapshotCache(clock=counter.clock)
    first = cache.get(counter.db, hall_code=counter.hall.code)
    assert cache.get(counter.db, hall_id=counter.hall_id) is first
    counter.issue("A")  # a new version
    second = cache.get(counter.db, hall_id=counter.hall_id)
    assert second is not first and second.version == first.version + 2
    assert {q.prefix: q.waiting for q in second.queues}["A"] == 1
    counter.clock.advance(days=1)  # a new business day, same version
    third = cache.get(counter.db, hall_id=counter.hall_id)
    assert third is not second and {q.prefix: q.waiting for q in third.queues}["A"] == 0
    with pytest.raises(UnknownHall):
        cache.get(counter.db, hall_code="no-such-hall")
    short = SnapshotCache(ttl=0.0, clock=counter.clock)
    assert short.get(counter.db, hall_id=counter.hall_id) is not short.get(
        counter.db, hall_id=counter.hall_id)
