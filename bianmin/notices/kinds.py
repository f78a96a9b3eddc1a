"""Which outcome gets which written notice, and the words staff choose from.

The hall's rules (seeds 001, 004) ask for a notice in writing whenever a visitor leaves
without the matter finished on the spot: 受理 (承诺件) gets a 受理通知书 with the promised
date, 补正 a 补齐补正通知书 listing every missing paper at once (一次性告知), 退办 a
不予受理告知书 with the reason and where to turn instead.
"""

from __future__ import annotations

import enum

from bianmin.queue.outcomes import Outcome


class NoticeKind(enum.StrEnum):
    ACCEPTED = "accepted"
    SUPPLEMENT = "supplement"
    REFUSED = "refused"


NOTICE_OF_OUTCOME: dict[Outcome, NoticeKind] = {
    Outcome.ACCEPTED: NoticeKind.ACCEPTED,
    Outcome.SUPPLEMENT: NoticeKind.SUPPLEMENT,
    Outcome.REFUSED: NoticeKind.REFUSED,
}

TITLES: dict[NoticeKind, str] = {
    NoticeKind.ACCEPTED: "受理通知书",
    NoticeKind.SUPPLEMENT: "补齐补正通知书",
    NoticeKind.REFUSED: "不予受理告知书",
}

# 退办: the usual reasons, offered as big buttons at the counter (staff may type another)
REFUSAL_REASONS: tuple[str, ...] = (
    "不属于本中心受理范围",
    "申请人不符合办理条件",
    "申请材料不符合法定形式",
    "该事项已停止办理或已调整承接部门",
    "依法不需要办理该事项",
)

# 转往: suggestions only; the field is free text
TURN_TO_SUGGESTIONS: tuple[str, ...] = (
    "县政务服务中心",
    "所在连队/社区",
    "上级主管部门",
)

MAX_MISSING = 60
MAX_NOTE = 300
MAX_REASON = 200
MAX_TURN_TO = 200
