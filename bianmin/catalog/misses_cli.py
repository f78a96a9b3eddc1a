"""``bianmin catalog misses``: what visitors searched for at the kiosk and did not find."""

from __future__ import annotations

import json
import sys

from bianmin.errors import BianminError
from bianmin.settings import Settings


def show_misses(settings: Settings, hall_code: str | None, days: int, as_json: bool) -> int:
    """Print the hall's miss log of the last ``days`` business days, most frequent first."""
    from bianmin import migrate
    from bianmin.catalog.misses import misses_of
    from bianmin.catalog.queries import get_hall
    from bianmin.db import Database

    code = hall_code or settings.default_hall
    if days < 1:
        print("bianmin: --days 至少为 1", file=sys.stderr)
        return 2
    db = Database(settings.resolved_database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    try:
        if not migrate.is_current(db):
            print("bianmin: 数据库不是最新结构，请先运行 bianmin db upgrade (database not migrated)",
                  file=sys.stderr)
            return 1
        with db.read() as session:
            rows = misses_of(session, get_hall(session, code), days)
    except BianminError as exc:
        print(f"bianmin: {exc.message}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    if as_json:
        print(json.dumps({"hall": code, "days": days, "misses": [
            {"query": r.query, "count": r.count, "days": r.days,
             "last_day": r.last_day.isoformat()} for r in rows]}, ensure_ascii=False))
        return 0
    if not rows:
        print(f"{code}：最近 {days} 天没有查不到结果的查找。")
        return 0
    print(f"{code}：最近 {days} 天查不到结果的查找（次数 天数 最近一天 查找内容）")
    for row in rows:
        print(f"{row.count:>6} {row.days:>4}  {row.last_day.isoformat()}  {row.query}")
    print("可在服务中心配置文件的 [synonyms] 里为这些说法加同义词（docs/search.md）。")
    return 0
