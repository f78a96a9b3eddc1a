"""Backups taken while tickets are issued, restore, the running-hall refusal, upgrade from 0009.

Real SQLite files, the real PostgreSQL server with the real pg_dump / pg_restore, one real
``bianmin serve`` process (for the refusal), the CLI in-process (tests/support/cli.py).
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
import uuid
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text

from bianmin import migrate
from bianmin.backup.premigrate import backup_before_auto_migrate
from bianmin.backup.restore import known_revisions
from bianmin.backup.running import server_holds_lock
from bianmin.db import Database
from bianmin.queue.tickets import issue_ticket
from bianmin.settings import load_settings
from tests.conftest import POSTGRES_URL
from tests.support.cli import run_bianmin
from tests.support.server import start_server

ISSUERS = 16


def scenario_ids(db: Database, count: int) -> list[int]:
    with db.read() as session:
        return list(session.scalars(text("SELECT id FROM scenario ORDER BY id LIMIT :n"),
                                    {"n": count}))


def ticket_ids(path: Path) -> set[int]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT id FROM ticket")}


def counts(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as connection:
        return (connection.execute("SELECT count(*) FROM ticket").fetchone()[0],
                connection.execute("SELECT count(*) FROM ticket_event").fetchone()[0])


def only_backup(folder: Path, kind: str = "") -> Path:
    found = [p for p in folder.iterdir()
             if p.name.endswith(f"{'-' + kind if kind else 'Z'}.sqlite3")]
    assert len(found) == 1, sorted(p.name for p in folder.iterdir())
    return found[0]


def test_backup_while_16_issuers_write_holds_every_acknowledged_ticket_and_restores(
        instance: Path, demo_sqlite: Path) -> None:
    db = Database(f"sqlite:///{demo_sqlite}")
    scenarios = scenario_ids(db, ISSUERS)
    acknowledged: list[tuple[float, int]] = []  # (when issue_ticket returned, ticket id)
    stop = threading.Event()
    errors: list[BaseException] = []

    def issuer(scenario: int) -> None:
        try:
            while not stop.is_set():
                result = issue_ticket(db, hall_code="demo", scenario_id=scenario)
                acknowledged.append((time.monotonic(), result.ticket_id))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=issuer, args=(s,)) for s in scenarios]
    for thread in threads:
        thread.start()
    try:
        while len(acknowledged) < 50 and not errors:
            time.sleep(0.01)
        began = time.monotonic()
        ran = run_bianmin("backup", "--instance", str(instance))
        ended = time.monotonic()
        time.sleep(0.2)  # the hall goes on issuing after the backup
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not errors, errors
    assert ran.returncode == 0, ran.stderr
    # the kiosks were answered while the backup ran (WAL: the copy blocks no writer)
    assert any(began < at < ended for at, _ in acknowledged), "nobody issued during the backup"
    backup = only_backup(instance / "backups")
    assert backup.name.startswith("bianmin-demo-") and str(backup) in ran.stdout
    with sqlite3.connect(backup) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    before = {ticket for at, ticket in acknowledged if at < began}
    saved = ticket_ids(backup)
    assert len(before) >= 50 and before <= saved
    with sqlite3.connect(backup) as connection:
        issued = {row[0] for row in connection.execute(
            "SELECT ticket_id FROM ticket_event WHERE kind = 'issued'")}
    assert saved <= issued
    later = ticket_ids(demo_sqlite) - saved
    assert later, "tickets issued after the backup are not in it"
    db.dispose()

    # restore (no server running): the backup's tickets come back, the later ones are kept aside
    restored = run_bianmin("restore", str(backup), "--instance", str(instance))
    assert restored.returncode == 0, restored.stderr
    assert ticket_ids(demo_sqlite) == saved
    kept = only_backup(instance / "backups", "replaced")
    assert ticket_ids(kept) >= saved | later
    with sqlite3.connect(demo_sqlite) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the restored database still works: the next number follows on
    db = Database(f"sqlite:///{demo_sqlite}")
    assert issue_ticket(db, hall_code="demo", scenario_id=scenarios[0]).ticket_id not in saved
    db.dispose()


def test_restore_refuses_a_running_hall_without_force(instance: Path, demo_sqlite: Path) -> None:
    assert run_bianmin("backup", "--instance", str(instance)).returncode == 0
    backup = only_backup(instance / "backups")
    server = start_server(instance, async_mode="threading")
    try:
        # the server holds its lock file (a sign that needs no database)
        assert server_holds_lock(instance)
        refused = run_bianmin("restore", str(backup), "--instance", str(instance))
        assert refused.returncode == 1
        assert "服务正在运行" in refused.stderr and "--force" in refused.stderr
        assert not list((instance / "backups").glob("*replaced*")), "refused, yet it did something"
        assert run_bianmin("upgrade", "--instance", str(instance)).returncode == 1
        # a backup is fine while it runs
        assert run_bianmin("backup", "--to", str(instance / "more"),
                           "--instance", str(instance)).returncode == 0
    finally:
        server.stop()
    assert not server_holds_lock(instance)
    done = run_bianmin("restore", str(backup), "--instance", str(instance))
    assert done.returncode == 0, done.stderr


def test_the_daily_round_backs_up_into_backup_dir_and_rotates(instance: Path, demo_sqlite: Path,
                                                              tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from bianmin.backup.names import backup_name
    from bianmin.web.backup_schedule import daily_backup

    folder = tmp_path / "usb"
    folder.mkdir()
    old = folder / backup_name("demo", datetime.now(UTC) - timedelta(days=4), postgres=False)
    old.write_bytes(b"an old backup")
    settings = load_settings({"instance": instance, "backup_dir": str(folder),
                              "backup_keep_days": 3}, environ={})
    path = daily_backup(settings)
    assert path.parent == folder and ticket_ids(path) == ticket_ids(demo_sqlite)
    assert not old.exists()


def test_a_write_failure_leaves_no_half_backup(instance: Path, demo_sqlite: Path) -> None:
    """A file-size limit below the database's size fails the copy's writes as a full disk does."""
    import subprocess
    import sys

    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))\n"
        "from bianmin.cli import main\n"
        f"sys.exit(main(['backup', '--instance', {str(instance)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 2, done.stderr
    assert "备份" in done.stderr and "Traceback" not in done.stderr
    assert list((instance / "backups").iterdir()) == []
    bad_folder = run_bianmin("backup", "--to", str(demo_sqlite / "x"), "--instance", str(instance))
    assert bad_folder.returncode == 2 and "backup folder" in bad_folder.stderr


def test_restore_refuses_what_is_not_a_bianmin_backup(instance: Path, demo_sqlite: Path,
                                                       tmp_path: Path) -> None:
    before = demo_sqlite.read_bytes()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(demo_sqlite, newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    for path, words in ((junk, "SQLite"), (other, "not a bianmin database"),
                        (newer, "9999"), (tmp_path / "missing.sqlite3", "no such file")):
        ran = run_bianmin("restore", str(path), "--instance", str(instance))
        assert ran.returncode == 2 and words in ran.stderr, (path, ran.stderr)
    assert demo_sqlite.read_bytes() == before


def test_upgrade_from_0009_keeps_every_ticket_and_event(instance: Path, demo_sqlite: Path) -> None:
    db = Database(f"sqlite:///{demo_sqlite}")
    for scenario in scenario_ids(db, 8):
        for _ in range(3):
            issue_ticket(db, hall_code="demo", scenario_id=scenario)
    config = migrate.alembic_config(db)
    with db.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    db.dispose()
    old = counts(demo_sqlite)
    assert old[0] == 24 and old[1] >= 24

    # serve's auto-migrate copies a database of an older release first
    settings = load_settings({"instance": instance}, environ={})
    pre = backup_before_auto_migrate(settings)
    assert pre is not None and pre.name.endswith("-pre-upgrade.sqlite3")
    pre.unlink()

    ran = run_bianmin("upgrade", "--instance", str(instance))
    assert ran.returncode == 0, ran.stderr
    backup = only_backup(instance / "backups", "pre-upgrade")
    assert f"bianmin restore {backup}" in ran.stdout
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0009"
    assert counts(backup) == old
    assert counts(demo_sqlite) == old
    with sqlite3.connect(demo_sqlite) as connection:
        head = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert head == known_revisions()[1]
    again = run_bianmin("upgrade", "--instance", str(instance))
    assert again.returncode == 0 and "无需升级" in again.stdout
    assert backup_before_auto_migrate(settings) is None
    # the pre-upgrade backup restores with this release too (then migrates at start)
    restored = run_bianmin("restore", str(backup), "--instance", str(instance))
    assert restored.returncode == 0 and "db upgrade" in restored.stdout
    assert counts(demo_sqlite) == old


@pytest.fixture
def own_postgres() -> str:
    """A PostgreSQL database of this test's own: restore --clean rewrites it all."""
    name = f"bianmin_backup_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs the PostgreSQL client (pg_dump)")
