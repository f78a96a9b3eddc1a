"""远程刷新 and 在线 against real ``bianmin serve`` processes (eventlet and threading).

A closed hall; real Socket.IO clients connect as enrolled screens with their device
tokens. A manager's reload reaches that device's connection only; a screen that stays
connected stays 在线 (its process notes the contact every third of
``device_online_seconds``), and goes 离线 once it has disconnected; revoking tells the
open page to reload, and its next connection is refused ``device_unknown``.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import socketio

from bianmin.db import Database
from bianmin.devices.service import add_device
from bianmin.staff.service import add_staff
from tests.integration.test_api_counter import FAST, PASSWORD
from tests.support.live import add_hall, database_in, server_env
from tests.support.server import RunningServer, start_server

pytestmark = pytest.mark.server

ONLINE_SECONDS = 3


@pytest.fixture(scope="module", params=["eventlet", "threading"])
def server(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:  # type: ignore[no-untyped-def]
    instance = tmp_path_factory.mktemp(f"presence-{request.param}")
    database_in(instance).dispose()
    running = start_server(instance, async_mode=request.param, env=server_env(
        BIANMIN_OPEN_KIOSKS="0", BIANMIN_DEVICE_ONLINE_SECONDS=str(ONLINE_SECONDS)))
    yield running
    running.stop()


class Device:
    """An enrolled screen: its token and a Socket.IO connection that records reloads."""

    def __init__(self, base_url: str, hall: str, token: str) -> None:
        self.base_url, self.hall, self.token = base_url, hall, token
        self.reloads: list[dict] = []
        self.got = threading.Event()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("device.reload", self._on_reload, namespace="/hall")

    def _on_reload(self, data: dict) -> None:
        self.reloads.append(data)
        self.got.set()

    def connect(self) -> Device:
        self.sio.connect(self.base_url, namespaces=["/hall"], transports=["websocket"],
                         auth={"hall": self.hall, "device": self.token}, wait_timeout=15)
        return self

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()


class Hall:
    def __init__(self, server: RunningServer) -> None:
        self.server = server
        self.db = Database(f"sqlite:///{Path(server.log_path).parent / 'bianmin.sqlite3'}")
        self.code = f"h{uuid.uuid4().hex[:8]}"
        add_hall(self.db, self.code)
        add_staff(self.db, hall_code=self.code, username=f"{self.code}-boss", password=PASSWORD,
                  hash_method=FAST, role="manager")
        self.manager = requests.Session()
        answer = self.manager.post(f"{server.url}/api/v1/session", timeout=30, json={
            "username": f"{self.code}-boss", "password": PASSWORD})
        assert answer.status_code == 200, answer.text

    def enrol(self, name: str, kind: str = "lobby", **options) -> tuple[int, str]:  # type: ignore[no-untyped-def]
        info, code = add_device(self.db, self.code, name, kind, **options)
        answer = requests.post(f"{self.server.url}/api/v1/devices/enrol", json={"code": code}, timeout=30)
        assert answer.status_code == 200, answer.text
        return info.id, answer.json()["token"]

    def post(self, path: str) -> requests.Response:
        return self.manager.post(f"{self.server.url}/api/v1/halls/{self.code}/devices{path}",
                                 json={}, timeout=30)

    def status(self, name: str) -> str:
        answer = self.manager.get(f"{self.server.url}/api/v1/halls/{self.code}/devices", timeout=30)
        return next(d["status"] for d in answer.json()["devices"] if d["name"] == name)


@pytest.fixture
def hall(server: RunningServer) -> Iterator[Hall]:
    made = Hall(server)
    yield made
    made.db.dispose()


def test_a_reload_reaches_that_device_only(hall: Hall) -> None:
    lobby_id, lobby_token = hall.enrol("lobby-1")
    _, other_token = hall.enrol("win-1", "window", window=1)
    lobby = Device(hall.server.url, hall.code, lobby_token).connect()
    other = Device(hall.server.url, hall.code, other_token).connect()
    try:
        answer = hall.post(f"/{lobby_id}/reload")
        assert answer.status_code == 200, answer.text
        assert answer.json()["connected_here"] is True
        assert lobby.got.wait(5), "the lobby was not told to reload"
        assert lobby.reloads == [{"device_id": lobby_id, "reason": "manager"}]
        time.sleep(0.5)
        assert other.reloads == []
    finally:
        lobby.close()
        other.close()


def test_a_connected_screen_stays_online_and_goes_offline_when_gone(hall: Hall) -> None:
    _, token = hall.enrol("lobby-1")
    screen = Device(hall.server.url, hall.code, token).connect()
    try:
        # enrolment and the connect are contacts; only the process's presence notes keep it
        # 在线 past ONLINE_SECONDS
        time.sleep(ONLINE_SECONDS + 1.5)
        assert hall.status("lobby-1") == "online"
    finally:
        screen.close()
    deadline = time.monotonic() + ONLINE_SECONDS + 5
    while hall.status("lobby-1") == "online" and time.monotonic() < deadline:
        time.sleep(0.25)
    assert hall.status("lobby-1") == "offline"


def test_revoking_reloads_the_page_and_its_next_connection_is_refused(hall: Hall) -> None:
    device_id, token = hall.enrol("lobby-1")
    screen = Device(hall.server.url, hall.code, token).connect()
    try:
        assert hall.post(f"/{device_id}/revoke").status_code == 200
        assert screen.got.wait(5)
        assert screen.reloads[-1]["reason"] == "revoked"
    finally:
        screen.close()
    again = Device(hall.server.url, hall.code, token)
    refusal: list = []
    again.sio.on("connect_error", lambda data: refusal.append(data), namespace="/hall")
    with pytest.raises(socketio.exceptions.ConnectionError):
        again.connect()
    deadline = time.monotonic() + 5
    while not refusal and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "device_unknown" in str(refusal) and "注册已失效" in str(refusal)
    assert hall.status("lobby-1") == "revoked"
