"""How far other clocks are from this server's: the database's and the devices'.

A hall's business day, its opening hours and every ticket's time come from the server's
clock; a database server or a lobby screen on another time mixes days and shows wrong
times. The server warns (log and 实时概况) past ``clock_skew_warn_seconds``
(docs/deployment.md, "Time").

SQLite has no clock of its own (``now`` there is this process's): no database check then.
A device's skew is measured from the ``Date.now()`` its browser sends on connecting; the
network's delay (well under a second on a LAN) is in the figure.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import text

from bianmin.db import Database


def database_skew(db: Database, now: datetime | None = None) -> float | None:
    """Seconds the database's clock is ahead of ours (negative: behind); None on SQLite."""
    if db.is_sqlite:
        return None
    with db.read() as session:
        theirs = session.execute(text("SELECT now()")).scalar_one()
    ours = now or datetime.now(timezone.utc)
    return (theirs - ours).total_seconds()


def device_skew(device_ms: int, now: datetime | None = None) -> float:
    """Seconds a device's clock (``Date.now()``, ms since the epoch) is ahead of ours."""
    ours = now or datetime.now(timezone.utc)
    return device_ms / 1000 - ours.timestamp()


@dataclass(frozen=True)
class DeviceSkew:
    device_id: int
    hall_id: int
    seconds: float
    at: datetime


class DeviceClocks:
    """The last skew measured of each device that connected to this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._skews: dict[int, DeviceSkew] = {}

    def note(self, skew: DeviceSkew) -> None:
        with self._lock:
            self._skews[skew.device_id] = skew

    def of_hall(self, hall_id: int) -> list[DeviceSkew]:
        with self._lock:
            return [s for s in self._skews.values() if s.hall_id == hall_id]


def too_far(seconds: float | None, limit: float) -> bool:
    return seconds is not None and abs(seconds) > limit
