"""Socket.IO: who may connect to namespace ``/hall``, which rooms they join, the snapshot.

Screens and kiosks connect with ``auth={"hall": code}`` (optionally ``"window": n``); a
counter terminal may instead rely on its staff session cookie. A browser page of another
origin is refused before it reaches a handler, and a malformed ``auth`` is refused with a
reason (``bianmin.web.socket_guard``). Every client joins its
hall's room first and only then reads the snapshot, so nothing committed in between is
lost: an event is either in the snapshot or arrives after it. Clients are read-only: the
only event they may send is ``snapshot`` (ask again, a limited number of times a minute);
anything else, ``connect`` included, gets an error ack and never a traceback.
Counter actions go through the HTTP API, where the staff session is checked.
Events are emitted by ``bianmin.web.publish``; see docs/realtime.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Flask, request
from flask_socketio import SocketIO, emit, join_room, rooms
from limits.storage import storage_from_string
from socketio.exceptions import ConnectionRefusedError as Refused
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bianmin.catalog.models import Hall, Window
from bianmin.errors import BianminError
from bianmin.queue.snapshot import HallSnapshot, SnapshotCache
from bianmin.settings import Settings
from bianmin.web.clock_watch import note_device_clock
from bianmin.web.limits import RateLimits
from bianmin.web.presence import device_room, presence_of
from bianmin.web.publish import (
    NAMESPACE,
    hall_room,
    managers_room,
    snapshot_payload,
    staff_room,
    window_room,
)
from bianmin.web.runtime import runtime
from bianmin.web.socket_guard import AuthRefused, origin_check, validated_auth

log = logging.getLogger(__name__)

DEFAULT_CHANNEL = "bianmin"

READ_ONLY = {
    "error": "read_only",
    "message": "屏幕只能显示，不能操作：叫号等操作请在窗口终端登录后进行。",
}
TOO_MANY_SNAPSHOTS = {
    "error": "too_many_snapshots",
    "message": "请求过于频繁，请稍后再刷新。",
}


@dataclass(frozen=True)
class Viewer:
    """Whom a connection shows: a hall, and maybe one of its windows."""

    hall_id: int
    window_id: int | None
    # the enrolled device that connected with its token, if any (its own room)
    device_id: int | None = None


def init_realtime(app: Flask, settings: Settings) -> SocketIO:
    queue_url, channel = message_queue(settings.message_queue)
    socketio = SocketIO(
        app,
        async_mode=settings.async_mode,
        message_queue=queue_url,
        channel=channel,
        # screens and kiosks are pages of this same server, under whatever name it was
        # reached by; other origins only when listed (docs/realtime.md)
        cors_allowed_origins=origin_check(settings.allowed_origins),
    )
    parts = app.extensions["bianmin"].parts
    parts["snapshots"] = SnapshotCache()
    # per-connection counters: a connection lives in one process, so memory is the place
    parts["socket_limits"] = RateLimits(storage_from_string("memory://"))
    parts["socket_throttled"] = set()
    socketio.on_event("connect", on_connect, namespace=NAMESPACE)
    socketio.on_event("disconnect", on_disconnect, namespace=NAMESPACE)
    socketio.on_event("snapshot", on_snapshot, namespace=NAMESPACE)
    socketio.on_event("*", on_anything_else, namespace=NAMESPACE)
    socketio.on_error(NAMESPACE)(on_error)
    return socketio


def message_queue(url: str) -> tuple[str | None, str]:
    """The queue URL and its pub/sub channel: ``redis://host:6379/0?channel=NAME``.

    Redis pub/sub channels ignore the database number, so deployments (or test runs) that
    share one Redis server keep apart by channel; the default is ``bianmin``.
    """
    if not url:
        return None, DEFAULT_CHANNEL
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    channel = next((v for k, v in query if k == "channel" and v), DEFAULT_CHANNEL)
    rest = urlencode([(k, v) for k, v in query if k != "channel"])
    return urlunsplit(parts._replace(query=rest)), channel


def socketio_of(app: Flask) -> SocketIO:
    return app.extensions["socketio"]


def hall_snapshot(*, hall_id: int | None = None, hall_code: str | None = None) -> HallSnapshot:
    """The hall's snapshot now, from this process's cache while its version is current."""
    rt = runtime()
    cache: SnapshotCache = rt.parts["snapshots"]
    return cache.get(rt.db, hall_id=hall_id, hall_code=hall_code)


def on_connect(auth: Any = None) -> dict[str, str] | None:
    """Admit a screen or a counter, join its rooms, then send the snapshot."""
    if not _is_real_connect():
        # a client emitted an event named "connect": not a connection, answer like any other
        return on_anything_else("connect")
    try:
        checked = validated_auth(auth)
        viewer = identify(checked)
        join_room(hall_room(viewer.hall_id))
        if viewer.window_id is not None:
            join_room(window_room(viewer.window_id))
        staff_id = staff_id_of_session()
        if staff_id is not None:
            # a disabled account or a reset password signs this page out at once
            join_room(staff_room(staff_id))
        if viewer.device_id is not None:
            # 远程刷新 from /manage/devices reaches this device only (bianmin.web.presence)
            join_room(device_room(viewer.device_id))
            presence_of().joined(request.sid, viewer.device_id)  # type: ignore[attr-defined]
            # its browser's Date.now(): a lobby screen on the wrong time is told (clock_watch)
            note_device_clock(viewer.device_id, viewer.hall_id, checked.get("clock"))
        if manager_hall_of_session() == viewer.hall_id:
            # ratings and follow-ups (docs/ratings.md): for the hall's managers only
            join_room(managers_room(viewer.hall_id))
        body = snapshot_payload(hall_snapshot(hall_id=viewer.hall_id))
    except BianminError as error:
        raise Refused(error.message, {"error": error.code}) from None
    except SQLAlchemyError:
        log.warning("refused a connection: database unavailable", exc_info=True)
        raise Refused(
            "系统繁忙，请稍后再试。", {"error": "database_busy"}
        ) from None
    # to this process's own client: no detour through the message queue (works if it is down)
    emit("snapshot", body, ignore_queue=True)
    return None


def _is_real_connect() -> bool:
    """True in the connection handshake; False for a client event that is named "connect".

    For a real connection python-socketio passes the connection's WSGI environ as the
    first argument, which no client-sent JSON can be.
    """
    event = getattr(request, "event", None) or {}
    args = event.get("args") or ()
    return bool(args) and args[0] is request.environ


def on_disconnect(*_args: Any) -> None:
    parts = runtime().parts
    parts["socket_throttled"].discard(getattr(request, "sid", None))
    presence_of().left(getattr(request, "sid", ""))


def on_snapshot(*_data: Any) -> dict[str, str] | None:
    """A client that saw a version gap asks again: send it a fresh snapshot."""
    hall_ids = [int(r.split(":", 1)[1]) for r in rooms() if r.startswith("hall:")]
    if not hall_ids:
        return None
    if not _snapshot_allowed():
        return TOO_MANY_SNAPSHOTS
    try:
        body = snapshot_payload(hall_snapshot(hall_id=hall_ids[0]))
    except (BianminError, SQLAlchemyError):
        log.warning("could not read a snapshot for hall %s", hall_ids[0], exc_info=True)
        return None
    # to this process's own client: no detour through the message queue (works if it is down)
    emit("snapshot", body, ignore_queue=True)
    return None


def _snapshot_allowed() -> bool:
    """At most ``snapshot_limit_per_minute`` snapshots per connection; one log line past it."""
    rt = runtime()
    sid = request.sid  # type: ignore[attr-defined]
    limit = f"{max(1, rt.settings.snapshot_limit_per_minute)} per minute"
    if rt.parts["socket_limits"].allows(limit, "snapshot", sid):
        rt.parts["socket_limits"].hit(limit, "snapshot", sid)
        return True
    throttled: set = rt.parts["socket_throttled"]
    if sid not in throttled:
        throttled.add(sid)
        log.warning("connection %s asks for snapshots more than %s: refused past it", sid, limit)
    return False


def on_anything_else(event: Any, *_args: Any) -> dict[str, str]:
    """Screens are read-only: refuse every other event with an error ack."""
    log.info("refused client event %r on %s", str(event)[:80], NAMESPACE)
    return READ_ONLY


def on_error(error: Exception) -> dict[str, str]:
    """A client event that failed: one log line (no traceback for what a client sent)."""
    event = (getattr(request, "event", None) or {}).get("message", "?")
    log.warning("client event %r on %s failed: %s: %s", str(event)[:80], NAMESPACE,
                type(error).__name__, error)
    log.debug("client event failure", exc_info=error)
    return {"error": "event_failed", "message": "操作未能完成，请稍后再试。"}


def identify(auth: Any) -> Viewer:
    """The hall (and window) a connection asks for, from ``auth`` or the staff session."""
    if isinstance(auth, dict) and auth.get("hall") is not None:
        code = auth.get("hall")
        window = auth.get("window")
        if not isinstance(code, str) or not code:
            raise AuthRefused("hall 必须是服务中心代码，例如 demo。", code="invalid_hall")
        viewer = _viewer(_hall_by_code(code), _window_number(window))
        device_id = _admit_to_hall(code, auth.get("device"), viewer.hall_id)
        return Viewer(viewer.hall_id, viewer.window_id, device_id)
    staff = staff_of_session()
    if staff is not None:
        return _viewer(staff[0], staff[1])
    raise AuthRefused(
        "请在连接参数中指明服务中心（auth={\"hall\": \"demo\"}），或先在窗口终端登录。",
        code="hall_required",
    )


def _admit_to_hall(code: str, token: Any, hall_id: int) -> int | None:
    """A hall not in open mode shows itself to its enrolled devices and its staff only.

    Returns the id of the enrolled device of the hall that connected with its token (in
    open mode too, so that it can be reloaded remotely; there a stale token is ignored).
    """
    from bianmin.devices.service import device_for_token
    from bianmin.web.devices import hall_is_open

    is_open = hall_is_open(runtime().settings, code)
    if token is not None:
        device = device_for_token(runtime().db, token, address=request.remote_addr or "") \
            if isinstance(token, str) else None
        if device is None:
            if is_open:
                return None
            raise AuthRefused("这块屏幕的注册已失效，请联系工作人员重新注册。", code="device_unknown")
        if device.hall_id != hall_id:
            if is_open:
                return None
            raise AuthRefused("这块屏幕属于另一个服务中心，请检查屏幕地址。", code="device_not_allowed")
        return device.id
    if is_open:
        return None
    staff = staff_of_session()
    if staff is not None and staff[0] == hall_id:
        return None
    raise AuthRefused("这块屏幕尚未注册，不能显示本服务中心。请工作人员在本机打开 /enrol 输入注册码。",
                      code="device_required")


def staff_of_session() -> tuple[int, int | None] | None:
    """(hall id, window number or None) of a signed-in staff member's session, if any."""
    from bianmin.api.session import current_staff  # the one place that says what "signed in" is

    try:
        live = current_staff()
    except BianminError:
        return None
    return live.hall_id, live.window_number


