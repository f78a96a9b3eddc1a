"""``bianmin device add|list|revoke|code``: the device registry from the command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from bianmin.command_db import command_database
from bianmin.errors import BianminError
from bianmin.settings import Settings

T = TypeVar("T")

KINDS = {"kiosk": "取号机", "lobby": "大厅屏", "window": "窗口屏", "rating": "评价器"}
STATES = {"waiting": "待注册", "enrolled": "已注册", "revoked": "已停用"}


def add(settings: Settings, name: str, *, kind: str, hall: str | None, window: int | None,
        printer: str) -> int:
    from bianmin.devices.service import add_device

    done = _run(settings, lambda db: add_device(db, hall or settings.default_hall, name, kind,
                                                window, printer))
    if done is None:
        return 1
    info, code = done
    print(f"已登记{KINDS[info.kind]} {info.name}（服务中心 {info.hall_code}）。")
    _print_code(settings, code)
    return 0


def code(settings: Settings, name: str, *, hall: str | None) -> int:
    from bianmin.devices.service import new_code

    fresh = _run(settings, lambda db: new_code(db, hall or settings.default_hall, name))
    if fresh is None:
        return 1
    print(f"设备 {name} 的新注册码（旧注册码已失效；设备重新注册后旧令牌失效）：")
    _print_code(settings, fresh)
    return 0


def revoke(settings: Settings, name: str, *, hall: str | None) -> int:
    from bianmin.devices.service import revoke as revoke_device

    info = _run(settings, lambda db: revoke_device(db, hall or settings.default_hall, name))
    if info is None:
        return 1
    print(f"设备 {info.name}（{info.hall_code}）已停用：它的令牌和注册码立即失效。"
          f"要重新启用，请用 bianmin device code {info.name} 生成新注册码。")
    return 0


def list_(settings: Settings, *, hall: str | None) -> int:
    from bianmin.devices.service import list_devices

    rows = _run(settings, lambda db: list_devices(db, hall))
    if rows is None:
        return 1
    if not rows:
        print("还没有登记任何设备（bianmin device add NAME --kind kiosk --hall CODE）。")
        return 0
    print("服务中心\t名称\t类型\t窗口\t状态\t最后联系\t地址\t打印机")
    for row in rows:
        info = row.info
        seen = row.last_seen_at.isoformat(timespec="seconds") if row.last_seen_at else "-"
        state = STATES[row.state]
        if row.code_expires_at is not None:
            state += f"（注册码有效至 {row.code_expires_at.isoformat(timespec='minutes')}）"
        print("\t".join([info.hall_code, info.name, KINDS.get(info.kind, info.kind),
                         str(info.window or "-"), state, seen, row.last_address or "-",
                         info.printer or ("默认" if info.kind == "kiosk" else "-")]))
    return 0


def _print_code(settings: Settings, code: str) -> None:
    from bianmin.devices.service import CODE_HOURS

    base = settings.public_url.rstrip("/") or f"http://{settings.host}:{settings.port}"
    print(f"\n    注册码：{code[:4]} {code[4:]}\n")
    print(f"在设备的浏览器中打开 {base}/enrol ，输入这 8 位数字（{CODE_HOURS} 小时内有效，只能用一次）。")


def _run(settings: Settings, action: Callable[[object], T]) -> T | None:
    """``action(db)`` on the installation's database; None (and a message) on a refusal."""
    try:
        with command_database(settings) as db:
            return action(db)
    except BianminError as exc:
        print(f"bianmin: {exc.message}", file=sys.stderr)
        return None
