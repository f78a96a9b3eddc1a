"""Counter pages: a sign-in form and the window's screen; both draw themselves from the API.

The pages only carry what the script needs before its first request (hall, window, staff
name, the API's base path); everything else comes from ``/api/v1/windows/<n>``.
"""

from __future__ import annotations

from flask import redirect, render_template, url_for
from werkzeug.wrappers import Response

from bianmin.api.session import signed_in, staff_for
from bianmin.counter import blueprint
from bianmin.errors import BianminError
from bianmin.queue.window_view import hall_timezone
from bianmin.staff.service import Seat
from bianmin.web.runtime import runtime

API_BASE = "/api/v1"


def _seat() -> Seat | None:
    """The signed-in staff member at their window, or None (any session problem)."""
    try:
        _staff_id, window = signed_in()
        return staff_for(window)
    except BianminError:
        return None


@blueprint.get("/")
def sign_in_page() -> Response | str:
    """The sign-in form; a member of staff already signed in goes to their window."""
    if _seat() is not None:
        return redirect(url_for("counter.window_page"))
    return render_template("counter/signin.html", config={"api": API_BASE,
                                                         "next": url_for("counter.window_page")})


@blueprint.get("/window")
def window_page() -> Response | str:
    """The counter screen of the window this browser is signed in at."""
    seat = _seat()
    if seat is None:
        return redirect(url_for("counter.sign_in_page"))
    config = {
        "api": API_BASE,
        "window": seat.window_number,
        "window_name": seat.window_name,
        "hall": seat.staff.hall_code,
        "hall_name": seat.hall_name,
        "timezone": hall_timezone(runtime().db, seat.staff.hall_id),
        "staff": seat.staff.display_name,
        "sign_in": url_for("counter.sign_in_page"),
        # live events refresh the screen at once; this poll is the fallback
        "refresh_seconds": 15,
        "socketio": url_for("static", filename="vendor/socket.io/socket.io.min.js"),
    }
    return render_template("counter/window.html", seat=seat, config=config)
