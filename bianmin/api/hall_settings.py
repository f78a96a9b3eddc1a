"""The hall's own settings over HTTP: GET and PATCH /api/v1/halls/<hall> (managers only).

A PATCH changes only the fields sent, checks them all first (``details.fields`` names each
wrong one in Chinese), writes one transaction with its audit row (``hall.changed``), and
publishes ``hall.changed`` after the commit: lobby screens redraw the notice at once.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.shapes.common import HallPath
from bianmin.api.shapes.hall_settings import HallPatch, HallSettingsAnswer
from bianmin.hall.service import Actor, HallSettings, read_hall, update_hall
from bianmin.queue import limits
from bianmin.staff.sessions import LiveSession
from bianmin.web import publish
from bianmin.web.runtime import runtime


def settings_json(hall: HallSettings, now: datetime | None = None) -> dict[str, Any]:
    # the kiosk's own answer (queue/limits.py): a hall with no hours set issues at any time
    status = limits.gate(hall.hours, hall.timezone, 0, now or datetime.now(timezone.utc))
    return {
        "code": hall.code, "name": hall.name, "complaint_phone": hall.complaint_phone,
        "address": hall.address, "timezone": hall.timezone, "notice": hall.notice,
        "ticket_footer": hall.ticket_footer, "opening_hours": hall.opening_hours,
        "hours": hall.hours, "version": hall.version,
        "hold_minutes": hall.hold_minutes, "requeue_ahead": hall.requeue_ahead,
        "requeue_minutes": hall.requeue_minutes, "long_cutoff_minutes": hall.long_cutoff_minutes,
        "green_streak_limit": hall.green_streak_limit,
        "normal_wait_limit_minutes": hall.normal_wait_limit_minutes,
        "status": {"open": status.open,
                   "closes_at": status.closes_at.isoformat() if status.closes_at else None,
                   "next_open": status.next_open.isoformat() if status.next_open else None,
                   "holiday": status.holiday},
    }


@blueprint.get("/halls/<hall>")
@operation("getHallSettings", "The hall's settings (managers' 服务中心设置)",
           description="Name, complaint phone, address, timezone, the lobby's notice, the "
           "ticket's footer, the opening hours (structured, and as one line) and whether the "
           "hall is open now. Managers of the hall (or a county manager): 401 signed out, "
           "403 staff or another hall.",
           path=HallPath, auth=manager_of, answers={200: HallSettingsAnswer}, tag="admin")
def get_hall_settings(hall: str, auth: LiveSession):  # type: ignore[no-untyped-def]
    return settings_json(read_hall(runtime().db, hall))


@blueprint.patch("/halls/<hall>")
@operation("updateHallSettings", "Change some of the hall's settings",
           description="Only the fields sent change; every field is checked before anything "
           "is written (400 `invalid_hall` with `details.fields`). The change is audited "
           "(`hall.changed`, before and after) and published as `hall.changed`: screens "
           "show the new notice at once. Managers of the hall (or a county manager).",
           path=HallPath, body=HallPatch, auth=manager_of, answers={200: HallSettingsAnswer},
           tag="admin")
def patch_hall_settings(hall: str, body: HallPatch, auth: LiveSession):  # type: ignore[no-untyped-def]
    changes = body.model_dump(include=body.model_fields_set)
    settings, event = update_hall(runtime().db, hall, changes,
                                  Actor(auth.staff_id, auth.username))
    if event is not None:
        publish.events([event])
    return settings_json(settings)
