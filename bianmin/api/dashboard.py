"""实时概况 over HTTP: the managers' dashboard of one hall, redrawn on every hall event."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.shapes.common import HallPath
from bianmin.api.shapes.dashboard import Dashboard
from bianmin.clock_skew import database_skew, too_far
from bianmin.dashboard.board import Board, Thresholds, read_board
from bianmin.devices.service import list_devices
from bianmin.realtime import hall_snapshot
from bianmin.staff.sessions import LiveSession
from bianmin.web.clock_watch import device_clocks
from bianmin.web.runtime import runtime


def now() -> datetime:
    return datetime.now(timezone.utc)


@blueprint.get("/halls/<hall>/dashboard")
@operation("getDashboard", "The hall now and today so far (managers' 实时概况)",
           description="Waiting per queue with the longest current wait; each window paused "
           "(since when) / serving / idle / closed with the staff signed in; today's issued, "
           "called, served, no-shows, transfers, cancellations, wait and service times, "
           "ratings and satisfaction; open bad ratings; alerts past "
           "`dashboard_wait_alert_minutes` and `dashboard_pause_alert_minutes`. "
           "Managers of the hall only: 401 signed out, 403 for staff or another hall.",
           path=HallPath, auth=manager_of, answers={200: Dashboard})
def show_dashboard(hall: str, auth: LiveSession):  # type: ignore[no-untyped-def]
    """Read the snapshot, then today's figures, and answer both as one JSON object."""
    settings = runtime().settings
    limits = Thresholds(wait_minutes=settings.dashboard_wait_alert_minutes,
                        pause_minutes=settings.dashboard_pause_alert_minutes)
    at = now()
    # the hall of the path: its own manager's, or any hall for a county manager (manager_of)
    board = read_board(runtime().db, hall_snapshot(hall_code=hall), at, limits)
    answer = board_json(board, at, limits)
    answer["clock"] = clock_json(board.snapshot.hall_id, hall, settings.clock_skew_warn_seconds)
    answer["alerts"] += clock_alerts(answer["clock"])
    return answer


def clock_json(hall_id: int, hall_code: str, limit: int) -> dict[str, Any]:
    """The database's skew (None on SQLite) and this process's measured devices of the hall."""
    try:
        database_s = database_skew(runtime().db)
    except SQLAlchemyError:
        database_s = None
    skews = {s.device_id: s for s in device_clocks().of_hall(hall_id)}
    devices = [{"name": row.info.name, "kind": row.info.kind,
                "skew_s": round(skews[row.info.id].seconds, 1),
                "at": skews[row.info.id].at.isoformat()}
               for row in list_devices(runtime().db, hall_code)
               if row.info.id in skews and row.revoked_at is None]
    return {"limit_s": limit,
            "database_s": None if database_s is None else round(database_s, 1),
            "devices": devices}


def clock_alerts(clock: dict[str, Any]) -> list[dict[str, Any]]:
    limit = clock["limit_s"]
    alerts = []
    if too_far(clock["database_s"], limit):
        alerts.append(_clock_alert(f"数据库服务器的时钟与本服务器相差 {_span(clock['database_s'])}，"
                                   "请校准两台机器的时间。"))
    for device in clock["devices"]:
        if too_far(device["skew_s"], limit):
            alerts.append(_clock_alert(f"设备「{device['name']}」的时钟与服务器相差 "
                                       f"{_span(device['skew_s'])}，请校准该设备的时间。"))
    return alerts


def _clock_alert(message: str) -> dict[str, Any]:
    return {"kind": "clock_skew", "message": message, "queue": None, "window": None,
            "rating_id": None}


def _span(seconds: float) -> str:
    """约 3 分钟（快）/ 约 90 秒（慢）."""
    way = "快" if seconds > 0 else "慢"
    size = abs(seconds)
    amount = f"约 {round(size / 60)} 分钟" if size >= 120 else f"约 {round(size)} 秒"
    return f"{amount}（{way}）"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def board_json(board: Board, at: datetime, limits: Thresholds) -> dict[str, Any]:
    return {
        "hall": board.snapshot.hall_code, "hall_name": board.snapshot.hall_name,
        "version": board.snapshot.version, "at": at.isoformat(),
        "thresholds": {"wait_minutes": limits.wait_minutes, "pause_minutes": limits.pause_minutes},
        "today": board.today,
        "queues": [asdict(q) for q in board.queues],
        "windows": [{**asdict(w), "paused_since": _iso(w.paused_since)} for w in board.windows],
        "open_bad_ratings": [{"id": r.rating_id, "level": r.level, "code": r.code,
                              "window": r.window, "at": r.at.isoformat(), "overdue": r.overdue}
                             for r in board.open_bad_ratings],
        "alerts": [asdict(a) for a in board.alerts],
    }
