"""What the rating screens say: levels with their faces, reasons, ready phrases for remarks.

The codes and the words of the levels and reasons are the domain's (``bianmin.ratings``);
this module adds only what the screens need beside them (the face each level wears, the
phrases a visitor taps instead of typing). Pure: no Flask.
"""

from __future__ import annotations

from typing import Any

# provisional, until the domain's own (bianmin.ratings) is merged
LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
REASONS = {"attitude": "服务态度", "efficiency": "办事效率", "guide": "办事指南不清楚",
           "trips": "多次跑腿", "other": "其他"}

# the face a level shows: its mouth and colour (tablet.css, status.css)
FACES = {5: "grin", 4: "smile", 3: "flat", 2: "frown", 1: "cry"}

# ready phrases for the remark: an elderly visitor taps one instead of typing
PHRASES = (
    "等候时间太长",
    "工作人员态度不好",
    "材料没有一次说清",
    "让我跑了好几趟",
    "办理速度太慢",
    "窗口经常没有人",
    "找不到办事窗口",
    "希望尽快联系我",
)

REMARK_MAX = 200
PHONE_MAX = 20


def levels_json(levels: dict[int, str]) -> list[dict[str, Any]]:
    """The five levels from best to worst, as the pages draw them."""
    return [{"level": n, "label": levels[n], "face": FACES[n], "needs_reasons": n <= 2}
            for n in sorted(levels, reverse=True)]


def reasons_json(reasons: dict[str, str]) -> list[dict[str, str]]:
    return [{"code": code, "label": label} for code, label in reasons.items()]
