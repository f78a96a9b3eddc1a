"""The audit trail and attendance as XLSX on the demo hall: real sign-ins, a pause with a
reason, the workbooks opened with openpyxl and their cells checked."""

from __future__ import annotations

import io
from datetime import datetime, timezone

from openpyxl import load_workbook

from bianmin.audit.xlsx import workbook
from bianmin.queue.clock import business_day
from tests.integration import test_audit_api as base
from tests.integration.test_api_counter import sign_in
from tests.integration.test_audit_api import ATTENDANCE, AUDIT

# the same worked day as test_audit_api.py: 张三 signs in, calls, finishes, pauses, resumes
people, worked = base.people, base.worked

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(answer):  # type: ignore[no-untyped-def]
    assert answer.status_code == 200, answer.get_data()[:200]
    assert answer.mimetype == XLSX and "attachment" in answer.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(answer.data))
    assert len(book.sheetnames) == 1
    return book.active


def _today() -> str:
    return business_day(datetime.now(timezone.utc), "Asia/Shanghai").isoformat()


def test_the_trail_as_xlsx_has_a_title_headers_and_the_rows(worked) -> None:  # type: ignore[no-untyped-def]
    sheet = _sheet(worked.get(AUDIT + ".xlsx?kind=window.paused,window.resumed,finished"))
    assert sheet.title == "电子监察"
    assert sheet["A1"].value == f"六十二团便民服务中心 电子监察记录 {_today()} 至 {_today()}"
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows[0] == ["时间", "类别", "人员", "工号", "窗口", "号码", "说明", "登录名"]
    # newest first, as the page: resumed, paused (with its reason), finished
    assert [r[1:] for r in rows[1:]] == [
        ["恢复服务", "张三", None, 1, None, None, None],
        ["暂停服务", "张三", None, 1, None, "原因：系统故障", None],
        ["办理完毕", "张三", None, 1, rows[3][5], "办理结果：办结", None],
    ]
    assert rows[3][5].startswith("A")
    # times are real date-times in the hall's local time (Excel sorts and filters them)
    assert isinstance(rows[1][0], datetime) and rows[1][0] >= rows[2][0] >= rows[3][0]
    assert rows[1][0].date().isoformat() == _today()
    assert sheet.freeze_panes == "A3"


def test_the_same_filters_as_the_page(worked) -> None:  # type: ignore[no-untyped-def]
    sheet = _sheet(worked.get(AUDIT + ".xlsx?window=2"))
    assert sheet.max_row == 2  # title and headers, no rows
    page = worked.get(AUDIT + "?per_page=500").get_json()
    everything = _sheet(worked.get(AUDIT + ".xlsx"))
    assert everything.max_row - 2 == page["total"] == len(page["rows"])


def test_attendance_as_xlsx(worked) -> None:  # type: ignore[no-untyped-def]
    sheet = _sheet(worked.get(ATTENDANCE + ".xlsx"))
    assert sheet.title == "考勤"
    assert sheet["A1"].value == f"六十二团便民服务中心 考勤 {_today()} 至 {_today()}"
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows[0] == ["日期", "人员", "工号", "首次登录", "最后退出", "在线时长（小时）",
                       "暂停时长（小时）", "窗口", "期末仍在线"]
    zhang = next(r for r in rows[1:] if r[1] == "张三")
    boss = next(r for r in rows[1:] if r[1] == "主任")
    assert zhang[0] == _today() and zhang[3] <= zhang[4] and zhang[7] == "1" and zhang[8] is None
    assert all(isinstance(v, int | float) for v in zhang[5:7]) and zhang[6] <= zhang[5]
    assert boss[4] is None and boss[8] == "是"


def test_managers_only(client, db, people) -> None:  # type: ignore[no-untyped-def]
    for path in (AUDIT + ".xlsx", ATTENDANCE + ".xlsx"):
        assert client.get(path).status_code == 401, path
    assert sign_in(client, "zhang", 1).status_code == 200
    for path in (AUDIT + ".xlsx", ATTENDANCE + ".xlsx"):
        answer = client.get(path)
        assert answer.status_code == 403 and answer.get_json()["message"], path


def test_typed_text_never_becomes_a_formula() -> None:
    data = workbook("电子监察", "标题", ["登录名"], [["=HYPERLINK(\"http://x\")"], ["@SUM(A1)"]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A3"].value == "=HYPERLINK(\"http://x\")" and sheet["A3"].data_type == "s"
    assert sheet["A4"].data_type == "s"
