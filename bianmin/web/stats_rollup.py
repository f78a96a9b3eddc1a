"""``bianmin serve`` rolls up closed business days in the background (docs/statistics.md).

At start: every closed day not rolled up yet, of every hall (the past, after an upgrade or a
server that was off). Then every ``stats_rollup_minutes``: only the last few days, which is a
few index lookups when there is nothing to do. Each day is its own short write transaction
(``bianmin.stats.rollup``), never on a ticket's write path; a failure is logged and tried
again at the next round. Several processes may do it at once: each day is written once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from bianmin.stats.rollup import roll_up_closed
from bianmin.web.day_close import close_round

log = logging.getLogger(__name__)
# the periodic round looks back this many days (a server off for longer catches up at start)
RECENT_DAYS = 7


def start_rollup(app: Flask) -> None:
    runtime = app.extensions["bianmin"]
    minutes = runtime.settings.stats_rollup_minutes
    if minutes <= 0:
        return
    socketio = app.extensions["socketio"]

    def loop() -> None:
        recent: int | None = None  # the first round looks at every day
        while True:
            try:
                # a day is frozen only once its left-over tickets are closed (未办理)
                close_round(app)
                done = roll_up_closed(runtime.db, datetime.now(timezone.utc), recent_days=recent,
                                      between=lambda: socketio.sleep(0))
                if done:
                    log.info("stats: rolled up %d day(s), %d tickets", len(done),
                             sum(d.tickets for d in done))
                recent = RECENT_DAYS
            except SQLAlchemyError as error:
                log.warning("stats roll-up failed, trying again later: %s", error)
            except Exception:  # noqa: BLE001 - the loop must outlive one bad round
                log.exception("stats roll-up failed")
            socketio.sleep(minutes * 60)

    socketio.start_background_task(loop)
