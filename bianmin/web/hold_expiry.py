"""``bianmin serve`` closes 挂起 holds that ran out, in the background (docs/counter.md).

Every call at a window already closes its hall's expired holds first (queue/hold.py); this
pass catches the rest (a quiet afternoon, a window that never calls again), every
``hold_check_seconds``. One short write transaction per round, only when some ticket is
held; the 过号 events are published after the commit like any counter action's. A failed
round is logged and tried again at the next one; several processes may run it at once
(PostgreSQL skips rows another process has locked, SQLite takes turns).
"""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from bianmin.queue.hold import expire_all_holds
from bianmin.web import publish

log = logging.getLogger(__name__)


def start_hold_expiry(app: Flask) -> None:
    runtime = app.extensions["bianmin"]
    seconds = runtime.settings.hold_check_seconds
    if seconds <= 0:
        return
    socketio = app.extensions["socketio"]

    def loop() -> None:
        while True:
            socketio.sleep(seconds)
            try:
                events = expire_all_holds(runtime.db)
                if events:
                    log.info("holds: %d ran out and were closed as 过号", len(events))
                    with app.app_context():
                        publish.events(events)
            except SQLAlchemyError as error:
                log.warning("could not close expired holds, trying again later: %s", error)
            except Exception:  # noqa: BLE001 - the loop must outlive one bad round
                log.exception("could not close expired holds")

    socketio.start_background_task(loop)
