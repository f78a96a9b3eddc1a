"""``bianmin serve`` backs up the database every day at ``backup_time`` (docs/operations.md).

A background task like the stats roll-up: it sleeps until the next ``backup_time`` (the
server's local clock, in steps of at most a minute so a clock change is noticed), takes one
backup into ``backup_dir`` and deletes the ones older than ``backup_keep_days``. The copy
itself runs on a real OS thread (eventlet's thread pool), so the kiosks never wait for it;
a failure (disk full, pg_dump missing) is logged as an error and tried again the next day.
With several server processes on one PostgreSQL database, each takes its own dump: set
``backup_time`` on one of them only.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask

from bianmin.backup import BackupError
from bianmin.backup.folder import backup_folder, label
from bianmin.backup.rotate import prune
from bianmin.backup.take import take_backup
from bianmin.settings import Settings
from bianmin.web.printing import offload_for

log = logging.getLogger(__name__)


def next_run(now_local: datetime, backup_time: str) -> datetime:
    """The next local moment at ``HH:MM`` strictly after ``now_local``."""
    hours, minutes = (int(part) for part in backup_time.split(":"))
    today = now_local.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    return today if today > now_local else today + timedelta(days=1)


def daily_backup(settings: Settings) -> Path:
    """One scheduled round: a backup into backup_dir, then the rotation."""
    folder = backup_folder(settings)
    path = take_backup(settings.resolved_database_url, folder, label(settings))
    removed = prune(folder, settings.backup_keep_days, datetime.now(UTC), label(settings))
    log.info("backup written: %s (%d old removed)", path, len(removed))
    return path


def start_backup_schedule(app: Flask) -> None:
    settings = app.extensions["bianmin"].settings
    if not settings.backup_time:
        return
    socketio = app.extensions["socketio"]
    blocking = offload_for(settings)  # an OS thread under eventlet: kiosks do not wait

    def loop() -> None:
        due = next_run(datetime.now().astimezone(), settings.backup_time)
        log.info("daily backup at %s, next %s", settings.backup_time, due.isoformat())
        while True:
            now = datetime.now().astimezone()
            if now >= due:
                try:
                    blocking(lambda: daily_backup(settings))
                except BackupError as error:
                    log.error("daily backup failed, next try tomorrow: %s", error)
                except Exception:  # noqa: BLE001 - the schedule must outlive one bad night
                    log.exception("daily backup failed")
                due = next_run(datetime.now().astimezone(), settings.backup_time)
            socketio.sleep(min(60.0, max(1.0, (due - now).total_seconds())))

    socketio.start_background_task(loop)

