"""Opening hours: per weekday ranges with breaks, 延时/错时 days, holidays and 调休 workdays.

Pure functions over a plain JSON document (stored in ``hall.hours``), so that the kiosk
(issue 12), the ticket and the managers' page all answer "open now?" the same way::

    {"weekly": {"mon": [["09:30", "13:30"], ["16:00", "19:30"]], …, "sun": []},
     "special": [{"weekday": "sat", "mode": "extra", "ranges": [["10:00", "14:00"]],
                  "note": "周六延时服务"},
                 {"date": "2026-12-24", "mode": "shifted", "ranges": [["08:00", "12:00"]]}],
     "holidays": [{"start": "2026-10-01", "end": "2026-10-07", "name": "国庆节"}],
     "workdays": [{"date": "2026-10-11", "as": "mon", "name": "国庆调休"}]}

One day's hours, first rule that applies:

1. a ``special`` entry of that **date** with mode ``shifted`` (错时): exactly its ranges;
2. a **holiday** covering the date: closed;
3. a make-up **workday** (调休) on the date: the weekly hours of its ``as`` weekday
   (default Monday), also on a Saturday or Sunday;
4. otherwise the weekly hours of its weekday; a ``shifted`` entry of that **weekday**
   replaces them.

Then ``extra`` entries (延时) add their ranges: those of the date always, those of the
weekday not on a holiday. (An entry naming a date is the hall's explicit word for that day,
so it opens even a holiday.) Ranges of a day are merged where they touch. Times are the hall's local wall
clock (its ``timezone``); "24:00" ends a day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_LABELS = {"mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五",
                  "sat": "周六", "sun": "周日"}
MAX_RANGES = 3
MAX_ENTRIES = 200
MODES = ("extra", "shifted")
HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")
# how far ahead "when does it open next" looks: past a year of holidays, it is closed for good
HORIZON_DAYS = 400

Range = tuple[int, int]  # minutes since local midnight, start < end ≤ 1440


class HoursProblem(ValueError):
    """What is wrong with an hours document, in Chinese (the managers' form shows it)."""


@dataclass(frozen=True)
class Status:
    """The hall at one moment: open or not, until when, and when it opens next."""

    open: bool
    # open: when the current range ends (local); closed: None
    closes_at: datetime | None
    # closed: the next opening (local), None if none within a year; open: None
    next_open: datetime | None
    # why closed today: holiday name, or "" (outside hours / a day off)
    holiday: str = ""


def empty() -> dict[str, Any]:
    return {"weekly": {d: [] for d in WEEKDAYS}, "special": [], "holidays": [], "workdays": []}


def _minutes(text: Any, where: str) -> int:
    if not isinstance(text, str) or not HHMM.match(text):
        raise HoursProblem(f"{where}：时间须写成 09:30 这样的“时:分”（00:00–24:00）。")
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _ranges(value: Any, where: str) -> list[list[str]]:
    if not isinstance(value, list):
        raise HoursProblem(f"{where}：时间段须是列表。")
    if len(value) > MAX_RANGES:
        raise HoursProblem(f"{where}：最多 {MAX_RANGES} 个时间段。")
    parsed: list[Range] = []
    for index, item in enumerate(value, 1):
        label = f"{where}第{index}段"
        if not isinstance(item, (list, tuple)) or len(item) != 2:
            raise HoursProblem(f"{label}：须写成 [开始, 结束]，例如 [\"09:30\", \"13:30\"]。")
        start, end = _minutes(item[0], label), _minutes(item[1], label)
        if end <= start:
            raise HoursProblem(f"{label}：结束时间须晚于开始时间。")
        parsed.append((start, end))
    parsed.sort()
    for (_, end), (start, _) in zip(parsed, parsed[1:], strict=False):
        if start < end:
            raise HoursProblem(f"{where}：时间段有重叠。")
    return [[_hhmm(s), _hhmm(e)] for s, e in parsed]


def _date(value: Any, where: str) -> date:
    try:
        if not isinstance(value, str):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise HoursProblem(f"{where}：日期须写成 2026-10-01 这样的“年-月-日”。") from None


def _weekday(value: Any, where: str) -> str:
    if value not in WEEKDAYS:
        raise HoursProblem(f"{where}：星期须为 {'、'.join(WEEKDAYS)} 之一。")
    return str(value)


def _text(value: Any, where: str, limit: int = 40) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or "\x00" in value:
        raise HoursProblem(f"{where}：名称须是文字。")
    if len(value.strip()) > limit:
        raise HoursProblem(f"{where}：名称最多 {limit} 个字。")
    return value.strip()


def _list(document: dict, key: str) -> list:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise HoursProblem(f"{key} 须是列表。")
    if len(value) > MAX_ENTRIES:
        raise HoursProblem(f"{key} 最多 {MAX_ENTRIES} 项。")
    for item in value:
        if not isinstance(item, dict):
            raise HoursProblem(f"{key} 的每一项须是对象。")
    return value


def normalize(document: Any) -> dict[str, Any]:
    """A checked, sorted copy of an hours document; HoursProblem names the first mistake."""
    if not isinstance(document, dict):
        raise HoursProblem("营业时间须是对象（weekly、special、holidays、workdays）。")
    unknown = set(document) - {"weekly", "special", "holidays", "workdays"}
    if unknown:
        raise HoursProblem(f"营业时间里有不认识的项：{'、'.join(sorted(unknown))}。")
    weekly_in = document.get("weekly", {})
    if not isinstance(weekly_in, dict) or set(weekly_in) - set(WEEKDAYS):
        raise HoursProblem(f"weekly 须按星期（{'、'.join(WEEKDAYS)}）给出时间段。")
    weekly = {d: _ranges(weekly_in.get(d, []), WEEKDAY_LABELS[d]) for d in WEEKDAYS}

    special = []
    for index, item in enumerate(_list(document, "special"), 1):
        where = f"延时/错时第{index}项"
        entry: dict[str, Any] = {}
        if ("date" in item) == ("weekday" in item):
            raise HoursProblem(f"{where}：须给出日期（date）或星期（weekday）之一。")
        if "date" in item:
            entry["date"] = _date(item["date"], where).isoformat()
        else:
            entry["weekday"] = _weekday(item["weekday"], where)
        mode = item.get("mode", "extra")
        if mode not in MODES:
            raise HoursProblem(f"{where}：mode 须为 extra（延时，增加时段）或 shifted（错时，替换当天时段）。")
        entry["mode"] = mode
        entry["ranges"] = _ranges(item.get("ranges", []), where)
        if mode == "extra" and not entry["ranges"]:
            raise HoursProblem(f"{where}：延时服务须至少有一个时间段。")
        entry["note"] = _text(item.get("note"), where)
        special.append(entry)
    special.sort(key=lambda e: (e.get("date", ""), WEEKDAYS.index(e["weekday"]) if "weekday" in e else -1))

    holidays = []
    for index, item in enumerate(_list(document, "holidays"), 1):
        where = f"节假日第{index}项"
        start = _date(item.get("start"), where)
        end = _date(item.get("end") or item.get("start"), where)
        if end < start:
            raise HoursProblem(f"{where}：结束日期不能早于开始日期。")
        if (end - start).days > 60:
            raise HoursProblem(f"{where}：一段假期最长 60 天。")
        holidays.append({"start": start.isoformat(), "end": end.isoformat(),
                         "name": _text(item.get("name"), where)})
    holidays.sort(key=lambda h: h["start"])

    workdays = []
    seen: set[str] = set()
    for index, item in enumerate(_list(document, "workdays"), 1):
        where = f"调休上班第{index}项"
        day = _date(item.get("date"), where).isoformat()
        if day in seen:
            raise HoursProblem(f"{where}：{day} 重复了。")
        seen.add(day)
        workdays.append({"date": day, "as": _weekday(item.get("as", "mon"), where),
                         "name": _text(item.get("name"), where)})
    workdays.sort(key=lambda w: w["date"])
    return {"weekly": weekly, "special": special, "holidays": holidays, "workdays": workdays}


def _parse(ranges: list[list[str]]) -> list[Range]:
    return [(_minutes(a, ""), _minutes(b, "")) for a, b in ranges]


def _merge(ranges: list[Range]) -> list[Range]:
    merged: list[Range] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def holiday_of(document: dict[str, Any], day: date) -> str | None:
    """The name of the holiday covering ``day`` ("" if unnamed), or None."""
    text = day.isoformat()
    for holiday in document.get("holidays", []):
        if holiday["start"] <= text <= holiday["end"]:
            return holiday["name"] or "节假日"
    return None


def day_ranges(document: dict[str, Any], day: date) -> list[Range]:
    """The hall's open ranges on ``day`` (local minutes), by the rules of this module."""
    text, weekday = day.isoformat(), WEEKDAYS[day.weekday()]
    special = document.get("special", [])
    holiday = holiday_of(document, day) is not None
    shifted_date = [s for s in special if s.get("date") == text and s["mode"] == "shifted"]
    if shifted_date:
        base = [r for s in shifted_date for r in _parse(s["ranges"])]
    elif holiday:
        base = []
    else:
        workday = next((w for w in document.get("workdays", []) if w["date"] == text), None)
        weekly = document.get("weekly", {})
        if workday is not None:
            base = _parse(weekly.get(workday["as"], []))
        else:
            base = _parse(weekly.get(weekday, []))
            shifted_day = [s for s in special if s.get("weekday") == weekday and s["mode"] == "shifted"]
            if shifted_day:
                base = [r for s in shifted_day for r in _parse(s["ranges"])]
    extra = [r for s in special if s["mode"] == "extra"
             and (s.get("date") == text or (s.get("weekday") == weekday and not holiday))
             for r in _parse(s["ranges"])]
    return _merge(base + extra)


def _at(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone) + timedelta(minutes=minutes)


def status_at(document: dict[str, Any] | None, moment: datetime, zone_name: str) -> Status:
    """Is the hall open at ``moment`` (aware), and when does it close or open next (local)."""
    zone = ZoneInfo(zone_name)
    local = moment.astimezone(zone)
    if not document:
        return Status(False, None, None)
    day = local.date()
    minute = local.hour * 60 + local.minute + local.second / 60
    for start, end in day_ranges(document, day):
        if start <= minute < end:
            return Status(True, _at(day, end, zone), None)
    return Status(False, None, next_opening(document, moment, zone_name),
                  holiday_of(document, day) or "")


def next_opening(document: dict[str, Any] | None, moment: datetime, zone_name: str) -> datetime | None:
    """The first start of an open range after ``moment`` (local time), None within a year."""
    if not document:
        return None
    zone = ZoneInfo(zone_name)
    local = moment.astimezone(zone)
    minute = local.hour * 60 + local.minute + local.second / 60
    for offset in range(HORIZON_DAYS):
        day = local.date() + timedelta(days=offset)
        for start, _ in day_ranges(document, day):
            if offset or start > minute:
                return _at(day, start, zone)
    return None


def summary(document: dict[str, Any] | None) -> str:
    """A short line for tickets and screens: "周一至周五 09:30-13:30、16:00-19:30；周六 10:00-14:00"."""
    if not document:
        return ""
    groups: list[tuple[list[str], list[list[str]]]] = []
    for day in WEEKDAYS:
        ranges = document["weekly"].get(day, [])
        if groups and groups[-1][1] == ranges:
            groups[-1][0].append(day)
        else:
            groups.append(([day], ranges))
    parts = []
    for days, ranges in groups:
        if not ranges:
            continue
        name = WEEKDAY_LABELS[days[0]] if len(days) == 1 else \
            f"{WEEKDAY_LABELS[days[0]]}至{WEEKDAY_LABELS[days[-1]]}"
        parts.append(name + " " + "、".join(f"{a}-{b}" for a, b in ranges))
    return "；".join(parts)[:200]


def as_utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(timezone.utc) if moment else None


def is_working_day(document: dict[str, Any] | None, day: date) -> bool:
    """A working day (工作日) for time limits: Monday to Friday, not a holiday, or a 调休 day.

    Deliberately independent of the opening hours: a hall open on Saturdays (延时服务) does
    not make Saturday count towards a 承诺时限, and a holiday never counts, even if the
    hall opens for a few hours on it. No hours document: Monday to Friday.
    """
    if not document:
        return day.weekday() < 5
    if holiday_of(document, day) is not None:
        return False
    text = day.isoformat()
    if any(w["date"] == text for w in document.get("workdays", [])):
        return True
    return day.weekday() < 5


def add_working_days(document: dict[str, Any] | None, start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (the day of 受理 itself does not count).

    ``days`` 0 is ``start``. Raises ValueError for a negative count, or when no working day
    is found within ``HORIZON_DAYS`` per day asked (a document of endless holidays).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day, left, steps = start, days, 0
    while left:
        day += timedelta(days=1)
        steps += 1
        if steps > HORIZON_DAYS + days * 7:
            raise ValueError("no working day within the horizon")
        if is_working_day(document, day):
            left -= 1
    return day
