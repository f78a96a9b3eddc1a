"""``bianmin backup``, ``bianmin restore`` and ``bianmin upgrade`` (docs/operations.md: Backups).

Exit status: 0 done; 1 refused (a running hall; nothing changed); 2 failed (the message says
why; nothing half-written is left behind).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from bianmin.backup import BackupError
from bianmin.backup.folder import backup_folder, label
from bianmin.backup.restore import restore
from bianmin.backup.rotate import prune
from bianmin.backup.running import hall_is_running
from bianmin.backup.take import sqlite_path, take_backup
from bianmin.settings import Settings


def backup(settings: Settings, to: str | None, keep_days: int | None) -> int:
    folder = backup_folder(settings, to)
    keep = settings.backup_keep_days if keep_days is None else keep_days
    try:
        path = take_backup(settings.resolved_database_url, folder, label(settings))
    except BackupError as error:
        print(f"bianmin: {error}", file=sys.stderr)
        return 2
    print(f"备份完成 / backup written: {path} ({path.stat().st_size} bytes)")
    for old in prune(folder, keep, datetime.now(UTC), label(settings)):
        print(f"已删除超过 {keep} 天的备份 / removed (older than {keep} days): {old.name}")
    return 0


def restore_command(settings: Settings, file: str, force: bool) -> int:
    url = settings.resolved_database_url
    if hall_is_running(settings.instance, url, settings.print_heartbeat_seconds) and not force:
        print("bianmin: 服务正在运行，拒绝覆盖其数据库；请先停止 bianmin serve（或加 --force）/ "
              "a bianmin serve of this instance is running: stop it first, or pass --force",
              file=sys.stderr)
        return 1
    try:
        checked, kept = restore(url, Path(file).expanduser().resolve(), backup_folder(settings),
                                label(settings))
    except BackupError as error:
        print(f"bianmin: {error}", file=sys.stderr)
        return 2
    if kept is not None:
        print(f"原数据库已另存 / the replaced database was kept as: {kept}")
    count = "" if checked.tickets is None else f", {checked.tickets} tickets"
    print(f"已恢复 / restored {file} (schema {checked.revision}{count})")
    from bianmin.backup.restore import known_revisions

    if checked.revision != known_revisions()[1]:
        print("该备份来自旧版本：启动时会自动迁移，或运行 bianmin db upgrade / an older schema: "
              "bianmin serve migrates it at start (auto_migrate), or run `bianmin db upgrade`")
    return 0


def upgrade(settings: Settings, force: bool, no_backup: bool) -> int:
    from bianmin import migrate
    from bianmin.db import Database

    url = settings.resolved_database_url
    if hall_is_running(settings.instance, url, settings.print_heartbeat_seconds) and not force:
        print("bianmin: 服务正在运行；请先停止 bianmin serve 再升级（或加 --force）/ stop the "
              "running bianmin serve before upgrading, or pass --force", file=sys.stderr)
        return 1
    db = Database(url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    try:
        file = sqlite_path(url)
        fresh = file is not None and not file.exists()
        if not fresh and migrate.is_current(db):
            print(f"数据库已是最新版本，无需升级 / the database is at the current schema: {url}")
            return 0
        taken = None
        if not fresh and not no_backup:
            try:
                taken = take_backup(url, backup_folder(settings), label(settings), kind="pre-upgrade")
            except BackupError as error:
                print(f"bianmin: {error}\n未升级 / not upgraded (--no-backup to skip the backup)",
                      file=sys.stderr)
                return 2
            print(f"升级前备份 / backup before upgrading: {taken}")
        try:
            migrate.upgrade(db)
        except Exception as error:  # noqa: BLE001 - any failure: the database is left as it was
            print(f"bianmin: 升级失败，数据库保持原样 / the upgrade failed, the database is as it "
                  f"was: {error}", file=sys.stderr)
            if taken is not None:
                print(f"升级前的备份 / the backup taken before: {taken}  (bianmin restore {taken})",
                      file=sys.stderr)
            return 2
    finally:
        db.dispose()
    print(f"数据库已升级到当前版本 / database at the current schema: {url}")
    if taken is not None:
        print("如需退回上一版本：停止服务，重新安装上一版本的 bianmin，然后运行\n"
              f"  bianmin restore {taken}\n"
              "To go back: stop the server, reinstall the previous release, then run the "
              "command above with it (a release without `bianmin restore`: copy that file over "
              f"{sqlite_path(url) or 'the database, with pg_restore --clean'}).")
    return 0
