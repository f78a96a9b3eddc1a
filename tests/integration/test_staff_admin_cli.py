"""``bianmin staff list|disable|enable|sessions|sign-out`` and ``--role``: the real command line
(``bianmin.cli.main``, in this process; the entry point itself: test_staff_cli.py)."""

from __future__ import annotations

from pathlib import Path

from bianmin.staff.sessions import live_sessions
from tests.support.cli import Ran, run_bianmin


def staff(instance: Path, *args: str) -> Ran:
    """``bianmin staff ARGS`` (in this process: tests/support/cli.py)."""
    return run_bianmin("staff", *args, "--instance", str(instance))


def test_roles_and_the_account_list(client, instance: Path) -> None:  # type: ignore[no-untyped-def]
    assert staff(instance, "add", "zhang", "--password", "secret-11", "--windows", "1,2",
                 "--name", "张三").returncode == 0
    boss = staff(instance, "add", "boss", "--password", "secret-12", "--role", "manager", "--name", "王主任")
    assert boss.returncode == 0 and boss.stdout.startswith("管理员 boss") and "不选窗口" in boss.stdout
    # a reset keeps the role unless one is given
    assert staff(instance, "add", "boss", "--password", "secret-13", "--replace").returncode == 0
    signed = client.post("/api/v1/session", json={"username": "boss", "password": "secret-13"})
    assert signed.status_code == 200 and signed.get_json()["staff"]["role"] == "manager"
    listed = staff(instance, "list", "--hall", "demo")
    assert listed.returncode == 0
    header, *rows = listed.stdout.splitlines()
    assert header.split() == ["用户名", "姓名", "角色", "服务中心", "窗口", "状态", "在线会话"]
    assert [row.split() for row in rows] == [
        ["boss", "boss", "管理员", "demo", "全部", "启用", "1"],
        ["zhang", "张三", "工作人员", "demo", "1,2", "启用", "0"],
    ]


def test_disable_and_enable(client, db, instance: Path) -> None:  # type: ignore[no-untyped-def]
    staff(instance, "add", "li", "--password", "secret-21", "--windows", "3")
    assert client.post("/api/v1/session", json={"username": "li", "password": "secret-21",
                                                "window": 3}).status_code == 200
    off = staff(instance, "disable", "li")
    assert off.returncode == 0 and "已停用 li" in off.stdout and "结束了 1 个登录会话" in off.stdout
    assert client.get("/api/v1/session").status_code == 401
    assert "停用" in staff(instance, "list").stdout
    refused = client.post("/api/v1/session", json={"username": "li", "password": "secret-21", "window": 3})
    assert refused.status_code == 401 and refused.get_json()["error"] == "bad_credentials"
    on = staff(instance, "enable", "li")
    assert on.returncode == 0 and "已启用 li" in on.stdout
    assert client.post("/api/v1/session", json={"username": "li", "password": "secret-21",
                                                "window": 3}).status_code == 200
    assert [s.username for s in live_sessions(db, username="li")] == ["li"]


def test_sessions_and_sign_out(client, instance: Path) -> None:  # type: ignore[no-untyped-def]
    assert "没有登录中的会话" in staff(instance, "sessions").stdout
    staff(instance, "add", "wang", "--password", "secret-31", "--windows", "4")
    client.post("/api/v1/session", json={"username": "wang", "password": "secret-31", "window": 4})
    listed = staff(instance, "sessions")
    assert listed.returncode == 0 and "wang" in listed.stdout and "4号" in listed.stdout
    out = staff(instance, "sign-out", "wang")
    assert out.returncode == 0 and out.stdout.strip() == "已结束 wang 的 1 个登录会话。"
    assert client.post("/api/v1/windows/4/pause", json={}).status_code == 401


def test_mistakes_get_chinese_messages_and_exit_codes(client, instance: Path) -> None:  # type: ignore[no-untyped-def]
    for args in (("disable", "nobody"), ("enable", "nobody"), ("sign-out", "nobody"), ("sessions", "nobody")):
        done = staff(instance, *args)
        assert done.returncode == 1 and "没有用户名为 nobody 的工作人员账号" in done.stderr, args
    no_hall = staff(instance, "list", "--hall", "nowhere")
    assert no_hall.returncode == 1 and "服务中心" in no_hall.stderr
    assert staff(instance, "disable").returncode == 2
    assert staff(instance, "add", "x1", "--password", "secret-41", "--role", "boss").returncode == 2
