"""The addresses ``bianmin serve`` prints follow the host and port it listens on."""

from __future__ import annotations

from pathlib import Path

from bianmin.staff.demo import DemoAccount
from bianmin.web.banner import HallScreens, render_banner

DEMO = HallScreens("demo", "六十二团便民服务中心", 1, has_manage_pages=False)
ACCOUNTS = [DemoAccount("demo-staff", "演示窗口人员", "staff", "ready", "k7mzq4hxta"),
            DemoAccount("demo-manager", "演示管理员", "manager", "changed", None)]


def test_every_interface_prints_this_machine_and_the_lan_form() -> None:
    text = render_banner("0.0.0.0", 8080, DEMO, [], Path("instance"), lan="192.168.1.20")
    assert "http://127.0.0.1:8080/kiosk/demo/" in text
    assert "http://127.0.0.1:8080/display/demo/window/1" in text
    assert "http://127.0.0.1:8080/rate/demo/1" in text
    assert "http://192.168.1.20:8080/" in text
    unknown_lan = render_banner("::", 5000, DEMO, [], Path("instance"), lan=None)
    assert "http://127.0.0.1:5000/counter/" in unknown_lan
    assert "http://<本机局域网地址>:5000/" in unknown_lan


def test_a_named_host_is_printed_as_it_is_and_no_lan_line() -> None:
    text = render_banner("192.168.1.20", 5000, DEMO, [], Path("instance"), lan="192.168.1.20")
    assert "http://192.168.1.20:5000/display/demo/lobby" in text
    assert "局域网" not in text and "127.0.0.1" not in text
    assert "http://[::1]:5000/enrol/" in render_banner("::1", 5000, DEMO, [], Path("i"))


def test_accounts_print_their_password_only_while_it_is_theirs() -> None:
    text = render_banner("127.0.0.1", 5000, DEMO, ACCOUNTS, Path("/srv/demo"))
    assert "demo-staff" in text and "密码 k7mzq4hxta" in text
    assert "/srv/demo/demo_accounts.txt" in text
    manager_line = next(line for line in text.splitlines() if "demo-manager" in line)
    assert "--replace 改过" in manager_line and "密码 " not in manager_line
    assert "密码" not in render_banner("127.0.0.1", 5000, DEMO, [], Path("/srv/demo"))


def test_manage_pages_are_listed_once_they_exist() -> None:
    with_manage = HallScreens("demo", "六十二团便民服务中心", 1, has_manage_pages=True)
    assert "http://127.0.0.1:5000/manage/" in render_banner("127.0.0.1", 5000, with_manage, [], Path("i"))
    assert "/manage/" not in render_banner("127.0.0.1", 5000, DEMO, [], Path("i"))
