"""好差评 on a real server: one rating per ticket under concurrent submissions (SQLite and
PostgreSQL), and the live messages the tablet, the counter and the managers receive."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import delete, func, select

from bianmin import migrate
from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.ratings.models import Rating
from bianmin.staff.models import Staff as StaffRow
from bianmin.staff.service import add_staff
from tests.support.live import PASSWORD, LiveHall, Screen, add_hall, database_in, server_env
from tests.support.server import RunningServer, start_server

pytestmark = pytest.mark.server


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory, postgres_url) -> Iterator[tuple[RunningServer, Database]]:  # type: ignore[no-untyped-def]
    """A real server (eventlet) and the database it uses."""
    instance = tmp_path_factory.mktemp(f"ratings-{request.param}")
    if request.param == "sqlite":
        db = database_in(instance)
        env = server_env()
    else:
        db = Database(postgres_url)
        migrate.upgrade(db)
        env = server_env(BIANMIN_DATABASE_URL=postgres_url, BIANMIN_AUTO_MIGRATE="0")
    running = start_server(instance, env=env)
    yield running, db
    running.stop()
    db.dispose()


@pytest.fixture
def live(served) -> Iterator[LiveHall]:  # type: ignore[no-untyped-def]
    server, db = served
    hall = LiveHall(server.url, add_hall(db, f"r{uuid.uuid4().hex[:8]}"), db)
    yield hall
    hall.close()
    with db.write() as session:
        session.execute(delete(StaffRow).where(StaffRow.hall_id == hall.hall.hall_id))
        session.execute(delete(Hall).where(Hall.id == hall.hall.hall_id))


def finish_one(live: LiveHall, window: int = 1) -> dict:
    ticket = live.take("A")
    staff = live.staff(window)
    staff.call_next()
    assert staff.act("finish", {"outcome": "done"}).status_code == 200
    return ticket


def submit_at_once(url: str, bodies: list[dict]) -> list[requests.Response]:
    """POST every body from its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(bodies))
    answers: list[requests.Response] = []
    lock = threading.Lock()

    def submit(body: dict) -> None:
        barrier.wait()
        response = requests.post(url, json=body, timeout=30)
        with lock:
            answers.append(response)

    threads = [threading.Thread(target=submit, args=(b,)) for b in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def test_tablet_and_phone_at_once_make_one_rating(live: LiveHall) -> None:
    for _ in range(4):
        ticket = finish_one(live)
        url = f"{live.base_url}/api/v1/tickets/{ticket['id']}/rating"
        bodies = [{"level": 5, "token": ticket["token"]}, {"level": 4, "window": 1}] * 4
        answers = submit_at_once(url, bodies)
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [201] + [409] * (len(bodies) - 1), [a.text for a in answers]
        assert {a.json()["error"] for a in answers if a.status_code == 409} == {"already_rated"}
        with live.db.read() as session:
            assert session.scalar(select(func.count(Rating.id))
                                  .where(Rating.ticket_id == ticket["id"])) == 1


def manager_screen(live: LiveHall, events: list[tuple[str, dict]]) -> Screen:
    """A manager signed in without a window, connected with the session cookie only."""
    username = f"{live.code}-boss"
    add_staff(live.db, hall_code=live.code, username=username, password=PASSWORD, role="manager")
    http = requests.Session()
    assert http.post(f"{live.base_url}/api/v1/session",
                     json={"username": username, "password": PASSWORD}, timeout=30).status_code == 200
    cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
    screen = Screen(live.base_url, cookie=cookie)
    listen(screen, events)
    live.screens.append(screen.connect())
    screen.wait_until(lambda s: s.view is not None)
    return screen


def listen(screen: Screen, events: list[tuple[str, dict]]) -> None:
    for name in ("ticket.rated", "follow_up.changed", "window.on_duty"):
        def handle(data: dict, name: str = name) -> None:
            with screen.changed:
                events.append((name, data))
                screen.changed.notify_all()
        screen.sio.on(name, handle, namespace="/hall")


def test_the_tablet_wakes_and_the_managers_see_a_bad_rating_at_once(live: LiveHall) -> None:
    manager_events: list[tuple[str, dict]] = []
    tablet_events: list[tuple[str, dict]] = []
    lobby_events: list[tuple[str, dict]] = []
    manager = manager_screen(live, manager_events)
    tablet = Screen(live.base_url, hall=live.code, window=1)
    listen(tablet, tablet_events)
    live.screens.append(tablet.connect())
    lobby = Screen(live.base_url, hall=live.code)
    listen(lobby, lobby_events)
    live.screens.append(lobby.connect())
    ticket = finish_one(live)
    tablet.wait_until(lambda s: bool(s.events_named("ticket.finished")))
    woke = tablet.events_named("ticket.finished")[0]
    assert (woke["ticket_id"], woke["code"], woke["scenario"]) == (ticket["id"], "A001", "测试事项A")
    answer = requests.post(f"{live.base_url}/api/v1/tickets/{ticket['id']}/rating",
                           json={"level": 2, "reasons": ["attitude"], "remark": "态度不好",
                                 "window": 1}, timeout=30)
    assert answer.status_code == 201, answer.text
    manager.wait_until(lambda s: len(manager_events) == 2)
    rated = dict(manager_events)["ticket.rated"]
    assert (rated["ticket_id"], rated["level"], rated["bad"], rated["window"]) == (ticket["id"], 2, True, 1)
    assert dict(manager_events)["follow_up.changed"]["state"] == "open"
    # the staff member's sign-in at window 1 told the tablet to ask who is on duty
    assert [d["window"] for n, d in tablet_events if n == "window.on_duty"] == [1]
    tablet.wait_until(lambda s: any(n == "ticket.rated" for n, _ in tablet_events))
    rated_here = [d for n, d in tablet_events if n == "ticket.rated"]
    assert rated_here[0]["satisfaction"] == {"count": 1, "satisfied": 0, "share": 0.0}
    # the lobby screen is in the hall's room only: no ratings reach it
    ticket2 = finish_one(live)
    requests.post(f"{live.base_url}/api/v1/tickets/{ticket2['id']}/rating",
                  json={"level": 5, "token": ticket2["token"]}, timeout=30)
    tablet.wait_until(lambda s: sum(n == "ticket.rated" for n, _ in tablet_events) == 2)
    rated_here = [d for n, d in tablet_events if n == "ticket.rated"]
    assert rated_here[1]["satisfaction"] == {"count": 2, "satisfied": 1, "share": 0.5}
    assert lobby_events == []
    assert not [n for n, _ in manager_events if n == "window.on_duty"]
