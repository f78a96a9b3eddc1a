"""The demo hall's ready-made accounts: created once, kept in a 0600 file, never for a real hall."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bianmin import migrate
from bianmin.db import Database
from bianmin.settings import Settings, load_settings
from bianmin.staff.demo import ALPHABET, PASSWORD_FILE, PASSWORD_LENGTH, ensure_demo_accounts
from bianmin.staff.service import add_staff, check_credentials
from tests.support.live import add_hall


def settings_of(instance: Path, **values: object) -> Settings:
    return load_settings({"instance": instance, "load_demo": True, **values}, environ={})


@pytest.fixture
def demo_db(demo_sqlite: Path) -> Database:
    db = Database(f"sqlite:///{demo_sqlite}")
    migrate.upgrade(db)
    return db


def by_name(accounts: list) -> dict:
    return {a.username: a for a in accounts}


def test_first_start_creates_a_staff_and_a_manager_whose_printed_password_signs_in(
    instance: Path, demo_db: Database
) -> None:
    accounts = by_name(ensure_demo_accounts(settings_of(instance), demo_db))
    assert set(accounts) == {"demo-staff", "demo-manager"}
    staff, manager = accounts["demo-staff"], accounts["demo-manager"]
    assert (staff.role, manager.role) == ("staff", "manager")
    assert staff.status == manager.status == "created"
    for account in (staff, manager):
        assert account.password is not None and len(account.password) == PASSWORD_LENGTH
        assert set(account.password) <= set(ALPHABET) and not set(account.password) & set("01lIoO")
        verdict = check_credentials(demo_db, account.username, account.password)
        assert verdict.ok and verdict.staff is not None
        assert verdict.staff.hall_code == "demo"
    assert staff.password != manager.password
    # every window of the demo hall: the newcomer may sign in wherever they like
    assert check_credentials(demo_db, "demo-staff", staff.password).staff.windows is None  # type: ignore[union-attr]
    path = instance / PASSWORD_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"demo-staff {staff.password}" in path.read_text(encoding="utf-8")


def test_a_later_start_prints_the_same_passwords_and_a_deleted_file_renews_them(
    instance: Path, demo_db: Database
) -> None:
    first = by_name(ensure_demo_accounts(settings_of(instance), demo_db))
    again = by_name(ensure_demo_accounts(settings_of(instance), demo_db))
    assert {n: (a.status, a.password) for n, a in again.items()} == {
        n: ("ready", a.password) for n, a in first.items()}
    (instance / PASSWORD_FILE).unlink()
    renewed = by_name(ensure_demo_accounts(settings_of(instance), demo_db))
    assert {a.status for a in renewed.values()} == {"renewed"}
    old, new = first["demo-staff"].password, renewed["demo-staff"].password
    assert new is not None and new != old
    assert not check_credentials(demo_db, "demo-staff", old or "").ok
    assert check_credentials(demo_db, "demo-staff", new).ok
    assert stat.S_IMODE((instance / PASSWORD_FILE).stat().st_mode) == 0o600


def test_a_password_set_by_hand_is_no_longer_printed(instance: Path, demo_db: Database) -> None:
    ensure_demo_accounts(settings_of(instance), demo_db)
    add_staff(demo_db, hall_code="demo", username="demo-staff", password="chosen-by-hand",
              replace=True)
    accounts = by_name(ensure_demo_accounts(settings_of(instance), demo_db))
    assert (accounts["demo-staff"].status, accounts["demo-staff"].password) == ("changed", None)
    assert check_credentials(demo_db, "demo-staff", "chosen-by-hand").ok
    assert "demo-staff" not in (instance / PASSWORD_FILE).read_text(encoding="utf-8")
    assert accounts["demo-manager"].status == "ready"


@pytest.mark.parametrize("values", [
    {"default_hall": "xinhe"},     # a real hall is the default; the demo hall merely exists
    {"load_demo": False},          # the installation does not run the demo
])
def test_no_account_for_a_real_hall(instance: Path, demo_db: Database, values: dict) -> None:
    add_hall(demo_db, "xinhe")
    assert ensure_demo_accounts(settings_of(instance, **values), demo_db) == []
    assert not (instance / PASSWORD_FILE).exists()
    assert not check_credentials(demo_db, "demo-staff", "x").staff


def test_a_hall_coded_demo_that_is_not_the_packaged_one_gets_no_account(
    instance: Path, empty_db: Database
) -> None:
    add_hall(empty_db, "demo")  # someone's own hall that happens to be called demo
    assert ensure_demo_accounts(settings_of(instance), empty_db) == []
    assert not (instance / PASSWORD_FILE).exists()
