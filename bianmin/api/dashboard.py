"""实时概况 over HTTP: the managers' dashboard of one hall, redrawn on every hall event."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.shapes.common import HallPath
from bianmin.api.shapes.dashboard import Dashboard
from bianmin.dashboard.board import Board, Thresholds, read_board
from bianmin.realtime import hall_snapshot
from bianmin.staff.sessions import LiveSession
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
    return board_json(board, at, limits)


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
