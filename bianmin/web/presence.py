"""Enrolled devices connected over Socket.IO: their room, their contact, remote reload.

A screen or kiosk that connects with its device token joins the room ``device:<id>``
(bianmin.realtime), so that a manager's 远程刷新 reaches exactly that device, in whatever
server process it is connected to (through the message queue). Each process also keeps
which devices are connected to it and, every third of ``device_online_seconds``, notes
their contact (``last_seen_at``): a lobby screen that only listens still shows 在线 on
/manage/devices, and one whose process died shows 离线 after ``device_online_seconds``.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone

from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from bianmin.devices.service import touch_devices
from bianmin.web.publish import NAMESPACE

log = logging.getLogger(__name__)

RELOAD = "device.reload"


def device_room(device_id: int) -> str:
    return f"device:{device_id}"


class Presence:
    """Which enrolled devices are connected to this process (sid → device id)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sids: dict[str, int] = {}

    def joined(self, sid: str, device_id: int) -> None:
        with self._lock:
            self._sids[sid] = device_id

    def left(self, sid: str) -> None:
        with self._lock:
            self._sids.pop(sid, None)

    def device_ids(self) -> set[int]:
        with self._lock:
            return set(self._sids.values())


def presence_of(app: Flask | None = None) -> Presence:
    parts = (app or current_app).extensions["bianmin"].parts
    if "presence" not in parts:
        parts["presence"] = Presence()
    return parts["presence"]


def start_presence(app: Flask) -> None:
    """Note the contact of this process's connected devices every third of
    ``device_online_seconds`` (a background task of ``bianmin serve``)."""
    socketio = app.extensions["socketio"]
    rt = app.extensions["bianmin"]
    presence = presence_of(app)
    every = max(1.0, rt.settings.device_online_seconds / 3)

    def loop() -> None:
        while True:
            socketio.sleep(every)
            ids = presence.device_ids()
            if not ids:
                continue
            try:
                touch_devices(rt.db, ids, datetime.now(timezone.utc))
            except SQLAlchemyError as error:
                log.warning("could not note the contact of connected devices: %s", error)
            except Exception:  # noqa: BLE001 - the loop must outlive one bad round
                log.exception("could not note the contact of connected devices")

    socketio.start_background_task(loop)


def reload_device(device_id: int, reason: str = "manager") -> None:
    """Tell the device's open page(s) to load themselves again, now (through the queue)."""
    socketio = current_app.extensions["socketio"]
    try:
        socketio.emit(RELOAD, {"device_id": device_id, "reason": reason},
                      to=device_room(device_id), namespace=NAMESPACE)
    except Exception:  # noqa: BLE001 - Redis down: the change stands; logged
        log.exception("could not send %s to device %s", RELOAD, device_id)


def connected_here(device_id: int) -> bool:
    """True if the device has a connection to this process (other processes not known)."""
    return device_id in presence_of().device_ids()

