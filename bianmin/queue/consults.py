"""The guide desk (咨询导办台): "which window?" answered without a ticket, counted.

A 咨询 is one row: the hall, when, the business day, who answered, and the scenario or
queue asked about if staff chose one. Counting rows (not an event of a ticket) keeps the
ticket statistics untouched; ``bianmin.stats.guide_desk`` reports them per day beside the
帮办代办 tickets (tickets with source ``guide``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, select
from sqlalchemy.orm import Mapped, mapped_column

from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall, Scenario, utcnow
from bianmin.db import Base, Database
from bianmin.queue.clock import Clock, business_day, system_clock
from bianmin.queue.errors import UnknownScenario


class GuideConsult(Base):
    """One question answered at the guide desk without a ticket (导办咨询)."""

    __tablename__ = "guide_consult"
    __table_args__ = (Index("ix_guide_consult_hall_day", "hall_id", "business_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"))
    business_day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # the member of staff at the desk (no foreign key: the queue does not depend on staff)
    staff_id: Mapped[int | None] = mapped_column(Integer)
    # the matter asked about, when staff picked it from the search (None: not recorded)
    scenario_id: Mapped[int | None] = mapped_column(ForeignKey("scenario.id"))


@dataclass(frozen=True)
class Consulted:
    id: int
    business_day: date
    # the day's 咨询 count so far, the desk shows it
    today: int


def record_consult(
    db: Database, hall_code: str, staff_id: int | None, scenario_id: int | None = None,
    clock: Clock = system_clock,
) -> Consulted:
    """Count one 咨询 answered at the desk (with the scenario asked about, if given)."""
    from sqlalchemy import func

    with db.write() as session:
        hall = session.scalar(select(Hall).where(Hall.code == hall_code))
        if hall is None:
            raise UnknownHall()
        if scenario_id is not None:
            owner = session.scalar(select(Scenario.hall_id).where(Scenario.id == scenario_id))
            if owner != hall.id:
                raise UnknownScenario()
        now = clock()
        day = business_day(now, hall.timezone)
        row = GuideConsult(hall_id=hall.id, business_day=day, at=now, staff_id=staff_id,
                           scenario_id=scenario_id)
        session.add(row)
        session.flush()
        today = session.scalar(select(func.count(GuideConsult.id)).where(
            GuideConsult.hall_id == hall.id, GuideConsult.business_day == day)) or 0
        return Consulted(row.id, day, today)
