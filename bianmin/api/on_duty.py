"""The rating tablet's idle screen: who serves at the window (name, 工号, photo)."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Response, url_for
from sqlalchemy import select

from bianmin.api import blueprint
from bianmin.api.access import require_hall_viewer
from bianmin.api.declare import operation
from bianmin.api.shapes.common import HallPath, IdText, Input
from bianmin.api.shapes.ratings import OnDutyAnswer
from bianmin.catalog.models import Hall
from bianmin.catalog.queries import get_hall
from bianmin.errors import NotFound
from bianmin.queue.windows import find_window
from bianmin.staff.models import Staff
from bianmin.staff.on_duty import on_duty
from bianmin.staff.photos import kind_of, photo_path
from bianmin.web.runtime import runtime


class NoPhoto(NotFound):
    code = "no_photo"
    message = "这位工作人员还没有照片。"


class WindowOfHall(HallPath):
    window: IdText


class StaffPath(Input):
    staff_id: IdText
    refusal = {"staff_id": NoPhoto}


@blueprint.get("/halls/<hall>/windows/<window>/on-duty")
@operation("getWindowOnDuty", "Who is signed in at a window now (the rating tablet's idle screen)",
           description="The staff members signed in at the window, the latest sign-in first, "
           "each with name, 工号 and photo URL (null without a photo). Read like the hall's "
           "screens: open mode for anyone, else an enrolled device of the hall or its staff. "
           "A sign-in or sign-out at the window sends `window.on_duty` to the window's room; "
           "ask again then.",
           path=WindowOfHall, answers={200: OnDutyAnswer}, errors=(401, 403))
def window_on_duty(hall: str, window: int):  # type: ignore[no-untyped-def]
    require_hall_viewer(hall)
    rt = runtime()
    with rt.db.read() as session:
        hall_row = get_hall(session, hall)
        found = find_window(session, hall_row.id, window)
        hall_id, name = hall_row.id, found.name or f"{found.number}号窗口"
    people = on_duty(rt.db, hall_id, window, datetime.now(timezone.utc))
    return {"window": {"number": window, "name": name}, "staff": [
        {"id": p.staff_id, "name": p.name, "employee_no": p.employee_no,
         "photo_url": url_for("api.staff_photo", staff_id=p.staff_id, v=p.photo) if p.photo else None}
        for p in people]}


@blueprint.get("/staff/<staff_id>/photo")
@operation("getStaffPhoto", "A staff member's photo (JPEG or PNG) for the hall's screens",
           description="Answers the image itself; 404 `no_photo` without one. Read like the "
           "hall's screens (open mode, an enrolled device of the hall, or its staff).",
           path=StaffPath, answers={200: None}, errors=(401, 403),
           extra={"x-answer-media": {k: {"schema": {"type": "string", "format": "binary"}}
                                     for k in ("image/jpeg", "image/png")}})
def staff_photo(staff_id: int):  # type: ignore[no-untyped-def]
    rt = runtime()
    with rt.db.read() as session:
        row = session.execute(select(Staff.photo, Hall.code).join(Hall, Hall.id == Staff.hall_id)
                              .where(Staff.id == staff_id)).first()
    if row is None:
        raise NoPhoto()
    require_hall_viewer(row.code)
    path = photo_path(rt.settings.instance, row.photo)
    if path is None:
        raise NoPhoto()
    data = path.read_bytes()  # at most 1 MB (staff.photos)
    _, media = kind_of(data)
    response = Response(data, mimetype=media)
    # the URL names the file (?v=), and a new photo gets a new file name
    response.cache_control.max_age = 3600
    return response
