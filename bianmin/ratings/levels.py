"""The five national levels and the reasons a bad rating gives (国家政务服务好差评).

Levels 1–2 (不满意, 非常不满意) must name at least one reason; levels 3–5 may not, so that
the reasons always explain a bad rating and nothing else.
"""

from __future__ import annotations

from bianmin.errors import InvalidInput

LEVELS: dict[int, str] = {
    5: "非常满意",
    4: "满意",
    3: "基本满意",
    2: "不满意",
    1: "非常不满意",
}

REASONS: dict[str, str] = {
    "attitude": "服务态度",
    "efficiency": "办事效率",
    "guide": "办事指南不清楚",
    "trips": "多次跑腿",
    "other": "其他",
}

# the highest level that counts as a bad rating (差评) and opens a follow-up
BAD = 2
# the lowest level that counts as satisfied in the window's satisfaction figure
SATISFIED = 4
MAX_REMARK = 200
MAX_PHONE = 20


class InvalidRating(InvalidInput):
    code = "invalid_rating"
    message = "评价内容有误，请重新选择。"


def is_bad(level: int) -> bool:
    return level <= BAD


def checked_reasons(level: int, reasons: list[str]) -> list[str]:
    """The reasons of a rating, each once, in the list's order; refused where they do not fit."""
    if level not in LEVELS:
        raise InvalidRating("评价等级只能是 1–5（5 非常满意 … 1 非常不满意）。", code="invalid_level")
    unknown = [r for r in reasons if r not in REASONS]
    if unknown:
        names = "、".join(f"{code}（{word}）" for code, word in REASONS.items())
        raise InvalidRating(f"不满意的原因只能是：{names}。", code="invalid_reason")
    chosen = [code for code in REASONS if code in reasons]
    if is_bad(level) and not chosen:
        raise InvalidRating("请至少选择一项不满意的原因。", code="reasons_required")
    if not is_bad(level) and chosen:
        raise InvalidRating("只有“不满意”和“非常不满意”需要选择原因。", code="reasons_not_allowed")
    return chosen


def checked_phone(phone: str) -> str:
    """A phone number for the follow-up: digits only, at most 20; "" when none was given."""
    phone = phone.strip().replace(" ", "").replace("-", "")
    if phone and (not phone.isascii() or not phone.isdigit() or len(phone) > MAX_PHONE):
        raise InvalidRating(f"联系电话只能是数字，最多 {MAX_PHONE} 位。", code="invalid_phone")
    return phone


def checked_remark(remark: str) -> str:
    remark = remark.strip()
    if len(remark) > MAX_REMARK or "\x00" in remark:
        raise InvalidRating(f"留言最多 {MAX_REMARK} 个字。", code="invalid_remark")
    return remark
