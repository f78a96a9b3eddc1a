"""``bianmin staff add``: create a counter account from the command line."""

from __future__ import annotations

import sys

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
    name: str = "", replace: bool = False,
) -> int:
    """Create (or with --replace reset) an account; prints what it did, exit code 0/1/2."""
    try:
        numbers = parse_windows(windows)
    except ValueError as exc:
        print(f"bianmin: --windows 应为逗号分隔的窗口号，例如 3,24（无法识别 {exc}）", file=sys.stderr)
        return 2
    if password == "-":
        password = sys.stdin.readline().rstrip("\r\n")

    from bianmin import migrate
    from bianmin.db import Database
    from bianmin.staff.errors import UsernameTaken
    from bianmin.staff.service import add_staff

    db = Database(settings.resolved_database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    try:
        if settings.auto_migrate:
            migrate.upgrade(db)
        if settings.load_demo:
            from bianmin.catalog.demo import ensure_demo_hall

            ensure_demo_hall(db)
        info = add_staff(
            db, hall_code=hall or settings.default_hall, username=username, password=password,
            display_name=name, windows=numbers, replace=replace,
        )
    except UsernameTaken as exc:
        print(f"bianmin: {exc.message}要重设密码或窗口，请加 --replace。", file=sys.stderr)
        return 1
    except BianminError as exc:
        print(f"bianmin: {exc.message}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    where = "全部窗口" if info.windows is None else "、".join(f"{n}号" for n in info.windows) + "窗口"
    print(f"工作人员 {info.username}（{info.display_name}）可在 {info.hall_code} 的{where}登录。")
    return 0
