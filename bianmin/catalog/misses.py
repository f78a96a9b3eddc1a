"""Searches that found nothing, counted per hall, business day and query (the miss log).

The hall learns what visitors looked for and did not find, in their own words, and can
add a synonym (docs/search.md). Only the query is kept, and only when it cannot hold
personal data (``refusal``): no digits runs that could be a phone, ID-card or bank number,
no e-mail, nothing longer than ``MAX_QUERY`` characters (a sentence or a name with more).
Pure domain: SQLAlchemy only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from bianmin.catalog.models import Hall
from bianmin.db import Base

MAX_QUERY = 20
# six digits in a row could be part of a phone, ID-card or bank-card number
_NUMBER = re.compile(r"\d{6,}")
_SPACES = re.compile(r"\s+")


class SearchMiss(Base):
    """How often one query found nothing at one hall on one business day."""

    __tablename__ = "search_miss"
    __table_args__ = (UniqueConstraint("hall_id", "business_day", "query",
                                       name="uq_search_miss"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), index=True)
    business_day: Mapped[date] = mapped_column(Date)
    query: Mapped[str] = mapped_column(String(MAX_QUERY))
    count: Mapped[int] = mapped_column(Integer, default=1)
    last_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def clean_query(text: str) -> str:
    """The query as it is stored: full width folded, spaces collapsed, lower case."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def refusal(query: str) -> str | None:
    """Why ``query`` (cleaned) must not be stored, or None: the privacy rule."""
    if not query:
        return "empty"
    if _NUMBER.search(query.replace(" ", "")) or "@" in query:
        return "personal_data"
    if len(query) > MAX_QUERY:
        return "too_long"
    return None


def hall_day(now: datetime, zone: str) -> date:
    try:
        return now.astimezone(ZoneInfo(zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return now.astimezone(ZoneInfo("Asia/Shanghai")).date()


def record_miss(session: Session, hall: Hall, query: str, now: datetime) -> None:
    """Count one miss of ``query`` (already cleaned and allowed) today at ``hall``."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = SearchMiss.__table__
    statement = insert(table).values(
        hall_id=hall.id, business_day=hall_day(now, hall.timezone), query=query, count=1,
        last_at=now,
    ).on_conflict_do_update(
        index_elements=["hall_id", "business_day", "query"],
        set_={"count": table.c.count + 1, "last_at": now},
    )
    session.execute(statement)


@dataclass(frozen=True)
class MissRow:
    query: str
    count: int
    days: int
    last_day: date


def misses_of(session: Session, hall: Hall, days: int, now: datetime | None = None,
              ) -> list[MissRow]:
    """The misses of the last ``days`` business days, most frequent first.

    A query that is the start of another logged query (低, 低保 before 低保证) is left out:
    what a visitor typed on the way to a longer query is not what they looked for.
    """
    now = now or datetime.now(timezone.utc)
    since = hall_day(now, hall.timezone) - timedelta(days=max(1, days) - 1)
    rows = session.execute(
        select(SearchMiss.query, SearchMiss.count, SearchMiss.business_day)
        .where(SearchMiss.hall_id == hall.id, SearchMiss.business_day >= since)
    ).all()
    totals: dict[str, list[int]] = {}
    last: dict[str, date] = {}
    for query, count, day in rows:
        entry = totals.setdefault(query, [0, 0])
        entry[0] += count
        entry[1] += 1
        last[query] = max(last.get(query, day), day)
    queries = sorted(totals)
    kept = [q for i, q in enumerate(queries)
            if not (i + 1 < len(queries) and queries[i + 1].startswith(q))]
    found = [MissRow(q, totals[q][0], totals[q][1], last[q]) for q in kept]
    return sorted(found, key=lambda r: (-r.count, r.query))
