"""Real-time test helpers: a hall on disk for a real server, staff over HTTP, screens.

``Screen`` is a python-socketio client that follows the hall the way the browser module
``static/live/hall-live.js`` does: it starts from the snapshot, applies events whose
version is the next one, and when a version is skipped it asks for a new snapshot. It can
also drop an event on purpose, to show that the version check repairs what was lost.
"""

from __future__ import annotations

import functools
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import socketio

from bianmin import migrate
from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.support.factories import SmallHall, make_hall

PASSWORD = "counter-pass"
# seconds a version gap may stay open before the screen asks for a snapshot (hall-live.js)
GAP_WAIT = 0.5
EVENT_NAMES = (
    "ticket.issued", "queue.changed", "ticket.called", "ticket.started", "ticket.finished",
    "ticket.no_show", "ticket.transferred", "window.paused", "window.resumed",
)


# windows 1 and 2 share queue A, window 3 serves B
QUEUES = {"A": [1, 2], "B": [3]}


def database_in(instance: Path) -> Database:
    """The instance's SQLite database, migrated (a server may be using it at the same time)."""
    instance.mkdir(parents=True, exist_ok=True)
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    migrate.upgrade(db)
    return db


def add_hall(db: Database, code: str, queues: dict[str, list[int]] | None = None) -> SmallHall:
    """A small hall (see factories.make_hall); staff are added when a test asks for them."""
    with db.write() as session:
        return make_hall(session, code=code, queues=queues or QUEUES)


def add_window_staff(db: Database, hall_code: str, window: int) -> str:
    """An account allowed at this one window (username ``<hall>-w<n>``); its username."""
    username = f"{hall_code}-w{window}"
    add_staff(db, hall_code=hall_code, username=username, password=PASSWORD, windows=[window])
    return username


def server_env(default_hall: str = "demo", **extra: str) -> dict[str, str]:
    """Environment of a test server: no demo hall unless asked, a fixed key, no printer,
    open mode (its small halls take tickets and show screens without enrolled devices).

    Every test client signs in from 127.0.0.1, so the per-address sign-in limit is raised
    (tests/integration/test_signin_*.py check the limits themselves).
    """
    return {"BIANMIN_LOAD_DEMO": "0", "BIANMIN_DEFAULT_HALL": default_hall,
            "BIANMIN_SECRET_KEY": "live-test-key", "BIANMIN_PRINTER": "none",
            "BIANMIN_OPEN_KIOSKS": "1", "BIANMIN_SIGNIN_LIMIT_ADDRESS": "600 per minute", **extra}


def take_ticket(base_url: str, hall: str, scenario_id: int) -> dict:
    response = requests.post(
        f"{base_url}/api/v1/halls/{hall}/tickets",
        json={"scenario_id": scenario_id, "request_id": uuid.uuid4().hex}, timeout=30,
    )
    assert response.status_code == 201, response.text
    return response.json()


def snapshot(base_url: str, hall: str) -> dict:
    response = requests.get(f"{base_url}/api/v1/halls/{hall}/snapshot", timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


class Staff:
    """A member of staff signed in at one window, acting through the HTTP API."""

    def __init__(self, base_url: str, username: str, window: int) -> None:
        self.username = username
        self.base_url = base_url
        self.window = window
        self.http = requests.Session()
        response = self.http.post(
            f"{base_url}/api/v1/session",
            json={"username": username, "password": PASSWORD, "window": window}, timeout=30,
        )
        assert response.status_code == 200, response.text

    def act(self, action: str, body: dict | None = None) -> requests.Response:
        return self.http.post(
            f"{self.base_url}/api/v1/windows/{self.window}/{action}", json=body or {}, timeout=30
        )

    def call_next(self) -> dict:
        response = self.act("call-next")
        assert response.status_code == 200, response.text
        return response.json()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)


@dataclass
class HallView:
    """What a screen shows, kept like hall-state.js keeps it."""

    version: int
    current: dict[int, dict] = field(default_factory=dict)  # window number → call
    waiting: dict[str, int] = field(default_factory=dict)
    paused: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, body: dict) -> HallView:
        return cls(
            version=body["version"],
            current={c["window"]: _shown(c, c["status"]) for c in body["current"]},
            waiting=dict(body["waiting"]),
            paused={p["window"] for p in body["paused"]},
        )

    def apply(self, name: str, data: dict) -> None:
        if name == "queue.changed":
            self.waiting.update(data["waiting"])
        elif name == "ticket.called":
            for window, call in list(self.current.items()):
                if call["ticket_id"] == data["ticket_id"]:
                    del self.current[window]
            self.current[data["window"]] = _shown(data, "called")
        elif name == "ticket.started":
            for call in self.current.values():
                if call["ticket_id"] == data["ticket_id"]:
                    call["status"] = "serving"
        elif name in ("ticket.finished", "ticket.no_show", "ticket.transferred"):
            self.current = {w: c for w, c in self.current.items()
                            if c["ticket_id"] != data["ticket_id"]}
        elif name == "window.paused":
            self.paused.add(data["window"])
        elif name == "window.resumed":
            self.paused.discard(data["window"])
        self.version = data["version"]

    def numbers(self) -> dict[int, str]:
        return {window: call["number"] for window, call in self.current.items()}


def _shown(call: dict, status: str) -> dict:
    """What a screen shows of a call at a window."""
    return {"ticket_id": call["ticket_id"], "number": call["number"], "status": status,
            "recall": call["recall"]}


