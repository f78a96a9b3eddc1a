"""Enrolment over HTTP and what a device token opens on a hall not in open mode.

The halls ``one`` and ``two`` are closed (``open_kiosks`` off, not the demo hall): tickets
need an enrolled kiosk of the hall or its staff, the snapshot and the screens a device of
the hall, and a ticket is read only with its token, by its hall's staff or by its kiosk.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bianmin.app import create_app
from bianmin.devices.service import add_device, enrol, revoke
from bianmin.queue.models import Ticket
from bianmin.realtime import socketio_of
from bianmin.settings import Settings
from bianmin.staff.service import add_staff
from tests.integration.test_api_tickets import scenario_id
from tests.support.factories import SmallHall, make_hall

PASSWORD = "guide-desk-1"


@pytest.fixture
def closed(settings: Settings, tmp_path: Path) -> Flask:  # type: ignore[misc]
    app = create_app(settings.replace(
        open_kiosks=False, kiosk_ticket_limit="3 per minute", enrol_limit_address="5 per minute",
        enrol_limit_failures="4 per hour", printer=f"preview://{tmp_path / 'default'}",
    ))
    yield app
    app.extensions["bianmin"].db.dispose()


@pytest.fixture
def halls(closed: Flask) -> dict[str, SmallHall]:
    with closed.extensions["bianmin"].db.write() as session:
        return {code: make_hall(session, code=code) for code in ("one", "two")}


def device(app: Flask, hall: str, name: str, kind: str = "kiosk", **options) -> str:  # type: ignore[no-untyped-def]
    """An enrolled device's token."""
    db = app.extensions["bianmin"].db
    _, code = add_device(db, hall, name, kind, **options)
    return enrol(db, code).token


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Device {token}"}


def take(client: FlaskClient, hall: SmallHall, token: str | None = None, **body):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/halls/{hall.code}/tickets", headers=auth(token) if token else {},
                       json={"scenario_id": hall.scenarios["A"], **body})


def signed_in(app: Flask, hall: str, username: str) -> FlaskClient:
    add_staff(app.extensions["bianmin"].db, hall_code=hall, username=username, password=PASSWORD,
              windows=[1], hash_method="pbkdf2:sha256:1000")
    client = app.test_client()
    answer = client.post("/api/v1/session", json={"username": username, "password": PASSWORD, "window": 1})
    assert answer.status_code == 200, answer.get_json()
    return client


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# -- enrolment ---------------------------------------------------------------------------


def test_enrolment_gives_a_token_once_and_the_device_knows_itself(closed, halls) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    _, code = add_device(closed.extensions["bianmin"].db, "one", "w2", "window", window=2)
    answer = client.post("/api/v1/devices/enrol", json={"code": code})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["device"] == {"id": body["device"]["id"], "name": "w2", "kind": "window",
                              "hall": "one", "window": 2, "page": "/display/one/window/2",
                              "message": ""}
    again = client.post("/api/v1/devices/enrol", json={"code": code})
    assert again.status_code == 401 and again.get_json()["error"] == "bad_enrol_code"
    me = client.get("/api/v1/devices/me", headers=auth(body["token"]))
    assert me.status_code == 200 and me.get_json()["name"] == "w2"
    assert client.get("/api/v1/devices/me").get_json()["error"] == "device_required"
    assert client.get("/api/v1/devices/me", headers=auth("x" * 43)).get_json()["error"] == "device_unknown"


def test_a_rating_tablet_enrols_and_is_sent_to_its_windows_rating_page(closed, halls) -> None:  # type: ignore[no-untyped-def]
    _, code = add_device(closed.extensions["bianmin"].db, "one", "rate-1", "rating", window=1)
    client = closed.test_client()
    body = client.post("/api/v1/devices/enrol", json={"code": code}).get_json()
    assert body["device"]["page"] == "/rate/one/1" and body["device"]["message"] == ""
    page = client.get(body["device"]["page"])
    assert page.status_code == 200 and "1号窗口" in page.get_data(as_text=True)


@pytest.mark.parametrize("body", [{}, {"code": 12345678}, {"code": ""}, {"code": "1" * 41}, [1]])
def test_malformed_enrolments_get_400(closed, halls, body) -> None:  # type: ignore[no-untyped-def]
    answer = closed.test_client().post("/api/v1/devices/enrol", json=body)
    assert answer.status_code == 400 and chinese(answer.get_json()["message"])


def test_guessing_codes_is_limited_per_address_with_a_chinese_429(closed, halls) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    guesser = {"REMOTE_ADDR": "192.0.2.7"}
    statuses = [client.post("/api/v1/devices/enrol", json={"code": f"{n:08d}"},
                            environ_base=guesser).status_code for n in range(7)]
    assert statuses[:4] == [401] * 4 and statuses[5:] == [429, 429]
    refused = client.post("/api/v1/devices/enrol", json={"code": "00000000"}, environ_base=guesser)
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.get_json()["error"] == "too_many_attempts" and chinese(refused.get_json()["message"])


