"""Kiosks and screens of a closed hall against a real ``bianmin serve`` (eventlet).

The hall is not the demo hall and ``open_kiosks`` is off, as in a hall on a shared LAN.
Two enrolled kiosks, each with a real listening TCP printer: a flooding kiosk is refused
past its limit while the other keeps issuing, every print job goes to the issuing kiosk's
own printer whatever the request says, and a screen connects only with its device token.
"""

from __future__ import annotations

import concurrent.futures
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import socketio

from bianmin.db import Database
from bianmin.devices.service import add_device
from tests.integration.test_printer_network import FakePrinter
from tests.support.factories import SmallHall
from tests.support.live import Screen, add_hall, database_in, server_env
from tests.support.server import RunningServer, start_server

pytestmark = pytest.mark.server

LIMIT = 6


@dataclass
class ClosedHall:
    server: RunningServer
    db: Database
    hall: SmallHall

    def enrol(self, name: str, kind: str = "kiosk", **options) -> str:  # type: ignore[no-untyped-def]
        _, code = add_device(self.db, self.hall.code, name, kind, **options)
        answer = requests.post(f"{self.server.url}/api/v1/devices/enrol", json={"code": code}, timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.json()["token"]

    def take(self, token: str | None, **body) -> requests.Response:  # type: ignore[no-untyped-def]
        headers = {"Authorization": f"Device {token}"} if token else {}
        return requests.post(
            f"{self.server.url}/api/v1/halls/{self.hall.code}/tickets", headers=headers, timeout=30,
            json={"scenario_id": self.hall.scenarios["A"], "request_id": uuid.uuid4().hex, **body})

    def wait_printed(self, ticket: dict) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            answer = requests.get(f"{self.server.url}/api/v1/tickets/{ticket['id']}",
                                  headers={"X-Ticket-Token": ticket["token"]}, timeout=30)
            status = answer.json()["print"]["status"]
            if status != "pending":
                assert status == "printed", answer.text
                return
            time.sleep(0.05)
        raise AssertionError(f"ticket {ticket['number']} did not print")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("closed")
    database_in(instance).dispose()
    running = start_server(instance, async_mode="eventlet", env=server_env(
        BIANMIN_OPEN_KIOSKS="0", BIANMIN_KIOSK_TICKET_LIMIT=f"{LIMIT} per minute"))
    yield running
    running.stop()


@pytest.fixture
def closed(server: RunningServer) -> Iterator[ClosedHall]:
    db = Database(f"sqlite:///{Path(server.log_path).parent / 'bianmin.sqlite3'}")
    yield ClosedHall(server, db, add_hall(db, f"h{uuid.uuid4().hex[:8]}"))
    db.dispose()


@pytest.fixture
def printers() -> Iterator[tuple[FakePrinter, FakePrinter]]:
    one, two = FakePrinter(), FakePrinter()
    yield one, two
    one.stop()
    two.stop()


def test_a_flooding_kiosk_is_refused_past_its_limit_while_another_keeps_working(closed: ClosedHall) -> None:
    flood, calm = closed.enrol("kiosk-1"), closed.enrol("kiosk-2")
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: closed.take(flood), range(4 * LIMIT)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] * LIMIT + [429] * (3 * LIMIT)
    refused = next(a for a in answers if a.status_code == 429)
    assert refused.json()["message"] == "取号太频繁，请稍后再试或联系工作人员。"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert all(closed.take(calm).status_code == 201 for _ in range(3))
    assert closed.take(None).status_code == 401  # and nobody else may issue at all


def test_a_request_cannot_pick_another_kiosks_printer(closed: ClosedHall, printers) -> None:  # type: ignore[no-untyped-def]
    mine, theirs = printers
    token = closed.enrol("kiosk-a", printer=mine.url)
    closed.enrol("kiosk-b", printer=theirs.url)
    for label in ("kiosk-b", "", "tcp://127.0.0.1:9"):
        answer = closed.take(token, kiosk=label)
        assert answer.status_code == 201, answer.text
        closed.wait_printed(answer.json())
    assert len(mine.connections) == 3
    assert all(data.count(b"\x1dV") >= 1 for data in mine.connections)  # cut: whole tickets
    assert theirs.connections == []


def test_a_closed_halls_screen_connects_with_its_device_token_only(closed: ClosedHall) -> None:
    refused = Screen(closed.server.url, hall=closed.hall.code)
    with pytest.raises(socketio.exceptions.ConnectionError):
        refused.connect()
    refused.wait_until(lambda s: s.refusal is not None)
    assert "device_required" in str(refused.refusal) and "注册" in str(refused.refusal)
    screen = Screen(closed.server.url, hall=closed.hall.code, window=1)
    assert screen.auth is not None
    screen.auth["device"] = closed.enrol("w1", "window", window=1)
    screen.connect()
    try:
        screen.wait_until(lambda s: s.view is not None)
        ticket = closed.take(closed.enrol("kiosk-1")).json()
        screen.wait_until(lambda s: s.view is not None and 1 in s.view.waiting.values())
        assert ticket["number"] == "A001"
    finally:
        screen.disconnect()
