"""``bianmin day close``: close today's left-over tickets now (queue/day_close.py)."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

from sqlalchemy import select

from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.queue.day_close import close_due
from bianmin.settings import Settings


def close(settings: Settings, halls: list[str]) -> int:
    db = Database(settings.resolved_database_url)
    try:
        with db.read() as session:
            known = set(session.scalars(select(Hall.code)))
        unknown = [code for code in halls if code not in known]
        if unknown:
            print(f"bianmin: 没有这个服务中心：{'、'.join(unknown)}", file=sys.stderr)
            return 2
        done = close_due(db, datetime.now(timezone.utc), halls=halls or None, today=True, by="cli")
        for closed in done:
            shown = "、".join(closed.numbers) + ("…" if closed.tickets > len(closed.numbers) else "")
            print(f"{closed.hall_code}：{closed.tickets} 张未办理的号已关闭（{shown}）")
        if not done:
            print("没有需要关闭的号。")
        return 0
    finally:
        db.dispose()
