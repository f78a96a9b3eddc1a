"""A real `bianmin serve` under a thousand concurrent ticket requests, and a failing printer."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.request import Request, urlopen

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.integration.test_printer_network import FakePrinter
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


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_print(server_url: str, ticket: dict, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        body = get(f"{server_url}/api/v1/tickets/{ticket['id']}?token={ticket['token']}")
        if body["print"]["status"] != "pending" or time.monotonic() > deadline:
            return body["print"]
        time.sleep(0.05)


def add_staff(instance, db_url: str | None = None) -> None:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIANMIN_")}
    if db_url:
        env["BIANMIN_DATABASE_URL"] = db_url
    subprocess.run(
        [sys.executable, "-m", "bianmin", "staff", "add", "li", "--password", "pw-123456",
         "--hall", "demo", "--windows", "1", "--instance", str(instance)],
        check=True, env=env, capture_output=True,
    )


@pytest.mark.serial
@pytest.mark.parametrize("printer", ["closed", "silent"])
def test_failing_printer_never_delays_the_ticket_and_staff_reprint_it(instance, demo_sqlite, printer) -> None:  # type: ignore[no-untyped-def]
    dead = FakePrinter(reads=False) if printer == "silent" else None
    port = dead.port if dead else closed_port()
    add_staff(instance)
    server = start_server(instance, async_mode="eventlet",
                          env={"BIANMIN_PRINTER": f"tcp://127.0.0.1:{port}"})
    revived = None
    try:
        scenario = get(f"{server.url}/api/v1/halls/demo/catalog")["scenarios"][0]
        started = time.monotonic()
        status, ticket = post(f"{server.url}/api/v1/halls/demo/tickets", {"scenario_id": scenario["id"]})
        issued_after = time.monotonic() - started
        outcome = wait_for_print(server.url, ticket, 3.0)
        failed_after = time.monotonic() - started

        # the printer is switched back on; staff at a window reprint the ticket
        if dead:
            dead.stop()
        revived = FakePrinter(port=port)
        staff = requests.Session()
        signed = staff.post(f"{server.url}/api/v1/session",
                            json={"username": "li", "password": "pw-123456", "window": 1})
        assert signed.status_code == 200, signed.text
        reprinted = staff.post(f"{server.url}/api/v1/tickets/{ticket['id']}/reprint", json={})
        anonymous = requests.post(f"{server.url}/api/v1/tickets/{ticket['id']}/reprint", json={})
    finally:
        server.stop()
        if revived:
            revived.stop()
    assert status == 201 and ticket["number"]
    assert issued_after < 1.0
    assert outcome["status"] in {"offline", "timeout"}
    assert "请拍照或扫码保存" in outcome["message"]
    assert failed_after < 3.0
    assert reprinted.status_code == 200, reprinted.text
    body = reprinted.json()
    assert body["print"]["status"] == "printed" and body["print"]["attempt"] == 2
    assert [h["status"] for h in body["history"]] == [outcome["status"], "printed"]
    assert scenario["name"].encode("gb18030") in revived.data
    assert anonymous.status_code == 401
