"""Staff sign-in at a window: ``/api/v1/session`` (contract), and who may act where.

The session is Flask's signed cookie (HttpOnly, SameSite=Lax) holding the staff id, the
hall id and the window number; every counter request re-checks the account in the
database, so a disabled account or a withdrawn window stops working at once. The secret
key lives in the instance folder, so a server restart keeps staff signed in.
"""

from __future__ import annotations

import time

from flask import session

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.shapes.session import SignedOut, SignIn, StaffSession
from bianmin.staff.errors import AccountUnavailable, NotSignedIn, WrongWindow
from bianmin.staff.service import Seat, authenticate, staff_at_window
from bianmin.web.jsonbody import read_json
from bianmin.web.runtime import runtime

# a sign-in lasts one working day at most; the next morning staff sign in again
MAX_SESSION_SECONDS = 16 * 3600


def require_json() -> dict:
    """The JSON body of a state-changing request; other content types get 415 (no CSRF).

    Prefer declaring the body (bianmin.api.declare.operation), which also validates it.
    """
    return read_json(allow_empty=True)


@blueprint.post("/session")
@operation("signIn", "Sign in at a window",
           description="Wrong password and unknown user get the same 401. A window the account "
           "may not serve gets 403, a window the hall lacks 404.",
           body=SignIn, answers={200: StaffSession}, errors=(401, 403, 404))
def sign_in(body: SignIn):  # type: ignore[no-untyped-def]
    """Sign a member of staff in at one window of their hall."""
    username, password, window = body.username, body.password, body.window
    db = runtime().db
    staff = authenticate(db, username, password)
    seat = staff_at_window(db, staff.id, window)
    session.clear()
    session.update(staff_id=staff.id, hall_id=staff.hall_id, window=window,
                   signed_in_at=int(time.time()))
    return session_body(seat)


@blueprint.delete("/session")
@operation("signOut", "Sign out", answers={200: SignedOut})
def sign_out():  # type: ignore[no-untyped-def]
    """Sign out: the cookie is emptied; the window's tickets stay as they are."""
    session.clear()
    return {"signed_in": False}


@blueprint.get("/session")
@operation("getSession", "Who is signed in at which window (extension)",
           answers={200: StaffSession}, errors=(401, 403, 404))
def who_is_signed_in():  # type: ignore[no-untyped-def]
    """Who is signed in at which window (401 when nobody)."""
    staff_id, window = signed_in()
    return session_body(_recheck(staff_id, window))


def signed_in() -> tuple[int, int]:
    """(staff id, window number) of this browser's session, or NotSignedIn."""
    staff_id, window = session.get("staff_id"), session.get("window")
    started = session.get("signed_in_at", 0)
    if not isinstance(staff_id, int) or not isinstance(window, int):
        raise NotSignedIn()
    if not isinstance(started, int) or time.time() - started > MAX_SESSION_SECONDS:
        session.clear()
        raise NotSignedIn("登录已过期，请重新登录。", code="session_expired")
    return staff_id, window


def staff_for(window: int) -> Seat:
    """The signed-in staff member, allowed to act at ``window`` (their own) only."""
    staff_id, signed_window = signed_in()
    if window != signed_window:
        raise WrongWindow(
            f"您登录的是 {signed_window} 号窗口，只能操作本人登录的窗口。",
            signed_in_window=signed_window,
        )
    return _recheck(staff_id, window)


def _recheck(staff_id: int, window: int) -> Seat:
    try:
        return staff_at_window(runtime().db, staff_id, window)
    except AccountUnavailable:
        session.clear()
        raise


def session_body(seat: Seat) -> dict:
    staff = seat.staff
    return {
        "signed_in": True,
        "staff": {
            "id": staff.id, "username": staff.username, "display_name": staff.display_name,
            # null: every window of the hall
            "windows": staff.windows,
        },
        "hall": {"code": staff.hall_code, "name": seat.hall_name},
        "window": {"number": seat.window_number, "name": seat.window_name},
    }
