"""A bad rating's follow-up is due in the hall's working days: its holidays do not count and
its 调休 working weekends do (the same calendar as the written notices' promised dates)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bianmin.catalog.models import Hall
from bianmin.queue import calling
from bianmin.queue.clock import as_aware
from bianmin.ratings.models import RatingFollowUp
from bianmin.ratings.record import RatingInput, RatingRules, record_rating
from tests.support.calling import Counter, counter  # noqa: F401  (fixture)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def bad_rating_due(counter: Counter, hours: dict | None) -> datetime:  # noqa: F811
    with counter.db.write() as session:
        session.execute(update(Hall).where(Hall.id == counter.hall_id).values(hours=hours))
    ticket = counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 1, None, counter.clock)
    calling.finish(counter.db, counter.hall_id, 1, None, clock=counter.clock)
    rating_id, _ = record_rating(counter.db, ticket, RatingInput(1, ["efficiency"], "", "", "tablet"),
                                 counter.clock(), RatingRules())
    with counter.db.read() as session:
        due = session.scalar(select(RatingFollowUp.due_at).where(RatingFollowUp.rating_id == rating_id))
    return as_aware(due).astimezone(SHANGHAI)


def test_three_working_days_of_the_halls_calendar(counter: Counter) -> None:  # noqa: F811
    # Wednesday 2026-11-25, 09:00 in the hall: Thursday, Friday, Monday
    assert bad_rating_due(counter, None).date().isoformat() == "2026-11-30"


def test_holidays_do_not_count_and_a_working_saturday_does(counter: Counter) -> None:  # noqa: F811
    hours = {"weekly": {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
             "holidays": [{"start": "2026-11-26", "end": "2026-11-27", "name": "测试假日"}],
             "workdays": [{"date": "2026-11-28", "as": "mon", "name": "调休"}]}
    # Thursday and Friday off, Saturday worked: Saturday, Monday, Tuesday
    due = bad_rating_due(counter, hours)
    assert due.date().isoformat() == "2026-12-01" and due.hour == 9
