"""The audit trail and attendance over HTTP on the demo hall: real sign-ins and pauses."""

from __future__ import annotations

import csv
import io

import pytest

from bianmin.staff.service import add_staff
from tests.integration.test_api_counter import FAST, PASSWORD, post, sign_in, take

AUDIT = "/api/v1/halls/demo/audit"
ATTENDANCE = "/api/v1/halls/demo/attendance"


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, display_name="张三",
              windows=[1, 2], hash_method=FAST)
    add_staff(db, hall_code="demo", username="boss", password=PASSWORD, display_name="主任",
              hash_method=FAST, role="manager")


@pytest.fixture
def worked(client, db, people):  # type: ignore[no-untyped-def]
    """张三 signs in at window 1, calls and finishes a ticket, pauses with a reason, resumes,
    signs out; then the manager signs in."""
    take(db, "A")
    assert sign_in(client, "zhang", 1).status_code == 200
    assert post(client, 1, "call-next").status_code == 200
    assert post(client, 1, "finish", {"outcome": "done"}).status_code == 200
    assert post(client, 1, "pause", {"reason": "系统故障"}).status_code == 200
    assert post(client, 1, "resume").status_code == 200
    assert client.delete("/api/v1/session").status_code in (200, 204)
    assert sign_in(client, "boss", None).status_code == 200
    return client


def test_managers_only(client, db, people) -> None:  # type: ignore[no-untyped-def]
    for path in (AUDIT, AUDIT + ".csv", ATTENDANCE, ATTENDANCE + ".csv"):
        assert client.get(path).status_code == 401, path
    assert sign_in(client, "zhang", 1).status_code == 200
    for path in (AUDIT, AUDIT + ".csv", ATTENDANCE, ATTENDANCE + ".csv"):
        answer = client.get(path)
        assert answer.status_code == 403 and answer.get_json()["message"], path


def test_the_day_lists_what_zhang_did(worked) -> None:  # type: ignore[no-untyped-def]
    answer = worked.get(AUDIT + "?kind=signin.ok,signout,called,finished,window.paused,window.resumed")
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    rows = [(r["kind_label"], (r["staff"] or {}).get("name"), r["window"], r["summary"])
            for r in body["rows"]]
    assert rows == [("登录", "主任", None, ""), ("退出登录", "张三", 1, ""),
                    ("恢复服务", "张三", 1, ""), ("暂停服务", "张三", 1, "原因：系统故障"),
                    ("办理完毕", "张三", 1, "办理结果：办结"), ("叫号", "张三", 1, ""),
                    ("登录", "张三", 1, "")]
    assert body["total"] == 7 and body["kinds"]["window.paused"] == "暂停服务"
    only_pause = worked.get(AUDIT + "?kind=window.paused&window=1").get_json()
    assert [r["detail"]["reason"] for r in only_pause["rows"]] == ["系统故障"]
    assert worked.get(AUDIT + "?window=2").get_json()["total"] == 0


def test_bad_filters_are_400_in_chinese(worked) -> None:  # type: ignore[no-untyped-def]
    for query, code in [("from=2026-13-01", "invalid_date"), ("page=0", "invalid_page"),
                        ("window=x", "invalid_window"), ("per_page=501", "invalid_page"),
                        ("staff=-1", "invalid_staff")]:
        answer = worked.get(f"{AUDIT}?{query}")
        assert answer.status_code == 400, query
        assert answer.get_json()["error"] == code and answer.get_json()["message"], query
    assert worked.get(AUDIT + "?from=2026-12-02&to=2026-12-01").get_json()["total"] == 0


def test_csv_exports_have_bom_and_chinese_headers(worked) -> None:  # type: ignore[no-untyped-def]
    answer = worked.get(AUDIT + ".csv?kind=window.paused")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    text = answer.get_data().decode("utf-8")
    assert text.startswith("\ufeff时间,类别,人员")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][1:] == ["暂停服务", "张三", "", "1", "", "原因：系统故障", ""]
    sheet = worked.get(ATTENDANCE + ".csv").get_data().decode("utf-8")
    lines = list(csv.reader(io.StringIO(sheet.lstrip("\ufeff"))))
    assert lines[0][:3] == ["日期", "人员", "工号"]
    zhang = [line for line in lines if line[1] == "张三"]
    assert len(zhang) == 1 and zhang[0][3] and zhang[0][4] and zhang[0][7] == "1"


def test_attendance_lists_sign_in_and_out(worked) -> None:  # type: ignore[no-untyped-def]
    body = worked.get(ATTENDANCE).get_json()
    by_name = {r["staff"]["name"]: r for r in body["rows"]}
    zhang, boss = by_name["张三"], by_name["主任"]
    assert zhang["first_signin"] <= zhang["last_signout"] and zhang["windows"] == [1]
    assert zhang["still_signed_in"] is False and zhang["signed_in_s"] < 60
    assert boss["still_signed_in"] is True and boss["last_signout"] is None


def test_a_manager_of_another_hall_is_403(client, db, people) -> None:  # type: ignore[no-untyped-def]
    from tests.support.factories import make_hall

    with db.write() as session:
        make_hall(session, code="other")
    add_staff(db, hall_code="other", username="chief", password=PASSWORD, display_name="外站主任",
              hash_method=FAST, role="manager")
    assert sign_in(client, "chief", None).status_code == 200
    for path in (AUDIT, AUDIT + ".csv", ATTENDANCE, ATTENDANCE + ".csv"):
        answer = client.get(path)
        assert answer.status_code == 403 and answer.get_json()["error"] == "other_hall", path
    assert client.get("/api/v1/halls/other/audit").status_code == 200
    assert client.get("/api/v1/halls/nowhere/audit").status_code == 404
