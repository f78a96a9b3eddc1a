"""The ticket routes are in /api/v1/openapi.json, and answer as it says."""

from __future__ import annotations

import time

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from bianmin.catalog.models import Scenario
from bianmin.staff.service import add_staff
from tests.integration.test_api_counter_openapi import problems, routes


def test_every_ticket_route_is_documented(app: Flask, client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m, op in ops.items()
                  if op["tags"] == ["tickets"]}
    assert documented == routes(app, "bianmin.api.tickets")
    assert len(documented) == 5


def test_ticket_answers_match_their_schemas(client: FlaskClient, db) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/api/v1/openapi.json").get_json()
    with db.read() as session:
        scenario = session.scalar(select(Scenario.id).where(Scenario.name == "出生登记"))
    taken = client.post("/api/v1/halls/demo/tickets",
                        json={"scenario_id": scenario, "request_id": "oa-1", "kiosk": "lobby"})
    assert taken.status_code == 201
    assert problems(spec, "Ticket", taken.get_json()) == []
    again = client.post("/api/v1/halls/demo/tickets", json={"scenario_id": scenario, "request_id": "oa-1"})
    assert again.status_code == 200 and problems(spec, "Ticket", again.get_json()) == []
    ticket_id = taken.get_json()["id"]
    mine = {"X-Ticket-Token": taken.get_json()["token"]}
    deadline = time.monotonic() + 10
    while client.get(f"/api/v1/tickets/{ticket_id}", headers=mine).get_json()["print"]["status"] == "pending":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert problems(spec, "Ticket", client.get(f"/api/v1/tickets/{ticket_id}", headers=mine).get_json()) == []
    assert problems(spec, "Error", client.get("/api/v1/tickets/999999").get_json()) == []

    add_staff(db, hall_code="demo", username="wang", password="chuangkou-2", windows=[24],
              hash_method="pbkdf2:sha256:1000")
    client.post("/api/v1/session", json={"username": "wang", "password": "chuangkou-2", "window": 24})
    reprinted = client.post(f"/api/v1/tickets/{ticket_id}/reprint", json={})
    assert reprinted.status_code == 200
    assert problems(spec, "Reprint", reprinted.get_json()) == []
    assert [h["attempt"] for h in reprinted.get_json()["history"]] == [1, 2]
    history = client.get(f"/api/v1/tickets/{ticket_id}/print-jobs").get_json()
    assert problems(spec, "PrintHistory", history) == []
