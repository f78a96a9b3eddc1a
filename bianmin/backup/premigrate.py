"""``bianmin serve`` with auto_migrate on a database of an older release: back it up first.

Installing a new release and starting the server migrates the SQLite database by itself; a
backup of kind ``pre-upgrade`` is taken just before, so that going back is always possible
(the same file ``bianmin upgrade`` would have written).
"""

from __future__ import annotations

import logging
from pathlib import Path

from bianmin.backup import BackupError
from bianmin.settings import Settings

log = logging.getLogger(__name__)


def backup_before_auto_migrate(settings: Settings) -> Path | None:
    from bianmin import migrate
    from bianmin.backup.folder import backup_folder, label
    from bianmin.backup.take import sqlite_path, take_backup
    from bianmin.db import Database

    url = settings.resolved_database_url
    file = sqlite_path(url)
    if not settings.auto_migrate or (file is not None and not file.exists()):
        return None
    db = Database(url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    try:
        current = migrate.is_current(db)
    finally:
        db.dispose()
    if current:
        return None
    try:
        path = take_backup(url, backup_folder(settings), label(settings), kind="pre-upgrade")
    except BackupError as error:
        # refusing to start would close the hall; the operator sees it in the journal
        log.error("no backup before migrating: %s", error)
        return None
    log.warning("database migrates to this release's schema; the previous one is kept in %s "
                "(to go back: the previous release and `bianmin restore` of that file)", path)
    return path
