"""A real ``bianmin serve`` prints where every screen is, and on the demo hall its accounts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from bianmin import migrate
from bianmin.db import Database
from bianmin.staff.demo import PASSWORD_FILE
from tests.support.live import add_hall
from tests.support.server import start_server

pytestmark = pytest.mark.server

ENV = {"BIANMIN_SECRET_KEY": "banner-test-key", "BIANMIN_PRINTER": "none"}


def printed(server) -> str:  # type: ignore[no-untyped-def]
    """The log once the banner's closing rule is there (printed right before serving)."""
    log = server.log()
    assert log.count("=" * 64) == 2, log
    return log


def test_the_demo_hall_prints_every_address_and_accounts_that_call_a_number(
    instance: Path, demo_sqlite: Path
) -> None:
    server = start_server(instance, env={**ENV, "BIANMIN_LOAD_DEMO": "1"})
    try:
        log = printed(server)
        base = server.url
        for path in ("/kiosk/demo/", "/counter/", "/display/demo/lobby",
                     "/display/demo/window/1", "/rate/demo/1", "/enrol/"):
            assert f"{base}{path}" in log
            assert requests.get(base + path, timeout=30).status_code == 200, path
        passwords = dict(re.findall(r"用户名 (demo-\w+)\s+密码 ([a-z0-9]{10})", log))
        assert set(passwords) == {"demo-staff", "demo-manager"}
        assert (instance / PASSWORD_FILE).read_text(encoding="utf-8").count("demo-") == 2

        # the printed staff account signs in at window 1 and calls the ticket just taken
        kiosk, counter = requests.Session(), requests.Session()
        signed_in = counter.post(f"{base}/api/v1/session", timeout=30, json={
            "username": "demo-staff", "password": passwords["demo-staff"], "window": 1})
        assert signed_in.status_code == 200, signed_in.text
        scenario = next(s for s in kiosk.get(f"{base}/api/v1/halls/demo/catalog", timeout=30)
                        .json()["scenarios"] if 1 in s["windows"])
        ticket = kiosk.post(f"{base}/api/v1/halls/demo/tickets", timeout=30, json={
            "scenario_id": scenario["id"], "request_id": "banner-1"}).json()
        called = counter.post(f"{base}/api/v1/windows/1/call-next", json={}, timeout=30)
        assert called.status_code == 200, called.text
        assert called.json()["number"] == ticket["number"]
        manager = requests.post(f"{base}/api/v1/session", timeout=30, json={
            "username": "demo-manager", "password": passwords["demo-manager"]})
        assert manager.status_code == 200 and manager.json()["staff"]["role"] == "manager"
    finally:
        server.stop()

    # the next start prints the same passwords again
    again = start_server(instance, env={**ENV, "BIANMIN_LOAD_DEMO": "1"})
    try:
        assert dict(re.findall(r"用户名 (demo-\w+)\s+密码 ([a-z0-9]{10})", printed(again))) == passwords
    finally:
        again.stop()


def test_a_real_default_hall_gets_no_account_and_no_password_is_printed(
    instance: Path, demo_sqlite: Path
) -> None:
    db = Database(f"sqlite:///{demo_sqlite}")
    migrate.upgrade(db)
    add_hall(db, "xinhe")
    db.dispose()
    server = start_server(instance, env={**ENV, "BIANMIN_LOAD_DEMO": "1",
                                         "BIANMIN_DEFAULT_HALL": "xinhe"})
    try:
        log = printed(server)
        assert f"{server.url}/kiosk/xinhe/" in log and f"{server.url}/display/xinhe/lobby" in log
        assert "密码" not in log and "demo-staff" not in log and "演示账号" not in log
        assert not (instance / PASSWORD_FILE).exists()
        refused = requests.post(f"{server.url}/api/v1/session", timeout=30,
                                json={"username": "demo-staff", "password": "x" * 10, "window": 1})
        assert refused.status_code == 401
    finally:
        server.stop()
