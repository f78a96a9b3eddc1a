"""Several server processes joined by Redis (the county deployment): PostgreSQL + Redis.

A call made through process A reaches a screen connected to process B, under eventlet and
under threading. And when Redis is down, tickets and calls still work; screens connecting
still get their snapshot (it is sent to the local client, not through the queue).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bianmin.db import Database
from tests.support.live import LiveHall, Screen, add_hall, server_env
from tests.support.server import RunningServer, free_port, start_server

pytestmark = [pytest.mark.server, pytest.mark.postgres]


def county_env(database_url: str, queue: str) -> dict[str, str]:
    return server_env(
        BIANMIN_DATABASE_URL=database_url, BIANMIN_AUTO_MIGRATE="0", BIANMIN_MESSAGE_QUEUE=queue,
    )


@pytest.fixture(scope="module", params=["eventlet", "threading"])
def two_servers(request, postgres_demo: str, tmp_path_factory) -> Iterator[tuple[RunningServer, RunningServer]]:  # type: ignore[no-untyped-def]
    # a channel of its own: Redis pub/sub channels are shared by every database number
    queue = f"redis://127.0.0.1:6379/0?channel=bianmin-test-{uuid.uuid4().hex}"
    servers = []
    try:
        for name in ("a", "b"):
            instance = tmp_path_factory.mktemp(f"county-{request.param}-{name}")
            servers.append(start_server(instance, async_mode=request.param,
                                        env=county_env(postgres_demo, queue)))
        yield servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def county_hall(postgres_demo: str) -> Iterator[tuple[Database, object]]:
    db = Database(postgres_demo)
    hall = add_hall(db, f"r{uuid.uuid4().hex[:8]}")
    yield db, hall
    db.dispose()


def test_a_call_on_one_process_reaches_a_screen_on_the_other(two_servers, county_hall) -> None:  # type: ignore[no-untyped-def]
    a, b = two_servers
    db, hall = county_hall
    on_a, on_b = LiveHall(a.url, hall, db), LiveHall(b.url, hall, db)
    try:
        screen_b = on_b.screen()
        screen_a = on_a.screen(window=3)
        ticket = on_b.take("B")  # issued through B
        called = on_a.staff(3).call_next()  # called through A
        assert called["number"] == ticket["number"]
        version = on_a.snapshot()["version"]
        for screen in (screen_a, screen_b):
            screen.wait_until(lambda s: s.view is not None and s.view.version == version)
            assert screen.view.numbers() == {3: ticket["number"]}
            assert [n for n, _ in screen.received] == [
                "ticket.issued", "queue.changed", "ticket.called", "queue.changed"]
            assert screen.resyncs == 0
        from_a, from_b = on_a.snapshot(), on_b.snapshot()
        assert {**from_a, "at": None} == {**from_b, "at": None}
    finally:
        on_a.close()
        on_b.close()


def test_with_redis_down_tickets_and_calls_still_work(postgres_demo, county_hall, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, hall = county_hall
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    server = start_server(tmp_path / "instance", async_mode="threading",
                          env=county_env(postgres_demo, closed))
    live = LiveHall(server.url, hall, db)
    try:
        screen = live.screen()
        assert screen.snapshots[0]["version"] == 0
        ticket = live.take("A")
        called = live.staff(1).call_next()
        assert called["number"] == ticket["number"]
        assert live.snapshot()["current"][0]["number"] == ticket["number"]
        # no event could travel, but a screen that connects now starts from the truth
        late = Screen(server.url, hall=live.code).connect()
        live.screens.append(late)
        late.wait_until(lambda s: s.view is not None)
        assert late.view.numbers() == {1: ticket["number"]}
        assert "Cannot publish to redis" in server.log() or "could not publish" in server.log()
    finally:
        live.close()
        server.stop()
