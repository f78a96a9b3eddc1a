"""Live updates over the wire: real `bianmin serve` processes and python-socketio clients.

Every test runs under eventlet (the default) and under threading. One server per mode is
shared by the module; each test gets a hall of its own on it, so tests cannot see each
other's tickets.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bianmin.db import Database
from tests.support.live import LiveHall, Screen, add_hall, database_in, server_env
from tests.support.server import RunningServer, start_server

pytestmark = pytest.mark.server


@pytest.fixture(scope="module", params=["eventlet", "threading"])
def server(request, tmp_path_factory) -> Iterator[RunningServer]:  # type: ignore[no-untyped-def]
    instance = tmp_path_factory.mktemp(f"realtime-{request.param}")
    database_in(instance).dispose()
    running = start_server(instance, async_mode=request.param, env=server_env())
    yield running
    running.stop()


@pytest.fixture
def live(server: RunningServer) -> Iterator[LiveHall]:
    db = Database(f"sqlite:///{Path(server.log_path).parent / 'bianmin.sqlite3'}")
    view = LiveHall(server.url, add_hall(db, f"h{uuid.uuid4().hex[:8]}"), db)
    yield view
    view.close()
    db.dispose()


def test_snapshot_on_connect_is_the_http_snapshot(live: LiveHall) -> None:
    live.take("A")
    live.take("A")
    live.take("B")
    screen = live.screen()
    over_http = live.snapshot()
    assert len(screen.snapshots) == 1
    assert screen.snapshots[0] == {**over_http, "at": screen.snapshots[0]["at"]}
    assert over_http["version"] == 6  # two events (issued + queue.changed) per ticket
    waiting = {q["prefix"]: q["waiting"] for q in over_http["queues"]}
    assert waiting == {"A": 2, "B": 1}
    assert [q["windows"] for q in over_http["queues"]] == [[1, 2], [3]]


def test_a_call_reaches_the_screen_with_what_it_shows_and_the_next_version(live: LiveHall) -> None:
    screen = live.screen()
    ticket = live.take("A")
    called = live.staff(2).call_next()
    assert called["number"] == ticket["number"] == "A001"
    version = live.snapshot()["version"]
    screen.wait_until(lambda s: s.view is not None and s.view.version == version)
    event = screen.events_named("ticket.called")[0]
    assert event["number"] == "A001"
    assert event["window"] == 2
    assert event["window_name"] == "2号窗口"
    assert event["recall"] is False
    assert event["at"].startswith("20")
    versions = [data["version"] for _, data in screen.received]
    assert versions == list(range(1, len(versions) + 1))
    assert screen.view is not None and screen.view.numbers() == {2: "A001"}
    assert screen.view.waiting[str(live.hall.queues["A"])] == 0
    assert screen.resyncs == 0


# refused clients use long-polling: the websocket client lingers 3 s closing a refused socket

def test_unknown_hall_is_refused_with_a_reason(live: LiveHall) -> None:
    screen = Screen(live.base_url, hall="no-such-hall", transport="polling")
    with pytest.raises(Exception, match="failed to connect"):
        screen.connect()
    screen.wait_until(lambda s: s.refusal is not None)
    assert "no-such-hall" in screen.refusal["message"]
    assert screen.refusal["data"] == {"error": "unknown_hall"}
    assert screen.snapshots == []


def test_unknown_window_and_missing_hall_are_refused(live: LiveHall) -> None:
    unknown_window = Screen(live.base_url, hall=live.code, window=99, transport="polling")
    with pytest.raises(Exception, match="failed to connect"):
        unknown_window.connect()
    unknown_window.wait_until(lambda s: s.refusal is not None)
    assert unknown_window.refusal["data"] == {"error": "unknown_window"}
    anonymous = Screen(live.base_url, transport="polling")
    with pytest.raises(Exception, match="failed to connect"):
        anonymous.connect()
    anonymous.wait_until(lambda s: s.refusal is not None)
    assert anonymous.refusal["data"] == {"error": "hall_required"}


def test_a_screen_cannot_call_numbers(live: LiveHall) -> None:
    live.take("A")
    screen = live.screen(window=1)
    before = live.snapshot()
    for event in ("call-next", "ticket.called", "pause"):
        answer = screen.emit_with_ack(event, {"window": 1})
        assert answer["error"] == "read_only"
        assert "不能操作" in answer["message"]
    after = live.snapshot()
    assert after["version"] == before["version"]
    assert after["current"] == [] and after["recent"] == []
    assert after["waiting"] == before["waiting"]
    assert screen.received == []


def test_a_missed_event_is_detected_by_version_and_repaired(live: LiveHall) -> None:
    screen = live.screen()
    live.take("A")
    live.take("A")
    screen.wait_until(lambda s: s.view is not None and s.view.version == 4)
    # the call is lost on its way; the queue.changed that follows it has version 6, not 5
    screen.drop_next("ticket.called")
    first = live.staff(1).call_next()
    screen.wait_until(lambda s: s.view is not None and s.view.numbers() == {1: first["number"]})
    assert [(name, data["version"]) for name, data in screen.dropped] == [("ticket.called", 5)]
    assert screen.resyncs == 1
    assert [s["version"] for s in screen.snapshots] == [0, 6]
    assert screen.events_named("ticket.called") == []  # only the snapshot told it
    # and it goes on with events as usual
    second = live.staff(2).call_next()
    screen.wait_until(lambda s: s.view is not None and s.view.version == 8)
    assert screen.view.numbers() == {1: first["number"], 2: second["number"]}
    assert screen.resyncs == 1


def test_a_screen_that_was_away_catches_up_from_the_snapshot(live: LiveHall) -> None:
    screen = live.screen()
    screen.disconnect()
    live.take("B")
    called = live.staff(3).call_next()
    again = Screen(live.base_url, hall=live.code).connect()
    live.screens.append(again)
    again.wait_until(lambda s: s.view is not None)
    assert again.view.numbers() == {3: called["number"]}
    assert again.snapshots[0]["recent"][0]["number"] == called["number"]


def test_window_screens_get_each_event_once_and_see_the_window_paused(live: LiveHall) -> None:
    window_screen = live.screen(window=3)
    lobby = live.screen()
    staff = live.staff(3)
    live.take("B")
    staff.call_next()
    assert staff.act("recall").status_code == 200
    assert staff.act("start").status_code == 200
    assert staff.act("finish", {"outcome": "done"}).status_code == 200
    assert staff.act("pause", {"reason": "系统故障"}).status_code == 200
    for screen in (window_screen, lobby):
        screen.wait_until(lambda s: s.view is not None and s.view.paused == {3})
        names = [name for name, _ in screen.received]
        assert names == ["ticket.issued", "queue.changed", "ticket.called", "queue.changed",
                         "ticket.called", "ticket.started", "ticket.finished", "window.paused"] \
            or names.count("ticket.called") == 2, names
        calls = screen.events_named("ticket.called")
        assert [c["recall"] for c in calls] == [False, True]
        assert screen.events_named("ticket.finished")[0]["outcome"] == "done"
        assert screen.events_named("window.paused")[0]["reason"] == "系统故障"
        assert screen.view.numbers() == {}
    versions = [data["version"] for _, data in window_screen.received]
    assert versions == sorted(set(versions))  # once each, in order
    snap = live.snapshot()
    assert snap["paused"] == [{"window": 3, "window_id": live.hall.windows[3],
                               "window_name": "3号窗口", "reason": "系统故障"}]
    assert next(w for w in snap["windows"] if w["number"] == 3)["pause_reason"] == "系统故障"
    assert staff.act("resume").status_code == 200
    lobby.wait_until(lambda s: s.view is not None and s.view.paused == set())


def test_a_signed_in_counter_connects_with_its_session_cookie(live: LiveHall) -> None:
    staff = live.staff(2)
    counter = Screen(live.base_url, cookie=staff.cookie_header()).connect()
    live.screens.append(counter)
    counter.wait_until(lambda s: s.view is not None)
    assert counter.snapshots[0]["hall"]["code"] == live.code
    live.take("A")
    staff.call_next()
    counter.wait_until(lambda s: s.view is not None and 2 in s.view.numbers())


def test_two_windows_calling_at_once_get_different_tickets(live: LiveHall) -> None:
    rounds = 25
    lobby = live.screen()
    one, two = live.staff(1), live.staff(2)
    numbers: list[tuple[str, str]] = []
    for _ in range(rounds):
        live.take("A")
        live.take("A")
        barrier = threading.Barrier(2)
        answers: dict[int, dict] = {}

        def press(staff, answers=answers, barrier=barrier) -> None:  # type: ignore[no-untyped-def]
            barrier.wait()
            response = staff.act("call-next")
            answers[staff.window] = {**response.json(), "http": response.status_code}

        threads = [threading.Thread(target=press, args=(s,)) for s in (one, two)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert answers[1]["http"] == answers[2]["http"] == 200, answers
        assert answers[1]["id"] != answers[2]["id"]
        numbers.append((answers[1]["number"], answers[2]["number"]))
        for staff in (one, two):
            assert staff.act("no-show").status_code == 200
    called = [n for pair in numbers for n in pair]
    assert sorted(called) == [f"A{i:03d}" for i in range(1, 2 * rounds + 1)]
    version = live.snapshot()["version"]
    lobby.wait_until(lambda s: s.view is not None and s.view.version == version)
    assert sorted(e["number"] for e in lobby.events_named("ticket.called")) == sorted(called)
    assert lobby.resyncs == 0
