"""A real `bianmin serve` under a thousand concurrent ticket requests, and a failing printer."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.request import Request, urlopen

import pytest
from sqlalchemy import create_engine, text

from tests.support.server import start_server

pytestmark = pytest.mark.server

REQUESTS = 1000
THREADS = 24


def post(url: str, body: dict) -> tuple[int, dict]:
    request = Request(url, data=json.dumps(body).encode(), method="POST",
                      headers={"Content-Type": "application/json"})
    with urlopen(request, timeout=60) as response:
        return response.status, json.loads(response.read())


def get(url: str) -> dict:
    with urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def fire(server_url: str) -> list[dict]:
    scenarios = [s["id"] for s in get(f"{server_url}/api/v1/halls/demo/catalog")["scenarios"]]
    # a few scenarios per queue so that several queues fill at once
    targets = scenarios[::7]

    def take(i: int) -> dict:
        status, body = post(f"{server_url}/api/v1/halls/demo/tickets",
                            {"scenario_id": targets[i % len(targets)], "request_id": uuid.uuid4().hex})
        assert status == 201, body
        return body

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(take, range(REQUESTS)))


def assert_consecutive(tickets: list[dict], db_url: str) -> None:
    by_queue: dict[str, list[int]] = {}
    for ticket in tickets:
        by_queue.setdefault(ticket["queue"]["prefix"], []).append(int(ticket["number"][1:]))
    assert len(by_queue) > 5
    for prefix, numbers in by_queue.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), prefix
    engine = create_engine(db_url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*), count(DISTINCT code) FROM ticket")).one()
    engine.dispose()
    assert tuple(stored) == (REQUESTS, REQUESTS)


def test_thousand_concurrent_tickets_on_sqlite_under_eventlet(instance, demo_sqlite) -> None:  # type: ignore[no-untyped-def]
    server = start_server(instance, async_mode="eventlet", env={"BIANMIN_PRINTER": "none"})
    try:
        tickets = fire(server.url)
    finally:
        server.stop()
    assert_consecutive(tickets, f"sqlite:///{demo_sqlite}")


def test_thousand_concurrent_tickets_on_postgresql_under_threading(instance, pg_db) -> None:  # type: ignore[no-untyped-def]
    server = start_server(instance, async_mode="threading",
                          env={"BIANMIN_PRINTER": "none", "BIANMIN_DATABASE_URL": pg_db.url})
    try:
        tickets = fire(server.url)
    finally:
        server.stop()
    assert_consecutive(tickets, pg_db.url)


class SilentPrinter:
    """A TCP listener that accepts connections and never reads or answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
            self.accepted.append(conn)

    def close(self) -> None:
        for conn in self.accepted:
            conn.close()
        self.sock.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_print(server_url: str, ticket_id: int, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        body = get(f"{server_url}/api/v1/tickets/{ticket_id}")
        if body["print"]["status"] != "pending" or time.monotonic() > deadline:
            return body["print"]
        time.sleep(0.05)


@pytest.mark.parametrize("printer", ["closed", "silent"])
def test_failing_printer_never_delays_the_ticket(instance, demo_sqlite, printer) -> None:  # type: ignore[no-untyped-def]
    silent = SilentPrinter() if printer == "silent" else None
    port = silent.port if silent else closed_port()
    server = start_server(instance, async_mode="eventlet",
                          env={"BIANMIN_PRINTER": f"tcp://127.0.0.1:{port}"})
    try:
        scenario = get(f"{server.url}/api/v1/halls/demo/catalog")["scenarios"][0]["id"]
        started = time.monotonic()
        status, ticket = post(f"{server.url}/api/v1/halls/demo/tickets", {"scenario_id": scenario})
        issued_after = time.monotonic() - started
        outcome = wait_for_print(server.url, ticket["id"], 3.0)
        failed_after = time.monotonic() - started
    finally:
        server.stop()
        if silent:
            silent.close()
    assert status == 201 and ticket["number"]
    assert issued_after < 1.0
    assert outcome["status"] in {"offline", "timeout", "error"}
    assert "请拍照或扫码保存" in outcome["message"]
    assert failed_after < 3.0
