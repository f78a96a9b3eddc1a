"""Clock skew: the database's clock (PostgreSQL; SQLite has none) and an enrolled device's
``Date.now()`` on connecting, in the log and on the managers' 实时概况."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta, timezone

import pytest

from bianmin.clock_skew import database_skew, too_far
from bianmin.devices.service import add_device, enrol
from bianmin.realtime import socketio_of
from tests.integration.test_api_counter import PASSWORD, sign_in
from tests.integration.test_ratings_api import people  # noqa: F401

URL = "/api/v1/halls/demo/dashboard"


@pytest.mark.postgres
def test_the_databases_clock(any_db) -> None:  # type: ignore[no-untyped-def]
    if any_db.is_sqlite:
        assert database_skew(any_db) is None  # no clock of its own: nothing to compare
        return
    assert abs(database_skew(any_db)) < 5  # the same machine's clock
    # seen from a server two minutes ahead, the database is two minutes behind
    ahead = datetime.now(timezone.utc) + timedelta(minutes=2)
    skew = database_skew(any_db, ahead)
    assert -125 < skew < -115 and too_far(skew, 60)


def _connect(app, token: str, clock_ms: int | None):  # type: ignore[no-untyped-def]
    auth = {"hall": "demo", "device": token}
    if clock_ms is not None:
        auth["clock"] = clock_ms
    screen = socketio_of(app).test_client(app, namespace="/hall", auth=auth)
    assert screen.is_connected("/hall")
    return screen


def test_a_device_on_the_wrong_time_is_in_the_log_and_on_the_dashboard(app, client, db, people, caplog) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    db_ = app.extensions["bianmin"].db
    slow = enrol(db_, add_device(db_, "demo", "大厅屏", "lobby")[1]).token
    right = enrol(db_, add_device(db_, "demo", "窗口屏", "window", window=1)[1]).token
    old_page = enrol(db_, add_device(db_, "demo", "旧页面", "lobby")[1]).token
    now_ms = int(time.time() * 1000)
    with caplog.at_level(logging.WARNING, logger="bianmin.web.clock_watch"):
        _connect(app, slow, now_ms - 5 * 60 * 1000)
        _connect(app, right, now_ms)
        _connect(app, old_page, None)  # a page that does not send its clock: no figure
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "differs from the server's by -300 s" in warnings[0]

    assert sign_in(client, "boss", None, PASSWORD).status_code == 200
    board = client.get(URL).get_json()
    clock = board["clock"]
    assert clock["limit_s"] == 60 and clock["database_s"] is None  # SQLite
    skews = {d["name"]: d["skew_s"] for d in clock["devices"]}
    assert set(skews) == {"大厅屏", "窗口屏"}
    assert -302 < skews["大厅屏"] < -298 and abs(skews["窗口屏"]) < 2
    alerts = [a for a in board["alerts"] if a["kind"] == "clock_skew"]
    assert [a["message"] for a in alerts] == [
        "设备「大厅屏」的时钟与服务器相差 约 5 分钟（慢），请校准该设备的时间。"]


def test_the_limit_is_a_setting(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bianmin.app import create_app
    from bianmin.staff.service import add_staff
    from tests.integration.test_api_counter import FAST

    app = create_app(settings.replace(clock_skew_warn_seconds=600))
    try:
        db_ = app.extensions["bianmin"].db
        add_staff(db_, hall_code="demo", username="boss", password=PASSWORD, display_name="主任",
                  hash_method=FAST, role="manager")
        token = enrol(db_, add_device(db_, "demo", "大厅屏", "lobby")[1]).token
        _connect(app, token, int(time.time() * 1000) - 5 * 60 * 1000)
        client = app.test_client()
        assert sign_in(client, "boss", None, PASSWORD).status_code == 200
        board = client.get(URL).get_json()
        assert board["clock"]["limit_s"] == 600
        assert not [a for a in board["alerts"] if a["kind"] == "clock_skew"]
    finally:
        app.extensions["bianmin"].db.dispose()
