"""Ending sessions against real `bianmin serve` processes and the real `bianmin staff` command.

A copied cookie must be dead at once after sign-out, ``staff add --replace``, ``staff
disable`` and ``staff sign-out``, in every server process sharing the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import socketio

from tests.support.cli import Ran, run_bianmin
from tests.support.live import PASSWORD, Screen, add_hall, database_in, server_env
from tests.support.server import RunningServer, start_server

pytestmark = pytest.mark.server

HALL = "sess"


def bianmin(instance: Path, *args: str) -> Ran:
    """``bianmin staff ARGS`` (in this process: tests/support/cli.py) beside the servers."""
    return run_bianmin("staff", *args, "--instance", str(instance), env={"BIANMIN_LOAD_DEMO": "0"})


@dataclass
class Pair:
    """Two server processes on one SQLite database (as behind a load balancer)."""

    instance: Path
    one: RunningServer
    two: RunningServer


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Iterator[Pair]:  # type: ignore[no-untyped-def]
    instance = tmp_path_factory.mktemp("sessions")
    db = database_in(instance)
    add_hall(db, HALL, {"A": [1, 2, 3, 4, 5]})
    db.dispose()
    env = server_env(HALL)
    one = start_server(instance, async_mode="eventlet", env=env)
    try:
        two = start_server(instance, async_mode="threading", env=env)
    except Exception:
        one.stop()
        raise
    yield Pair(instance, one, two)
    one.stop()
    two.stop()


def signed_in_cookie(pair: Pair, username: str, window: int) -> str:
    """Make the account on the command line, sign in on server one; the Cookie header."""
    made = bianmin(pair.instance, "add", username, "--password", PASSWORD, "--hall", HALL,
                   "--windows", str(window))
    assert made.returncode == 0, made.stderr
    http = requests.Session()
    response = http.post(f"{pair.one.url}/api/v1/session",
                         json={"username": username, "password": PASSWORD, "window": window}, timeout=30)
    assert response.status_code == 200, response.text
    return "; ".join(f"{c.name}={c.value}" for c in http.cookies)


def act(server: RunningServer, cookie: str, window: int, action: str) -> requests.Response:
    return requests.post(f"{server.url}/api/v1/windows/{window}/{action}", json={},
                         headers={"Cookie": cookie}, timeout=30)


def assert_dead(pair: Pair, cookie: str, window: int) -> None:
    for server in (pair.one, pair.two):
        response = act(server, cookie, window, "resume")
        assert response.status_code == 401, response.text
        assert response.json()["error"] == "not_signed_in"


def test_a_copied_cookie_is_dead_after_sign_out_in_both_processes(pair: Pair) -> None:
    cookie = signed_in_cookie(pair, "out1", 1)
    assert act(pair.two, cookie, 1, "pause").status_code == 200  # the other process knows it
    signed_out = requests.delete(f"{pair.one.url}/api/v1/session", headers={"Cookie": cookie}, timeout=30)
    assert signed_out.json() == {"signed_in": False}
    assert_dead(pair, cookie, 1)


def test_a_password_reset_on_the_command_line_ends_the_session(pair: Pair) -> None:
    cookie = signed_in_cookie(pair, "reset2", 2)
    done = bianmin(pair.instance, "add", "reset2", "--password", "another-pass", "--hall", HALL,
                   "--windows", "2", "--replace")
    assert done.returncode == 0 and "会话都已结束" in done.stdout
    assert_dead(pair, cookie, 2)


def test_disabling_on_the_command_line_ends_the_session(pair: Pair) -> None:
    cookie = signed_in_cookie(pair, "off3", 3)
    done = bianmin(pair.instance, "disable", "off3")
    assert done.returncode == 0 and "结束了 1 个登录会话" in done.stdout
    assert_dead(pair, cookie, 3)
    again = requests.post(f"{pair.two.url}/api/v1/session",
                          json={"username": "off3", "password": PASSWORD, "window": 3}, timeout=30)
    assert again.status_code == 401


def test_staff_sessions_lists_and_staff_sign_out_ends_them(pair: Pair) -> None:
    cookie = signed_in_cookie(pair, "seen4", 4)
    listed = bianmin(pair.instance, "sessions", "seen4")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split()[:3] == ["编号", "用户名", "窗口"]
    assert "seen4" in lines[1] and "4号" in lines[1] and "127.0.0.1" in lines[1]
    done = bianmin(pair.instance, "sign-out", "seen4")
    assert done.returncode == 0 and "1 个登录会话" in done.stdout
    assert_dead(pair, cookie, 4)
    assert "没有登录中的会话" in bianmin(pair.instance, "sessions", "seen4").stdout


def test_a_dead_cookie_no_longer_opens_a_counter_connection(pair: Pair) -> None:
    cookie = signed_in_cookie(pair, "live5", 5)
    counter = Screen(pair.two.url, cookie=cookie).connect()
    counter.wait_until(lambda s: s.view is not None)
    counter.disconnect()
    bianmin(pair.instance, "sign-out", "live5")
    refused = Screen(pair.two.url, cookie=cookie)
    with pytest.raises(socketio.exceptions.ConnectionError):
        refused.connect()
    assert refused.refusal is not None and refused.refusal["data"]["error"] == "hall_required"
