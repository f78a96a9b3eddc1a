"""``bianmin staff …``: add, list, disable, enable accounts; show and end their sessions."""

from __future__ import annotations

import sys
from datetime import datetime

from bianmin.command_db import command_database
from bianmin.errors import BianminError
from bianmin.settings import Settings


def parse_windows(text: str | None) -> list[int] | None:
    """"3,24" → [3, 24]; empty → None (every window of the hall); anything else → ValueError."""
    if not text or not text.strip():
        return None
    numbers = []
    for part in text.replace("，", ",").split(","):
        part = part.strip().removesuffix("号")
        if not part.isdigit():
            raise ValueError(part)
        numbers.append(int(part))
    return sorted(set(numbers))


def add(
    settings: Settings, username: str, password: str, *, hall: str | None, windows: str | None,
    name: str = "", replace: bool = False, role: str | None = None,
    employee_no: str | None = None,
) -> int:
    """Create (or with --replace reset) an account; prints what it did, exit code 0/1/2."""
    try:
        numbers = parse_windows(windows)
    except ValueError as exc:
        print(f"bianmin: --windows 应为逗号分隔的窗口号，例如 3,24（无法识别 {exc}）", file=sys.stderr)
        return 2
    if password == "-":
        password = sys.stdin.readline().rstrip("\r\n")

    from bianmin.staff.errors import UsernameTaken
    from bianmin.staff.service import add_staff

    created = None
    try:
        with command_database(settings) as db:
            if role in ("manager", "county") and not replace:
                from bianmin.hall.service import first_hall

                # a server with no hall yet: its first manager's hall is created here, and
                # named and set up in the browser (docs/admin.md, "A hall's first day")
                created = first_hall(db, hall or settings.default_hall)
            info = add_staff(
                db, hall_code=hall or settings.default_hall, username=username, password=password,
                display_name=name, windows=numbers, replace=replace, role=role,
                employee_no=employee_no,
            )
    except UsernameTaken as exc:
        print(f"bianmin: {exc.message}要重设密码或窗口，请加 --replace。", file=sys.stderr)
        return 1
    except BianminError as exc:
        print(f"bianmin: {exc.message}", file=sys.stderr)
        return 1
    if created:
        print(f"数据库里还没有服务中心：已新建服务中心 {info.hall_code}（名称暂为“{created}”），"
              "请登录管理页面 /manage/hall 设置名称、电话和营业时间。")
    where = "全部窗口" if info.windows is None else "、".join(f"{n}号" for n in info.windows) + "窗口"
    label = ROLE_LABELS.get(info.role, info.role)
    print(f"{label} {info.username}（{info.display_name}）可在 {info.hall_code} 的{where}登录。")
    if info.role in ("manager", "county"):
        print("管理员也可以不选窗口登录（管理页面）。")
    if replace:
        print("密码已重设：这个账号原有的登录会话都已结束，登录锁定已解除。")
    return 0


ROLE_LABELS = {"staff": "工作人员", "manager": "管理员", "county": "县级管理员"}


def photo(settings: Settings, username: str, file: str) -> int:
    """``staff photo USERNAME FILE``: the photo the window's rating tablet shows (JPEG/PNG)."""
    from pathlib import Path

    from bianmin.staff.photos import set_photo

    try:
        with command_database(settings) as db:
            name = set_photo(db, settings.instance, username, Path(file).expanduser())
    except BianminError as exc:
        print(f"bianmin: {exc.message}", file=sys.stderr)
        return 1
    print(f"已为 {username} 设置照片（{settings.instance / 'staff_photos' / name}），"
          "窗口评价器空闲时显示。")
    return 0


def manage(settings: Settings, command: str, *, username: str | None, hall: str | None) -> int:
    """``staff list|disable|enable|sessions|sign-out``: prints what it did, exit code 0/1/2."""
    from bianmin.staff import admin

    try:
        with command_database(settings) as db:
            if command == "list":
                _print_accounts(admin.list_staff(db, hall_code=hall))
            elif command in ("disable", "enable"):
                assert username is not None
                info, ended = admin.set_active(db, username, command == "enable")
                if command == "disable":
                    print(f"已停用 {info.username}（{info.display_name}），"
                          f"结束了 {ended} 个登录会话；这个账号不能再登录。")
                else:
                    print(f"已启用 {info.username}（{info.display_name}），登录锁定已解除。")
            elif command == "sessions":
                _print_sessions(db, username)
            elif command == "sign-out":
                assert username is not None
                ended = admin.sign_out_everywhere(db, username)
                print(f"已结束 {username} 的 {ended} 个登录会话。")
            else:
                print(f"bianmin: 未知的命令 staff {command}", file=sys.stderr)
                return 2
    except BianminError as exc:
        print(f"bianmin: {exc.message}", file=sys.stderr)
        return 1
    return 0


def _print_accounts(rows: list) -> None:  # list[admin.AccountRow]
    if not rows:
        print("还没有工作人员账号。用 bianmin staff add 添加。")
        return
    table = [("用户名", "姓名", "角色", "服务中心", "窗口", "状态", "在线会话")]
    for row in rows:
        info = row.info
        windows = "全部" if info.windows is None else ",".join(str(n) for n in info.windows)
        table.append((info.username, info.display_name, ROLE_LABELS.get(info.role, info.role),
                      info.hall_code, windows or "无", "启用" if row.active else "停用",
                      str(row.live_sessions)))
    _print_table(table)


def _print_sessions(db, username: str | None) -> None:  # type: ignore[no-untyped-def]
    from bianmin.staff.admin import find_account
    from bianmin.staff.sessions import live_sessions

    if username is not None:
        find_account(db, username)  # an unknown username is an error, not "no sessions"
    found = live_sessions(db, username=username)
    if not found:
        print("没有登录中的会话。")
        return
    table = [("编号", "用户名", "窗口", "登录时间", "最近活动", "过期时间", "地址")]
    for live in found:
        window = "无（管理）" if live.window_number is None else f"{live.window_number}号"
        table.append((str(live.id), live.username, window, _local(live.created_at),
                      _local(live.last_seen_at), _local(live.expires_at), live.address or "-"))
    _print_table(table)


def _local(moment: datetime) -> str:
    """In this computer's timezone (the hall's), as staff read a clock."""
    return moment.astimezone().strftime("%m-%d %H:%M")


def _print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)).rstrip())


def _width(text: str) -> int:
    """Columns a terminal uses for ``text``: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
