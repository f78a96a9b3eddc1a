"""Backup names, rotation, the daily schedule's next run, the server's lock, the settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bianmin.backup.names import backup_name, taken_at
from bianmin.backup.rotate import prune
from bianmin.backup.running import hold_serve_lock, server_holds_lock
from bianmin.settings import SettingsError, load_settings
from bianmin.web.backup_schedule import next_run

NOW = datetime(2026, 12, 2, 18, 30, tzinfo=UTC)


def test_names_carry_hall_and_utc_time() -> None:
    local = datetime(2026, 12, 3, 2, 30, 5, tzinfo=timezone(timedelta(hours=8)))
    name = backup_name("xinhe", local, postgres=False)
    assert name == "bianmin-xinhe-20261202T183005Z.sqlite3"
    assert backup_name("新河 镇", NOW, postgres=True, kind="replaced").endswith("Z-replaced.dump")
    assert taken_at(Path(name)) == datetime(2026, 12, 2, 18, 30, 5, tzinfo=UTC)
    assert taken_at(Path("notes.txt")) is None


def test_rotation_keeps_n_days_only_of_ours_and_always_the_newest(tmp_path: Path) -> None:
    made = {}
    for days in (0, 1, 13, 15, 40):
        name = backup_name("demo", NOW - timedelta(days=days), postgres=False)
        (tmp_path / name).write_text("x")
        made[days] = tmp_path / name
    (tmp_path / "bianmin-demo-notes.txt").write_text("someone's file")
    removed = prune(tmp_path, 14, NOW, "demo")
    assert sorted(removed) == sorted([made[15], made[40]])
    assert {p.name for p in tmp_path.iterdir()} == {
        made[0].name, made[1].name, made[13].name, "bianmin-demo-notes.txt"}
    assert prune(tmp_path, 0, NOW + timedelta(days=999), "demo") == []
    # a server off for months: the newest stays even when it is older than N days
    assert len(prune(tmp_path, 14, NOW + timedelta(days=100), "demo")) == 2
    assert made[0].exists()


def test_rotation_leaves_other_halls_backups_and_keeps_the_newest_of_each_kind(tmp_path: Path) -> None:
    """Halls sharing one USB stick: each rotation touches its own label only."""
    other = tmp_path / backup_name("town2", NOW - timedelta(days=60), postgres=False)
    old_upgrade = tmp_path / backup_name("demo", NOW - timedelta(days=90), postgres=False, kind="pre-upgrade")
    older_upgrade = tmp_path / backup_name("demo", NOW - timedelta(days=95), postgres=False, kind="pre-upgrade")
    old_plain = tmp_path / backup_name("demo", NOW - timedelta(days=30), postgres=False)
    fresh = tmp_path / backup_name("demo", NOW, postgres=False)
    for path in (other, old_upgrade, older_upgrade, old_plain, fresh):
        path.write_text("x")
    assert prune(tmp_path, 14, NOW, "demo") == sorted([older_upgrade, old_plain])
    assert other.exists() and old_upgrade.exists() and fresh.exists()


def test_next_run_is_the_next_local_hh_mm() -> None:
    local = timezone(timedelta(hours=8))
    assert next_run(datetime(2026, 12, 2, 1, 0, tzinfo=local), "02:30") == \
        datetime(2026, 12, 2, 2, 30, tzinfo=local)
    assert next_run(datetime(2026, 12, 2, 2, 30, tzinfo=local), "02:30") == \
        datetime(2026, 12, 3, 2, 30, tzinfo=local)


def test_the_servers_lock_is_seen_and_gone_with_it(tmp_path: Path) -> None:
    assert not server_holds_lock(tmp_path)
    held = hold_serve_lock(tmp_path)
    assert server_holds_lock(tmp_path)
    held.close()  # what the kernel does when the process ends, however it ends
    assert not server_holds_lock(tmp_path)


def test_backup_settings(tmp_path: Path) -> None:
    settings = load_settings({"instance": tmp_path}, environ={})
    assert (settings.backup_time, settings.backup_dir, settings.backup_keep_days) == ("", "", 14)
    assert load_settings({"instance": tmp_path, "backup_time": "2:30"}, environ={}).backup_time == "2:30"
    for bad in ("25:00", "02:3", "night"):
        with pytest.raises(SettingsError, match="backup_time"):
            load_settings({"instance": tmp_path, "backup_time": bad}, environ={})