def test_postgres_backup_and_restore_with_pg_dump(instance: Path, own_postgres: str) -> None:
    from bianmin.catalog.demo import ensure_demo_hall
    from bianmin.queue.models import Ticket

    db = Database(own_postgres)
    migrate.upgrade(db)
    ensure_demo_hall(db)
    scenario = scenario_ids(db, 1)[0]
    kept = {issue_ticket(db, hall_code="demo", scenario_id=scenario).ticket_id for _ in range(5)}
    env = {"BIANMIN_DATABASE_URL": own_postgres}

    missing = run_bianmin("backup", "--instance", str(instance), env={**env, "PATH": "/nonexistent"})
    assert missing.returncode == 2 and "pg_dump" in missing.stderr and "postgresql-client" in missing.stderr

    ran = run_bianmin("backup", "--instance", str(instance), env=env)
    assert ran.returncode == 0, ran.stderr
    dumps = list((instance / "backups").glob("*.dump"))
    assert len(dumps) == 1
    issue_ticket(db, hall_code="demo", scenario_id=scenario)
    db.dispose()

    restored = run_bianmin("restore", str(dumps[0]), "--instance", str(instance), env=env)
    assert restored.returncode == 0, restored.stderr
    assert len(list((instance / "backups").glob("*-replaced.dump"))) == 1
    db = Database(own_postgres)
    with db.read() as session:
        assert set(session.scalars(select(Ticket.id))) == kept
        assert session.scalar(select(func.count()).select_from(Ticket)) == 5
    db.dispose()


def test_restore_over_a_damaged_database_keeps_its_files_and_goes_on(instance: Path, demo_sqlite: Path) -> None:
    """The usual reason to restore: the database no longer passes its check. Restore keeps
    its files as they were (``-replaced-damaged``) instead of refusing."""
    assert run_bianmin("backup", "--instance", str(instance)).returncode == 0
    good = only_backup(instance / "backups")
    wanted = counts(good)
    damaged = bytearray(demo_sqlite.read_bytes())
    damaged[4096:8192] = b"\xff" * 4096  # a page of garbage: integrity_check fails
    demo_sqlite.write_bytes(bytes(damaged))
    ran = run_bianmin("restore", str(good), "--instance", str(instance))
    assert ran.returncode == 0, ran.stderr
    kept = only_backup(instance / "backups", "replaced-damaged")
    assert kept.read_bytes() == bytes(damaged)
    assert counts(demo_sqlite) == wanted
    with sqlite3.connect(demo_sqlite) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
