"""The snapshot route is in /api/v1/openapi.json and answers as it says."""

from __future__ import annotations

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from bianmin.queue import calling
from bianmin.queue.snapshot import RECENT_CALLS
from bianmin.queue.tickets import issue_ticket
from tests.support.factories import make_hall


def problems(spec: dict, name: str, body: object) -> list[str]:
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return [f"{list(e.path)}: {e.message}" for e in Draft202012Validator(schema).iter_errors(body)]


def test_the_snapshot_route_is_documented(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/halls/{hall}/snapshot"]["get"]
    assert operation["operationId"] == "getHallSnapshot"
    assert operation["tags"] == ["snapshot"]
    assert {p for p, ops in spec["paths"].items()
            if any(op["tags"] == ["snapshot"] for op in ops.values())} == {"/halls/{hall}/snapshot"}


def test_snapshot_answers_match_the_schema(client: FlaskClient, db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as session:
        hall = make_hall(session, code="doc", queues={"A": [1, 2], "B": [3]})
    for _ in range(RECENT_CALLS):
        issue_ticket(db, hall_code="doc", scenario_id=hall.scenarios["A"])
    calling.call_next(db, hall.hall_id, 1, None)
    calling.recall(db, hall.hall_id, 1, None)
    calling.call_next(db, hall.hall_id, 2, None)
    calling.start(db, hall.hall_id, 2, None)
    calling.pause(db, hall.hall_id, 3, None)
    spec = client.get("/api/v1/openapi.json").get_json()
    body = client.get("/api/v1/halls/doc/snapshot").get_json()
    assert problems(spec, "HallSnapshot", body) == []
    assert len(body["current"]) == 2 and body["paused"][0]["window"] == 3
    assert problems(spec, "HallSnapshot", {**body, "version": "7"}) != []
    missing = client.get("/api/v1/halls/nowhere/snapshot").get_json()
    assert problems(spec, "Error", missing) == []
