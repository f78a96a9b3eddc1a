"""``bianmin staff add`` through the real command line, then signing in with the account."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def bianmin(instance: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIANMIN_")}
    return subprocess.run(
        [sys.executable, "-m", "bianmin", "staff", "add", *args, "--instance", str(instance)],
        capture_output=True, text=True, env=env, input=stdin, timeout=60,
    )


def test_staff_added_on_the_command_line_can_sign_in(client, instance: Path) -> None:  # type: ignore[no-untyped-def]
    done = bianmin(instance, "wang", "--password", "guichuang-3", "--windows", "3,24", "--name", "王五")
    assert done.returncode == 0, done.stderr
    assert "3号、24号窗口" in done.stdout
    signed = client.post("/api/v1/session", json={"username": "wang", "password": "guichuang-3", "window": 24})
    assert signed.status_code == 200
    assert signed.get_json()["staff"] | {"id": 0} == {
        "id": 0, "username": "wang", "display_name": "王五", "windows": [3, 24], "role": "staff",
    }
    refused = client.post("/api/v1/session", json={"username": "wang", "password": "guichuang-3", "window": 1})
    assert refused.status_code == 403


def test_password_from_stdin_and_every_window_by_default(client, instance: Path) -> None:  # type: ignore[no-untyped-def]
    done = bianmin(instance, "zhao", "--password", "-", stdin="from-stdin-9\n")
    assert done.returncode == 0, done.stderr
    assert "全部窗口" in done.stdout
    signed = client.post("/api/v1/session", json={"username": "zhao", "password": "from-stdin-9", "window": 17})
    assert signed.status_code == 200


def test_command_line_mistakes_are_reported_in_chinese(client, instance: Path) -> None:  # type: ignore[no-untyped-def]
    unknown_window = bianmin(instance, "sun", "--password", "secret-1", "--windows", "3,99")
    assert unknown_window.returncode == 1 and "99号" in unknown_window.stderr
    unknown_hall = bianmin(instance, "sun", "--password", "secret-1", "--hall", "nowhere")
    assert unknown_hall.returncode == 1 and "服务中心" in unknown_hall.stderr
    bianmin(instance, "sun", "--password", "secret-1")
    taken = bianmin(instance, "sun", "--password", "secret-2")
    assert taken.returncode == 1 and "已经存在" in taken.stderr and "--replace" in taken.stderr
