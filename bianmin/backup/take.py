"""Take a backup while the hall works.

SQLite: SQLite's online backup API (``sqlite3.Connection.backup``) copies every page in one
step, inside one read transaction: in WAL mode that is a consistent snapshot of the moment
it began (every ticket committed before is in it) while kiosks go on writing. The copy is
written as ``*.partial``, checked (``PRAGMA integrity_check``), switched out of WAL to one
self-contained file, flushed to disk and only then renamed to its final name, so a file with
a backup's name is always a whole, checked database.

PostgreSQL: ``pg_dump --format=custom`` (itself a consistent snapshot), found on PATH.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from bianmin.backup import BackupError
from bianmin.backup.names import backup_name


def sqlite_path(database_url: str) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL (or an in-memory database)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    return Path(url.database) if url.database and url.database != ":memory:" else None


def is_postgres(database_url: str) -> bool:
    return make_url(database_url).get_backend_name() == "postgresql"


def take_backup(database_url: str, folder: Path, label: str, *, kind: str = "",
                now: datetime | None = None) -> Path:
    """Write one backup of the database into ``folder``; return its path."""
    now = now or datetime.now(UTC)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"无法建立备份目录 / cannot make the backup folder {folder}: {error}") from error
    target = folder / backup_name(label, now, postgres=is_postgres(database_url), kind=kind)
    if is_postgres(database_url):
        _pg_dump(database_url, target)
        return target
    source = sqlite_path(database_url)
    if source is None or not source.exists():
        raise BackupError(f"没有可备份的数据库 / no database file to back up: {source}")
    copy_sqlite(source, target)
    return target


def copy_sqlite(source: Path, target: Path) -> None:
    """A checked, self-contained copy of a live SQLite file (see the module's docstring)."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(source, timeout=30)
        dst = sqlite3.connect(partial)
        try:
            src.execute("PRAGMA busy_timeout = 30000")
            src.backup(dst)  # all pages in one step: one snapshot
            dst.execute("PRAGMA journal_mode = DELETE")
            result = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"备份副本校验未通过 / the copy failed integrity_check: {result}")
        finally:
            dst.close()
            src.close()
        _fsync(partial)
        partial.replace(target)
        _fsync_dir(target.parent)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(_disk_message(error, target.parent)) from error
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(_disk_message(error, target.parent)) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _disk_message(error: Exception, folder: Path) -> str:
    text = str(error)
    if "full" in text.lower() or getattr(error, "errno", None) == 28:
        return (f"备份目录所在磁盘已满，备份未完成（已删除不完整的文件）/ disk full in {folder}: "
                f"backup not written ({text})")
    return f"备份失败 / backup failed ({folder}): {text}"


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def pg_tool(name: str) -> str:
    """The path of pg_dump / pg_restore, or a clear error naming the Debian package."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"找不到 {name}：请安装 PostgreSQL 客户端（Debian: apt install postgresql-client，"
            f"版本不低于服务器）/ {name} not found on PATH: install postgresql-client "
            "(at least the server's major version)")
    return found


def libpq_args(database_url: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL tools; the password goes in PGPASSWORD."""
    url = make_url(database_url)
    args = []
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args + ["--dbname", url.database or ""], env


def _pg_dump(database_url: str, target: Path) -> None:
    tool = pg_tool("pg_dump")
    args, env = libpq_args(database_url)
    partial = target.with_name(target.name + ".partial")
    done = subprocess.run([tool, "--format=custom", "--no-owner", "--file", str(partial), *args],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(_disk_message(RuntimeError(done.stderr.strip()), target.parent)
                          if "No space" in done.stderr else
                          f"pg_dump 失败 / pg_dump failed: {done.stderr.strip()}")
    partial.replace(target)
