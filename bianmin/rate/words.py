"""What the rating screens say: levels with their faces, reasons, ready phrases for remarks.

The codes and the words of the levels and reasons are the domain's (``bianmin.ratings``);
this module adds only what the screens need beside them (the face each level wears, the
phrases a visitor taps instead of typing). Pure: no Flask.
"""

from __future__ import annotations

from typing import Any

from bianmin.ratings.levels import LEVELS, REASONS, is_bad

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


def levels_json() -> list[dict[str, Any]]:
    """The five levels from best to worst, as the pages draw them."""
    return [{"level": n, "label": LEVELS[n], "face": FACES[n], "needs_reasons": is_bad(n)}
            for n in sorted(LEVELS, reverse=True)]


def reasons_json() -> list[dict[str, str]]:
    return [{"code": code, "label": label} for code, label in REASONS.items()]
