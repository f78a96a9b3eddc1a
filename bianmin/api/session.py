"""Staff sign-in: ``/api/v1/session`` (contract), and who may act where.

The session lives in the database (``staff_session``, bianmin.staff.sessions); Flask's
signed cookie (HttpOnly, SameSite=Lax, Secure when the public URL is https) holds only its
random token. Every request looks the row up, so sign-out, a password reset, disabling the
account or ``bianmin staff sign-out`` end the session at once in every server process.
The sign-in itself (limits, lockout, the password check off the event loop, the audit) is
bianmin.web.signin.
"""

from __future__ import annotations

from flask import g, request, session

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.shapes.session import SignedOut, SignIn, StaffSession
from bianmin.errors import Forbidden
from bianmin.staff.errors import AccountUnavailable, NotSignedIn, WrongWindow
from bianmin.staff.roles import is_manager
from bianmin.staff.service import Seat, staff_at_window, staff_info
from bianmin.staff.sessions import EndReason, LiveSession, check_session, end_session, end_session_of_token
from bianmin.web import publish, signin
from bianmin.web.jsonbody import read_json
from bianmin.web.runtime import runtime

# the Flask session key holding the session token
TOKEN = "token"


def require_json() -> dict:
    """The JSON body of a state-changing request; other content types get 415 (no CSRF).

    Prefer declaring the body (bianmin.api.declare.operation), which also validates it.
    """
    return read_json(allow_empty=True)


@blueprint.post("/session")
@operation("signIn", "Sign in at a window (a manager: with or without one)",
           description="Wrong password and unknown user get the same 401. A window the account "
           "may not serve gets 403, a window the hall lacks 404. Attempts are limited per "
           "client address and per username, and repeated failures lock the username for a "
           "while: 429 with Retry-After (docs/security.md).",
           body=SignIn, answers={200: StaffSession}, errors=(401, 403, 404, 429))
def sign_in(body: SignIn):  # type: ignore[no-untyped-def]
    """Sign a member of staff in at one window of their hall (a manager: window optional)."""
    done = signin.sign_in(runtime(), signin.Attempt(
        username=body.username, password=body.password, window=body.window,
        address=request.remote_addr or "", user_agent=request.user_agent.string,
        desk=body.desk if body.window is None else None,
    ))
    previous = session.get(TOKEN)
    if isinstance(previous, str):
        # this browser's earlier session ends: one browser, one live session
        ended = end_session_of_token(runtime().db, previous, EndReason.SIGN_OUT,
                                     address=request.remote_addr or "")
        if ended is not None:
            publish.on_duty_changed(ended.hall_id, ended.window_number)
    session.clear()
    session[TOKEN] = done.token
    if done.seat is None:
        return _no_window_body(done.staff.id)
    publish.on_duty_changed(done.staff.hall_id, done.seat.window_number)
    return session_body(done.seat)


@blueprint.delete("/session")
@operation("signOut", "Sign out", answers={200: SignedOut})
def sign_out():  # type: ignore[no-untyped-def]
    """Sign out: the session row is ended; the window's tickets stay as they are."""
    token = session.get(TOKEN)
    if isinstance(token, str):
        ended = end_session_of_token(runtime().db, token, EndReason.SIGN_OUT,
                                     address=request.remote_addr or "")
        if ended is not None:
            publish.on_duty_changed(ended.hall_id, ended.window_number)
    session.clear()
    return {"signed_in": False}


@blueprint.get("/session")
@operation("getSession", "Who is signed in at which window (extension)",
           answers={200: StaffSession}, errors=(401, 403, 404))
def who_is_signed_in():  # type: ignore[no-untyped-def]
    """Who is signed in at which window (401 when nobody)."""
    live = current_staff()
    if live.window_number is None:
        return _no_window_body(live.staff_id)
    return session_body(_recheck(live.staff_id, live.window_number))


def current_staff() -> LiveSession:
    """This request's live session (account, hall, role, window), or NotSignedIn.

    Looked up once per request; a session whose account was disabled is ended here.
    """
    cached = g.get("bianmin_staff_session")
    if cached is not None:
        return cached
    token = session.get(TOKEN)
    if not isinstance(token, str):
        raise NotSignedIn()
    db = runtime().db
    try:
        live = check_session(db, token)
    except NotSignedIn:
        session.clear()
        raise
    if not live.active:
        end_session(db, live.id, EndReason.DISABLED, address=request.remote_addr or "")
        session.clear()
        raise AccountUnavailable()
    g.bianmin_staff_session = live
    return live


def require_manager() -> LiveSession:
    """This request's session if its account is a manager (any window or none), else 403."""
    live = current_staff()
    if not is_manager(live.role):
        raise Forbidden("这项操作需要管理员账号，请用管理员账号登录。", code="manager_only")
    return live


def signed_in() -> tuple[int, int | None]:
    """(staff id, window number) of this browser's session, or NotSignedIn.

    The window is None only for a manager signed in without one.
    """
    live = current_staff()
    return live.staff_id, live.window_number


def staff_for(window: int | None) -> Seat:
    """The signed-in staff member, allowed to act at ``window`` (their own) only."""
    live = current_staff()
    if live.window_number is None:
        raise WrongWindow("您登录时没有选择窗口：办理业务请退出后在窗口终端登录。", code="no_window")
    if window != live.window_number:
        raise WrongWindow(
            f"您登录的是 {live.window_number} 号窗口，只能操作本人登录的窗口。",
            signed_in_window=live.window_number,
        )
    return _recheck(live.staff_id, window)


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
            "role": staff.role,
        },
        "hall": {"code": staff.hall_code, "name": seat.hall_name},
        "window": {"number": seat.window_number, "name": seat.window_name},
    }


def _no_window_body(staff_id: int) -> dict:
    """A manager signed in without a window: the same body with ``window`` null."""
    staff, hall_name = staff_info(runtime().db, staff_id)
    return {
        "signed_in": True,
        "staff": {"id": staff.id, "username": staff.username, "display_name": staff.display_name,
                  "windows": staff.windows, "role": staff.role},
        "hall": {"code": staff.hall_code, "name": hall_name},
        "window": None,
    }
