"""The guide desk page: one shell per hall; the script signs in and draws from ``/api/v1``.

The shell says whether this browser is already signed in as staff of the hall, so the desk
opens on the search (or on the sign-in form) without a first request.
"""

from __future__ import annotations

from flask import render_template

from bianmin.api.session import current_staff
from bianmin.catalog.queries import get_hall
from bianmin.errors import BianminError
from bianmin.guide_desk import blueprint
from bianmin.web.runtime import runtime

API_BASE = "/api/v1"


def _staff_name(hall_id: int) -> str | None:
    """The display name of this browser's signed-in staff member of the hall, or None."""
    try:
        live = current_staff()
    except BianminError:
        return None
    return (live.display_name or live.username) if live.hall_id == hall_id else None


@blueprint.get("/<hall>/")
def desk(hall: str) -> str:
    """The guide desk of a hall; unknown halls get the Chinese 404 page."""
    with runtime().db.read() as session:
        found = get_hall(session, hall)
    config = {
        "api": API_BASE,
        "hall": {"code": found.code, "name": found.name},
        "staff": _staff_name(found.id),
    }
    return render_template("guide_desk/desk.html", hall=found, config=config)
