"""Four windows finishing with a notice at the same instant never share a document number
(SQLite and PostgreSQL): the hall's day counts 001, 002 … with no gap and no repeat."""

from __future__ import annotations

from sqlalchemy import select

from bianmin.notices.models import Notice
from bianmin.notices.service import NoticeDraft
from bianmin.queue import calling
from bianmin.queue.outcomes import Outcome
from tests.integration.test_calling_concurrency import press_together
from tests.support.calling import counter  # noqa: F401  (fixture)

ROUNDS = 5
# window → its queue (tests/support/calling.py QUEUES)
WINDOWS = {1: "A", 2: "A", 3: "B", 6: "C"}
OUTCOMES = [(Outcome.ACCEPTED, None), (Outcome.SUPPLEMENT, NoticeDraft(note="缺户口本")),
            (Outcome.REFUSED, NoticeDraft(reason="不属于本中心受理范围")),
            (Outcome.ACCEPTED, None)]


def test_simultaneous_notices_get_distinct_consecutive_numbers(counter) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    for _ in range(ROUNDS):
        for window, queue in WINDOWS.items():
            counter.issue(queue)
            calling.call_next(counter.db, counter.hall_id, window, None, counter.clock)
        results = press_together([
            (lambda w=w, o=o: calling.finish(counter.db, counter.hall_id, w, None, o[0],
                                             counter.clock, notice=o[1]))
            for w, o in zip(WINDOWS, OUTCOMES, strict=True)
        ])
        assert not [r for r in results if isinstance(r, Exception)], results
    with counter.db.read() as session:
        rows = session.execute(select(Notice.seq, Notice.number, Notice.business_day)
                               .where(Notice.hall_id == counter.hall_id)).all()
    total = ROUNDS * len(WINDOWS)
    assert sorted(seq for seq, _, _ in rows) == list(range(1, total + 1))
    assert len({number for _, number, _ in rows}) == total
    day = rows[0][2]
    assert all(number.endswith(f"〔{day.year}〕{day:%m%d}-{seq:03d}号") for seq, number, _ in rows)
