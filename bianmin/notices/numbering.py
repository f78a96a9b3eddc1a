"""The document number of the hall's day: 六十二团便民〔2026〕1202-003号.

The sequence comes from one atomic upsert on ``notice_counter`` (as ticket numbers do,
bianmin/queue/numbering.py): ``INSERT … ON CONFLICT DO UPDATE SET last_number = last_number
+ 1 RETURNING last_number`` inside the finishing transaction, so two windows finishing at
the same instant never get the same number, on SQLite or PostgreSQL; a rolled-back finish
gives its number back. ``uq_notice_number`` is the safety net.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from bianmin.notices.models import NoticeCounter

_counter = NoticeCounter.__table__
# the hall's name without these endings makes the number's prefix (六十二团便民服务中心 → 六十二团便民)
_ENDINGS = ("政务服务中心", "服务中心", "服务大厅", "中心", "大厅")


def _next(insert_for) -> Executable:  # type: ignore[no-untyped-def]
    statement = insert_for(_counter).values(
        hall_id=bindparam("hall_id"), business_day=bindparam("day"), last_number=1)
    return statement.on_conflict_do_update(
        index_elements=["hall_id", "business_day"],
        set_={"last_number": _counter.c.last_number + 1},
    ).returning(_counter.c.last_number)


_NEXT = {"sqlite": _next(sqlite.insert), "postgresql": _next(postgresql.insert)}


def next_seq(session: Session, hall_id: int, day: date) -> int:
    conn = session.connection()
    return conn.execute(_NEXT[conn.dialect.name], {"hall_id": hall_id, "day": day}).scalar_one()


def number_prefix(hall_name: str) -> str:
    """六十二团便民服务中心 → 六十二团便民; a name that is only an ending stays whole."""
    name = hall_name.strip()
    for ending in _ENDINGS:
        if name.endswith(ending):
            return name[: -len(ending)] if len(name) > len(ending) else name
    return name or "便民"


def document_number(hall_name: str, day: date, seq: int) -> str:
    """六十二团便民〔2026〕1202-003号: prefix, year, month and day, the day's sequence."""
    return f"{number_prefix(hall_name)}〔{day.year}〕{day.month:02d}{day.day:02d}-{seq:03d}号"
