"""Reports for a period over HTTP (managers): JSON, CSV and XLSX of ``bianmin.stats``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from flask import Response

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.ratings import now
from bianmin.api.session import require_manager
from bianmin.api.shapes.common import HallPath
from bianmin.api.shapes.stats import CountyStatsQuery, StatsAnswer, StatsCsvQuery, StatsQuery
from bianmin.catalog.models import Hall
from bianmin.catalog.queries import get_hall
from bianmin.errors import Forbidden, InvalidInput
from bianmin.queue.clock import business_day
from bianmin.staff.roles import is_county
from bianmin.staff.sessions import LiveSession
from bianmin.stats import report
from bianmin.stats.county import county_report
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
    "signed out, 403 staff or another hall's manager (a county manager reads every hall). "
    "docs/statistics.md defines every figure.")



def _period(query: StatsQuery | CountyStatsQuery, zone: str) -> tuple[date, date]:
    """``from``..``to``, by default the 30 days up to today in ``zone``."""
    try:
        last = date.fromisoformat(query.last) if query.last else business_day(now(), zone)
        first = date.fromisoformat(query.first) if query.first else last - timedelta(days=DEFAULT_DAYS - 1)
    except ValueError:
        raise InvalidInput("日期须为 YYYY-MM-DD，例如 2026-12-01。", code="invalid_date") from None
    return first, last


def _run(hall: str, query: StatsQuery) -> tuple[dict[str, Any], date, date, list[str], str]:
    by = list(dict.fromkeys(query.by.split(",")))  # each once, in the order asked
    with runtime().db.read() as session:
        found = get_hall(session, hall)
        first, last = _period(query, found.timezone)
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
           description=_DESCRIPTION + " One grouping only (else 400 `one_grouping`).",
           path=HallPath, query=StatsCsvQuery, auth=manager_of, answers={200: None},
           extra={"x-answer-media": CSV})
def stats_csv(hall: str, query: StatsCsvQuery, auth: LiveSession) -> Response:
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


# --- the county: every hall ------------------------------------------------------------

_COUNTY = (
    "One row per hall (`\"hall\"`: its code, `hall_name`), with the figures of its tickets "
    "whose business day (in that hall's timezone) lies in `from`..`to` (default: the 30 "
    "days up to today in the county manager's hall), and `total`. County managers only "
    "(role `county`): 401 signed out, 403 anyone else.")


def county_manager(**_: Any) -> LiveSession:
    live = require_manager()
    if not is_county(live.role):
        raise Forbidden("县级报表需要县级管理员账号。", code="county_only")
    return live


def _county(query: CountyStatsQuery, auth: LiveSession) -> tuple[dict[str, Any], date, date]:
    with runtime().db.read() as session:
        home = session.get(Hall, auth.hall_id)
        first, last = _period(query, home.timezone if home else "Asia/Shanghai")
        return county_report(session, first, last), first, last


@blueprint.get("/stats")
@operation("getCountyStats", "The county's report: one row per hall (county managers)",
           description=_COUNTY, query=CountyStatsQuery, auth=county_manager,
           answers={200: StatsAnswer}, tag="stats")
def county_stats(query: CountyStatsQuery, auth: LiveSession):  # type: ignore[no-untyped-def]
    answer, first, last = _county(query, auth)
    return {"hall": "", "from": first.isoformat(), "to": last.isoformat(), "by": ["hall"], **answer}


@blueprint.get("/stats.csv")
@operation("getCountyStatsCsv", "The county's report as CSV (county managers)",
           description=_COUNTY, query=CountyStatsQuery, auth=county_manager, answers={200: None},
           extra={"x-answer-media": CSV}, tag="stats")
def county_stats_csv(query: CountyStatsQuery, auth: LiveSession) -> Response:
    answer, first, last = _county(query, auth)
    return _download(to_csv("hall", answer["rows"]), "text/csv",
                     f"全县统计_{first.isoformat()}_{last.isoformat()}.csv")


@blueprint.get("/stats.xlsx")
@operation("getCountyStatsXlsx", "The county's report as XLSX: 按服务中心 and 合计 (county managers)",
           description=_COUNTY, query=CountyStatsQuery, auth=county_manager, answers={200: None},
           extra={"x-answer-media": XLSX}, tag="stats")
def county_stats_xlsx(query: CountyStatsQuery, auth: LiveSession) -> Response:
    answer, first, last = _county(query, auth)
    title = f"全县 {first.isoformat()} 至 {last.isoformat()}"
    return _download(to_xlsx(title, answer["groups"], answer["total"]), XLSX_TYPE,
                     f"全县统计_{first.isoformat()}_{last.isoformat()}.xlsx")
