"""GET /api/v1/halls: the halls a signed-in manager may look at (the hall switcher).

A hall's manager sees their own hall; a county manager (role ``county``) sees every hall of
the server. Window staff 403 (``manager_only``), signed out 401.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.session import require_manager
from bianmin.api.shapes.stats_halls import HallList
from bianmin.catalog.models import Hall
from bianmin.staff.roles import is_county
from bianmin.staff.sessions import LiveSession
from bianmin.web.runtime import runtime


def any_manager(**_: Any) -> LiveSession:
    return require_manager()


@blueprint.get("/halls")
@operation("listHalls", "The halls this manager may look at (managers)",
           description="A hall's manager: their own hall; a county manager: every hall of the "
           "server, sorted by code. 401 signed out, 403 window staff.",
           auth=any_manager, answers={200: HallList}, tag="stats")
def list_halls(auth: LiveSession):  # type: ignore[no-untyped-def]
    county = is_county(auth.role)
    with runtime().db.read() as session:
        query = select(Hall.id, Hall.code, Hall.name, Hall.timezone).order_by(Hall.code)
        if not county:
            query = query.where(Hall.id == auth.hall_id)
        rows = session.execute(query).all()
    home = next((r.code for r in rows if r.id == auth.hall_id), "")
    return {"county": county, "home": home,
            "halls": [{"code": r.code, "name": r.name, "timezone": r.timezone} for r in rows]}
