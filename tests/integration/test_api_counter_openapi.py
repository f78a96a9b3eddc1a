"""The session and counter routes are in /api/v1/openapi.json, and answer as it says."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from sqlalchemy import select

from bianmin.catalog.models import Scenario, WindowGroup
from bianmin.queue.models import Priority
from bianmin.queue.tickets import issue_ticket
from bianmin.staff.service import add_staff


@pytest.fixture
def spec(client: FlaskClient) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


def problems(spec: dict, name: str, body: object) -> list[str]:
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return [f"{list(e.path)}: {e.message}" for e in Draft202012Validator(schema).iter_errors(body)]


def routes(app: Flask, *modules: str) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if app.view_functions[rule.endpoint].__module__ in modules:
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            found.update((m, path) for m in rule.methods - {"HEAD", "OPTIONS"})
    return found


def test_every_session_and_counter_route_is_documented(app: Flask, spec: dict) -> None:
    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m, op in ops.items()
                  if op["tags"][0] in ("session", "counter")}
    assert documented == routes(app, "bianmin.api.session", "bianmin.api.counter")
    assert len(documented) == 17  # + hold, call-back, pick, requeue (docs/counter.md)


def test_counter_answers_match_their_schemas(client: FlaskClient, db, spec: dict) -> None:  # type: ignore[no-untyped-def]
    add_staff(db, hall_code="demo", username="zhang", password="chuangkou-1", windows=[1],
              hash_method="pbkdf2:sha256:1000")
    with db.read() as session:
        scenario = session.scalars(select(Scenario.id).join(WindowGroup).where(WindowGroup.prefix == "A")).first()
    issue_ticket(db, hall_code="demo", scenario_id=scenario)
    issue_ticket(db, hall_code="demo", scenario_id=scenario, priority=Priority.GREEN)
    signed = client.post("/api/v1/session", json={"username": "zhang", "password": "chuangkou-1", "window": 1})
    assert problems(spec, "StaffSession", signed.get_json()) == []
    assert problems(spec, "WindowToday", client.get("/api/v1/windows/1").get_json()) == []
    called = client.post("/api/v1/windows/1/call-next", json={}).get_json()
    assert problems(spec, "CounterTicket", called) == []
    assert problems(spec, "WindowToday", client.get("/api/v1/windows/1").get_json()) == []
    moved = client.post("/api/v1/windows/1/transfer", json={"queue": "B"}).get_json()
    assert problems(spec, "CounterTicket", moved) == []
    paused = client.post("/api/v1/windows/1/pause", json={}).get_json()
    assert problems(spec, "CounterWindow", paused) == []
    refused = client.post("/api/v1/windows/1/call-next", json={}).get_json()
    assert problems(spec, "Error", refused) == []


def test_a_wrong_shape_is_caught_by_the_schema(spec: dict) -> None:
    assert problems(spec, "CounterWindow", {"number": "1", "name": "x", "paused": False,
                                             "paused_at": None, "paused_by": None})
