"""CSV and XLSX of a report, with Chinese headers (pure: bytes in, no Flask).

CSV starts with a UTF-8 BOM so that Excel on a Chinese Windows opens it as UTF-8; it holds
one grouping. XLSX (openpyxl) holds one sheet per grouping, named in Chinese, plus 合计.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from bianmin.queue.outcomes import OUTCOME_LABELS, Outcome
from bianmin.ratings.levels import LEVELS
from bianmin.stats.figures import FIGURES
from bianmin.stats.pauses import KEYS as PAUSE_KEYS
from bianmin.stats.pauses import PAUSE_GROUPINGS

GROUP_LABELS = {
    "day": "日期", "hour": "时段（时）", "queue": "队列", "scenario": "事项", "window": "窗口",
    "staff": "工作人员", "kiosk": "取号机", "hall": "服务中心", "weekday": "星期",
    "department": "部门",
}
SHEET_NAMES = {
    "day": "按日", "hour": "按时段", "queue": "按队列", "scenario": "按事项", "window": "按窗口",
    "staff": "按人员", "kiosk": "按取号机", "hall": "按服务中心", "weekday": "按星期",
    "weekday_hour": "按星期时段", "department": "按部门",
}
FIGURE_LABELS: dict[str, str] = {
    "issued": "取号数", "called": "叫号数", "served": "办理数",
    **{f"outcome_{o.value}": OUTCOME_LABELS[o] for o in Outcome},
    "no_shows": "过号", "transfers": "转办", "cancellations": "取消", "unserved": "未办理（日终关闭）", "recalls": "重呼次数",
    "wait_mean_s": "平均等候（秒）", "wait_p50_s": "等候中位数（秒）",
    "wait_p90_s": "等候90%分位（秒）", "wait_max_s": "最长等候（秒）",
    "walk_mean_s": "平均到窗（秒）", "service_mean_s": "平均办理（秒）",
    "ratings": "评价数", **{f"rating_{lv}": LEVELS[lv] for lv in LEVELS},
    "satisfaction": "满意率", "rating_rate": "参评率",
    "bad_ratings": "差评数", "bad_handled_in_time": "差评按时回访", "bad_open": "差评待回访",
    "pauses": "暂停次数", "pause_total_s": "暂停时长（秒）",
}
STAFF_NAME = "姓名"
HALL_NAME = "名称"
# a name beside a grouping's value, as it was (the roll-up freezes names): (row key, header)
NAMES: dict[str, tuple[str, str]] = {
    "staff": ("staff_name", STAFF_NAME), "hall": ("hall_name", HALL_NAME),
    "queue": ("queue_name", "队列名称"), "window": ("window_name", "窗口名称"),
    "scenario": ("department", GROUP_LABELS["department"]),
}


def columns(by: str) -> list[tuple[str, str]]:
    """(key, Chinese header) of a grouping's table, in order."""
    head = ([("weekday", GROUP_LABELS["weekday"]), ("hour", GROUP_LABELS["hour"])]
            if by == "weekday_hour" else [(by, GROUP_LABELS[by])])
    if by in NAMES:
        head.append(NAMES[by])
    # window pauses only where they mean something (bianmin/stats/pauses.py)
    pauses = list(PAUSE_KEYS) if by in PAUSE_GROUPINGS else []
    return head + [(key, FIGURE_LABELS[key]) for key in [*FIGURES, *pauses]]


def _cell(value: Any) -> Any:
    return "" if value is None else value


def to_csv(by: str, rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    cols = columns(by)
    writer.writerow([label for _, label in cols])
    for row in rows:
        writer.writerow([_cell(row.get(key)) for key, _ in cols])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, groups: dict[str, list[dict[str, Any]]], total: dict[str, Any]) -> bytes:
    """One sheet per grouping (in the order asked), then 合计 with the period's figures."""
    book = Workbook()
    first = True
    for by, rows in groups.items():
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = SHEET_NAMES[by]
        cols = columns(by)
        sheet.append([label for _, label in cols])
        for row in rows:
            sheet.append([row.get(key) for key, _ in cols])
        sheet.freeze_panes = "B2"
    summary = book.create_sheet("合计")
    summary.append(["报表", title])
    for key in [*FIGURES, *PAUSE_KEYS]:
        summary.append([FIGURE_LABELS[key], total.get(key)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
