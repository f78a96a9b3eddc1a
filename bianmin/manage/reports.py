"""统计报表, the printable monthly report (打印月报) and 全县: managers' pages over the stats API.

Thin shells, like the other managers' pages: each carries the hall, the period asked for in
its address, the Chinese labels of the figures (from ``bianmin.stats.export``, so a figure
added there shows here) and the groupings the API accepts; the tables and the ECharts
charts are drawn by static/js/reports.js, report_print.js and county.js from
``/api/v1/halls/<hall>/stats`` and ``/api/v1/stats``. A county manager may pick any hall
(``?hall=code``); a hall's manager always sees their own.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import redirect, request, url_for
from pydantic import ValidationError
from sqlalchemy import select
from werkzeug.wrappers import Response

from bianmin.api.shapes.stats import StatsQuery
from bianmin.catalog.models import Hall
from bianmin.errors import Forbidden, InvalidInput
from bianmin.manage import blueprint
from bianmin.manage.views import _manager, _page, hall_choice
from bianmin.staff.roles import is_county
from bianmin.stats.export import FIGURE_LABELS, GROUP_LABELS
from bianmin.web.runtime import runtime

# the tabs of 统计报表, in order; 按部门 only once the API knows the grouping
TABS = [("day", "按日"), ("hour", "按时段"), ("queue", "按队列"), ("scenario", "按事项"),
        ("department", "按部门"), ("window", "按窗口"), ("staff", "按人员"), ("kiosk", "按取号机")]


def accepts(by: str) -> bool:
    """True if the stats API takes ``by`` (a grouping another change may add later)."""
    try:
        StatsQuery.model_validate({"by": by})
    except ValidationError:
        return False
    return True


def _tabs() -> list[list[str]]:
    return [[key, words] for key, words in TABS if accepts(key)]


def xlsx_groupings() -> str:
    """``by`` of the XLSX download: every tab, then the weekday sheets while the API takes them."""
    by = [key for key, _ in _tabs()]
    for more in ("weekday", "weekday_hour"):
        if accepts(",".join([*by, more])):
            by.append(more)
    return ",".join(by)


def _labels() -> dict[str, object]:
    # pairs, not an object: tojson sorts keys, and the columns keep the export's order
    return {"figures": list(FIGURE_LABELS.items()), "groups": {**GROUP_LABELS, "weekday_hour": "星期时段"},
            "echarts": url_for("static", filename="vendor/echarts/echarts.min.js")}


@blueprint.get("/reports")
def reports_page() -> Response | str:
    """统计报表: a period, a grouping, the table with its total, four charts, CSV and XLSX."""
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    return _page("manage/reports.html", "manage.reports_page", live, hall_choice(live),
                 tabs=_tabs(), xlsx_by=xlsx_groupings(), print_url=url_for("manage.report_print_page"),
                 county=is_county(live.role), **_labels())


def _print_period(zone: str) -> tuple[date, date]:
    """``?month=YYYY-MM``, or ``?from=&to=``; by default this month so far."""
    month = request.args.get("month", "")
    first, last = request.args.get("from", ""), request.args.get("to", "")
    try:
        if month:
            year, number = (int(part) for part in month.split("-"))
            return date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])
        if first and last:
            return date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        raise InvalidInput("月份须为 YYYY-MM（例如 2026-11），日期须为 YYYY-MM-DD。",
                           code="invalid_date") from None
    today = datetime.now(ZoneInfo(zone)).date()
    return today.replace(day=1), today


@blueprint.get("/reports/print")
def report_print_page() -> Response | str:
    """打印月报: the hall's report of a month (or any period) laid out for A4 paper."""
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    code = hall_choice(live)
    with runtime().db.read() as session:
        where = Hall.code == code if code else Hall.id == live.hall_id
        zone = session.execute(select(Hall.timezone).where(where)).scalar_one()
    first, last = _print_period(zone)
    generated = datetime.now(timezone.utc).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    return _page("manage/report_print.html", "manage.reports_page", live, code,
                 tabs=_tabs(), period={"from": first.isoformat(), "to": last.isoformat()},
                 generated=generated, back=url_for("manage.reports_page", **({"hall": code} if code else {}),
                                                   **{"from": first.isoformat(), "to": last.isoformat()}),
                 **_labels())


@blueprint.get("/county")
def county_page() -> Response | str:
    """全县: every hall of the server side by side (county managers only)."""
    live = _manager()
    if live is None:
        return redirect(url_for("manage.sign_in_page"))
    if not is_county(live.role):
        raise Forbidden("全县报表需要县级管理员账号。", code="county_only")
    return _page("manage/county.html", "manage.county_page", live,
                 reports=url_for("manage.reports_page"), **_labels())