def staff_id_of_session() -> int | None:
    """The account of this connection's staff session cookie, if any."""
    from bianmin.api.session import current_staff

    try:
        return current_staff().staff_id
    except BianminError:
        return None


def manager_hall_of_session() -> int | None:
    """The hall of a signed-in manager's session (with or without a window), else None."""
    from bianmin.api.session import current_staff
    from bianmin.staff.roles import is_manager

    try:
        live = current_staff()
    except BianminError:
        return None
    return live.hall_id if is_manager(live.role) else None


def _window_number(value: Any) -> int | None:
    """The window of a validated ``auth`` (socket_guard made it an int or left it out)."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise AuthRefused("window 必须是窗口号（正整数）。", code="invalid_window")
    return value


def _hall_by_code(code: str) -> int:
    with runtime().db.read() as db_session:
        hall_id = db_session.scalar(select(Hall.id).where(Hall.code == code))
    if hall_id is None:
        raise AuthRefused(f"没有找到服务中心“{code}”，请检查屏幕地址。", code="unknown_hall")
    return hall_id


def _viewer(hall_id: int, window_number: int | None) -> Viewer:
    if window_number is None:
        return Viewer(hall_id, None)
    with runtime().db.read() as db_session:
        window_id = db_session.scalar(
            select(Window.id).where(Window.hall_id == hall_id, Window.number == window_number)
        )
    if window_id is None:
        raise AuthRefused(f"本服务中心没有{window_number}号窗口。", code="unknown_window")
    return Viewer(hall_id, window_id)
