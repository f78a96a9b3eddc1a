"""The managers' catalog, windows and queues over HTTP on the demo hall (SQLite): permissions,
validation, the XLSX round trip, 409 for stranded visitors, audit rows, retired windows."""

from __future__ import annotations

import base64
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bianmin.audit.models import AuditEvent
from bianmin.catalog.demo import demo_catalog_text
from bianmin.catalog.halls import create_hall
from bianmin.catalog.models import Hall, Scenario
from bianmin.queue.models import Ticket, TicketStatus
from bianmin.staff.service import add_staff
from tests.integration.test_api_counter import FAST, PASSWORD, scenario_of, sign_in, take

H = "/api/v1/halls/demo"
ENDPOINTS = [
    ("post", f"{H}/catalog/imports", {"content": ""}),
    ("get", f"{H}/catalog/export.xlsx", None),
    ("get", f"{H}/scenarios", None),
    ("post", f"{H}/scenarios", {"name": "x", "queue": "A"}),
    ("patch", f"{H}/scenarios/1", {"name": "x"}),
    ("get", f"{H}/windows", None),
    ("post", f"{H}/windows", {"number": 90}),
    ("patch", f"{H}/windows/1", {"name": "x"}),
    ("get", f"{H}/queues", None),
    ("get", f"{H}/queues/A", None),
    ("patch", f"{H}/queues/A", {"name": "x"}),
]


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, display_name="张三",
              windows=[1, 2], hash_method=FAST)
    add_staff(db, hall_code="demo", username="boss", password=PASSWORD, display_name="主任",
              hash_method=FAST, role="manager")
    with db.write() as session:
        create_hall(session, "other", "五团便民服务中心")
    add_staff(db, hall_code="other", username="stranger", password=PASSWORD, hash_method=FAST,
              role="manager")


@pytest.fixture
def boss(client, people):  # type: ignore[no-untyped-def]
    assert sign_in(client, "boss", None).status_code == 200
    return client


