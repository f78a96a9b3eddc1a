"""Clock skew in the running server: a log line when a device or the database is off, the
figures for 实时概况, and a check of the database's clock at start and every ten minutes."""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from bianmin.clock_skew import DeviceClocks, DeviceSkew, database_skew, device_skew, too_far

log = logging.getLogger(__name__)

DATABASE_EVERY_SECONDS = 600


def device_clocks(app: Flask | None = None) -> DeviceClocks:
    parts = (app or current_app).extensions["bianmin"].parts
    if "device_clocks" not in parts:
        parts["device_clocks"] = DeviceClocks()
    return parts["device_clocks"]


def note_device_clock(device_id: int, hall_id: int, clock_ms: object) -> None:
    """Keep the skew a connecting device's ``Date.now()`` shows; warn past the limit."""
    if isinstance(clock_ms, bool) or not isinstance(clock_ms, int):
        return  # an old page that does not send its clock
    now = datetime.now(timezone.utc)
    seconds = device_skew(clock_ms, now)
    device_clocks().note(DeviceSkew(device_id, hall_id, seconds, now))
    limit = current_app.extensions["bianmin"].settings.clock_skew_warn_seconds
    if too_far(seconds, limit):
        log.warning("the clock of device %s differs from the server's by %+.0f s (limit %s s): "
                    "set its time (docs/deployment.md)", device_id, seconds, limit)


def check_database_clock(app: Flask) -> float | None:
    """The database's skew, with a warning past the limit; None on SQLite or when unknown."""
    rt = app.extensions["bianmin"]
    try:
        seconds = database_skew(rt.db)
    except SQLAlchemyError as error:
        log.warning("could not read the database's clock: %s", error)
        return None
    if too_far(seconds, rt.settings.clock_skew_warn_seconds):
        log.warning("the database's clock differs from the server's by %+.0f s (limit %s s): "
                    "set both to the same time source (docs/deployment.md)",
                    seconds, rt.settings.clock_skew_warn_seconds)
    return seconds


def start_clock_check(app: Flask) -> None:
    """Check the database's clock now and every ten minutes (a task of ``bianmin serve``)."""
    socketio = app.extensions["socketio"]
    if app.extensions["bianmin"].db.is_sqlite:
        return  # SQLite has no clock of its own

    def loop() -> None:
        while True:
            try:
                check_database_clock(app)
            except Exception:  # noqa: BLE001 - the loop must outlive one bad round
                log.exception("could not check the database's clock")
            socketio.sleep(DATABASE_EVERY_SECONDS)

    socketio.start_background_task(loop)