def test_failures_from_many_addresses_stop_enrolment_for_a_while(closed, halls) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    for n in range(4):  # enrol_limit_failures: 4 per hour, from four addresses
        client.post("/api/v1/devices/enrol", json={"code": f"{n:08d}"},
                    environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"})
    _, code = add_device(closed.extensions["bianmin"].db, "one", "kiosk-1", "kiosk")
    late = client.post("/api/v1/devices/enrol", json={"code": code},
                       environ_base={"REMOTE_ADDR": "192.0.2.99"})
    assert late.status_code == 429 and "Retry-After" in late.headers


# -- issuing -----------------------------------------------------------------------------


def test_a_closed_hall_refuses_tickets_without_an_enrolled_kiosk(closed, halls) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    answer = take(client, halls["one"])
    assert answer.status_code == 401 and answer.get_json()["error"] == "device_required"
    assert chinese(answer.get_json()["message"])
    assert take(client, halls["one"], "not-a-real-token-at-all-0123456789").status_code == 401


def test_a_revoked_kiosk_is_refused_at_once(closed, halls) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    token = device(closed, "one", "kiosk-1")
    assert take(client, halls["one"], token).status_code == 201
    revoke(closed.extensions["bianmin"].db, "one", "kiosk-1")
    refused = take(client, halls["one"], token)
    assert refused.status_code == 401 and refused.get_json()["error"] == "device_unknown"


def test_another_halls_kiosk_and_a_screen_get_403(closed, halls) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    other = take(client, halls["one"], device(closed, "two", "kiosk-1"))
    assert other.status_code == 403 and other.get_json()["error"] == "device_not_allowed"
    screen = take(client, halls["one"], device(closed, "one", "lobby", "lobby"))
    assert screen.status_code == 403 and screen.get_json()["error"] == "not_a_kiosk"


def test_a_kiosk_past_its_limit_gets_429_while_another_kiosk_keeps_working(closed, halls) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    busy, calm = device(closed, "one", "kiosk-1"), device(closed, "one", "kiosk-2")
    assert [take(client, halls["one"], busy).status_code for _ in range(3)] == [201] * 3
    refused = take(client, halls["one"], busy)
    assert refused.status_code == 429
    assert refused.get_json()["error"] == "too_many_tickets"
    assert refused.get_json()["message"] == "取号太频繁，请稍后再试或联系工作人员。"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert take(client, halls["one"], calm).status_code == 201


def test_the_guide_desk_issues_without_a_device_and_without_the_limit(closed, halls) -> None:  # type: ignore[no-untyped-def]
    desk = signed_in(closed, "one", "guide")
    assert [take(desk, halls["one"]).status_code for _ in range(5)] == [201] * 5
    stranger = signed_in(closed, "two", "elsewhere")
    assert take(stranger, halls["one"]).status_code == 403


def test_a_kiosk_without_a_printer_of_its_own_uses_the_default_and_names_the_ticket(closed, halls, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    token = device(closed, "one", "kiosk-1")
    device(closed, "one", "kiosk-2", printer=f"preview://{tmp_path / 'k2'}")
    body = take(client, halls["one"], token, kiosk="kiosk-2").get_json()
    wait_printed(client, body)
    assert pngs(tmp_path / "default") == 1 and pngs(tmp_path / "k2") == 0
    with closed.extensions["bianmin"].db.read() as session:
        assert session.get(Ticket, body["id"]).kiosk == "kiosk-1"


def test_a_ticket_prints_on_its_kiosks_printer_and_staff_reprint_where_they_choose(closed, halls, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    one = device(closed, "one", "kiosk-1", printer=f"preview://{tmp_path / 'k1'}")
    device(closed, "one", "kiosk-2", printer=f"preview://{tmp_path / 'k2'}")
    body = take(client, halls["one"], one, kiosk="kiosk-2").get_json()
    wait_printed(client, body)
    assert pngs(tmp_path / "k1") == 1 and pngs(tmp_path / "k2") == 0
    staff = signed_in(closed, "one", "guide")
    assert staff.post(f"/api/v1/tickets/{body['id']}/reprint", json={}).status_code == 200
    assert pngs(tmp_path / "k1") == 2
    assert staff.post(f"/api/v1/tickets/{body['id']}/reprint", json={"kiosk": "kiosk-2"}).status_code == 200
    assert pngs(tmp_path / "k2") == 1
    unknown = staff.post(f"/api/v1/tickets/{body['id']}/reprint", json={"kiosk": "nowhere"})
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "unknown_kiosk"


def wait_printed(client: FlaskClient, ticket: dict) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        status = client.get(f"/api/v1/tickets/{ticket['id']}",
                            headers={"X-Ticket-Token": ticket["token"]}).get_json()["print"]["status"]
        if status != "pending":
            assert status == "printed"
            return
        time.sleep(0.05)
    raise AssertionError("the ticket did not print")


def pngs(folder: Path) -> int:
    return len(list(folder.glob("*.png"))) if folder.exists() else 0


def test_open_mode_keeps_the_label_and_needs_no_device(closed, halls, db) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    answer = client.post("/api/v1/halls/demo/tickets",
                         json={"scenario_id": scenario_id(db, "出生登记"), "kiosk": "入口1"})
    assert answer.status_code == 201
    with db.read() as session:
        assert session.get(Ticket, answer.get_json()["id"]).kiosk == "入口1"


# -- privacy -----------------------------------------------------------------------------


def test_a_ticket_is_read_only_with_its_token_its_halls_staff_or_its_kiosk(closed, halls) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    kiosk = device(closed, "one", "kiosk-1")
    ticket = take(client, halls["one"], kiosk).get_json()
    assert ticket["token"] and ticket["status_url"].endswith(f"/t/{ticket['token']}")
    path = f"/api/v1/tickets/{ticket['id']}"
    anonymous = client.get(path)
    assert anonymous.status_code == 401 and anonymous.get_json()["error"] == "ticket_token_required"
    assert "scenario" not in anonymous.get_json() and "status_url" not in anonymous.get_json()
    assert client.get("/api/v1/tickets/999999").status_code == 401  # existence is not told
    assert client.get(path, headers={"X-Ticket-Token": ticket["token"]}).get_json()["number"] == ticket["number"]
    assert client.get(f"{path}?token={ticket['token']}").status_code == 200
    other_id = int(ticket["token"].split("-")[0]) + 1
    assert client.get(f"/api/v1/tickets/{other_id}", headers={"X-Ticket-Token": ticket["token"]}).status_code == 404
    assert client.get(path, headers={"X-Ticket-Token": f"{ticket['id']}-000000000000"}).status_code == 404
    assert client.get(path, headers=auth(kiosk)).status_code == 200
    assert client.get(path, headers=auth(device(closed, "one", "kiosk-2"))).status_code == 401
    assert signed_in(closed, "one", "guide").get(path).status_code == 200
    assert signed_in(closed, "two", "elsewhere").get(path).status_code == 404


# -- watching a closed hall ----------------------------------------------------------------


def test_a_closed_halls_snapshot_needs_a_device_of_the_hall_or_its_staff(closed, halls) -> None:  # type: ignore[no-untyped-def]
    client = closed.test_client()
    path = "/api/v1/halls/one/snapshot"
    assert client.get(path).status_code == 401
    assert client.get(path, headers=auth(device(closed, "one", "lobby", "lobby"))).status_code == 200
    assert client.get(path, headers=auth(device(closed, "two", "lobby", "lobby"))).status_code == 403
    assert signed_in(closed, "one", "guide").get(path).status_code == 200
    assert client.get("/api/v1/halls/demo/snapshot").status_code == 200  # open mode


def test_a_closed_halls_screens_connect_only_with_a_device_of_the_hall(closed, halls) -> None:  # type: ignore[no-untyped-def]
    def connects(auth_body: object) -> bool:
        screen = socketio_of(closed).test_client(closed, namespace="/hall", auth=auth_body)
        return screen.is_connected("/hall")

    lobby = device(closed, "one", "lobby", "lobby")
    assert not connects({"hall": "one"})
    assert connects({"hall": "one", "device": lobby})
    assert connects({"hall": "one", "window": 1, "device": lobby})
    assert not connects({"hall": "one", "device": device(closed, "two", "lobby", "lobby")})
    assert not connects({"hall": "one", "device": 12345})
    assert not connects({"hall": "one", "device": "x" * 43})
    revoke(closed.extensions["bianmin"].db, "one", "lobby")
    assert not connects({"hall": "one", "device": lobby})
    assert connects({"hall": "demo"})


def test_the_retired_kiosk_printers_setting_still_loads_but_picks_no_printer(settings, db, caplog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level("WARNING"):
        app = create_app(settings.replace(kiosk_printers="入口1=tcp://127.0.0.1:9",
                                          printer=f"preview://{tmp_path / 'default'}"))
    assert "kiosk_printers" in caplog.text
    client = app.test_client()
    body = client.post("/api/v1/halls/demo/tickets",
                       json={"scenario_id": scenario_id(db, "出生登记"), "kiosk": "入口1"}).get_json()
    wait_printed(client, body)
    assert pngs(tmp_path / "default") == 1
    app.extensions["bianmin"].db.dispose()
