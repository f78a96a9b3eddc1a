"""The 办理时限 cell: recognise the few forms a kiosk can show as one value, keep the rest.

A time limit is parsed only when the whole cell is one of the known forms; anything else is
kept as text (``other``). A cell that uses the vocabulary of the known forms (工作日, 即时,
当天, 当场, 时限, 即办) but is not one of them as a whole is *doubtful*: it probably is a limit
written in a way we cannot show as one value (a condition, a remark in brackets, two limits
for two kinds of visitor), so the importer reports it. Text that names no working-day or
immediate limit at all (根据具体情况而定, 一年一次, 6个月, 全年) is a legitimate ``other``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bianmin.catalog.models import TimeLimitKind

IMMEDIATE_FORMS = frozenset(
    {"即时办理", "即时办结", "当天办理", "当天办结", "当场办理", "当场办结", "即办", "即办件"}
)

_DAYS = r"(\d{1,3})\s*个?\s*工作日"
_WORKING_DAYS = re.compile(rf"^(?:不超过)?\s*{_DAYS}\s*(?:内|以内)?\s*(?:办结|办理)?$")
_LEGAL_PROMISED = re.compile(
    rf"^法定(?:时限|期限)?\s*[:：]?\s*{_DAYS}\s*(?:内|以内)?\s*[，,；;、\s]\s*"
    rf"承诺(?:时限|期限)?\s*[:：]?\s*{_DAYS}\s*(?:内|以内)?$"
)
# words of the parsed forms: a cell using them but not parsed is probably a mangled limit
_LIMIT_VOCABULARY = ("工作日", "即时", "当天", "当场", "时限", "即办")


@dataclass(frozen=True)
class TimeLimit:
    raw: str
    kind: TimeLimitKind
    legal_days: int | None = None
    promised_days: int | None = None
    # looks like a limit but is not one of the forms above: report it
    doubtful: bool = False


def parse_time_limit(raw: str) -> TimeLimit:
    """Classify one 办理时限 cell; the raw text is always kept."""
    text = raw.strip()
    compact = text.rstrip("。.；;，, ")
    if not compact:
        return TimeLimit(text, TimeLimitKind.NONE)
    if compact in IMMEDIATE_FORMS:
        return TimeLimit(text, TimeLimitKind.IMMEDIATE)
    match = _LEGAL_PROMISED.match(compact)
    if match:
        legal, promised = int(match.group(1)), int(match.group(2))
        return TimeLimit(text, TimeLimitKind.WORKING_DAYS, legal, promised)
    match = _WORKING_DAYS.match(compact)
    if match:
        return TimeLimit(text, TimeLimitKind.WORKING_DAYS, None, int(match.group(1)))
    doubtful = any(word in compact for word in _LIMIT_VOCABULARY)
    return TimeLimit(text, TimeLimitKind.OTHER, doubtful=doubtful)
