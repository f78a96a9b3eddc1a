"""When the kiosk may issue: the hall's opening hours, the cut-off for long matters, 放号量.

Pure checks over the hall's hours document (``hall/hours.py``); ``issue_ticket`` runs them in
its transaction and the kiosk asks the same question before a visitor presses 取号
(``issuing_state``). A hall without hours is always open (the demo hall ships without any,
so a demo, a benchmark or a test issues at any time of day). A long matter is a 承诺件: a
scenario whose time limit is counted in working days (``TimeLimitKind.WORKING_DAYS``);
``long_cutoff_minutes`` before the hall closes (the end of the opening range it is in, the
lunch break included) it is no longer issued, since the window could not accept it in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bianmin.errors import Conflict
from bianmin.hall import hours as hours_rules
from bianmin.queue.clock import hall_zone
from bianmin.queue.errors import QueueError

WEEKDAY_NAMES = "一二三四五六日"


class NotIssuing(QueueError, Conflict):
    """Base of the three refusals: 409 with a Chinese message and ``details.next_open``."""


class HallClosed(NotIssuing):
    code = "hall_closed"
    message = "现在不是办公时间，暂不取号。"


class LongMatterClosed(NotIssuing):
    code = "long_matter_closed"
    message = "临近下班，这个事项办理时间较长，今天不再取号，请下个办公时段再来。"


class QueueFull(NotIssuing):
    code = "queue_full"
    message = "这个事项今天的号已经放完了。"


def when_text(moment: datetime | None, now: datetime) -> str:
    """The next opening as a visitor reads it: 今天14:30 / 明天09:30 / 12月7日（周一）09:30."""
    if moment is None:
        return ""
    local_now = now.astimezone(moment.tzinfo)
    days = (moment.date() - local_now.date()).days
    clock = moment.strftime("%H:%M")
    if days == 0:
        return f"今天{clock}"
    if days == 1:
        return f"明天{clock}"
    return f"{moment.month}月{moment.day}日（周{WEEKDAY_NAMES[moment.weekday()]}）{clock}"


@dataclass(frozen=True)
class Gate:
    """Whether the hall issues now, and when it closes or opens next (local times)."""

    open: bool
    closes_at: datetime | None
    next_open: datetime | None
    holiday: str
    # from when long matters are no longer issued today (None: no cut-off now)
    long_until: datetime | None

    def long_closed(self, now: datetime) -> bool:
        return self.long_until is not None and now >= self.long_until


def gate(hours: dict[str, Any] | None, zone: str, cutoff_minutes: int, now: datetime) -> Gate:
    """The hall at ``now``: a hall with no hours set is open, with no cut-off."""
    if not hours:
        return Gate(True, None, None, "", None)
    name = hall_zone(zone).key
    status = hours_rules.status_at(hours, now, name)
    if not status.open:
        return Gate(False, None, status.next_open, status.holiday, None)
    long_until = None
    if cutoff_minutes > 0 and status.closes_at is not None:
        long_until = status.closes_at - timedelta(minutes=cutoff_minutes)
    return Gate(True, status.closes_at, None, "", long_until)


def refusal(state: Gate, now: datetime, *, long: bool) -> NotIssuing | None:
    """The error to raise for a ticket of this kind now, or None if it may be issued."""
    if not state.open:
        when = when_text(state.next_open, now)
        why = f"今天是{state.holiday}，" if state.holiday else "现在不是办公时间，"
        text = why + (f"下次办公时间：{when}。" if when else "暂无办公安排，请咨询服务中心。")
        return HallClosed(text + "现在不能取号。", next_open=_iso(state.next_open))
    if long and state.long_closed(now):
        closes = state.closes_at.strftime("%H:%M") if state.closes_at else ""
        return LongMatterClosed(
            f"本时段{closes}结束，这个事项办理时间较长，已停止取号。请下个办公时段再来，"
            "或到咨询导办台询问。", closes_at=_iso(state.closes_at))
    return None


def full(cap: int | None, issued: int, next_open: datetime | None, now: datetime) -> QueueFull | None:
    """Past the queue's 放号量: the refusal, pointing to the next opening and the guide desk."""
    if cap is None or issued < cap:
        return None
    when = when_text(next_open, now)
    back = f"请{when}再来" if when else "请下个办公日再来"
    return QueueFull(f"这个事项今天的{cap}个号已经放完了。{back}，或到咨询导办台咨询。",
                     cap=cap, next_open=_iso(next_open))


def next_day_opening(hours: dict[str, Any] | None, zone: str, now: datetime) -> datetime | None:
    """The first opening of a later business day (a full queue's numbers restart then)."""
    if not hours:
        return None
    tz = hall_zone(zone)
    local = now.astimezone(tz)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    return hours_rules.next_opening(hours, midnight - timedelta(seconds=1), tz.key)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
