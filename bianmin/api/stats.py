"""Reports for a period over HTTP (managers): JSON, CSV and XLSX of ``bianmin.stats``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from flask import Response

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.ratings import manager_of, now
from bianmin.api.shapes.common import HallPath
from bianmin.api.shapes.stats import StatsAnswer, StatsQuery
from bianmin.catalog.queries import get_hall
from bianmin.errors import InvalidInput
from bianmin.queue.clock import business_day
from bianmin.staff.sessions import LiveSession
from bianmin.stats import report
from bianmin.stats.export import to_csv, to_xlsx
from bianmin.web.runtime import runtime

DEFAULT_DAYS = 30
CSV = {"text/csv": {"schema": {"type": "string"}}}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX = {XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}}}
_DESCRIPTION = (
    "Figures of the hall's tickets whose business day lies in `from`..`to` (hall's "
    "timezone; default the last 30 days, `from` after `to` an empty period), from the event "
    "log and the ratings, grouped by `by`. Rows are named by their group (`\"window\": 24`; "
    "tickets never called have `window`/`staff` null). Managers of the hall only: 401 "
    "signed out, 403 staff or another hall. docs/statistics.md defines every figure.")


def _run(hall: str, query: StatsQuery) -> tuple[dict[str, Any], date, date, list[str], str]:
    by = query.by.split(",")
    if len(set(by)) != len(by):
        raise InvalidInput("by 中的分组不能重复。", code="invalid_grouping")
    with runtime().db.read() as session:
        found = get_hall(session, hall)
        today = business_day(now(), found.timezone)
        try:
            last = date.fromisoformat(query.last) if query.last else today
            first = date.fromisoformat(query.first) if query.first else last - timedelta(days=DEFAULT_DAYS - 1)
        except ValueError:
            raise InvalidInput("日期须为 YYYY-MM-DD，例如 2026-12-01。", code="invalid_date") from None
        answer = report(session, found, first, last, by)
        name = found.name
    return answer, first, last, by, name


@blueprint.get("/halls/<hall>/stats")
@operation("getStats", "The hall's report for a period (managers)", description=_DESCRIPTION,
           path=HallPath, query=StatsQuery, auth=manager_of, answers={200: StatsAnswer})
def stats(hall: str, query: StatsQuery, auth: LiveSession):  # type: ignore[no-untyped-def]
    answer, first, last, by, _ = _run(hall, query)
    return {"hall": hall, "from": first.isoformat(), "to": last.isoformat(), "by": by, **answer}


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"stats.{filename.rsplit('.', 1)[-1]}\"; "
        f"filename*=UTF-8''{quote(filename)}")
    return response


@blueprint.get("/halls/<hall>/stats.csv")
@operation("getStatsCsv", "The report as CSV (UTF-8 with BOM, Chinese headers; managers)",
           description=_DESCRIPTION + " One grouping only (400 `one_grouping`).",
           path=HallPath, query=StatsQuery, auth=manager_of, answers={200: None},
           extra={"x-answer-media": CSV})
def stats_csv(hall: str, query: StatsQuery, auth: LiveSession) -> Response:
    if "," in query.by:
        raise InvalidInput("CSV 只能按一种方式分组；多种分组请下载 XLSX。", code="one_grouping")
    answer, first, last, by, name = _run(hall, query)
    return _download(to_csv(by[0], answer["rows"]), "text/csv",
                     f"{name}统计_{first.isoformat()}_{last.isoformat()}.csv")


@blueprint.get("/halls/<hall>/stats.xlsx")
@operation("getStatsXlsx", "The report as an XLSX workbook: one sheet per grouping (managers)",
           description=_DESCRIPTION + " Sheets 按日, 按窗口, … in the order of `by`, then 合计.",
           path=HallPath, query=StatsQuery, auth=manager_of, answers={200: None},
           extra={"x-answer-media": XLSX})
def stats_xlsx(hall: str, query: StatsQuery, auth: LiveSession) -> Response:
    answer, first, last, _, name = _run(hall, query)
    title = f"{name} {first.isoformat()} 至 {last.isoformat()}"
    return _download(to_xlsx(title, answer["groups"], answer["total"]), XLSX_TYPE,
                     f"{name}统计_{first.isoformat()}_{last.isoformat()}.xlsx")
