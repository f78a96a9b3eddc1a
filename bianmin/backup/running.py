"""Is a hall's server running on this installation? (restore and upgrade refuse if so)

Two signs, either one is enough:

* ``<instance>/serve.lock``: ``bianmin serve`` holds a shared ``flock`` on it for as long as
  the process lives (the kernel drops it when the process dies, even by a power cut or
  kill -9, so a stale file never blocks a restore). Another process asks for an exclusive
  lock without waiting: refused means a server of this instance is up on this machine.
* the ``print_worker`` heartbeat table: every server process beats every
  ``print_heartbeat_seconds``; a beat within the last three means a server is up somewhere
  (on a county server, possibly on another machine sharing the PostgreSQL database).
"""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

LOCK_FILE = "serve.lock"


def hold_serve_lock(instance: Path) -> IO[str]:
    """Take the server's shared lock; keep the returned file open for the process's life."""
    instance.mkdir(parents=True, exist_ok=True)
    handle = (instance / LOCK_FILE).open("a+", encoding="utf-8")
    fcntl.flock(handle, fcntl.LOCK_SH)
    handle.seek(0, os.SEEK_END)
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def server_holds_lock(instance: Path) -> bool:
    path = instance / LOCK_FILE
    if not path.exists():
        return False
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def recent_heartbeat(database_url: str, heartbeat_seconds: float) -> bool:
    """A print worker beat within three beats (False when the database cannot tell)."""
    from sqlalchemy import inspect, select
    from sqlalchemy.exc import SQLAlchemyError

    from bianmin.db import Database
    from bianmin.printer.models import PrintWorker

    if database_url.startswith("sqlite:///") and not Path(database_url[10:]).exists():
        return False
    db = Database(database_url)
    try:
        if not inspect(db.engine).has_table("print_worker"):
            return False
        since = datetime.now(UTC) - timedelta(seconds=3 * max(heartbeat_seconds, 0.2))
        with db.read() as session:
            beats = session.scalars(select(PrintWorker.heartbeat_at)).all()
        return any(_aware(beat) >= since for beat in beats)
    except SQLAlchemyError:
        return False
    finally:
        db.dispose()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def hall_is_running(instance: Path, database_url: str, heartbeat_seconds: float) -> bool:
    return server_holds_lock(instance) or recent_heartbeat(database_url, heartbeat_seconds)
