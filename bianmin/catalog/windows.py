"""The 窗口号 cell and the queues it implies.

``7号窗口`` is one window and its own queue. ``15-20号窗口`` is ONE queue served by windows
15 to 20 (a visitor waits in one line, any of those windows calls the next). ``7、8号窗口``
lists windows of one queue. Queue names are the catalog text in a canonical spelling, so
``15－20号窗口`` and ``15-20号窗口`` are the same queue.

Ticket prefixes are letters given out in order of each queue's lowest window number, so the
same catalog always gives the same letters (1-2号窗口 is A).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

PREFIXES = string.ascii_uppercase

_RANGE = re.compile(r"^(\d{1,3})[-－—–~～至到](\d{1,3})(?:号窗口|号窗|号|窗口)$")
_LIST = re.compile(r"^(\d{1,3}(?:号?[、,，/]\d{1,3})*)(?:号窗口|号窗|号|窗口)$")
# the widest group we accept: a typo like 1-200 must not create 200 windows
MAX_GROUP = 30


class WindowCellError(ValueError):
    """The cell is not a window; the message (Chinese) says what was expected."""


@dataclass(frozen=True)
class WindowCell:
    queue_name: str
    windows: tuple[int, ...]


def parse_window_cell(raw: str) -> WindowCell:
    """``7号窗口`` → (7,), ``15-20号窗口`` → (15..20,), ``7、8号窗口`` → (7, 8)."""
    text = re.sub(r"\s+", "", raw.strip())
    expected = "应写成“7号窗口”、“15-20号窗口”或“7、8号窗口”"
    match = _RANGE.match(text)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        if low <= 0 or high <= low:
            raise WindowCellError(f"窗口号“{raw.strip()}”的范围不对：前一个数要小于后一个数，{expected}")
        if high - low + 1 > MAX_GROUP:
            raise WindowCellError(f"窗口号“{raw.strip()}”包含的窗口太多（最多{MAX_GROUP}个），请检查")
        return WindowCell(f"{low}-{high}号窗口", tuple(range(low, high + 1)))
    match = _LIST.match(text)
    if match:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        if any(n <= 0 for n in numbers):
            raise WindowCellError(f"窗口号“{raw.strip()}”里有 0 号窗口，{expected}")
        if len(set(numbers)) != len(numbers):
            raise WindowCellError(f"窗口号“{raw.strip()}”重复列出了同一个窗口，{expected}")
        numbers.sort()
        if len(numbers) == 1:
            return WindowCell(f"{numbers[0]}号窗口", (numbers[0],))
        return WindowCell("、".join(map(str, numbers)) + "号窗口", tuple(numbers))
    raise WindowCellError(f"“{raw.strip()}”不是窗口号，{expected}")


def assign_prefixes(queues: Iterable[tuple[int, ...]]) -> dict[tuple[int, ...], str]:
    """One letter per distinct queue, A, B, C… by lowest window number (then by size)."""
    ordered = sorted(set(queues), key=lambda windows: (windows[0], len(windows), windows))
    if len(ordered) > len(PREFIXES):
        raise ValueError(f"{len(ordered)} queues, but only {len(PREFIXES)} prefix letters")
    return {windows: PREFIXES[i] for i, windows in enumerate(ordered)}
