"""GET /api/v1/halls/<hall>/dashboard on the demo hall: managers only, and what it answers."""

from __future__ import annotations

from flask.testing import FlaskClient

from bianmin.app import create_app
from bianmin.catalog.halls import create_hall
from tests.integration.test_api_counter import PASSWORD, post, sign_in, take
from tests.integration.test_ratings_api import finished_ticket, people, rate, token_of  # noqa: F401

URL = "/api/v1/halls/demo/dashboard"


def test_anonymous_401_staff_403(app, client: FlaskClient, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    anonymous = client.get(URL)
    assert anonymous.status_code == 401 and anonymous.get_json()["message"]
    assert sign_in(client, "zhang", 1).status_code == 200
    staff = client.get(URL)
    assert staff.status_code == 403 and staff.get_json()["message"], staff.get_json()


def test_another_halls_dashboard_is_403(app, client, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    with db.write() as session:
        create_hall(session, "north", "北区便民服务中心")
    assert sign_in(client, "boss", None).status_code == 200
    other = client.get("/api/v1/halls/north/dashboard")
    assert other.status_code == 403 and other.get_json()["error"] == "other_hall"
    assert client.get("/api/v1/halls/nowhere/dashboard").status_code == 404


def test_the_manager_sees_today_windows_and_a_bad_rating_alert(app, client, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    done = finished_ticket(app, client, db, window=1, user="zhang")
    assert rate(client, done, level=1, reasons=["attitude"], token=token_of(app, done)).status_code == 201
    take(db, "A")
    assert sign_in(client, "li", 3).status_code == 200
    take(db, "B")
    assert post(client, 3, "call-next").status_code == 200
    client.delete("/api/v1/session")
    assert sign_in(client, "boss", None, PASSWORD).status_code == 200
    answer = client.get(URL)
    assert answer.status_code == 200, answer.get_json()
    board = answer.get_json()
    today = board["today"]
    assert (today["issued"], today["called"], today["served"], today["waiting"]) == (3, 2, 1, 1)
    assert today["ratings"] == 1 and today["rating_1"] == 1 and today["satisfaction"] == 0.0
    # finished without 开始办理: no service time
    assert today["wait_mean_s"] is not None and today["service_mean_s"] is None
    assert (today["pauses"], today["pause_total_s"]) == (0, 0.0)
    queues = {q["prefix"]: q for q in board["queues"]}
    assert queues["A"]["waiting"] == 1 and queues["A"]["longest_wait_s"] >= 0
    windows = {w["number"]: w for w in board["windows"]}
    # li signed out, but the visitor she called is still at window 3
    assert windows[3]["state"] == "serving" and windows[3]["ticket"].startswith("B")
    assert windows[1]["state"] == "closed" and windows[1]["staff"] == []
    assert [r["level"] for r in board["open_bad_ratings"]] == [1]
    assert [a["kind"] for a in board["alerts"]] == ["bad_rating"]
    assert "差评" in board["alerts"][0]["message"]
    assert board["thresholds"] == {"wait_minutes": 30, "pause_minutes": 15}


def test_a_signed_in_window_is_idle_with_its_staff(app, client, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    other = app.test_client()
    assert sign_in(other, "wang", 1).status_code == 200
    assert sign_in(client, "boss", None).status_code == 200
    windows = {w["number"]: w for w in client.get(URL).get_json()["windows"]}
    assert (windows[1]["state"], windows[1]["staff"]) == ("idle", ["王五"])
    assert post(other, 1, "pause").status_code == 200
    windows = {w["number"]: w for w in client.get(URL).get_json()["windows"]}
    assert windows[1]["state"] == "paused" and windows[1]["paused_since"]


def test_the_alert_thresholds_are_the_settings(settings, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """With both thresholds at 0 minutes, any waiting visitor and any pause is an alert."""
    strict = create_app(settings.replace(dashboard_wait_alert_minutes=0, dashboard_pause_alert_minutes=0))
    try:
        db = strict.extensions["bianmin"].db
        take(db, "A")
        client = strict.test_client()
        window = strict.test_client()
        assert sign_in(window, "zhang", 2).status_code == 200
        assert post(window, 2, "pause").status_code == 200
        assert sign_in(client, "boss", None).status_code == 200
        board = client.get(URL).get_json()
        assert board["thresholds"] == {"wait_minutes": 0, "pause_minutes": 0}
        assert [(a["kind"], a["queue"], a["window"]) for a in board["alerts"]] == [
            ("long_wait", "A", None), ("long_pause", None, 2)]
        assert "暂停服务" in board["alerts"][1]["message"]
    finally:
        strict.extensions["bianmin"].db.dispose()
