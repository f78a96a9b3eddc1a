"""``bianmin stats rollup``: freeze closed business days into the reports' roll-up."""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone

from sqlalchemy import select

from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.settings import Settings
from bianmin.stats.rollup import roll_up_closed, undo


def rollup(settings: Settings, halls: list[str], first: str | None, last: str | None,
           again: bool) -> int:
    try:
        start = date.fromisoformat(first) if first else None
        end = date.fromisoformat(last) if last else None
    except ValueError:
        print("bianmin: --from/--to 须为日期 YYYY-MM-DD", file=sys.stderr)
        return 2
    db = Database(settings.resolved_database_url)
    try:
        with db.read() as session:
            known = {code: hall_id for code, hall_id in session.execute(select(Hall.code, Hall.id))}
        unknown = [code for code in halls if code not in known]
        if unknown:
            print(f"bianmin: no such hall: {', '.join(unknown)}", file=sys.stderr)
            return 2
        if again:
            for code in halls or sorted(known):
                undone = undo(db, known[code], start or date.min, end or date.max)
                print(f"{code}: {undone} day(s) to be rolled up again")
        done = roll_up_closed(db, datetime.now(timezone.utc), halls=halls or None,
                              first=start, last=end)
        for rolled in done:
            print(f"{rolled.hall} {rolled.day.isoformat()}: {rolled.tickets} tickets")
        print(f"rolled up {len(done)} day(s), {sum(r.tickets for r in done)} tickets")
        return 0
    finally:
        db.dispose()
