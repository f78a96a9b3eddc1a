"""Restore a backup over the installation's database, after checking it.

A file is restored only if it is a whole bianmin database at a schema revision this release
knows (``alembic_version`` one of our migrations; older ones are migrated afterwards by
``bianmin db upgrade`` or the next start): SQLite files must pass ``PRAGMA integrity_check``,
PostgreSQL dumps must be readable by ``pg_restore --list``. The database it replaces is kept
first as a backup of kind ``replaced`` in the backup folder.

SQLite is written back through the backup API (page by page into the live file, so its WAL
stays coherent); PostgreSQL through ``pg_restore --clean --if-exists`` into the configured
database.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bianmin.backup import BackupError
from bianmin.backup.names import backup_name
from bianmin.backup.take import is_postgres, libpq_args, pg_tool, sqlite_path, take_backup


@dataclass(frozen=True)
class Checked:
    revision: str
    tickets: int | None  # SQLite only: counted while checking


def known_revisions() -> tuple[list[str], str]:
    """Every migration revision of this release, and the head."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "bianmin:migrations")
    script = ScriptDirectory.from_config(config)
    return [rev.revision for rev in script.walk_revisions()], script.get_current_head() or ""


def check_file(path: Path, postgres: bool) -> Checked:
    if not path.is_file():
        raise BackupError(f"找不到备份文件 / no such file: {path}")
    revision, tickets = _check_pg(path) if postgres else _check_sqlite(path)
    revisions, head = known_revisions()
    if revision not in revisions:
        raise BackupError(
            f"备份的数据库版本 {revision} 不是本版本认识的（可能来自更新的版本）/ schema revision "
            f"{revision!r} is not one of this release's (head {head}); restore it with the "
            "release that made it")
    return Checked(revision, tickets)


def _check_sqlite(path: Path) -> tuple[str, int | None]:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"备份文件已损坏 / integrity_check failed: {result}")
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "hall", "ticket"} <= tables:
                raise BackupError(f"这不是便民系统的数据库 / not a bianmin database: {path}")
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            tickets = connection.execute("SELECT count(*) FROM ticket").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"这不是可用的 SQLite 数据库 / not a usable SQLite database: "
                          f"{path} ({error})") from error
    if revision is None:
        raise BackupError(f"数据库没有版本号 / no schema revision in {path}")
    return revision[0], tickets


def _check_pg(path: Path) -> tuple[str, None]:
    tool = pg_tool("pg_restore")
    listed = subprocess.run([tool, "--list", str(path)], capture_output=True, text=True, check=False)
    if listed.returncode != 0:
        raise BackupError(f"不是可用的 pg_dump 文件 / not a usable pg_dump file: "
                          f"{listed.stderr.strip()}")
    if " TABLE public ticket " not in listed.stdout and "TABLE public ticket" not in listed.stdout:
        raise BackupError(f"这不是便民系统的数据库 / not a bianmin database: {path}")
    data = subprocess.run([tool, "--data-only", "--table=alembic_version", "--file=-", str(path)],
                          capture_output=True, text=True, check=False)
    lines = data.stdout.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and index + 1 < len(lines):
            return lines[index + 1].strip(), None
    raise BackupError(f"数据库没有版本号 / no schema revision in {path}")


def restore(database_url: str, path: Path, keep_folder: Path, label: str) -> tuple[Checked, Path | None]:
    """Check ``path``, keep the current database, put ``path`` in its place.

    Returns what was checked and where the replaced database was kept (None when there was none).
    """
    postgres = is_postgres(database_url)
    checked = check_file(path, postgres)
    kept = _keep_current(database_url, keep_folder, label)
    if postgres:
        _pg_restore(database_url, path)
    else:
        _sqlite_restore(path, sqlite_path(database_url))
    return checked, kept


def _keep_current(database_url: str, folder: Path, label: str) -> Path | None:
    current = sqlite_path(database_url)
    if current is not None and not current.exists():
        return None
    try:
        return take_backup(database_url, folder, label, kind="replaced")
    except BackupError:
        if current is None:
            raise
    # a damaged database (the usual reason to restore) fails the backup's check: keep its
    # files as they are, so nothing is lost, and go on
    return _keep_raw(current, folder, label)


def _keep_raw(current: Path, folder: Path, label: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / backup_name(label, datetime.now(UTC), postgres=False, kind="replaced-damaged")
    shutil.copyfile(current, kept)
    for suffix in ("-wal", "-shm"):
        side = current.with_name(current.name + suffix)
        if side.exists():
            shutil.copyfile(side, kept.with_name(kept.name + suffix))
    return kept


def _sqlite_restore(source: Path, target: Path | None) -> None:
    if target is None:
        raise BackupError("只能恢复到文件数据库 / can only restore into a database file")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = WAL")
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"恢复后的数据库校验未通过 / integrity_check after restore: {result}")
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as error:
        raise BackupError(f"恢复失败 / restore failed: {error}") from error


def _pg_restore(database_url: str, path: Path) -> None:
    tool = pg_tool("pg_restore")
    args, env = libpq_args(database_url)
    done = subprocess.run([tool, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                           *args, str(path)], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_restore 失败（数据库未改动）/ pg_restore failed, nothing changed: "
                          f"{done.stderr.strip()}")