class Screen:
    """A read-only screen on namespace /hall, following versions like the browser does."""

    def __init__(self, base_url: str, *, hall: str | None = None, window: int | None = None,
                 cookie: str | None = None, transport: str = "websocket") -> None:
        self.base_url = base_url
        self.auth: dict[str, Any] | None = None
        if hall is not None:
            self.auth = {"hall": hall}
            if window is not None:
                self.auth["window"] = window
        self.headers = {"Cookie": cookie} if cookie else {}
        self.transport = transport
        self.sio = socketio.Client(reconnection=False)
        self.changed = threading.Condition()
        self.view: HallView | None = None
        self.snapshots: list[dict] = []
        self.received: list[tuple[str, dict]] = []
        self.dropped: list[tuple[str, dict]] = []
        self.refusal: Any = None
        self.resyncs = 0
        self._asking = False
        self._gap_timer: threading.Timer | None = None
        self._drop_next: set[str] = set()
        self._pending: dict[int, tuple[str, dict]] = {}
        self.sio.on("snapshot", self._on_snapshot, namespace="/hall")
        self.sio.on("connect_error", self._on_refused, namespace="/hall")
        for name in EVENT_NAMES:
            self.sio.on(name, self._handler(name), namespace="/hall")

    # -- connection ------------------------------------------------------------------

    def connect(self) -> Screen:
        self.sio.connect(
            self.base_url, namespaces=["/hall"], auth=self.auth, headers=self.headers,
            transports=[self.transport], wait_timeout=15,
        )
        return self

    def disconnect(self) -> None:
        if not self.sio.connected:
            return
        ws = getattr(self.sio.eio, "ws", None)
        if ws is not None:
            # websocket-client's close() waits up to 3 s for a close frame that the engineio
            # read loop has already consumed; the server closes at once, so do not wait
            ws.close = functools.partial(ws.close, timeout=0.2)
        self.sio.disconnect()

    def drop_next(self, name: str) -> None:
        """Lose the next event of this name, as if the network had swallowed it."""
        self._drop_next.add(name)

    def emit_with_ack(self, event: str, data: Any = None, timeout: float = 10) -> Any:
        return self.sio.call(event, data, namespace="/hall", timeout=timeout)

    def wait_until(self, predicate: Callable[[Screen], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not predicate(self):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"screen did not reach the expected state in {timeout} s: "
                        f"view={self.view} received={[(n, d.get('version')) for n, d in self.received]}"
                    )
                self.changed.wait(remaining)

    def events_named(self, name: str) -> list[dict]:
        with self.changed:
            return [data for event, data in self.received if event == name]

    # -- the version rule ------------------------------------------------------------

    def _on_snapshot(self, body: dict) -> None:
        with self.changed:
            self.snapshots.append(body)
            self._asking = False
            self.view = HallView.of(body)
            self._drain()
            self.changed.notify_all()

    def _on_refused(self, data: Any = None) -> None:
        with self.changed:
            self.refusal = data
            self.changed.notify_all()

    def _handler(self, name: str) -> Callable[[dict], None]:
        def handle(data: dict) -> None:
            with self.changed:
                if name in self._drop_next:
                    self._drop_next.discard(name)
                    self.dropped.append((name, data))
                    return
                self.received.append((name, data))
                self._pending[data["version"]] = (name, data)
                if self.view is not None:
                    self._drain()
                self.changed.notify_all()
        return handle

    def _drain(self) -> None:
        assert self.view is not None
        while self.view.version + 1 in self._pending:
            name, data = self._pending.pop(self.view.version + 1)
            self.view.apply(name, data)
        for version in [v for v in self._pending if v <= self.view.version]:
            del self._pending[version]
        if self._pending and self._gap_timer is None and not self._asking:
            # a version was skipped: give a swapped pair a moment, as hall-live.js does
            self._gap_timer = threading.Timer(GAP_WAIT, self._gap_check)
            self._gap_timer.daemon = True
            self._gap_timer.start()

    def _gap_check(self) -> None:
        with self.changed:
            self._gap_timer = None
            if not self._pending or self._asking:
                return
            self._asking = True
            self.resyncs += 1
        if self.sio.connected:
            self.sio.emit("snapshot", namespace="/hall")


@dataclass
class LiveHall:
    """A hall of its own on a running server, for one test."""

    base_url: str
    hall: SmallHall
    db: Database
    screens: list[Screen] = field(default_factory=list)
    accounts: dict[int, str] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.hall.code

    def staff(self, window: int) -> Staff:
        """A member of staff signed in at ``window`` (the account is made on first use)."""
        if window not in self.accounts:
            self.accounts[window] = add_window_staff(self.db, self.code, window)
        return Staff(self.base_url, self.accounts[window], window)

    def screen(self, window: int | None = None, **options: Any) -> Screen:
        screen = Screen(self.base_url, hall=self.code, window=window, **options).connect()
        self.screens.append(screen)
        screen.wait_until(lambda s: s.view is not None)
        return screen

    def take(self, prefix: str) -> dict:
        return take_ticket(self.base_url, self.code, self.hall.scenarios[prefix])

    def snapshot(self) -> dict:
        return snapshot(self.base_url, self.code)

    def close(self) -> None:
        for screen in self.screens:
            screen.disconnect()
