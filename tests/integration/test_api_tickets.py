"""POST /api/v1/halls/<hall>/tickets and GET /api/v1/tickets/<id> on the demo hall."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from bianmin.app import create_app
from bianmin.catalog.models import Hall, Scenario
from bianmin.printer.models import PrintJob


def scenario_id(db, name: str) -> int:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.scalar(
            select(Scenario.id).join(Hall, Hall.id == Scenario.hall_id)
            .where(Scenario.name == name, Hall.code == "demo")
        )


@pytest.fixture
def no_printer_client(settings):  # type: ignore[no-untyped-def]
    app = create_app(settings.replace(printer="none"))
    yield app.test_client()
    app.extensions["bianmin"].db.dispose()


def test_take_ticket_returns_number_window_and_checklist(no_printer_client, db) -> None:  # type: ignore[no-untyped-def]
    sid = scenario_id(db, "出生登记")
    response = no_printer_client.post("/api/v1/halls/demo/tickets",
                                      json={"scenario_id": sid, "request_id": "k1-1"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["number"].endswith("001") and len(body["number"]) == 4
    assert body["windows"] == [24]
    assert body["ahead"] == 0
    assert body["status"] == "waiting"
    assert body["scenario"] == {"id": sid, "name": "出生登记"}
    assert body["materials"][0].startswith("落户申请表")
    assert body["print"]["status"] == "none"
    assert body["status_url"].startswith("http://localhost/t/")


def test_second_ticket_in_the_queue_has_one_ahead(no_printer_client, db) -> None:  # type: ignore[no-untyped-def]
    sid = scenario_id(db, "出生登记")
    first = no_printer_client.post("/api/v1/halls/demo/tickets", json={"scenario_id": sid}).get_json()
    second = no_printer_client.post("/api/v1/halls/demo/tickets", json={"scenario_id": sid}).get_json()
    assert int(second["number"][1:]) == int(first["number"][1:]) + 1
    assert second["ahead"] == 1
    again = no_printer_client.get(f"/api/v1/tickets/{second['id']}",
                                  headers={"X-Ticket-Token": second["token"]})
    assert again.get_json()["ahead"] == 1


def test_retried_request_returns_the_same_ticket_with_200(no_printer_client, db) -> None:  # type: ignore[no-untyped-def]
    sid = scenario_id(db, "暖气缴费")
    first = no_printer_client.post("/api/v1/halls/demo/tickets", json={"scenario_id": sid, "request_id": "same"})
    again = no_printer_client.post("/api/v1/halls/demo/tickets", json={"scenario_id": sid, "request_id": "same"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json()["id"] == again.get_json()["id"]
    assert first.get_json()["number"] == again.get_json()["number"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"scenario_id": "abc"}, 400, "invalid_scenario_id"),
        ({}, 400, "invalid_scenario_id"),
        ({"scenario_id": 1, "priority": "vip"}, 400, "invalid_priority"),
        ({"scenario_id": 1, "request_id": ""}, 400, "invalid_request_id"),
        ({"scenario_id": 1, "request_id": "x" * 101}, 400, "invalid_request_id"),
        ({"scenario_id": 999999}, 404, "unknown_scenario"),
    ],
)
def test_bad_requests_get_a_chinese_reason(no_printer_client, body, status, code) -> None:  # type: ignore[no-untyped-def]
    response = no_printer_client.post("/api/v1/halls/demo/tickets", json=body)
    assert response.status_code == status
    payload = response.get_json()
    assert payload["error"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in payload["message"])


def test_not_json_and_unknown_hall_are_4xx(no_printer_client) -> None:  # type: ignore[no-untyped-def]
    response = no_printer_client.post("/api/v1/halls/demo/tickets", data="scenario_id=1",
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.get_json()["error"] == "unsupported_media_type"
    response = no_printer_client.post("/api/v1/halls/nowhere/tickets", json={"scenario_id": 1})
    assert response.status_code == 404
    assert response.get_json()["error"] == "unknown_hall"
    assert no_printer_client.get("/api/v1/tickets/987654").status_code == 401


def test_status_page_behind_the_qr_code(no_printer_client, db) -> None:  # type: ignore[no-untyped-def]
    body = no_printer_client.post("/api/v1/halls/demo/tickets",
                                  json={"scenario_id": scenario_id(db, "出生登记")}).get_json()
    path = body["status_url"].removeprefix("http://localhost")
    page = no_printer_client.get(path).get_data(as_text=True)
    assert body["number"] in page and "24号窗口" in page and "前面还有 0 人" in page
    svg = no_printer_client.get(body["qr_svg_url"])
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    forged = path.rsplit("-", 1)[0] + "-000000000000"
    assert no_printer_client.get(forged).status_code == 404


def test_ticket_is_printed_to_the_preview_folder(client, db, settings) -> None:  # type: ignore[no-untyped-def]
    body = client.post("/api/v1/halls/demo/tickets",
                       json={"scenario_id": scenario_id(db, "暖气缴费")}).get_json()
    assert body["print"]["status"] in {"pending", "printed"}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        status = client.get(f"/api/v1/tickets/{body['id']}?token={body['token']}").get_json()["print"]["status"]
        if status != "pending":
            break
        time.sleep(0.05)
    assert status == "printed"
    assert list((settings.instance / "prints").glob("*.png"))
    with db.read() as session:
        job = session.scalar(select(PrintJob).where(PrintJob.ticket_id == body["id"]))
    assert job.status == "printed" and job.finished_at is not None
