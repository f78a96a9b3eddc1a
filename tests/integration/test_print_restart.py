"""A print job left pending by a stopped or killed server is failed at once, for reprint."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from bianmin.app import create_app
from bianmin.catalog.models import Hall, Scenario, utcnow
from bianmin.db import Database
from bianmin.printer.models import PrintJob, PrintStatus, PrintWorker
from bianmin.printer.workers import INTERRUPTED
from bianmin.queue.tickets import issue_ticket
from bianmin.web.printing import FAILED
from tests.integration.test_printer_network import FakePrinter
from tests.support.live import server_env
from tests.support.server import start_server


def test_restart_fails_jobs_left_pending(app, db, settings) -> None:  # type: ignore[no-untyped-def]
    with db.read() as session:
        scenario_id = session.scalar(select(Scenario.id).limit(1))
    ticket_id = issue_ticket(db, hall_code="demo", scenario_id=scenario_id).ticket_id
    with db.write() as session:
        old = PrintJob(ticket_id=ticket_id, device="tcp://127.0.0.1:9100", status=PrintStatus.PENDING,
                       created_at=utcnow() - timedelta(minutes=5))
        fresh = PrintJob(ticket_id=ticket_id, device="tcp://127.0.0.1:9100", status=PrintStatus.PENDING,
                         attempt=2)
        session.add_all([old, fresh])
        session.flush()
        old_id, fresh_id = old.id, fresh.id

    restarted = create_app(settings)
    restarted.extensions["bianmin"].db.dispose()

    with db.read() as session:
        old, fresh = session.get(PrintJob, old_id), session.get(PrintJob, fresh_id)
        assert old.status == PrintStatus.ERROR and "请补打" in old.error
        assert old.finished_at is not None
        # a job of a few seconds ago may belong to another live process: left alone
        assert fresh.status == PrintStatus.PENDING


# --- the issue's scenario: real servers, a hung printer, kill -9 --------------------------

TICKETS = 80
HUNG_ENV = {"BIANMIN_PRINTER_TIMEOUT": "30", "BIANMIN_PRINT_HEARTBEAT_SECONDS": "0.5",
            "BIANMIN_OPEN_KIOSKS": "true"}


# each issued ticket's token, to read it again as its visitor does (X-Ticket-Token)
TOKENS: dict[int, str] = {}


def read_ticket(base_url: str, ticket_id: int) -> dict:
    return requests.get(f"{base_url}/api/v1/tickets/{ticket_id}",
                        headers={"X-Ticket-Token": TOKENS[ticket_id]}, timeout=30).json()


def take_tickets(base_url: str, scenario_id: int, count: int) -> list[int]:
    def take(_: int) -> int:
        response = requests.post(
            f"{base_url}/api/v1/halls/demo/tickets",
            json={"scenario_id": scenario_id, "request_id": uuid.uuid4().hex}, timeout=60,
        )
        assert response.status_code == 201, response.text
        TOKENS[response.json()["id"]] = response.json()["token"]
        return response.json()["id"]

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(take, range(count)))


def print_states(db: Database, ticket_ids: list[int]) -> Counter:
    with db.read() as session:
        jobs = session.scalars(select(PrintJob).where(PrintJob.ticket_id.in_(ticket_ids))).all()
    return Counter((PrintStatus(j.status).value, j.error) for j in jobs)


def wait_for(predicate, timeout: float) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not predicate():
        assert time.monotonic() - started < timeout, f"not within {timeout} s"
        time.sleep(0.1)
    return time.monotonic() - started


@pytest.mark.serial
@pytest.mark.server
@pytest.mark.parametrize("async_mode", ["eventlet", "threading"])
def test_killed_during_a_printer_hang_and_restarted_every_job_fails_at_once(
    async_mode: str, instance: Path, demo_sqlite: Path
) -> None:
    hung = FakePrinter(reads=False)
    env = server_env(BIANMIN_PRINTER=hung.url, **HUNG_ENV)
    db = Database(f"sqlite:///{demo_sqlite}")
    try:
        with db.read() as session:
            scenario_id = session.scalar(select(Scenario.id).limit(1))
        server = start_server(instance, async_mode=async_mode, env=env)
        tickets = take_tickets(server.url, scenario_id, TICKETS)
        assert print_states(db, tickets) == Counter({("pending", ""): TICKETS})
        server.process.kill()  # kill -9: no clean stop, no chance to record anything
        server.process.wait(10)
        restarted_at = time.monotonic()
        again = start_server(instance, async_mode=async_mode, env=server_env(**HUNG_ENV))
        try:
            assert time.monotonic() - restarted_at < 30
            # failed by the restarted server before it answered its first request
            assert print_states(db, tickets) == Counter({("error", INTERRUPTED): TICKETS})
            body = read_ticket(again.url, tickets[-1])
            assert body["print"]["status"] == "error"
            assert body["print"]["message"] == FAILED
            assert body["print"]["error"] == INTERRUPTED
        finally:
            again.stop()
        # the clean stop removed its worker row; the killed process's row went at the restart
        with db.read() as session:
            assert session.scalars(select(PrintWorker)).all() == []
    finally:
        hung.stop()
        db.dispose()


@pytest.mark.serial
@pytest.mark.server
@pytest.mark.postgres
def test_on_postgresql_a_live_process_keeps_its_jobs_and_a_killed_ones_fail_within_seconds(
    pg_db: Database, postgres_demo: str, tmp_path: Path
) -> None:
    hung = FakePrinter(reads=False)
    common = {"BIANMIN_DATABASE_URL": postgres_demo, "BIANMIN_AUTO_MIGRATE": "0", **HUNG_ENV}
    with pg_db.read() as session:
        scenario_id = session.scalar(
            select(Scenario.id).join(Hall, Hall.id == Scenario.hall_id).where(Hall.code == "demo")
            .limit(1)
        )
    printing = start_server(tmp_path / "a", env=server_env(BIANMIN_PRINTER=hung.url, **common))
    other = start_server(tmp_path / "b", async_mode="threading", env=server_env(**common))
    try:
        tickets = take_tickets(printing.url, scenario_id, 20)
        time.sleep(2.0)  # four of the other process's beats: it must leave them alone
        assert print_states(pg_db, tickets) == Counter({("pending", ""): 20})
        printing.process.kill()
        printing.process.wait(10)
        took = wait_for(lambda: print_states(pg_db, tickets) == Counter({("error", INTERRUPTED): 20}),
                        timeout=10)
        assert took < 5, took
        body = read_ticket(other.url, tickets[0])
        assert body["print"]["message"] == FAILED
    finally:
        printing.stop()
        other.stop()
        hung.stop()
