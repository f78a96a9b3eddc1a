"""A manager's window change reaches screens over a real server: `catalog.changed` on the
hall's Socket.IO room, a new snapshot without the retired window, and the waiting count of
visitors moved to another queue (real `bianmin serve`, python-socketio, both halls' own)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.support.live import PASSWORD, LiveHall, add_hall, database_in, server_env
from tests.support.server import RunningServer, start_server

pytestmark = pytest.mark.server
FAST = "pbkdf2:sha256:1000"


def quick_staff(live: LiveHall, window: int) -> str:
    username = f"{live.code}-w{window}"
    add_staff(live.db, hall_code=live.code, username=username, password=PASSWORD, windows=[window],
              hash_method=FAST)
    return username


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[RunningServer]:  # type: ignore[no-untyped-def]
    instance = tmp_path_factory.mktemp("admin-catalog-server")
    database_in(instance).dispose()
    running = start_server(instance, async_mode="eventlet", env=server_env())
    yield running
    running.stop()


@pytest.fixture
def live(server: RunningServer) -> Iterator[LiveHall]:
    db = Database(f"sqlite:///{Path(server.log_path).parent / 'bianmin.sqlite3'}")
    view = LiveHall(server.url, add_hall(db, f"h{uuid.uuid4().hex[:8]}", {"A": [1, 2], "B": [3]}), db)
    yield view
    view.close()
    db.dispose()


def test_retiring_a_window_tells_screens_and_moves_the_waiting(live: LiveHall) -> None:
    add_staff(live.db, hall_code=live.code, username=f"{live.code}-boss", password=PASSWORD,
              role="manager", hash_method=FAST)
    boss = requests.Session()
    assert boss.post(f"{live.base_url}/api/v1/session", json={
        "username": f"{live.code}-boss", "password": PASSWORD}, timeout=30).status_code == 200
    screen = live.screen()
    changed: list[dict] = []
    arrived = threading.Event()

    def on_changed(data: dict) -> None:
        changed.append(data)
        arrived.set()

    screen.sio.on("catalog.changed", on_changed, namespace="/hall")
    live.take("B")
    live.take("B")
    path = f"{live.base_url}/api/v1/halls/{live.code}/windows/3"
    asked = boss.patch(path, json={"active": False}, timeout=10)
    assert asked.status_code == 409 and asked.json()["details"]["waiting"] == 2
    assert not arrived.wait(0.5)  # nothing was written, nothing told
    done = boss.patch(path, json={"active": False, "waiting": "move_to", "move_to": "A"}, timeout=10)
    assert done.status_code == 200, done.json()
    assert arrived.wait(5) and changed[0]["catalog_version"] > 0
    snapshot = live.snapshot()
    queue_a = next(str(q["id"]) for q in snapshot["queues"] if q["prefix"] == "A")
    # the moved visitors' count arrives in the version stream
    screen.wait_until(lambda s: s.view.waiting.get(queue_a) == 2)
    assert [w["number"] for w in snapshot["windows"]] == [1, 2]
    assert {q["prefix"]: q["waiting"] for q in snapshot["queues"]} == {"A": 2, "B": 0}
    assert {q["prefix"]: q["windows"] for q in snapshot["queues"]} == {"A": [1, 2], "B": []}
    # the counter: window 3 is no longer offered
    refused = requests.post(f"{live.base_url}/api/v1/session", json={
        "username": quick_staff(live, 3), "password": PASSWORD, "window": 3}, timeout=30)
    assert refused.status_code == 404 and refused.json()["error"] == "unknown_window"
    assert requests.post(f"{live.base_url}/api/v1/session", json={
        "username": quick_staff(live, 1), "password": PASSWORD, "window": 1}, timeout=30).ok