def call(client, method: str, path: str, body=None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(path, json=body) if body is not None else getattr(client, method)(path)


def upload(client, data: bytes, *, apply: bool = False, token: str = "", name: str = "目录.xlsx"):  # type: ignore[no-untyped-def]
    return client.post(f"{H}/catalog/imports", json={
        "filename": name, "content": base64.b64encode(data).decode(), "apply": apply, "token": token})


def audit_kinds(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return list(session.scalars(select(AuditEvent.kind).order_by(AuditEvent.id)))


def test_every_endpoint_is_for_the_halls_managers_only(client, people) -> None:  # type: ignore[no-untyped-def]
    for method, path, body in ENDPOINTS:
        assert call(client, method, path, body).status_code == 401, path
    assert sign_in(client, "zhang", 1).status_code == 200
    for method, path, body in ENDPOINTS:
        answer = call(client, method, path, body)
        assert answer.status_code == 403 and answer.get_json()["error"] == "manager_only", path
    client.delete("/api/v1/session")
    assert sign_in(client, "stranger", None).status_code == 200
    for method, path, body in ENDPOINTS:
        answer = call(client, method, path, body)
        assert answer.status_code == 403 and answer.get_json()["error"] == "other_hall", path
        answer = call(client, method, path.replace("/demo/", "/nowhere/"), body)
        assert answer.status_code == 404 and answer.get_json()["error"] == "unknown_hall", path


def test_xlsx_round_trip_changes_exactly_one_row(boss, db) -> None:  # type: ignore[no-untyped-def]
    exported = boss.get(f"{H}/catalog/export.xlsx")
    assert exported.status_code == 200 and exported.data.startswith(b"PK")
    same = upload(boss, exported.data).get_json()
    assert same["changes"]["added"] == same["changes"]["changed"] == same["changes"]["retired"] == 0
    assert same["changes"]["unchanged"] == 166 and same["anomalies"]
    book = load_workbook(io.BytesIO(exported.data))
    sheet = book.active
    row = next(r for r in sheet.iter_rows() if r[3].value == "出生登记")
    row[5].value = "1.出生医学证明 2.父母双方户口簿 3.父母双方身份证 4.结婚证"
    out = io.BytesIO()
    book.save(out)
    preview = upload(boss, out.getvalue()).get_json()
    assert preview["format"] == "xlsx" and preview["can_apply"]
    changes = preview["changes"]
    assert (changes["added"], changes["changed"], changes["retired"]) == (0, 1, 0)
    assert [(c["name"], "materials" in c["fields"]) for c in changes["changed_scenarios"]] == [("出生登记", True)]
    with db.read() as session:
        version = session.scalar(select(Hall.catalog_version).where(Hall.code == "demo"))
        assert session.scalar(select(Scenario.materials_raw).where(Scenario.name == "出生登记")) != row[5].value
    applied = upload(boss, out.getvalue(), apply=True, token=preview["token"])
    assert applied.status_code == 200, applied.get_json()
    assert applied.get_json()["catalog_version"] == version + 1
    scenario = boss.get(f"{H}/catalog").get_json()
    born = next(s for s in scenario["scenarios"] if s["name"] == "出生登记")
    assert born["materials"] == ["出生医学证明", "父母双方户口簿", "父母双方身份证", "结婚证"]
    # the same token again: the catalog changed since the preview
    again = upload(boss, out.getvalue(), apply=True, token=preview["token"])
    assert again.status_code == 409 and again.get_json()["error"] == "preview_stale"
    assert audit_kinds(db)[-1] == "catalog.loaded"
    rows = boss.get(f"{H}/audit?kind=catalog.loaded").get_json()["rows"]
    assert rows[0]["staff"]["name"] == "主任" and rows[0]["kind_label"] == "导入事项目录"


def test_a_file_with_errors_is_refused_with_every_error_and_nothing_written(boss, db) -> None:  # type: ignore[no-untyped-def]
    text = demo_catalog_text().splitlines()
    bad = [i for i, line in enumerate(text) if "\t" in line and line.split("\t")[0].isdigit()][:2]
    for i in bad:
        cells = text[i].split("\t")
        cells[6] = "综合窗口"
        text[i] = "\t".join(cells)
    data = "\n".join(text).encode()
    answer = upload(boss, data, name="000.txt")
    assert answer.status_code == 400
    body = answer.get_json()
    assert body["error"] == "catalog_errors" and "2 处错误" in body["message"]
    assert [e["line"] for e in body["details"]["errors"]] == [i + 1 for i in bad]
    applied = upload(boss, data, apply=True, token="x" * 32)
    assert applied.status_code == 400 and applied.get_json()["error"] == "catalog_errors"
    assert "catalog.loaded" not in audit_kinds(db)
    empty = upload(boss, b"")
    assert empty.status_code == 400 and empty.get_json()["error"] == "empty_file"
    assert boss.post(f"{H}/catalog/imports", json={"content": "%%%"}).get_json()["error"] == "invalid_file"
    assert upload(boss, b"PK\x03\x04broken").get_json()["details"]["errors"][0]["kind"] == "not_xlsx"


def test_edit_add_and_retire_a_scenario(boss, db) -> None:  # type: ignore[no-untyped-def]
    sid = scenario_of(db, "B")
    answer = boss.patch(f"{H}/scenarios/{sid}", json={
        "name": "  新名称  ", "materials": ["身份证", "户口簿"], "time_limit": "3个工作日",
        "notice": "请先到社区开证明", "queue": "C"})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["name"], body["materials"], body["queue"]["prefix"]) == ("新名称", ["身份证", "户口簿"], "C")
    kiosk = boss.get(f"{H}/scenarios/{sid}").get_json()
    assert kiosk["time_limit"]["promised_days"] == 3 and kiosk["notice"] == "请先到社区开证明"
    for bad, code in [({"name": "   "}, "invalid_name"), ({"materials": ["ok", ""]}, "invalid_materials"),
                      ({"queue": "7"}, "invalid_queue"), ({"queue": "Z"}, "unknown_queue"),
                      ({"active": "no"}, "invalid_active"), ({"waiting": "later"}, "invalid_waiting")]:
        refused = boss.patch(f"{H}/scenarios/{sid}", json=bad)
        assert refused.status_code == 400 and refused.get_json()["error"] == code, bad
        assert refused.get_json()["details"]["fields"][0]["field"] == next(iter(bad))
    assert boss.patch(f"{H}/scenarios/999999", json={"name": "x"}).status_code == 404
    added = boss.post(f"{H}/scenarios", json={"name": "暖气补贴申请", "queue": "A", "section": "其他便民服务事项",
                                              "materials": ["身份证"]})
    assert added.status_code == 201
    new_id = added.get_json()["id"]
    assert any(s["id"] == new_id for s in boss.get(f"{H}/catalog").get_json()["scenarios"])
    assert boss.post(f"{H}/scenarios", json={"queue": "A"}).get_json()["error"] == "invalid_name"
    # nobody waits for it: retired at once
    retired = boss.patch(f"{H}/scenarios/{new_id}", json={"active": False})
    assert retired.status_code == 200 and retired.get_json()["active"] is False
    assert audit_kinds(db)[-3:] == ["scenario.changed", "scenario.added", "scenario.retired"]


def test_retiring_a_scenario_taken_today_asks_what_to_do(boss, db) -> None:  # type: ignore[no-untyped-def]
    from bianmin.queue.tickets import issue_ticket

    sid = scenario_of(db, "B")
    issue_ticket(db, hall_code="demo", scenario_id=sid)
    issue_ticket(db, hall_code="demo", scenario_id=sid)
    retire = boss.patch(f"{H}/scenarios/{sid}", json={"active": False})
    assert retire.status_code == 409
    body = retire.get_json()
    assert body["error"] == "would_strand" and body["details"]["waiting"] == 2
    assert body["details"]["numbers"] == ["B001", "B002"] and "2 位群众" in body["message"]
    moved = boss.patch(f"{H}/scenarios/{sid}", json={"active": False, "waiting": "move_to", "move_to": "c"})
    assert moved.status_code == 200 and moved.get_json()["active"] is False
    with db.read() as session:
        tickets = session.scalars(select(Ticket).where(Ticket.scenario_id == sid).order_by(Ticket.id)).all()
        assert [(t.code, t.status) for t in tickets] == [
            ("B001", TicketStatus.TRANSFERRED), ("B002", TicketStatus.TRANSFERRED),
            ("C001", TicketStatus.WAITING), ("C002", TicketStatus.WAITING)]
    assert all(s["id"] != sid for s in boss.get(f"{H}/catalog").get_json()["scenarios"])
    assert audit_kinds(db)[-1] == "scenario.retired"
    row = boss.get(f"{H}/audit?kind=scenario.retired").get_json()["rows"][0]
    assert row["kind_label"] == "停用事项" and "转到其他队列" in row["summary"]


def test_windows_add_rename_assign_and_retire(boss, client, db) -> None:  # type: ignore[no-untyped-def]
    listing = boss.get(f"{H}/windows").get_json()
    assert [w["number"] for w in listing["windows"]][:3] == [1, 2, 3] and len(listing["queues"]) == 18
    added = boss.post(f"{H}/windows", json={"number": 30, "name": "无差别综合受理窗口", "serves_all": True})
    assert added.status_code == 201 and len(added.get_json()["queues"]) == 18
    exists = boss.post(f"{H}/windows", json={"number": 30})
    assert exists.status_code == 409 and exists.get_json()["error"] == "window_exists"
    assert boss.post(f"{H}/windows", json={"number": 0}).get_json()["error"] == "invalid_number"
    assert boss.post(f"{H}/windows", json={"number": 31, "queues": ["Y"]}).get_json()["error"] == "unknown_queue"
    assert boss.patch(f"{H}/windows/30", json={"queues": ["A", "B"]}).get_json()["queues"] == ["A", "B"]
    assert boss.patch(f"{H}/windows/77", json={"name": "x"}).status_code == 404
    # a staff member given window 30 signs in there
    add_staff(db, hall_code="demo", username="wang", password=PASSWORD, windows=[30], hash_method=FAST)
    other = boss.application.test_client()
    assert sign_in(other, "wang", 30).status_code == 200
    other.delete("/api/v1/session")
    # window 3 alone serves queue B: retiring it with B waiting asks first
    take(db, "B")
    retire = boss.patch(f"{H}/windows/3", json={"active": False})
    assert retire.status_code == 200  # window 30 still serves B: nobody is stranded
    take(db, "C")
    retire4 = boss.patch(f"{H}/windows/4", json={"active": False})
    assert retire4.status_code == 409 and retire4.get_json()["details"]["waiting"] == 1
    closed = boss.patch(f"{H}/windows/4", json={"active": False, "waiting": "close"})
    assert closed.status_code == 200 and closed.get_json()["active"] is False
    with db.read() as session:
        assert session.scalars(select(Ticket.status).where(Ticket.code == "C001")).one() == TicketStatus.CANCELLED
    # the retired windows: not in the snapshot, not on the kiosk, no sign-in
    snapshot = boss.get(f"{H}/snapshot").get_json()
    assert {3, 4} & {w["number"] for w in snapshot["windows"]} == set()
    queues = {q["prefix"]: q["windows"] for q in boss.get(f"{H}/catalog").get_json()["queues"]}
    assert queues["B"] == [30] and queues["C"] == []
    add_staff(db, hall_code="demo", username="zhao", password=PASSWORD, windows=[3, 30], hash_method=FAST)
    third = boss.application.test_client()
    refused = sign_in(third, "zhao", 3)
    assert refused.status_code == 404 and refused.get_json()["error"] == "unknown_window"
    assert sign_in(third, "zhao", 30).status_code == 200
    kinds = audit_kinds(db)
    assert {"window.added", "window.changed", "window.retired"} <= set(kinds)


def test_queues_rename_and_prefix(boss, db) -> None:  # type: ignore[no-untyped-def]
    take(db, "B")
    renamed = boss.patch(f"{H}/queues/B", json={"name": "低保救助", "prefix": "Z"})
    assert renamed.status_code == 200, renamed.get_json()
    assert renamed.get_json()["prefix"] == "Z"
    taken = boss.patch(f"{H}/queues/Z", json={"prefix": "A"})
    assert taken.status_code == 409 and taken.get_json()["error"] == "prefix_taken"
    assert taken.get_json()["details"]["fields"][0]["field"] == "prefix"
    assert boss.patch(f"{H}/queues/Z", json={"name": "1-2号窗口"}).get_json()["error"] == "queue_name_taken"
    assert boss.patch(f"{H}/queues/Z", json={"prefix": "zz"}).get_json()["error"] == "invalid_prefix"
    assert boss.patch(f"{H}/queues/Y", json={"name": "x"}).status_code == 404
    assert boss.get(f"{H}/queues/Y").status_code == 404
    one = boss.get(f"{H}/queues/z").get_json()
    assert (one["prefix"], one["name"], one["windows"], one["waiting"]) == ("Z", "低保救助", [3], 1)
    # the ticket already issued keeps its number; new ones take the new letter
    ticket = take(db, "Z")
    with db.read() as session:
        codes = session.scalars(select(Ticket.code).order_by(Ticket.id)).all()
    assert codes == ["B001", "Z002"] and ticket
    in_use = boss.patch(f"{H}/queues/Z", json={"active": False})
    assert in_use.status_code == 409 and in_use.get_json()["error"] == "queue_in_use"
    assert audit_kinds(db)[-1] == "queue.changed"


def test_the_export_survives_control_characters_in_a_name(boss) -> None:  # type: ignore[no-untyped-def]
    added = boss.post(f"{H}/scenarios", json={"name": "a\x1fb\x0bc", "queue": "A", "notice": "=1+1"})
    assert added.status_code == 201
    exported = boss.get(f"{H}/catalog/export.xlsx")
    assert exported.status_code == 200
    row = next(r for r in load_workbook(io.BytesIO(exported.data)).active.iter_rows()
               if r[3].value and r[3].value.startswith("a"))
    assert row[3].value == "a b c"
    assert row[5].value == "=1+1：" and row[5].data_type == "s"  # text, not a formula
