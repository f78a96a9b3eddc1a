"""The hall's settings and its staff over HTTP (docs/admin.md): who may, what is checked,
what is recorded; and the domain functions behind them on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from flask.testing import FlaskClient

from bianmin.audit.models import AuditEvent
from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.hall.service import Actor, read_hall, update_hall
from bianmin.queue.snapshot import read_snapshot
from bianmin.staff import admin
from bianmin.staff.service import add_staff
from bianmin.staff.sessions import LiveSession, live_sessions
from tests.integration.test_api_counter import FAST, PASSWORD, sign_in
from tests.support.factories import make_hall

HALL = "/api/v1/halls/demo"
STAFF = HALL + "/staff"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    """A manager and a window member of the demo hall; a manager of another hall; a county manager."""
    with db.write() as session:
        make_hall(session, code="other")
    ids = {}
    for username, hall, role, windows in [("boss", "demo", "manager", None), ("zhang", "demo", "staff", [1, 2]),
                                          ("elsewhere", "other", "manager", None),
                                          ("county", "other", "county", None)]:
        ids[username] = add_staff(db, hall_code=hall, username=username, password=PASSWORD,
                                  display_name=username, windows=windows, role=role, hash_method=FAST).id
    return ids


def requests_of(ids: dict[str, int]) -> list[tuple[str, str, dict | None]]:
    """(method, path, body) of every endpoint of this area."""
    one = f"{STAFF}/{ids['zhang']}"
    return [("GET", HALL, None), ("PATCH", HALL, {"notice": "x"}), ("GET", STAFF, None),
            ("POST", STAFF, {"username": "new-one", "display_name": "新人"}), ("GET", one, None),
            ("PATCH", one, {"display_name": "张三"}), ("POST", one + "/password", {}),
            ("POST", one + "/disable", {}), ("POST", one + "/enable", {})]


def call(client: FlaskClient, method: str, path: str, body: dict | None):  # type: ignore[no-untyped-def]
    return client.open(path, method=method, json=body if method != "GET" else None)


def test_anonymous_401_staff_403_other_hall_403_unknown_hall_404(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    endpoints = requests_of(people)
    for method, path, body in endpoints:
        assert call(client, method, path, body).status_code == 401, (method, path)
    assert client.put(f"{STAFF}/{people['zhang']}/photo", data=PNG, content_type="image/png").status_code == 401
    assert sign_in(client, "zhang", 1).status_code == 200
    for method, path, body in endpoints:
        answer = call(client, method, path, body)
        assert (answer.status_code, answer.get_json()["error"]) == (403, "manager_only"), (method, path)
    client.delete("/api/v1/session")
    assert sign_in(client, "elsewhere", None).status_code == 200
    for method, path, body in endpoints:
        answer = call(client, method, path, body)
        assert (answer.status_code, answer.get_json()["error"]) == (403, "other_hall"), (method, path)
    answer = client.get("/api/v1/halls/nowhere")
    assert (answer.status_code, answer.get_json()["error"]) == (404, "unknown_hall")
    assert client.get("/api/v1/halls/nowhere/staff").status_code == 404
    # an account of another hall is not found through this hall
    client.delete("/api/v1/session")
    assert sign_in(client, "boss", None).status_code == 200
    answer = client.get(f"{STAFF}/{people['elsewhere']}")
    assert (answer.status_code, answer.get_json()["error"]) == (404, "unknown_staff")
    assert client.post(f"{STAFF}/{people['elsewhere']}/disable", json={}).status_code == 404


def test_a_county_manager_reaches_every_hall(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(client, "county", None).status_code == 200
    for method, path, body in requests_of(people):
        assert call(client, method, path, body).status_code in (200, 201), (method, path)


def test_patch_changes_only_the_fields_sent_and_is_audited(client: FlaskClient, db: Database, people) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(client, "boss", None).status_code == 200
    before = client.get(HALL).get_json()
    # no hours set: the kiosk issues at any time, and the managers' page says so
    assert before["hours"] in (None, {}) or not before["hours"].get("weekly")
    assert before["status"] == {"open": True, "closes_at": None, "next_open": None, "holiday": ""}
    hours = {"weekly": {d: [["09:30", "13:30"], ["16:00", "19:30"]] for d in ("mon", "tue", "wed", "thu", "fri")}}
    answer = client.patch(HALL, json={"notice": "元旦放假三天", "complaint_phone": "0999-1234567",
                                      "address": "六十二团团部", "hours": hours, "ticket_footer": "请妥善保管小票"})
    assert answer.status_code == 200, answer.get_json()
    after = answer.get_json()
    assert after["name"] == before["name"] and after["timezone"] == "Asia/Shanghai"
    assert after["notice"] == "元旦放假三天" and after["complaint_phone"] == "0999-1234567"
    assert after["opening_hours"] == "周一至周五 09:30-13:30、16:00-19:30"
    assert after["version"] == before["version"] + 1
    assert set(after["status"]) == {"open", "closes_at", "next_open", "holiday"}
    # the snapshot (lobby, kiosk) carries the notice at once: the version moved
    snapshot = client.get(HALL + "/snapshot").get_json()
    assert snapshot["hall"]["notice"] == "元旦放假三天" and snapshot["version"] == after["version"]
    # the catalog's hall line reads the derived opening hours
    assert client.get(HALL + "/catalog").get_json()["hall"]["opening_hours"].startswith("周一至周五")
    # the same values again: nothing changes, nothing recorded, no new version
    again = client.patch(HALL, json={"notice": "元旦放假三天"}).get_json()
    assert again["version"] == after["version"]
    with db.read() as session:
        rows = session.query(AuditEvent).filter(AuditEvent.kind == "hall.changed").all()
        assert len(rows) == 1
        assert rows[0].staff_id == people["boss"] and rows[0].username == "boss"
        assert rows[0].detail["changes"]["notice"] == {"old": "", "new": "元旦放假三天"}
        assert rows[0].detail["changes"]["hours"]["new"] == "周一至周五 09:30-13:30、16:00-19:30"
    trail = client.get("/api/v1/halls/demo/audit?kind=hall.changed").get_json()["rows"]
    assert trail[0]["kind_label"] == "修改服务中心设置"
    assert "滚动通知： → 元旦放假三天" not in trail[0]["summary"]  # empty shows as （空）
    assert "滚动通知：（空） → 元旦放假三天" in trail[0]["summary"]


def test_every_wrong_field_is_named_and_nothing_is_written(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(client, "boss", None).status_code == 200
    before = client.get(HALL).get_json()
    answer = client.patch(HALL, json={
        "name": "  ", "timezone": "Asia/Atlantis", "complaint_phone": "请拨打",
        "notice": "很" * 501, "hours": {"weekly": {"mon": [["09:30", "13:30"], ["12:00", "14:00"]]}},
        "notice_extra": "ignored"})
    assert answer.status_code == 400
    body = answer.get_json()
    assert body["error"] == "invalid_hall"
    fields = {f["field"]: f["problem"] for f in body["details"]["fields"]}
    assert set(fields) == {"name", "timezone", "complaint_phone", "notice", "hours"}
    assert "IANA" in fields["timezone"] and "周一" in fields["hours"] and "500" in fields["notice"]
    # wrong types are refused before the view, also per field
    typed = client.patch(HALL, json={"notice": 5, "hours": "9-5"}).get_json()
    assert {f["field"] for f in typed["details"]["fields"]} == {"notice", "hours"}
    assert client.get(HALL).get_json() == before


def test_staff_add_edit_reset_disable_enable(client: FlaskClient, db: Database, people) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(client, "boss", None).status_code == 200
    created = client.post(STAFF, json={"username": "wang", "display_name": "王建华", "employee_no": "0112",
                                       "windows": [3], "role": "staff"})
    assert created.status_code == 201, created.get_json()
    wang = created.get_json()
    assert wang["windows"] == [3] and len(wang["password"]) == 10 and wang["active"]
    # the generated password works at window 3, and only there
    other = client.application.test_client()
    assert sign_in(other, "wang", 3, password=wang["password"]).status_code == 200
    listed = {a["username"]: a for a in client.get(STAFF).get_json()["staff"]}
    assert [s["window"] for s in listed["wang"]["sessions"]] == [3]
    assert listed["boss"]["sessions"][0]["window"] is None
    # an edit: name, 工号, every window; then no window at all
    edited = client.patch(f"{STAFF}/{wang['id']}", json={"display_name": "王建国", "windows": None}).get_json()
    assert edited["display_name"] == "王建国" and edited["windows"] is None and edited["employee_no"] == "0112"
    assert client.patch(f"{STAFF}/{wang['id']}", json={"windows": []}).get_json()["windows"] == []
    # disable ends the session at once; the counter is refused
    disabled = client.post(f"{STAFF}/{wang['id']}/disable", json={})
    assert disabled.status_code == 200 and disabled.get_json()["active"] is False
    assert other.get("/api/v1/windows/3").status_code == 401
    assert live_sessions(db, username="wang") == []
    assert client.post(f"{STAFF}/{wang['id']}/enable", json={}).get_json()["active"] is True
    # a given password; the old one no longer works
    reset = client.post(f"{STAFF}/{wang['id']}/password", json={"password": "xin-mima-1"}).get_json()
    assert reset["password"] is None and reset["sessions_ended"] == 0
    assert sign_in(other, "wang", 3, password=wang["password"]).status_code == 401
    client.patch(f"{STAFF}/{wang['id']}", json={"windows": [3]})
    assert sign_in(other, "wang", 3, password="xin-mima-1").status_code == 200
    generated = client.post(f"{STAFF}/{wang['id']}/password", json={}).get_json()
    assert len(generated["password"]) == 10 and generated["sessions_ended"] == 1
    # photo: a PNG is stored and served; anything else is refused
    photo = client.put(f"{STAFF}/{wang['id']}/photo", data=PNG, content_type="image/png")
    assert photo.status_code == 200 and photo.get_json()["photo_url"].startswith(f"/api/v1/staff/{wang['id']}/photo")
    assert client.get(photo.get_json()["photo_url"]).data == PNG
    bad = client.put(f"{STAFF}/{wang['id']}/photo", data=b"GIF89a", content_type="image/png")
    assert (bad.status_code, bad.get_json()["error"]) == (400, "invalid_photo")
    assert client.put(f"{STAFF}/{wang['id']}/photo", data=PNG, content_type="text/plain").status_code == 415
    big = client.put(f"{STAFF}/{wang['id']}/photo", data=PNG + b"\x00" * 1_100_000, content_type="image/png")
    assert big.status_code in (400, 413)
    trail = client.get("/api/v1/halls/demo/audit?kind=staff.added,staff.changed,staff.disabled,"
                       "staff.enabled,staff.password_reset").get_json()["rows"]
    trail = [r for r in trail if r["username"] == "wang"]
    assert [r["kind"] for r in trail] == ["staff.password_reset", "staff.changed", "staff.password_reset",
                                          "staff.enabled", "staff.disabled", "staff.changed",
                                          "staff.changed", "staff.added"]
    assert all("操作人：boss" in r["summary"] for r in trail)
    assert "窗口：3号 → 全部窗口" in trail[-2]["summary"] and "姓名：王建华 → 王建国" in trail[-2]["summary"]
    assert trail[4]["kind_label"] == "停用账号" and "结束了 1 个登录会话" in trail[4]["summary"]


def test_staff_validation_names_every_field(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(client, "boss", None).status_code == 200
    answer = client.post(STAFF, json={"username": "a b", "display_name": "x", "password": "123",
                                      "employee_no": "工号1", "windows": [1, 99], "role": "county"})
    assert answer.status_code == 400
    fields = {f["field"]: f["problem"] for f in answer.get_json()["details"]["fields"]}
    assert set(fields) == {"username", "password", "employee_no", "role"}
    # windows the hall does not have: 404, named like a field
    missing = client.post(STAFF, json={"username": "ab", "display_name": "x", "windows": [1, 99, 98]})
    assert (missing.status_code, missing.get_json()["error"]) == (404, "unknown_window")
    assert missing.get_json()["details"]["fields"] == [
        {"field": "windows", "problem": "本大厅没有这些窗口：98号、99号。"}]
    taken = client.post(STAFF, json={"username": "zhang", "display_name": "x"})
    assert (taken.status_code, taken.get_json()["error"]) == (409, "username_taken")
    assert taken.get_json()["details"]["fields"][0]["field"] == "username"
    typed = client.post(STAFF, json={"username": 5, "display_name": None, "windows": ["3"]})
    assert typed.status_code == 400
    assert {f["field"] for f in typed.get_json()["details"]["fields"]} == {"username", "display_name", "windows"}
    zhang = f"{STAFF}/{people['zhang']}"
    assert client.patch(zhang, json={"role": "county"}).status_code == 400
    assert client.patch(zhang, json={"windows": [77]}).get_json()["error"] == "unknown_window"
    assert client.patch(zhang, json={"employee_no": "no spaces"}).status_code == 400
    # a manager cannot lock the own account out
    me = f"{STAFF}/{people['boss']}"
    assert client.post(me + "/disable", json={}).get_json()["error"] == "self_lockout"
    assert client.patch(me, json={"role": "staff"}).get_json()["error"] == "self_lockout"
    assert client.post(me + "/password", json={}).get_json()["error"] == "self_lockout"
    assert client.patch(me, json={"role": "manager", "display_name": "刘主任"}).status_code == 200


def test_a_manager_may_make_a_manager_never_a_county_manager(client: FlaskClient, people) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(client, "boss", None).status_code == 200
    made = client.patch(f"{STAFF}/{people['zhang']}", json={"role": "manager"}).get_json()
    assert made["role"] == "manager" and made["role_label"] == "管理员"
    assert client.post(STAFF, json={"username": "up", "display_name": "x", "role": "county"}).status_code == 400


def test_update_hall_and_accounts_on_both_databases(any_db: Database) -> None:
    code = f"h{uuid.uuid4().hex[:8]}"
    with any_db.write() as session:
        hall = make_hall(session, code=code)
    boss = add_staff(any_db, hall_code=code, username=f"{code}-boss", password=PASSWORD,
                     role="manager", hash_method=FAST)
    settings, event = update_hall(any_db, code, {"notice": "通知", "hours": {"weekly": {"sat": [["10:00", "14:00"]]}}},
                                  Actor(boss.id, boss.username))
    assert event is not None and event.version == settings.version == 1 and event.notice == "通知"
    assert read_snapshot(any_db, hall_code=code).notice == "通知"
    assert read_hall(any_db, code).opening_hours == "周六 10:00-14:00"
    with any_db.read() as session:
        assert session.get(Hall, hall.hall_id).hours["weekly"]["sat"] == [["10:00", "14:00"]]
    now = datetime.now(timezone.utc)  # the manager as the API sees them
    live = LiveSession(id=0, staff_id=boss.id, hall_id=boss.hall_id, username=boss.username,
                       display_name="主任", role="manager", active=True, window_number=None,
                       created_at=now, last_seen_at=now, expires_at=now, address="", user_agent="")
    account, password = admin.create_account(any_db, code, username=f"{code}-li", password=None,
                                             display_name="李", employee_no="7", windows=[1], role="staff", by=live)
    assert password and account.windows == [1]
    changed, _ = admin.update_account(any_db, code, account.id, {"active": False, "employee_no": "8"}, live)
    assert not changed.active and changed.employee_no == "8"
    assert [a.username for a in admin.hall_accounts(any_db, code)][-1] == f"{code}-li"


def test_a_new_phone_and_footer_reach_the_next_ticket(client: FlaskClient, db: Database, people) -> None:  # type: ignore[no-untyped-def]
    """Tickets keep the hall's fields in a cache keyed on the catalog version: a change of
    them moves the version, so the very next ticket (and its printed slip) has them."""
    from dataclasses import replace

    from bianmin.printer.layout import build_receipt
    from bianmin.printer.receipt import PAPER_80, TextLine
    from bianmin.printer.slip import sample_slip
    from bianmin.queue.tickets import issue_ticket, ticket_info
    from bianmin.web.printing import slip_of

    scenario = client.get(HALL + "/catalog").get_json()["scenarios"][0]["id"]
    first = issue_ticket(db, hall_code="demo", scenario_id=scenario)
    with db.read() as session:
        assert ticket_info(session, first.ticket_id).complaint_phone == "12345"
    assert sign_in(client, "boss", None).status_code == 200
    assert client.patch(HALL, json={"complaint_phone": "0999-7654321",
                                    "ticket_footer": "请妥善保管小票，遗失不补"}).status_code == 200
    second = issue_ticket(db, hall_code="demo", scenario_id=scenario)
    with db.read() as session:
        info = ticket_info(session, second.ticket_id)
    assert info.complaint_phone == "0999-7654321"
    lines = [b.text for b in build_receipt(slip_of(info, ""), PAPER_80).blocks if isinstance(b, TextLine)]
    assert "请妥善保管小票，遗失不补" in lines and "投诉电话：0999-7654321" in lines
    # no footer, no extra line
    plain = [b.text for b in build_receipt(replace(sample_slip(), footer=""), PAPER_80).blocks
             if isinstance(b, TextLine)]
    assert plain[-1] == "过号可扫码重新排队一次"
