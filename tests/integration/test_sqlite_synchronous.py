"""SQLite's synchronous level comes from the settings; FULL unless NORMAL is chosen."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from bianmin.app import create_app
from bianmin.db import Database
from bianmin.settings import SettingsError, load_settings

LEVELS = {1: "NORMAL", 2: "FULL"}


def level_of(db: Database) -> str:
    with db.read() as session:
        return LEVELS[session.execute(text("PRAGMA synchronous")).scalar_one()]


def test_full_by_default_so_a_power_cut_loses_no_committed_ticket(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert level_of(db) == "FULL"
    db.dispose()
    assert load_settings({}, environ={}).sqlite_synchronous == "FULL"


def test_the_server_uses_the_setting(settings) -> None:  # type: ignore[no-untyped-def]
    app = create_app(settings.replace(sqlite_synchronous="NORMAL"))
    db = app.extensions["bianmin"].db
    assert level_of(db) == "NORMAL"
    db.dispose()
    app = create_app(settings)
    assert level_of(app.extensions["bianmin"].db) == "FULL"
    app.extensions["bianmin"].db.dispose()


def test_the_setting_is_validated() -> None:
    environ = {"BIANMIN_SQLITE_SYNCHRONOUS": "normal"}
    assert load_settings({}, environ=environ).sqlite_synchronous == "NORMAL"
    for bad in ("OFF", "EXTRA; DROP TABLE ticket", "2"):
        with pytest.raises(SettingsError, match="sqlite_synchronous"):
            load_settings({"sqlite_synchronous": bad}, environ={})
