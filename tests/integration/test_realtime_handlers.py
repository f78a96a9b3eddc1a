"""Socket.IO handler logic with Flask-SocketIO's test client (no transport, no server).

What crosses the wire is tested against real servers in test_realtime_server.py; here:
who is admitted, which rooms an event reaches, and the HTTP snapshot's errors.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from flask import Flask
from flask_socketio import SocketIOTestClient

from bianmin.queue.events import QueueChanged, TicketCalled, TicketFinished
from bianmin.realtime import socketio_of
from bianmin.web import publish
from tests.support.factories import make_hall

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)


def connect(app: Flask, auth: object = None, client=None) -> SocketIOTestClient:  # type: ignore[no-untyped-def]
    return socketio_of(app).test_client(app, namespace="/hall", auth=auth,
                                        flask_test_client=client)


def received(client: SocketIOTestClient) -> list[tuple[str, dict]]:
    return [(m["name"], m["args"][0]) for m in client.get_received("/hall")]


@pytest.fixture
def two_halls(app, db):  # type: ignore[no-untyped-def]
    with db.write() as session:
        one = make_hall(session, code="one", queues={"A": [1, 2], "B": [3]})
        two = make_hall(session, code="two", queues={"A": [1]})
    return one, two


def called(hall, window: int, version: int, number: str = "A001") -> TicketCalled:  # type: ignore[no-untyped-def]
    return TicketCalled(
        hall_id=hall.hall_id, ticket_id=99, number=number, queue_id=hall.queues["A"],
        window_id=hall.windows[window], window_number=window, window_name=f"{window}号窗口",
        recall=False, recall_count=0, at=NOW, version=version,
    )


def test_a_screen_gets_the_snapshot_on_connect_and_on_request(app, two_halls) -> None:  # type: ignore[no-untyped-def]
    screen = connect(app, {"hall": "one"})
    assert screen.is_connected("/hall")
    [(name, body)] = received(screen)
    assert name == "snapshot"
    assert body["hall"]["code"] == "one"
    assert [q["prefix"] for q in body["queues"]] == ["A", "B"]
    screen.emit("snapshot", namespace="/hall")
    assert [name for name, _ in received(screen)] == ["snapshot"]


@pytest.mark.parametrize(
    "auth",
    [None, {}, {"hall": ""}, {"hall": 5}, {"hall": "nowhere"}, {"hall": "one", "window": 9},
     {"hall": "one", "window": "x"}, {"hall": "one", "window": True}, "one"],
)
def test_bad_connections_are_refused(app, two_halls, auth) -> None:  # type: ignore[no-untyped-def]
    screen = connect(app, auth)
    assert not screen.is_connected("/hall")


def test_other_events_get_an_error_ack_and_change_nothing(app, two_halls, client) -> None:  # type: ignore[no-untyped-def]
    screen = connect(app, {"hall": "one", "window": "1"})
    received(screen)
    answer = screen.emit("call-next", {"window": 1}, namespace="/hall", callback=True)
    assert answer["error"] == "read_only"
    assert received(screen) == []
    assert client.get("/api/v1/halls/one/snapshot").get_json()["version"] == 0


def test_events_reach_their_hall_only_and_a_window_screen_once(app, two_halls) -> None:  # type: ignore[no-untyped-def]
    one, two = two_halls
    lobby_one = connect(app, {"hall": "one"})
    window_two = connect(app, {"hall": "one", "window": 2})
    window_one = connect(app, {"hall": "one", "window": 1})
    lobby_two = connect(app, {"hall": "two"})
    for screen in (lobby_one, window_two, window_one, lobby_two):
        received(screen)
    with app.app_context():
        publish.events([
            called(one, 2, version=1),
            QueueChanged(hall_id=one.hall_id, version=2, at=NOW, waiting={one.queues["A"]: 0}),
            TicketFinished(hall_id=one.hall_id, ticket_id=99, number="A001", window_number=2,
                           outcome="done", at=NOW, version=3),
        ])
    names = ["ticket.called", "queue.changed", "ticket.finished"]
    assert [n for n, _ in received(lobby_one)] == names
    assert [n for n, _ in received(window_two)] == names  # in both rooms, yet once each
    assert [n for n, _ in received(window_one)] == names
    assert received(lobby_two) == []


def test_rooms_of_an_event(app, two_halls) -> None:  # type: ignore[no-untyped-def]
    one, _ = two_halls
    with app.app_context():
        assert publish.rooms_of(called(one, 2, 1)) == [f"hall:{one.hall_id}",
                                                       f"window:{one.windows[2]}"]
        finished = TicketFinished(hall_id=one.hall_id, ticket_id=1, number="B001",
                                  window_number=3, outcome="done", at=NOW, version=1)
        assert publish.rooms_of(finished) == [f"hall:{one.hall_id}", f"window:{one.windows[3]}"]
        queue = QueueChanged(hall_id=one.hall_id, version=2, at=NOW)
        assert publish.rooms_of(queue) == [f"hall:{one.hall_id}"]


def test_called_payload_carries_what_a_screen_shows(app, two_halls) -> None:  # type: ignore[no-untyped-def]
    one, _ = two_halls
    body = publish.payload(called(one, 2, version=7, number="A012"))
    assert body["number"] == "A012"
    assert body["window"] == 2 and body["window_name"] == "2号窗口"
    assert body["recall"] is False and body["version"] == 7
    assert body["at"] == "2026-11-25T02:00:00+00:00"


def test_http_snapshot_and_its_errors(client, two_halls) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/halls/one/snapshot")
    assert response.status_code == 200
    assert response.get_json()["hall"]["name"] == "one便民服务中心"
    missing = client.get("/api/v1/halls/nowhere/snapshot")
    assert missing.status_code == 404
    assert missing.get_json()["error"] == "unknown_hall"


def test_screen_pages_and_their_errors(client, two_halls) -> None:  # type: ignore[no-untyped-def]
    lobby = client.get("/display/one/lobby")
    assert lobby.status_code == 200
    assert "one便民服务中心" in lobby.get_data(as_text=True)
    assert client.get("/display/").status_code == 200  # the default hall (demo)
    window = client.get("/display/one/window/3")
    assert window.status_code == 200 and "3号窗口" in window.get_data(as_text=True)
    missing_window = client.get("/display/one/window/7", headers={"Accept": "text/html"})
    assert missing_window.status_code == 404
    assert "窗口" in missing_window.get_data(as_text=True)
    assert client.get("/display/nowhere/lobby").status_code == 404
