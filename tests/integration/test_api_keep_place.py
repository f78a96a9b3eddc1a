"""The HTTP side of keeping the visitor's place on the demo hall (in-process client):
挂起 and 回叫, 选叫, 过号重排 at the counter and at the kiosk, the hall's limits."""

from __future__ import annotations

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator

from bianmin.staff.service import add_staff
from tests.integration.test_api_counter import FAST, PASSWORD, post, sign_in, staff, take  # noqa: F401


def problems(spec: dict, name: str, body: object) -> list[str]:
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    return [f"{list(e.path)}: {e.message}" for e in Draft202012Validator(schema).iter_errors(body)]


def test_hold_and_call_back_over_http(client: FlaskClient, db, staff) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    spec = client.get("/api/v1/openapi.json").get_json()
    first, _ = take(db), take(db)
    assert sign_in(client).status_code == 200
    assert post(client, 1, "hold").get_json()["error"] == "no_current_ticket"
    post(client, 1, "call-next")
    held = post(client, 1, "hold")
    assert held.status_code == 200 and problems(spec, "CounterTicket", held.get_json()) == []
    assert held.get_json()["status"] == "held" and held.get_json()["status_label"] == "挂起中"
    today = client.get("/api/v1/windows/1").get_json()
    assert problems(spec, "WindowToday", today) == []
    assert today["current"] is None and [t["id"] for t in today["held"]] == [first]
    assert today["keep_place"] == {"hold_minutes": 30, "requeue_ahead": 3, "requeue_minutes": 30}
    post(client, 1, "call-next")
    busy = post(client, 1, "call-back", {"ticket": first})
    assert busy.status_code == 409 and busy.get_json()["error"] == "window_busy"
    assert "挂起" in busy.get_json()["message"]
    post(client, 1, "finish")
    assert post(client, 1, "call-back", {"ticket": "x"}).status_code == 400
    back = post(client, 1, "call-back", {"ticket": first})
    assert back.status_code == 200 and back.get_json()["status"] == "called"
    post(client, 1, "finish")
    again = post(client, 1, "call-back", {"ticket": first})
    assert again.status_code == 409 and again.get_json()["error"] == "not_held"
    assert "已办结" in again.get_json()["message"]


def test_pick_over_http(client: FlaskClient, db, staff) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    take(db)
    mine, other = take(db), take(db, "B")
    assert sign_in(client).status_code == 200
    refused = post(client, 1, "pick", {"ticket": other})
    assert refused.status_code == 409 and refused.get_json()["error"] == "not_callable"
    assert "不在本窗口服务的队列" in refused.get_json()["message"]
    assert post(client, 1, "pick", {}).status_code == 400
    assert post(client, 1, "pick", {"ticket": 10**8}).status_code == 404
    picked = post(client, 1, "pick", {"ticket": mine})
    assert picked.status_code == 200 and picked.get_json()["id"] == mine
    trail = client.get("/api/v1/windows/1").get_json()
    assert trail["current"]["id"] == mine


def test_requeue_at_the_counter_and_at_the_kiosk(client: FlaskClient, db, staff) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    issued = client.post("/api/v1/halls/demo/tickets", json={"scenario_id": _scenario_a(client)})
    assert issued.status_code == 201, issued.get_json()
    ticket = issued.get_json()
    for _ in range(4):
        take(db)
    assert sign_in(client).status_code == 200
    early = client.post("/api/v1/halls/demo/requeue", json={"code": ticket["status_url"]})
    assert early.status_code == 409 and early.get_json()["error"] == "not_no_show"
    assert "不是过号的号" in early.get_json()["message"]
    post(client, 1, "call-next")
    missed = post(client, 1, "no-show").get_json()
    assert missed["number"] == ticket["number"]
    unknown = post(client, 1, "requeue", {"number": "Z999"})
    assert unknown.status_code == 404 and "今天没有 Z999 号" in unknown.get_json()["message"]
    assert post(client, 1, "requeue", {"number": "号码"}).status_code == 400
    # the visitor scans the ticket at the kiosk (the demo hall is in open mode)
    client.delete("/api/v1/session")
    assert client.post("/api/v1/halls/demo/requeue", json={"code": "hello"}).status_code == 404
    forged = client.post("/api/v1/halls/demo/requeue", json={"code": f"{ticket['id']}-000000000000"})
    assert forged.status_code == 404
    done = client.post("/api/v1/halls/demo/requeue", json={"code": ticket["status_url"]})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "waiting" and done.get_json()["ahead"] == 3
    twice = client.post("/api/v1/halls/demo/requeue", json={"code": ticket["token"]})
    assert twice.status_code == 409 and twice.get_json()["error"] == "already_requeued"
    assert "只能重排一次" in twice.get_json()["message"]
    assert sign_in(client).status_code == 200
    at_counter = post(client, 1, "requeue", {"number": ticket["number"].lower()})
    assert at_counter.status_code == 409 and at_counter.get_json()["error"] == "already_requeued"
    page = client.get(ticket["status_url"].split("localhost", 1)[-1])
    assert "前面还有 3 人" in page.get_data(as_text=True)


def test_the_hall_limits_are_hall_settings(client: FlaskClient, db) -> None:  # type: ignore[no-untyped-def]
    add_staff(db, hall_code="demo", username="boss", password=PASSWORD, display_name="王主任",
              hash_method=FAST, role="manager")
    assert sign_in(client, "boss", None).status_code == 200
    bad = client.patch("/api/v1/halls/demo", json={"hold_minutes": 0, "requeue_ahead": 51})
    assert bad.status_code == 400
    fields = {f["field"]: f["problem"] for f in bad.get_json()["details"]["fields"]}
    assert fields == {"hold_minutes": "挂起时限须是 1 到 240 之间的整数。",
                      "requeue_ahead": "过号重排位置须是 0 到 50 之间的整数。"}
    assert client.patch("/api/v1/halls/demo", json={"hold_minutes": "10"}).status_code == 400
    changed = client.patch("/api/v1/halls/demo", json={"hold_minutes": 10, "requeue_ahead": 5,
                                                       "requeue_minutes": 45})
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert (body["hold_minutes"], body["requeue_ahead"], body["requeue_minutes"]) == (10, 5, 45)
    assert client.get("/api/v1/halls/demo").get_json()["requeue_minutes"] == 45


def _scenario_a(client: FlaskClient) -> int:
    from tests.integration.test_api_counter import scenario_of

    return scenario_of(client.application.extensions["bianmin"].db, "A")
