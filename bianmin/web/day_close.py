"""``bianmin serve`` closes each hall's business day in the background (queue/day_close.py).

Every ``day_close_seconds`` (default a minute) it closes what is due: a hall's tickets left
waiting or called once its last opening range of the day has ended, and any hall's
left-overs of earlier days after midnight. Nothing due is a few index lookups. The closing
is published (``queue.changed``), so screens drop the closed tickets from their counts. The
stats roll-up runs the same closing first, so a day is never frozen with tickets left open.
A failure is logged and tried again next round; several processes may run it at once (the
second finds nothing left).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from bianmin.queue.day_close import close_due

log = logging.getLogger(__name__)


def close_round(app: Flask) -> int:
    """One round: close what is due, publish it; the number of tickets closed."""
    from bianmin.web import publish

    runtime = app.extensions["bianmin"]
    done = close_due(runtime.db, datetime.now(timezone.utc))
    with app.app_context():
        for closed in done:
            publish.events(closed.events)
            log.info("day close: %s up to %s, %d ticket(s) closed unserved", closed.hall_code,
                     closed.last_day.isoformat(), closed.tickets)
    return sum(c.tickets for c in done)


def start_day_close(app: Flask) -> None:
    seconds = app.extensions["bianmin"].settings.day_close_seconds
    if seconds <= 0:
        return
    socketio = app.extensions["socketio"]

    def loop() -> None:
        while True:
            try:
                close_round(app)
            except SQLAlchemyError as error:
                log.warning("day close failed, trying again later: %s", error)
            except Exception:  # noqa: BLE001 - the loop must outlive one bad round
                log.exception("day close failed")
            socketio.sleep(seconds)

    socketio.start_background_task(loop)
