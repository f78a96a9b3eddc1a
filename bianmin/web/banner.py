"""What ``bianmin serve`` prints on stdout at start: where each screen is, and the demo accounts.

A newcomer sees one address in the README; the hall has five kinds of screens. The text is
built here from plain values (no Flask), so that a test can read it without a server.
"""

from __future__ import annotations

import socket
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bianmin.staff.demo import PASSWORD_FILE, DemoAccount

# listening on every interface: other machines use the LAN address, this one 127.0.0.1
ANY_ADDRESS = {"0.0.0.0", "", "::", "[::]"}

ROLE_LABELS = {"staff": "窗口人员", "manager": "管理员", "county": "县级管理员"}
STATUS_NOTES = {
    "created": "（首次启动，新生成的密码）",
    "renewed": "（密码文件已删除，新生成的密码）",
    "changed": "密码已用 bianmin staff add … --replace 改过，这里不再显示",
    "disabled": "账号已停用（bianmin staff enable 可启用）",
    "taken": "用户名已被其他服务中心的账号占用，未创建",
}


@dataclass(frozen=True)
class HallScreens:
    """The hall whose screens are listed, and what the server offers."""

    code: str
    name: str
    first_window: int | None
    has_manage_pages: bool


def shown_host(host: str) -> str:
    """The host to put in an address a browser on this machine can open."""
    if host in ANY_ADDRESS:
        return "127.0.0.1"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def lan_address() -> str | None:
    """This machine's address on its LAN, if it has one (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 9))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def render_banner(
    host: str, port: int, hall: HallScreens | None, accounts: Sequence[DemoAccount],
    instance: Path, lan: str | None = None,
) -> str:
    base = f"http://{shown_host(host)}:{port}"
    out = ["", "=" * 64]
    if hall is None:
        out.append(f"bianmin 已启动：{base}/  （默认服务中心还不存在：bianmin hall add …）")
    else:
        out.append(f"bianmin 已启动：{hall.name}（{hall.code}）")
        rows = [
            ("取号机 kiosk", f"{base}/kiosk/{hall.code}/"),
            ("窗口终端 counter", f"{base}/counter/"),
            ("大厅屏 lobby", f"{base}/display/{hall.code}/lobby"),
        ]
        if hall.first_window is not None:
            rows.append((f"窗口屏 window {hall.first_window}",
                         f"{base}/display/{hall.code}/window/{hall.first_window}"))
            rows.append((f"评价器 rate {hall.first_window}",
                         f"{base}/rate/{hall.code}/{hall.first_window}"))
        rows.append(("设备注册 enrol", f"{base}/enrol/"))
        if hall.has_manage_pages:
            rows.append(("管理页面 manage", f"{base}/manage/"))
        out += [f"  {_padded(label, 20)}{url}" for label, url in rows]
    if host in ANY_ADDRESS:
        where = f"http://{lan}:{port}/" if lan else f"http://<本机局域网地址>:{port}/"
        out.append(f"  大厅局域网内的其他电脑：把 {base}/ 换成 {where}（LAN address）")
    if accounts:
        out.append(f"  演示账号 demo accounts（只有演示大厅有；密码保存在 {instance / PASSWORD_FILE}，"
                   "删除该文件后下次启动生成新密码）")
        for account in accounts:
            label = ROLE_LABELS.get(account.role, account.role)
            if account.password:
                note = STATUS_NOTES.get(account.status, "")
                out.append(f"    {_padded(label, 10)}用户名 {account.username:<14}"
                           f"密码 {account.password}{note}")
            else:
                out.append(f"    {_padded(label, 10)}用户名 {account.username:<14}"
                           f"{STATUS_NOTES[account.status]}")
        out.append("    窗口人员可在任一窗口登录叫号；管理员可不选窗口登录。")
    out.append("=" * 64)
    return "\n".join(out)


def _padded(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, width - used)
