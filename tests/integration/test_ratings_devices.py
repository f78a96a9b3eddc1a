"""The rating tablet of a closed hall (not open mode): an enrolled device of kind rating,
of the window that finished the ticket; nothing else rates without the ticket's token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from bianmin.app import create_app
from bianmin.devices.service import add_device, enrol, revoke
from bianmin.queue.tickets import issue_ticket
from bianmin.settings import Settings
from bianmin.staff.service import add_staff
from tests.support.factories import SmallHall, make_hall

PASSWORD = "window-pass-1"


@pytest.fixture
def closed(settings: Settings, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(settings.replace(open_kiosks=False))
    yield app
    app.extensions["bianmin"].db.dispose()


@pytest.fixture
def town(closed: Flask) -> SmallHall:
    db = closed.extensions["bianmin"].db
    with db.write() as session:
        hall = make_hall(session, code="town", queues={"A": [1, 2]})
    add_staff(db, hall_code="town", username="town-1", password=PASSWORD, windows=[1, 2],
              hash_method="pbkdf2:sha256:1000")
    return hall


def tablet(app: Flask, name: str, kind: str = "rating", window: int | None = 1) -> str:
    db = app.extensions["bianmin"].db
    _, code = add_device(db, "town", name, kind, window=window)
    return enrol(db, code).token


def finished(app: Flask, hall: SmallHall, window: int = 1) -> int:
    db = app.extensions["bianmin"].db
    ticket_id = issue_ticket(db, hall_code="town", scenario_id=hall.scenarios["A"]).ticket_id
    staff = app.test_client()
    assert staff.post("/api/v1/session", json={"username": "town-1", "password": PASSWORD,
                                               "window": window}).status_code == 200
    assert staff.post(f"/api/v1/windows/{window}/call-next", json={}).status_code == 200
    assert staff.post(f"/api/v1/windows/{window}/finish", json={}).status_code == 200
    return ticket_id


def rate(app: Flask, ticket_id: int, token: str | None = None, **body):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Device {token}"} if token else {}
    return app.test_client().post(f"/api/v1/tickets/{ticket_id}/rating", headers=headers,
                                  json={"level": 5, **body})


def test_only_the_finishing_windows_rating_tablet_rates_without_a_token(closed: Flask, town: SmallHall) -> None:
    ticket_id = finished(closed, town, window=1)
    window_2 = tablet(closed, "rate-2", window=2)
    kiosk = tablet(closed, "kiosk-1", kind="kiosk", window=None)
    refused = rate(closed, ticket_id, window_2)
    assert refused.status_code == 403 and refused.get_json()["error"] == "not_this_window"
    not_a_tablet = rate(closed, ticket_id, kiosk)
    assert not_a_tablet.status_code == 403 and not_a_tablet.get_json()["error"] == "not_a_rating_tablet"
    # a closed hall does not take the open-mode "window" field
    by_window = rate(closed, ticket_id, window=1)
    assert by_window.status_code == 401 and by_window.get_json()["error"] == "ticket_token_required"
    window_1 = tablet(closed, "rate-1", window=1)
    done = rate(closed, ticket_id, window_1)
    assert done.status_code == 201 and done.get_json()["rating"]["channel"] == "tablet"
    assert rate(closed, ticket_id, window_1).get_json()["error"] == "already_rated"


def test_a_revoked_tablet_is_refused(closed: Flask, town: SmallHall) -> None:
    ticket_id = finished(closed, town, window=1)
    token = tablet(closed, "rate-1", window=1)
    revoke(closed.extensions["bianmin"].db, "town", "rate-1")
    refused = rate(closed, ticket_id, token)
    assert refused.status_code == 401 and refused.get_json()["error"] == "device_unknown"
    assert rate(closed, ticket_id, "made-up-token").status_code == 401


def test_another_halls_device_is_refused(closed: Flask, town: SmallHall) -> None:
    db = closed.extensions["bianmin"].db
    with db.write() as session:
        make_hall(session, code="other", queues={"A": [1]})
    _, code = add_device(db, "other", "rate-1", "rating", window=1)
    foreign = enrol(db, code).token
    ticket_id = finished(closed, town, window=1)
    refused = rate(closed, ticket_id, foreign)
    assert refused.status_code == 403 and refused.get_json()["error"] == "device_not_allowed"


def test_the_tablet_reads_who_is_on_duty_in_a_closed_hall(closed: Flask, town: SmallHall) -> None:
    token = tablet(closed, "rate-1", window=1)
    anonymous = closed.test_client().get("/api/v1/halls/town/windows/1/on-duty")
    assert anonymous.status_code == 401
    finished(closed, town, window=1)  # town-1 is signed in at window 1
    seen = closed.test_client().get("/api/v1/halls/town/windows/1/on-duty",
                                    headers={"Authorization": f"Device {token}"})
    assert seen.status_code == 200 and [s["name"] for s in seen.get_json()["staff"]] == ["town-1"]
