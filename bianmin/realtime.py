"""Socket.IO: who may connect to namespace ``/hall``, which rooms they join, the snapshot.

Screens and kiosks connect with ``auth={"hall": code}`` (optionally ``"window": n``); a
counter terminal may instead rely on its staff session cookie. Every client joins its
hall's room first and only then reads the snapshot, so nothing committed in between is
lost: an event is either in the snapshot or arrives after it. Clients are read-only: the
only event they may send is ``snapshot`` (ask again); anything else gets an error ack.
Counter actions go through the HTTP API, where the staff session is checked.
Events are emitted by ``bianmin.web.publish``; see docs/realtime.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Flask
from flask_socketio import SocketIO, emit, join_room, rooms
from socketio.exceptions import ConnectionRefusedError as Refused
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bianmin.catalog.models import Hall, Window
from bianmin.errors import BianminError
from bianmin.queue.snapshot import HallSnapshot, SnapshotCache
from bianmin.settings import Settings
from bianmin.web.publish import NAMESPACE, hall_room, snapshot_payload, window_room
from bianmin.web.runtime import runtime

log = logging.getLogger(__name__)

DEFAULT_CHANNEL = "bianmin"

READ_ONLY = {
    "error": "read_only",
    "message": "屏幕只能显示，不能操作：叫号等操作请在窗口终端登录后进行。",
}


@dataclass(frozen=True)
class Viewer:
    """Whom a connection shows: a hall, and maybe one of its windows."""

    hall_id: int
    window_id: int | None


def init_realtime(app: Flask, settings: Settings) -> SocketIO:
    queue_url, channel = message_queue(settings.message_queue)
    socketio = SocketIO(
        app,
        async_mode=settings.async_mode,
        message_queue=queue_url,
        channel=channel,
        # screens and kiosks are served from this same server
        cors_allowed_origins=[],
    )
    app.extensions["bianmin"].parts["snapshots"] = SnapshotCache()
    socketio.on_event("connect", on_connect, namespace=NAMESPACE)
    socketio.on_event("snapshot", on_snapshot, namespace=NAMESPACE)
    socketio.on_event("*", on_anything_else, namespace=NAMESPACE)
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


def on_connect(auth: Any = None) -> None:
    """Admit a screen or a counter, join its rooms, then send the snapshot."""
    try:
        viewer = identify(auth)
        join_room(hall_room(viewer.hall_id))
        if viewer.window_id is not None:
            join_room(window_room(viewer.window_id))
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


def on_snapshot(_data: Any = None) -> None:
    """A client that saw a version gap asks again: send it a fresh snapshot."""
    hall_ids = [int(r.split(":", 1)[1]) for r in rooms() if r.startswith("hall:")]
    if not hall_ids:
        return
    try:
        body = snapshot_payload(hall_snapshot(hall_id=hall_ids[0]))
    except (BianminError, SQLAlchemyError):
        log.warning("could not read a snapshot for hall %s", hall_ids[0], exc_info=True)
        return
    # to this process's own client: no detour through the message queue (works if it is down)
    emit("snapshot", body, ignore_queue=True)


def on_anything_else(event: str, *_args: Any) -> dict[str, str]:
    """Screens are read-only: refuse every other event with an error ack."""
    log.info("refused client event %r on %s", event, NAMESPACE)
    return READ_ONLY


def identify(auth: Any) -> Viewer:
    """The hall (and window) a connection asks for, from ``auth`` or the staff session."""
    if isinstance(auth, dict) and auth.get("hall") is not None:
        code = auth.get("hall")
        window = auth.get("window")
        if not isinstance(code, str) or not code:
            raise AuthRefused("hall 必须是服务中心代码，例如 demo。", code="invalid_hall")
        return _viewer(_hall_by_code(code), _window_number(window))
    staff = staff_of_session()
    if staff is not None:
        return _viewer(staff[0], staff[1])
    raise AuthRefused(
        "请在连接参数中指明服务中心（auth={\"hall\": \"demo\"}），或先在窗口终端登录。",
        code="hall_required",
    )


def staff_of_session() -> tuple[int, int | None] | None:
    """(hall id, window number or None) of a signed-in staff member's session, if any."""
    from bianmin.api.session import current_staff  # the one place that says what "signed in" is

    try:
        live = current_staff()
    except BianminError:
        return None
    return live.hall_id, live.window_number


class AuthRefused(BianminError):
    code = "refused"
    message = "连接参数有误。"


def _window_number(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
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
