"""``bianmin device add|list|revoke|code`` through the real command line (``bianmin.cli.main``,
in this process)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.cli import Ran, run_bianmin

CODE = re.compile(r"注册码：(\d{4}) (\d{4})")


def bianmin(instance: Path, *args: str) -> Ran:
    """``bianmin device ARGS`` (in this process: tests/support/cli.py)."""
    return run_bianmin("device", *args, "--instance", str(instance))


def code_in(output: str) -> str:
    found = CODE.search(output)
    assert found, output
    return found.group(1) + found.group(2)


def test_a_device_added_on_the_command_line_enrols_with_the_printed_code(client, instance: Path) -> None:  # type: ignore[no-untyped-def]
    done = bianmin(instance, "add", "kiosk-1", "--kind", "kiosk", "--hall", "demo",
                   "--printer", "tcp://192.0.2.10:9100")
    assert done.returncode == 0, done.stderr
    assert "/enrol" in done.stdout and "24 小时" in done.stdout
    enrolled = client.post("/api/v1/devices/enrol", json={"code": code_in(done.stdout)})
    assert enrolled.status_code == 200
    assert enrolled.get_json()["device"]["page"] == "/kiosk/demo/"
    listed = bianmin(instance, "list", "--hall", "demo")
    assert listed.returncode == 0
    [line] = [row for row in listed.stdout.splitlines() if "kiosk-1" in row]
    assert "取号机" in line and "已注册" in line and "tcp://192.0.2.10:9100" in line


def test_revoke_and_a_fresh_code(client, instance: Path) -> None:  # type: ignore[no-untyped-def]
    first = code_in(bianmin(instance, "add", "lobby-1", "--kind", "lobby").stdout)
    token = client.post("/api/v1/devices/enrol", json={"code": first}).get_json()["token"]
    revoked = bianmin(instance, "revoke", "lobby-1")
    assert revoked.returncode == 0 and "已停用" in revoked.stdout
    me = client.get("/api/v1/devices/me", headers={"Authorization": f"Device {token}"})
    assert me.status_code == 401
    fresh = bianmin(instance, "code", "lobby-1")
    assert fresh.returncode == 0
    again = client.post("/api/v1/devices/enrol", json={"code": code_in(fresh.stdout)})
    assert again.status_code == 200 and again.get_json()["device"]["page"] == "/display/demo/lobby"


def test_command_line_mistakes_are_reported_in_chinese(client, instance: Path) -> None:  # type: ignore[no-untyped-def]
    no_window = bianmin(instance, "add", "w", "--kind", "window")
    assert no_window.returncode == 1 and "--window" in no_window.stderr
    assert bianmin(instance, "add", "w", "--kind", "window", "--window", "99").returncode == 1
    assert bianmin(instance, "add", "k", "--kind", "kiosk", "--printer", "ftp://x").returncode == 1
    bianmin(instance, "add", "dup", "--kind", "lobby")
    taken = bianmin(instance, "add", "dup", "--kind", "lobby")
    assert taken.returncode == 1 and "device code" in taken.stderr
    unknown = bianmin(instance, "revoke", "nobody")
    assert unknown.returncode == 1 and "device list" in unknown.stderr
    assert bianmin(instance, "list", "--hall", "nowhere").returncode == 1
    bad_kind = bianmin(instance, "add", "x", "--kind", "toaster")
    assert bad_kind.returncode == 2
