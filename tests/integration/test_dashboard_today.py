"""实时概况 figures of a hand-built day, on SQLite and PostgreSQL (any_db).

The hall is in Shanghai (UTC+8); its business day 2026-11-25 starts at 16:00 UTC the day
before, so this morning's first numbers are taken before midnight UTC and the rest after.
Every figure below is computed by hand from the times in the comments.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bianmin.dashboard.board import BadRating, Thresholds, alerts, read_board
from bianmin.queue import calling
from bianmin.queue.outcomes import Outcome
from bianmin.queue.snapshot import read_snapshot
from bianmin.queue.transfer import transfer
from bianmin.ratings.record import RatingInput, RatingRules, record_rating
from tests.support.calling import counter  # noqa: F401  (fixture)

# 07:50 in Shanghai on 2026-11-25, 23:50 UTC on the 24th
T0 = datetime(2026, 11, 24, 23, 50, tzinfo=timezone.utc)


class SetClock:
    """A clock that reads what it was last set to."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def at(self, minutes: float) -> SetClock:
        self.now = T0 + timedelta(minutes=minutes)
        return self


def build_day(counter):  # type: ignore[no-untyped-def]  # noqa: F811
    """The day of the module docstring; answers the clock (at T0+60 min) and the ticket ids."""
    clock = SetClock()
    counter.clock = clock
    hall = counter.hall_id
    clock.now = datetime(2026, 11, 24, 15, 50, tzinfo=timezone.utc)  # 23:50 on the 24th: yesterday
    counter.issue("A")
    clock.at(0)
    a1 = counter.issue("A")
    clock.at(5)
    counter.issue("A")  # a2
    clock.at(10)
    counter.issue("B")  # b1
    clock.at(15)
    a3 = counter.issue("A")
    calling.call_next(counter.db, hall, 1, None, clock.at(20))       # a1: waited 20 min
    calling.start(counter.db, hall, 1, None, clock.at(22))
    calling.finish(counter.db, hall, 1, None, Outcome.DONE, clock.at(30))  # served 8 min
    calling.call_next(counter.db, hall, 3, None, clock.at(25))       # b1: waited 15 min
    calling.no_show(counter.db, hall, 3, None, clock.at(27))
    calling.call_next(counter.db, hall, 2, None, clock.at(26))       # a2: waited 21 min
    calling.start(counter.db, hall, 2, None, clock.at(27))
    transfer(counter.db, hall, 2, None, queue="B", clock=clock.at(28))  # b2 waits since T0+5
    calling.call_next(counter.db, hall, 1, None, clock.at(31))       # a3: waited 16 min
    calling.start(counter.db, hall, 1, None, clock.at(32))
    calling.finish(counter.db, hall, 1, None, Outcome.ACCEPTED, clock.at(42))  # served 10 min
    clock.at(35)
    c1 = counter.issue("C")
    calling.cancel(counter.db, hall, 6, None, c1, clock.at(36))
    calling.pause(counter.db, hall, 5, None, clock.at(40))
    rules = RatingRules()
    record_rating(counter.db, a1, RatingInput(5, [], "", "", "tablet"), clock.at(31).now, rules)
    record_rating(counter.db, a3, RatingInput(2, ["efficiency"], "", "", "tablet"), clock.at(43).now, rules)
    return clock.at(60)


def test_todays_figures_of_a_hand_built_day(counter) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    clock = build_day(counter)
    board = read_board(counter.db, read_snapshot(counter.db, hall_id=counter.hall_id, clock=clock),
                       clock(), Thresholds(wait_minutes=30, pause_minutes=15))
    today = board.today
    assert today["business_day"] == "2026-11-25"
    # b2, made by the transfer, is a ticket of the day like any other (docs/statistics.md)
    assert (today["issued"], today["called"], today["served"]) == (6, 4, 2)
    assert (today["no_shows"], today["transfers"], today["cancellations"], today["waiting"]) == (1, 1, 1, 1)
    assert (today["outcome_done"], today["outcome_accepted"], today["outcome_refused"]) == (1, 1, 0)
    # waits 20, 15, 21 and 16 minutes; p50 and p90 by nearest rank are the 2nd and 4th of 4
    assert (today["wait_mean_s"], today["wait_p50_s"], today["wait_p90_s"], today["wait_max_s"]) == (
        1080.0, 960.0, 1260.0, 1260.0)
    # walks 2, 1 (a2, then transferred) and 1 minutes; services 8 and 10 minutes
    assert (today["walk_mean_s"], today["service_mean_s"]) == (80.0, 540.0)
    assert (today["ratings"], today["rating_5"], today["rating_2"], today["satisfaction"]) == (2, 1, 1, 0.5)
    assert today["rating_rate"] == 1.0
    # window 5 paused at T0+40 and still paused at T0+60
    assert (today["pauses"], today["pause_total_s"]) == (1, 1200.0)
    queues = {q.prefix: q for q in board.queues}
    assert (queues["A"].waiting, queues["A"].longest_wait_s) == (0, None)
    # b2 keeps the visitor's place in line: waiting since T0+5, now T0+60
    assert (queues["B"].waiting, queues["B"].longest_wait_s) == (1, 55 * 60.0)
    windows = {w.number: w for w in board.windows}
    assert windows[5].state == "paused" and windows[5].paused_since == T0 + timedelta(minutes=40)
    assert {n: w.state for n, w in windows.items() if n != 5} == {
        1: "closed", 2: "closed", 3: "closed", 6: "closed"}
    assert [(r.level, r.window, r.overdue) for r in board.open_bad_ratings] == [(2, 1, False)]
    assert [(a.kind, a.queue, a.window) for a in board.alerts] == [
        ("long_wait", "B", None), ("long_pause", None, 5), ("bad_rating", None, 1)]
    assert "55 分钟" in board.alerts[0].message and "20 分钟" in board.alerts[1].message


def test_below_the_thresholds_no_wait_or_pause_alert(counter) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    clock = build_day(counter)
    board = read_board(counter.db, read_snapshot(counter.db, hall_id=counter.hall_id, clock=clock),
                       clock(), Thresholds(wait_minutes=56, pause_minutes=21))
    assert [a.kind for a in board.alerts] == ["bad_rating"]


def test_a_serving_window_shows_its_ticket(counter) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    clock = SetClock()
    counter.clock = clock
    counter.issue("A")
    calling.call_next(counter.db, counter.hall_id, 2, None, clock.at(3))
    board = read_board(counter.db, read_snapshot(counter.db, hall_id=counter.hall_id, clock=clock),
                       clock.at(4).now)
    window = next(w for w in board.windows if w.number == 2)
    assert (window.state, window.ticket) == ("serving", "A001")
    assert board.today["wait_mean_s"] == 180.0 and board.today["service_mean_s"] is None


def test_past_three_bad_ratings_the_alerts_name_three_and_count_the_rest() -> None:
    now = T0 + timedelta(hours=2)
    bad = [BadRating(n, 1, f"A{n:03d}", 1, now - timedelta(minutes=n), False) for n in range(1, 6)]
    yesterday = BadRating(9, 2, "A009", 2, T0 - timedelta(hours=9), True)  # 22:50 on the 24th
    found = alerts([], [], [*bad, yesterday], date(2026, 11, 25), now, Thresholds(), "Asia/Shanghai")
    assert [a.rating_id for a in found] == [1, 2, 3, None]
    assert "另有 2 条差评" in found[-1].message
