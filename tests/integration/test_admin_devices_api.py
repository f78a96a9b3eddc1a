"""Devices and print jobs for managers over HTTP (demo hall on a real SQLite file).

Who may call (anonymous 401, window staff 403, another hall's manager 403, unknown hall
404, a county manager every hall), validation, the audit rows with who did it, and the
test print and reprint through real TCP printers on loopback (``FakePrinter``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bianmin.audit.models import AuditEvent
from bianmin.devices.service import enrol, new_code
from bianmin.printer.models import PrintJob, PrintStatus
from bianmin.staff.service import add_staff
from tests.integration.test_api_counter import FAST, PASSWORD, sign_in
from tests.integration.test_printer_network import FakePrinter

HALL = "/api/v1/halls/demo"
DEVICES = HALL + "/devices"
JOBS = HALL + "/print-jobs"
OK, LOW, OUT = 0x12, 0x1E, 0x72  # answers to DLE EOT 4: paper ok, near end, roll end


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, display_name="张三",
              windows=[1], hash_method=FAST)
    add_staff(db, hall_code="demo", username="boss", password=PASSWORD, display_name="主任",
              hash_method=FAST, role="manager")


@pytest.fixture
def boss(client, people):  # type: ignore[no-untyped-def]
    assert sign_in(client, "boss", None).status_code == 200
    return client


@pytest.fixture
def paper_ok() -> Iterator[FakePrinter]:
    fake = FakePrinter(paper_status=OK)
    yield fake
    fake.stop()


def audit(db, kind: str) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.kind == kind)
                                    .order_by(AuditEvent.id)))


def add(client, **body):  # type: ignore[no-untyped-def]
    return client.post(DEVICES, json={"name": "kiosk-1", "kind": "kiosk", **body})


def device_paths(device_id: int = 1, job_id: int = 1) -> list[tuple[str, str]]:
    return [("GET", DEVICES), ("POST", DEVICES), ("POST", f"{DEVICES}/{device_id}/code"),
            ("POST", f"{DEVICES}/{device_id}/revoke"), ("POST", f"{DEVICES}/{device_id}/test-print"),
            ("POST", f"{DEVICES}/{device_id}/reload"), ("GET", JOBS),
            ("POST", f"{JOBS}/{job_id}/reprint")]


def call(client, method: str, path: str):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(path)
    return client.post(path, json={"name": "x", "kind": "lobby"} if path == DEVICES else {})


def test_who_may_call(client, db, people) -> None:  # type: ignore[no-untyped-def]
    from tests.support.factories import make_hall

    for method, path in device_paths():
        assert call(client, method, path).status_code == 401, path
    assert sign_in(client, "zhang", 1).status_code == 200
    for method, path in device_paths():
        answer = call(client, method, path)
        assert answer.status_code == 403 and answer.get_json()["error"] == "manager_only", path
    with db.write() as session:
        make_hall(session, code="other")
    add_staff(db, hall_code="other", username="chief", password=PASSWORD, hash_method=FAST,
              role="manager")
    assert sign_in(client, "chief", None).status_code == 200
    for method, path in device_paths():
        answer = call(client, method, path)
        assert answer.status_code == 403 and answer.get_json()["error"] == "other_hall", path
        unknown = call(client, method, path.replace("/demo/", "/nowhere/"))
        assert unknown.status_code == 404 and unknown.get_json()["error"] == "unknown_hall", path
    assert client.get("/api/v1/halls/other/devices").status_code == 200
    assert audit(db, "device.added") == []  # nothing was written by the refused calls
    add_staff(db, hall_code="other", username="county", password=PASSWORD, hash_method=FAST,
              role="county")
    assert sign_in(client, "county", None).status_code == 200
    assert client.get(DEVICES).status_code == 200
    assert add(client).status_code == 201


def test_add_shows_the_code_once_and_the_device_enrols(boss, db) -> None:  # type: ignore[no-untyped-def]
    answer = add(boss, printer="none")
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    code = body["code"]
    assert len(code) == 8 and code.isdigit()
    assert body["enrol_url"].endswith("/enrol/") and body["expires_at"]
    assert body["device"]["status"] == "waiting" and body["device"]["status_label"] == "待登记"
    assert body["device"]["paper"] == "none" and body["device"]["printer"] == ""
    listed = boss.get(DEVICES).get_json()
    assert [d["name"] for d in listed["devices"]] == ["kiosk-1"]
    assert "code" not in listed["devices"][0]  # shown once, never listed
    (row,) = audit(db, "device.added")
    assert row.username == "boss" and row.staff_id is not None and row.detail["name"] == "kiosk-1"
    enrol(db, code, address="10.0.0.9")
    device = boss.get(DEVICES).get_json()["devices"][0]
    assert device["status"] == "online" and device["status_label"] == "在线"
    assert device["last_address"] == "10.0.0.9" and device["last_seen_seconds"] <= 5


@pytest.mark.parametrize("body, code", [
    ({"name": "", "kind": "kiosk"}, "invalid_name"),
    ({"name": "a b", "kind": "kiosk"}, "invalid_name"),
    ({"name": "k", "kind": "printer"}, "invalid_kind"),
    ({"name": "k", "kind": "window"}, "window_required"),
    ({"name": "k", "kind": "window", "window": 999}, "unknown_window"),
    ({"name": "k", "kind": "lobby", "window": 1}, "window_not_allowed"),
    ({"name": "k", "kind": "lobby", "printer": "tcp://10.0.0.1:9100"}, "printer_not_allowed"),
    ({"name": "k", "kind": "kiosk", "printer": "lpt://x"}, None),
    ({"name": "k", "kind": "kiosk", "window": "1"}, "invalid_window"),
])
def test_add_refuses_bad_fields_in_chinese(boss, db, body, code) -> None:  # type: ignore[no-untyped-def]
    answer = boss.post(DEVICES, json=body)
    assert answer.status_code == 400, answer.get_json()
    error = answer.get_json()
    if code is not None:
        assert error["error"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error
    assert boss.get(DEVICES).get_json()["devices"] == []


def test_a_taken_name_is_409(boss) -> None:  # type: ignore[no-untyped-def]
    assert add(boss).status_code == 201
    again = add(boss)
    assert again.status_code == 409 and again.get_json()["error"] == "device_name_taken"


def test_new_code_revoke_and_unknown_devices(boss, db) -> None:  # type: ignore[no-untyped-def]
    first = add(boss, name="lobby-1", kind="lobby").get_json()
    device_id = first["device"]["id"]
    token = enrol(db, first["code"]).token
    assert boss.get("/api/v1/devices/me", headers={"Authorization": f"Device {token}"}).status_code == 200
    fresh = boss.post(f"{DEVICES}/{device_id}/code", json={})
    assert fresh.status_code == 200 and fresh.get_json()["code"] != first["code"]
    assert audit(db, "device.code_issued")[0].username == "boss"
    revoked = boss.post(f"{DEVICES}/{device_id}/revoke", json={})
    assert revoked.status_code == 200, revoked.get_json()
    assert revoked.get_json()["device"]["status"] == "revoked"
    assert revoked.get_json()["device"]["status_label"] == "已吊销"
    assert audit(db, "device.revoked")[0].username == "boss"
    # its next request fails as docs/security.md says
    after = boss.get("/api/v1/devices/me", headers={"Authorization": f"Device {token}"})
    assert after.status_code == 401 and after.get_json()["error"] == "device_unknown"
    assert boss.post(f"{DEVICES}/{device_id}/reload", json={}).status_code == 409
    for path in (f"{DEVICES}/999/code", f"{DEVICES}/999/revoke", f"{DEVICES}/999/reload",
                 f"{DEVICES}/999/test-print", f"{JOBS}/999/reprint"):
        answer = boss.post(path, json={})
        assert answer.status_code == 404 and answer.get_json()["message"], path
    assert boss.post(f"{DEVICES}/x/code").status_code == 404
    assert boss.post(f"{DEVICES}/{device_id}/code", data="x", content_type="text/plain").status_code == 415


def test_a_device_of_another_hall_is_unknown_here(boss, db) -> None:  # type: ignore[no-untyped-def]
    from bianmin.devices.service import add_device
    from tests.support.factories import make_hall

    with db.write() as session:
        make_hall(session, code="other")
    info, _ = add_device(db, "other", "kiosk-x", "kiosk")
    answer = boss.post(f"{DEVICES}/{info.id}/revoke", json={})
    assert answer.status_code == 404 and answer.get_json()["error"] == "unknown_device"


def test_reload_is_audited_and_screens_only_if_enrolled(boss, db) -> None:  # type: ignore[no-untyped-def]
    waiting = add(boss, name="win-1", kind="window", window=1).get_json()["device"]["id"]
    refused = boss.post(f"{DEVICES}/{waiting}/reload", json={})
    assert refused.status_code == 409 and refused.get_json()["error"] == "device_not_enrolled"
    code = new_code(db, "demo", "win-1")
    enrol(db, code)
    answer = boss.post(f"{DEVICES}/{waiting}/reload", json={})
    assert answer.status_code == 200 and answer.get_json()["sent"] is True
    (row,) = audit(db, "device.reloaded")
    assert row.username == "boss" and row.detail["name"] == "win-1"


def test_test_print_on_a_real_socket_printer(boss, db, paper_ok) -> None:  # type: ignore[no-untyped-def]
    device_id = add(boss, printer=paper_ok.url).get_json()["device"]["id"]
    answer = boss.post(f"{DEVICES}/{device_id}/test-print", json={})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["printed"] is True and body["job"]["purpose"] == "test"
    assert body["device"]["paper"] == "ok" and body["device"]["last_error"] is None
    assert "测试".encode("gb18030") in paper_ok.data and "kiosk-1".encode() in paper_ok.data
    with db.read() as session:
        job = session.scalars(select(PrintJob)).one()
        assert job.ticket_id is None and job.device_id == device_id and job.status == PrintStatus.PRINTED
    (row,) = audit(db, "device.test_print")
    assert row.username == "boss" and row.detail["job_id"] == job.id
    screen = add(boss, name="lobby-1", kind="lobby").get_json()["device"]["id"]
    refused = boss.post(f"{DEVICES}/{screen}/test-print", json={})
    assert refused.status_code == 409 and refused.get_json()["error"] == "not_a_kiosk"
    none = add(boss, name="kiosk-2", printer="none").get_json()["device"]["id"]
    assert boss.post(f"{DEVICES}/{none}/test-print", json={}).get_json()["error"] == "no_printer"


def test_paper_low_out_and_offline_are_shown(boss, db) -> None:  # type: ignore[no-untyped-def]
    low, out = FakePrinter(paper_status=LOW), FakePrinter(paper_status=OUT)
    try:
        a = add(boss, name="kiosk-low", printer=low.url).get_json()["device"]["id"]
        b = add(boss, name="kiosk-out", printer=out.url).get_json()["device"]["id"]
        port = out.port
        c = add(boss, name="kiosk-off", printer=f"tcp://127.0.0.1:{port}?timeout=1").get_json()["device"]["id"]
        first = boss.post(f"{DEVICES}/{a}/test-print", json={}).get_json()
        assert first["printed"] is True and "纸卷快用完" in first["message"]
        second = boss.post(f"{DEVICES}/{b}/test-print", json={}).get_json()
        assert second["printed"] is False and "缺纸" in second["message"]
    finally:
        low.stop()
        out.stop()
    third = boss.post(f"{DEVICES}/{c}/test-print", json={}).get_json()  # nobody listens any more
    assert third["printed"] is False
    rows = {d["name"]: d for d in boss.get(DEVICES).get_json()["devices"]}
    assert rows["kiosk-low"]["paper"] == "low" and rows["kiosk-low"]["paper_label"] == "纸少"
    assert rows["kiosk-out"]["paper"] == "out" and rows["kiosk-out"]["last_error"]["status"] == "paper_out"
    assert rows["kiosk-off"]["paper"] == "unknown"
    assert rows["kiosk-off"]["last_error"]["status"] == "offline"
    assert "拒绝连接" in rows["kiosk-off"]["last_error"]["reason"]
    failed = boss.get(JOBS).get_json()
    assert [j["device_name"] for j in failed["jobs"]] == ["kiosk-off", "kiosk-out"]
    assert boss.get(JOBS + "?state=all").get_json()["jobs"][-1]["device_name"] == "kiosk-low"


def test_a_failed_ticket_is_listed_with_its_reason_and_reprinted(boss, client, db) -> None:  # type: ignore[no-untyped-def]
    printer = FakePrinter(paper_status=OUT)
    try:
        added = add(boss, printer=printer.url).get_json()
        token = enrol(db, added["code"]).token
        scenario = _a_scenario(db)
        taken = client.post(f"{HALL}/tickets", headers={"Authorization": f"Device {token}"},
                            json={"scenario_id": scenario, "request_id": "r-1"})
        assert taken.status_code == 201, taken.get_json()
        ticket = taken.get_json()
        _wait_finished(db, ticket["id"])
    finally:
        printer.stop()
    failed = boss.get(JOBS).get_json()
    (job,) = failed["jobs"]
    assert job["number"] == ticket["number"] and job["status"] == "paper_out"
    assert job["status_label"] == "缺纸" and "缺纸" in job["reason"]
    assert job["device_name"] == "kiosk-1" and job["later_printed"] is False
    # the paper is changed: the same kiosk printer (same port) prints again
    back = FakePrinter(paper_status=OK, port=printer.port)
    try:
        again = boss.post(f"{JOBS}/{job['id']}/reprint", json={})
    finally:
        back.stop()
    assert again.status_code == 200, again.get_json()
    body = again.get_json()
    assert body["printed"] is True and body["job"]["attempt"] == 2
    assert body["job"]["status"] == "printed" and body["job"]["device_name"] == "kiosk-1"
    (row,) = audit(db, "ticket.reprinted")
    assert row.username == "" and row.staff_id is not None and row.detail["attempt"] == 2
    listed = boss.get(JOBS).get_json()["jobs"]
    assert listed[0]["id"] == job["id"] and listed[0]["later_printed"] is True


def test_print_jobs_query_is_validated(boss) -> None:  # type: ignore[no-untyped-def]
    for query, code in [("state=bad", "invalid_state"), ("day=2026-13-01", "invalid_date"),
                        ("day=2026-02-30", "invalid_date")]:
        answer = boss.get(f"{JOBS}?{query}")
        assert answer.status_code == 400 and answer.get_json()["error"] == code, query
    assert boss.get(f"{JOBS}?day=2020-01-01&state=all").get_json()["jobs"] == []


def _a_scenario(db) -> int:  # type: ignore[no-untyped-def]
    from tests.integration.test_api_counter import scenario_of

    return scenario_of(db, "A")


def _wait_finished(db, ticket_id: int) -> None:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with db.read() as session:
            status = session.scalar(select(PrintJob.status).where(PrintJob.ticket_id == ticket_id))
        if status not in (None, PrintStatus.PENDING):
            return
        time.sleep(0.05)
    raise AssertionError("the ticket's print job did not finish")
